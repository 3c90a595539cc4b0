import { fileURLToPath } from 'node:url';
import { openApp } from './app.js';
import { CLI_SCOPE, consoleBanner } from './cli/main.js';
import { loadConfig, runLogLevel } from './config.js';
import { createLogger } from './logger.js';

/**
 * `npm start`. With DISCORD_TOKEN: the Discord bot. Without: the local console on the knowledge
 * folder (and the articles stored with `pilcrow ingest`), so anyone can try Pilcrow with no Discord
 * application.
 */
const config = loadConfig();
if (!config.ok) {
  for (const problem of config.error.problems) process.stderr.write(`pilcrow: ${problem}\n`);
  process.stderr.write('pilcrow: fix these in .env (see .env.example) and start again.\n');
  process.exit(1);
}
const settings = config.value;
const bot = settings.discordToken !== undefined;
// At a terminal, logs read as text; in production (a service, a container) they stay JSON lines.
// The console is for answers: it shows warnings and errors only, unless LOG_LEVEL asks for more.
const level = runLogLevel(settings, bot);
const { sharding } = settings;
const root = createLogger(level, { secrets: [settings.discordToken], pretty: process.stderr.isTTY === true });
// A shard's lines say which shard wrote them.
const log = sharding.mode === 'shard' ? root.child({ shard: sharding.ids.length === 1 ? sharding.ids[0] : sharding.ids }) : root;
process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));

if (settings.discordToken && sharding.mode === 'manager') {
  // SHARDS: this process runs no bot itself; it starts the shards, each this same program.
  try {
    const { serveShards } = await import('./discord/serve.js');
    onStopSignal(await serveShards({ ...settings, discordToken: settings.discordToken }, fileURLToPath(import.meta.url), log));
  } catch (error) {
    log.fatal({ err: error }, 'could not start the shards');
    process.stderr.write(`pilcrow: ${(error as Error).message}\n`);
    process.exit(1);
  }
} else {
  await runOne();
}

/**
 * On SIGINT or SIGTERM, stops cleanly (a digest being posted is finished) and exits. A second SIGTERM
 * while stopping is ignored: a shard hears one from its process group and one from its manager, and
 * must not die halfway. A second SIGINT (Ctrl-C twice) exits at once.
 */
function onStopSignal(stop: () => Promise<unknown>): void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      if (signal === 'SIGINT') process.exit(130);
      log.info({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    void stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

/** One process: the bot (all servers, or one shard's), or the local console. */
async function runOne(): Promise<void> {
  // The bot logs in at once and answers from the articles read so far; the console waits for all of them.
  const opened = await openApp({ state: bot ? 'create' : 'existing', watch: true, workers: bot, background: bot, prune: bot, log });
  if (!opened.ok) {
    log.fatal({ code: opened.error.code }, 'could not start');
    process.stderr.write(`pilcrow: ${opened.error.message}\n`);
    process.exit(1);
  }
  const app = opened.value;
  if (app.meaningProblem) log.warn({ problem: app.meaningProblem }, 'matching words as written only');
  void app.ready.then(
    () => {
      for (const problem of app.problems) log.warn({ problem }, 'knowledge file skipped');
      log.info({ articles: app.store.size, passages: app.store.index.size, dir: app.knowledgeDir, dataDir: app.db ? settings.dataDir : null, state: app.state?.dialect ?? null, meaning: app.store.meaning !== null }, 'knowledge loaded');
    },
    (error: unknown) => log.error({ err: error, dir: app.knowledgeDir }, 'knowledge folder could not be read'),
  );

  try {
    if (settings.discordToken) {
      // Loaded only for the bot: the console never loads discord.js, the feed reader or the jobs.
      const { serveDiscord } = await import('./discord/serve.js');
      const stop = await serveDiscord(app, { ...settings, discordToken: settings.discordToken }, log);
      onStopSignal(() => stop().finally(() => app.close()));
    } else {
      if (app.engine.articlesIn(CLI_SCOPE).length === 0) {
        process.stderr.write(`pilcrow: no articles in ${app.knowledgeDir} (add .txt or .md files; see knowledge/README.md).\n`);
        process.exit(1);
      }
      const { runConsole } = await import('./cli/console.js');
      await runConsole(app.engine, { input: process.stdin, output: process.stdout, notices: process.stderr, interactive: process.stdin.isTTY === true }, consoleBanner(app.engine, CLI_SCOPE), CLI_SCOPE);
      await app.close();
    }
  } catch (error) {
    // Discord unreachable or the token refused: one line, then out at once (work still starting in
    // the background must not add stack traces of its own to it).
    if ((error as Error).name === 'DiscordStartError') {
      log.fatal({ code: (error as { code?: string }).code }, (error as Error).message);
      process.stderr.write(`pilcrow: ${(error as Error).message}\n`);
      process.exit(1);
    }
    log.fatal({ err: error }, 'could not start');
    process.stderr.write(`pilcrow: ${(error as Error).message}\n`);
    await app.close();
    process.exitCode = 1;
  }
}
