import { commands } from '../commands/index.js';
import { openApp } from './app.js';
import { CLI_SCOPE, consoleBanner } from './cli/main.js';
import { runConsole } from './cli/console.js';
import { loadConfig } from './config.js';
import { startBot } from './discord/bot.js';
import { Events, type Client } from 'discord.js';
import { feedAnnouncer } from './discord/announcer.js';
import { digestOutlet } from './discord/digest-outlet.js';
import { DigestScheduler } from './digest/scheduler.js';
import { DigestRepository } from './state/digests.js';
import { FeedPoller } from './feeds/poller.js';
import { Ingester } from './sources/ingest.js';
import { FeedRepository } from './state/feeds.js';
import { createLogger } from './logger.js';
import { runShards } from './discord/shards.js';
import { fileURLToPath } from 'node:url';

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
const level = !bot && process.env.LOG_LEVEL === undefined && settings.logLevel === 'info' ? 'warn' : settings.logLevel;
const { sharding } = settings;
const root = createLogger(level, { secrets: [settings.discordToken], pretty: process.stderr.isTTY === true });
// A shard's lines say which shard wrote them.
const log = sharding.mode === 'shard' ? root.child({ shard: sharding.ids.length === 1 ? sharding.ids[0] : sharding.ids }) : root;
process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));

if (settings.discordToken && sharding.mode === 'manager') {
  // SHARDS: this process runs no bot itself; it starts the shards, each this same program.
  try {
    const shards = await runShards({ ...settings, discordToken: settings.discordToken }, sharding, fileURLToPath(import.meta.url), commands, log);
    onStopSignal(() => shards.stop());
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
      log.info({ articles: app.store.size, passages: app.store.index.size, dir: app.folder.dir, dataDir: app.db ? settings.dataDir : null, state: app.state?.dialect ?? null, meaning: app.store.meaning !== null }, 'knowledge loaded');
    },
    (error: unknown) => log.error({ err: error, dir: app.folder.dir }, 'knowledge folder could not be read'),
  );

  try {
    if (settings.discordToken) {
      // Read quotations and entities in the background, so that the first /quote does not wait.
      app.engine.prepare();
      const ingester = app.state ? new Ingester(app.library, { allowPrivate: settings.allowPrivateUrls }) : undefined;
      // The announcer posts through the client, which exists once the bot has started.
      const connection: { client?: Client } = {};
      // A shard polls the feeds and posts the digests of its own servers only.
      const part = sharding.mode === 'shard' ? sharding : null;
      const feeds = app.state
        ? new FeedPoller({ feeds: new FeedRepository(app.state, part), library: app.library, log, allowPrivate: settings.allowPrivateUrls, events: feedAnnouncer(() => connection.client, log), options: { intervalMinutes: settings.feedIntervalMinutes } })
        : undefined;
      const digests = app.state ? new DigestScheduler({ repo: new DigestRepository(app.state, part), store: app.store, outlet: digestOutlet(() => connection.client), log }) : undefined;
      const running = await startBot({ config: { ...settings, discordToken: settings.discordToken }, engine: app.engine, log, commands, ingester, feeds, digests });
      connection.client = running.client;
      // Polling and digests post in channels: they start once the client is ready to.
      const startJobs = () => {
        feeds?.start();
        digests?.start();
      };
      if (running.client.isReady()) startJobs();
      else running.client.once(Events.ClientReady, startJobs);
      onStopSignal(() => Promise.all([feeds?.stop(), digests?.halt(), running.stop()]).finally(() => app.close()));
    } else {
      if (app.engine.articlesIn(CLI_SCOPE).length === 0) {
        process.stderr.write(`pilcrow: no articles in ${app.folder.dir} (add .txt or .md files; see knowledge/README.md).\n`);
        process.exit(1);
      }
      await runConsole(app.engine, { input: process.stdin, output: process.stdout, notices: process.stderr, interactive: process.stdin.isTTY === true }, consoleBanner(app.engine, CLI_SCOPE), CLI_SCOPE);
      await app.close();
    }
  } catch (error) {
    log.fatal({ err: error }, 'could not start');
    process.stderr.write(`pilcrow: ${(error as Error).message}\n`);
    await app.close();
    process.exitCode = 1;
  }
}
