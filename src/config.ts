import { config as loadDotenv } from 'dotenv';
import { err, ok, type Result } from './result.js';

/** Pino levels accepted in LOG_LEVEL. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Validated settings. Only this module reads `process.env`. */
export interface Config {
  /** The bot token; absent means "run the local console instead of the Discord bot". */
  readonly discordToken: string | undefined;
  /** The application's id (Developer Portal > General Information); needed to register commands. */
  readonly discordApplicationId: string | undefined;
  /** Register commands to this server only (they update at once); else globally. */
  readonly discordGuildId: string | undefined;
  /** REST base URL instead of Discord's (a REST proxy, or a local test server); the gateway address then comes from its /gateway/bot. */
  readonly discordApiUrl: string | undefined;
  /** Register the slash commands each time the bot starts (default false: use `npm run deploy-commands`). */
  readonly registerCommandsOnStart: boolean;
  /** Seconds a member waits between two questions, 0 (off) to 600. Default 3. */
  readonly cooldownSeconds: number;
  /** Folder of article files. Default `./knowledge`. */
  readonly knowledgeDir: string;
  /** Folder of the state database (articles added at run time, feeds, schedules). Default `./data`;
   *  created on first start. */
  readonly dataDir: string;
  /** Default `info`. */
  readonly logLevel: LogLevel;
  /** Minutes between two polls of a news feed, 1-1440. Default 15. */
  readonly feedIntervalMinutes: number;
  /** Fetch from loopback and private addresses too (tests, self-hosting on a private network). Default false. */
  readonly allowPrivateUrls: boolean;
  /** Use the language resources (English dictionary for typos, WordNet and word vectors for meaning).
   *  Default true; false saves about 100 MB of memory and matches words as written only. */
  readonly meaning: boolean;
  /** Shards: see {@link Sharding}. Default one process. */
  readonly sharding: Sharding;
  /** postgres:// URL of a PostgreSQL database for the shared state (articles, feeds, digests), for
   *  bot processes on several machines; undefined: the SQLite file in DATA_DIR. */
  readonly databaseUrl: string | undefined;
}

/**
 * How the bot runs on Discord's shards: one process for every server (`single`); a manager that runs
 * shards as child processes under discord.js's ShardingManager (`manager`, SHARDS=auto or a number
 * above 1, SHARD_LIST for this machine's part); or one of those children (`shard`, set up by the
 * manager through SHARDING_MANAGER, SHARDS and SHARD_COUNT).
 */
export type Sharding =
  | { readonly mode: 'single' }
  | { readonly mode: 'manager'; readonly total: number | 'auto'; readonly list: readonly number[] | null }
  | { readonly mode: 'shard'; readonly ids: readonly number[]; readonly count: number };

export interface ConfigError {
  readonly code: 'invalid_config';
  /** One line per problem, each naming the variable. */
  readonly problems: readonly string[];
}

const SNOWFLAKE = /^\d{17,20}$/;

/**
 * Reads `.env` (through dotenv, without overriding variables already set) and the environment,
 * and validates them once. Pass `env` to validate something other than `process.env` (tests).
 *
 * @example const c = loadConfig(); if (!c.ok) console.error(c.error.problems.join('\n'));
 */
/**
 * The level `npm start` logs at: LOG_LEVEL when it is set; else `info` for the bot and `warn` for
 * the local console, which is for answers (it shows warnings and errors only). `env` is the
 * environment {@link loadConfig} read (default `process.env`, with `.env` loaded into it).
 */
export function runLogLevel(config: Pick<Config, 'logLevel'>, bot: boolean, env: NodeJS.ProcessEnv = process.env): LogLevel {
  return !bot && env.LOG_LEVEL === undefined && config.logLevel === 'info' ? 'warn' : config.logLevel;
}

