import { consoleBanner, openEngine } from './cli/main.js';
import { runConsole } from './cli/console.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';

/**
 * `npm start`. Without DISCORD_TOKEN: the local console on the knowledge folder, so anyone can try
 * Pilcrow with no Discord application. The Discord bot itself is the next milestone (issue #3).
 */
const config = loadConfig();
if (!config.ok) {
  for (const problem of config.error.problems) process.stderr.write(`pilcrow: ${problem}\n`);
  process.stderr.write('pilcrow: fix these in .env (see .env.example) and start again.\n');
  process.exit(1);
}
const log = createLogger(config.value.logLevel);
try {
  const engine = await openEngine(config.value.knowledgeDir, { stderr: process.stderr, env: process.env });
  log.debug({ articles: engine.articles.length, passages: engine.index.passages.length }, 'knowledge loaded');
  if (config.value.discordToken) {
    log.warn('DISCORD_TOKEN is set, but this version has only the local console; the Discord bot comes in the next release');
  }
  await runConsole(engine, { input: process.stdin, output: process.stdout, notices: process.stderr, interactive: process.stdin.isTTY === true }, consoleBanner(engine));
} catch (e) {
  process.stderr.write(`pilcrow: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
