import { Events, type Client } from 'discord.js';
import type { Logger } from 'pino';
import { commands } from '../../commands/index.js';
import { loadLive, type App } from '../engine/index.js';
import type { Config } from '../config.js';
import { feedAnnouncer } from './announcer.js';
import { startBot } from './bot.js';
import { digestOutlet } from './digest-outlet.js';
import { runShards } from './shards.js';

/**
 * The Discord side of `npm start` (src/main.ts imports it only when DISCORD_TOKEN is set, so the
 * console never loads discord.js): the bot over an opened app, with feed polling and scheduled
 * digests once the client is ready. Resolves once logged in, to a function that stops it all (a
 * digest being posted is finished first); throws when the bot cannot start.
 */
export async function serveDiscord(app: App, settings: Config & { discordToken: string }, log: Logger): Promise<() => Promise<unknown>> {
  const { sharding } = settings;
  // Read quotations and entities in the background, so that the first /quote does not wait.
  app.engine.startReading();
  const { DigestRepository, DigestScheduler, FeedPoller, FeedRepository, Ingester } = await loadLive();
  const ingester = app.state ? new Ingester(app.library, { allowPrivate: settings.allowPrivateUrls }) : undefined;
  // The announcer posts through the client, which exists once the bot has started.
  const connection: { client?: Client } = {};
  // A shard polls the feeds and posts the digests of its own servers only.
  const part = sharding.mode === 'shard' ? sharding : null;
  const feeds = app.state
    ? new FeedPoller({ feeds: new FeedRepository(app.state, part), library: app.library, log, allowPrivate: settings.allowPrivateUrls, events: feedAnnouncer(() => connection.client, log), options: { intervalMinutes: settings.feedIntervalMinutes } })
    : undefined;
  const digests = app.state ? new DigestScheduler({ repo: new DigestRepository(app.state, part), engine: app.engine, outlet: digestOutlet(() => connection.client), log }) : undefined;
  let running;
  try {
    running = await startBot({ config: settings, engine: app.engine, log, commands, ingester, feeds, digests });
  } catch (error) {
    throw startProblem(error, settings.discordApiUrl) ?? error;
  }
  connection.client = running.client;
  // Polling and digests post in channels: they start once the client is ready to.
  const startJobs = () => {
    feeds?.start();
    digests?.start();
  };
  if (running.client.isReady()) startJobs();
  else running.client.once(Events.ClientReady, startJobs);
  return () => Promise.all([feeds?.stop(), digests?.halt(), running.stop()]);
}

/** Why the bot could not log in, as one line for whoever runs it: Discord unreachable, or the token refused. */
export class DiscordStartError extends Error {
  override readonly name = 'DiscordStartError';
  constructor(message: string, readonly code: 'unreachable' | 'token', options?: { cause: unknown }) {
    super(message, options);
  }
}

/** Network error codes that mean Discord (or DISCORD_API_URL) cannot be reached. */
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/**
 * A login failure as a {@link DiscordStartError} when it is one people can fix (no network, a wrong
 * DISCORD_API_URL, a refused token); null for any other error.
 */
export function startProblem(error: unknown, apiUrl: string | undefined): DiscordStartError | null {
  let cause: unknown = error;
  for (let i = 0; i < 5 && cause; i++) {
    const e = cause as { code?: unknown; hostname?: unknown };
    if (e.code === 'TokenInvalid') return new DiscordStartError('Discord refused the bot token (DISCORD_TOKEN): reset it in the Developer Portal (Bot → Reset Token) and put the new one in .env.', 'token', { cause: error });
    if (typeof e.code === 'string' && UNREACHABLE.has(e.code)) {
      const host = typeof e.hostname === 'string' ? e.hostname : hostOfUrl(apiUrl) ?? 'discord.com';
      const why = e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' ? `${host} could not be found` : `${host} did not answer (${e.code})`;
      return new DiscordStartError(`cannot reach Discord: ${why}. Check the network (a proxy or firewall?)${apiUrl ? ' and DISCORD_API_URL' : ''}, then start again.`, 'unreachable', { cause: error });
    }
    cause = (cause as { cause?: unknown }).cause;
  }
  return null;
}

function hostOfUrl(url: string | undefined): string | null {
  try {
    return url ? new URL(url).hostname : null;
  } catch {
    return null;
  }
}

/** SHARDS: this process runs no bot itself; it starts the shards, each the program at `script`. Resolves to a function that stops them. */
export async function serveShards(settings: Config & { discordToken: string }, script: string, log: Logger): Promise<() => Promise<unknown>> {
  if (settings.sharding.mode !== 'manager') throw new Error('serveShards: SHARDS does not ask for a manager');
  const shards = await runShards(settings, settings.sharding, script, commands, log);
  return () => shards.stop();
}
