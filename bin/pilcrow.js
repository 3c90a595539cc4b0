#!/usr/bin/env node
// The `pilcrow` command: compiled when built and fresh, else from the sources (bin/launch.js).
import { launch } from './launch.js';

await launch('src/cli/bin');
