import { commands } from '../commands/index.js';
import { consoleBanner, openEngine } from './cli/main.js';
import { runConsole } from './cli/console.js';
import { loadConfig } from './config.js';
import { startBot } from './discord/bot.js';
import { createLogger } from './logger.js';

/**
 * `npm start`. With DISCORD_TOKEN: the Discord bot. Without: the local console on the knowledge
 * folder, so anyone can try Pilcrow with no Discord application.
 */
const config = loadConfig();
if (!config.ok) {
  for (const problem of config.error.problems) process.stderr.write(`pilcrow: ${problem}\n`);
  process.stderr.write('pilcrow: fix these in .env (see .env.example) and start again.\n');
  process.exit(1);
}
const settings = config.value;
const log = createLogger(settings.logLevel, { secrets: [settings.discordToken] });
process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));

try {
  const engine = await openEngine(settings.knowledgeDir, { stderr: process.stderr, env: process.env });
  log.info({ articles: engine.articles.length, passages: engine.index.passages.length, dir: settings.knowledgeDir, meaning: engine.meaning !== null }, 'knowledge loaded');
  if (settings.discordToken) {
    // Read quotations and entities in the background, so that the first /quote does not wait.
    engine.prepare();
    const bot = await startBot({ config: { ...settings, discordToken: settings.discordToken }, engine, log, commands });
    const shutdown = (signal: string) => {
      log.info({ signal }, 'shutting down');
      void bot.stop().finally(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } else {
    await runConsole(engine, { input: process.stdin, output: process.stdout, notices: process.stderr, interactive: process.stdin.isTTY === true }, consoleBanner(engine));
  }
} catch (error) {
  log.fatal({ err: error }, 'could not start');
  process.stderr.write(`pilcrow: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
