import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { AnswerEngine, Command, Deps } from './command.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { deployCommands } from './deploy.js';
import { createDispatcher } from './dispatch.js';
import { LIMITS } from './limits.js';
import { SessionStore } from './sessions.js';
import { SUGGEST_DEFAULTS } from './suggest.js';
import { SHARED } from '../model/scope.js';

/** Bot defaults. */
export const BOT_DEFAULTS = Object.freeze({
  /** Defer an answer not ready after this many ms, well inside Discord's 3000 ms (range 500-2500). */
  deferAfterMs: 1500,
});

export interface BotOptions {
  readonly config: Config & { discordToken: string };
  readonly engine: AnswerEngine;
  readonly log: Logger;
  /** The slash commands served: the registry in commands/index.ts (tests may pass others). */
  readonly commands: readonly Command[];
  readonly deferAfterMs?: number;
  /** Time given to trying suggested questions (the "Ask about" form's examples, /help's), ms;
   *  default SUGGEST_DEFAULTS.budgetMs. Past it the form opens with generic examples. */
  readonly suggestBudgetMs?: number;
  /** The time Discord gives an interaction for its first response, ms (LIMITS.firstResponseMs, 3000);
   *  deferral and suggestions are kept inside it. Only a Discord without that deadline (the fake
   *  server of the tests) may pass a longer one, so that a slow machine never changes a reply's shape. */
  readonly firstResponseMs?: number;
  /** Digests for /digest; without it /digest says that digests are not set up. */
  readonly digests?: Deps['digests'];
  /** Follows feeds for /feed; without it /feed says that feeds are not set up. */
  readonly feeds?: Deps['feeds'];
  /** Adds articles for /ingest; without it /ingest says that storing is not set up. */
  readonly ingester?: Deps['ingester'];
  /** Extra discord.js client options (tests pass a no-wait identify throttler). */
  readonly clientOptions?: Partial<ClientOptions>;
}

export interface RunningBot {
  readonly client: Client;
  stop(): Promise<void>;
}

/**
 * Logs in to Discord with the `Guilds` intent only and serves the slash commands. Registers them
 * first when REGISTER_COMMANDS_ON_START is set (otherwise use `npm run deploy-commands`).
 */
export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { config, engine, log } = options;
  const list = options.commands;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(options.clientOptions ?? {}),
    rest: { ...(config.discordApiUrl ? { api: config.discordApiUrl } : {}), ...(options.clientOptions?.rest ?? {}) },
  });
  const deadline = options.firstResponseMs ?? LIMITS.firstResponseMs;
  const dispatch = createDispatcher(list, {
    engine,
    log,
    config,
    sessions: new SessionStore(),
    ingester: options.ingester,
    feeds: options.feeds,
    digests: options.digests,
    deferAfterMs: Math.min(options.deferAfterMs ?? BOT_DEFAULTS.deferAfterMs, deadline - 500),
    suggestBudgetMs: Math.min(options.suggestBudgetMs ?? SUGGEST_DEFAULTS.budgetMs, deadline - 1500),
  });
  client.on(Events.InteractionCreate, (interaction) => void dispatch(interaction));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));
  client.once(Events.ClientReady, (ready) => log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size, articles: engine.articlesIn(SHARED).length }, 'ready'));

  if (config.registerCommandsOnStart) {
    const applicationId = config.discordApplicationId;
    if (!applicationId) throw new Error('bot: REGISTER_COMMANDS_ON_START needs DISCORD_APPLICATION_ID');
    const done = await deployCommands(list, { token: config.discordToken, applicationId, guildId: config.discordGuildId, apiUrl: config.discordApiUrl });
    log.info(done, 'commands registered');
  }
  await client.login(config.discordToken);
  return {
    client,
    async stop() {
      await client.destroy();
    },
  };
}