export function loadConfig(env?: NodeJS.ProcessEnv): Result<Config, ConfigError> {
  if (env === undefined) {
    loadDotenv({ quiet: true });
    env = process.env;
  }
  const problems: string[] = [];
  const value = (name: string) => env[name]?.trim() || undefined;

  const token = value('DISCORD_TOKEN');
  if (token !== undefined && !/^[\w.-]{20,}$/.test(token)) {
    problems.push('DISCORD_TOKEN does not look like a bot token (letters, digits, "." "_" "-", 20 characters or more).');
  }
  const snowflake = (name: string) => {
    const v = value(name);
    if (v !== undefined && !SNOWFLAKE.test(v)) problems.push(`${name} must be a Discord id (17-20 digits); it is "${v}".`);
    return v;
  };
  const applicationId = snowflake('DISCORD_APPLICATION_ID');
  const guildId = snowflake('DISCORD_GUILD_ID');

  const apiUrl = value('DISCORD_API_URL');
  if (apiUrl !== undefined) {
    let valid = false;
    try {
      valid = ['http:', 'https:'].includes(new URL(apiUrl).protocol);
    } catch {
      valid = false;
    }
    if (!valid) problems.push(`DISCORD_API_URL must be an http(s) URL such as https://discord.com/api; it is "${apiUrl}".`);
  }

  const register = (value('REGISTER_COMMANDS_ON_START') ?? 'false').toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no'].includes(register)) problems.push(`REGISTER_COMMANDS_ON_START must be true or false; it is "${register}".`);

  const cooldownText = value('COOLDOWN_SECONDS') ?? '3';
  const cooldownSeconds = Number(cooldownText);
  if (!Number.isFinite(cooldownSeconds) || cooldownSeconds < 0 || cooldownSeconds > 600) {
    problems.push(`COOLDOWN_SECONDS must be a number of seconds from 0 to 600; it is "${cooldownText}".`);
  }

  const logLevel = (value('LOG_LEVEL')?.toLowerCase() ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; it is "${env.LOG_LEVEL}".`);

  const intervalText = value('FEED_INTERVAL_MINUTES') ?? '15';
  const feedIntervalMinutes = Number(intervalText);
  if (!Number.isInteger(feedIntervalMinutes) || feedIntervalMinutes < 1 || feedIntervalMinutes > 1440) {
    problems.push(`FEED_INTERVAL_MINUTES must be a whole number of minutes from 1 to 1440; it is "${intervalText}".`);
  }

  const allowPrivate = (value('ALLOW_PRIVATE_URLS') ?? 'false').toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no'].includes(allowPrivate)) problems.push(`ALLOW_PRIVATE_URLS must be true or false; it is "${allowPrivate}".`);

  const meaning = (value('MEANING') ?? 'on').toLowerCase();
  if (!['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'].includes(meaning)) problems.push(`MEANING must be on or off; it is "${meaning}".`);

  const sharding = shardingOf(env, problems);

  const databaseUrl = value('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(?:ql)?:\/\/\S+$/.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/pilcrow (or empty for the SQLite file in DATA_DIR).');
  }

  if (problems.length > 0) return err({ code: 'invalid_config', problems });
  return ok({
    discordToken: token,
    discordApplicationId: applicationId,
    discordGuildId: guildId,
    discordApiUrl: apiUrl,
    registerCommandsOnStart: ['true', '1', 'yes'].includes(register),
    cooldownSeconds,
    knowledgeDir: value('KNOWLEDGE_DIR') ?? './knowledge',
    dataDir: value('DATA_DIR') ?? './data',
    logLevel,
    meaning: !['off', 'false', '0', 'no'].includes(meaning),
    allowPrivateUrls: ['true', '1', 'yes'].includes(allowPrivate),
    feedIntervalMinutes,
    sharding,
    databaseUrl,
  });
}

/** SHARDS and SHARD_LIST, or, in a shard the manager started, its ids and count. */
function shardingOf(env: NodeJS.ProcessEnv, problems: string[]): Sharding {
  const value = (name: string) => env[name]?.trim() || undefined;
  if (env.SHARDING_MANAGER === 'true') {
    // Set by discord.js's ShardingManager for its child: SHARDS is a shard id (or a JSON list of them).
    const ids = [JSON.parse(value('SHARDS') ?? '0') as number | number[]].flat();
    const count = Number(value('SHARD_COUNT') ?? '1');
    if (!ids.every((i) => Number.isInteger(i) && i >= 0 && i < count)) problems.push(`SHARDS ${value('SHARDS')} does not fit SHARD_COUNT ${count}.`);
    return { mode: 'shard', ids, count };
  }
  const shards = (value('SHARDS') ?? '1').toLowerCase();
  const total = shards === 'auto' ? 'auto' : Number(shards);
  if (total !== 'auto' && (!Number.isInteger(total) || total < 1 || total > 4096)) {
    problems.push(`SHARDS must be auto or a whole number of shards from 1 to 4096; it is "${shards}".`);
    return { mode: 'single' };
  }
  const listText = value('SHARD_LIST');
  let list: number[] | null = null;
  if (listText !== undefined) {
    list = [];
    for (const part of listText.split(',')) {
      const range = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
      if (!range) {
        problems.push(`SHARD_LIST must be shard ids and ranges such as 0-3,8; it is "${listText}".`);
        return { mode: 'single' };
      }
      const [from, to] = [Number(range[1]), Number(range[2] ?? range[1])];
      for (let i = from; i <= to; i++) list.push(i);
    }
    if (total === 'auto') problems.push('SHARD_LIST needs SHARDS set to the total number of shards across all machines, not auto.');
    else if (list.some((i) => i >= total)) problems.push(`SHARD_LIST has shard ids beyond SHARDS (${total}): ids run from 0 to ${total - 1}.`);
  }
  if (total === 1 && list === null) return { mode: 'single' };
  return { mode: 'manager', total, list };
}

/** The shard that serves a server, as Discord assigns it: (server id >> 22) modulo the number of shards. */
export function shardOfGuild(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/**
 * Whether this process serves an owner's articles, feeds and digests: shared articles (null) and
 * every server in one process; in a shard, the servers Discord gives that shard.
 */
export function servesOwner(sharding: Sharding, owner: string | null): boolean {
  if (owner === null || sharding.mode !== 'shard') return true;
  return /^\d+$/.test(owner) && sharding.ids.includes(shardOfGuild(owner, sharding.count));
}
