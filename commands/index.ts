import { ask } from './ask.js';
import { digest } from './digest.js';
import { facts } from './facts.js';
import { feed } from './feed.js';
import { help } from './help.js';
import { ingest } from './ingest.js';
import { quote } from './quote.js';
import { sources } from './sources.js';
import type { Command } from '../src/discord/command.js';

/** The one registry of slash commands: dispatch and deploy both read it. Adding a command is one file and one line here. */
export const commands: readonly Command[] = [ask, quote, facts, sources, ingest, feed, digest, help];

export type { AnswerEngine, Command, Deps } from '../src/discord/command.js';
