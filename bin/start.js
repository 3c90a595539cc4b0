// `npm start`: the bot with DISCORD_TOKEN, the local console without; compiled when built and fresh,
// else from the sources (bin/launch.js).
import { launch } from './launch.js';

await launch('src/main');
