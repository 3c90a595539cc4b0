import type { ChildProcess } from 'node:child_process';
import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { openDatabase } from '../engine/index.js';
import type { Command } from './command.js';
import { deployCommands } from './deploy.js';

/** Tuning for {@link runShards}. */
export const SHARDS_DEFAULTS = Object.freeze({
  /** Milliseconds between two shards' logins when Discord allows one at a time (max_concurrency 1):
   *  Discord's identify rate is one per 5 s per bucket. Divided by max_concurrency. */
  identifyEveryMs: 5500,
  /** Milliseconds a shard has to log in before the manager gives up on it and starts it again. */
  readyTimeoutMs: 60_000,
});

export interface RunningShards {
  readonly manager: ShardingManager;
  /** Asks every shard to shut down (SIGTERM: each finishes what it is posting) and waits for them. */
  stop(): Promise<void>;
}

/**
 * Runs the bot as shards under discord.js's ShardingManager: each shard a child process running
 * `script` (this program), serving the shared articles and its own servers' articles, feeds and
 * digests (Discord gives a server to shard (id >> 22) % count). With `total` auto, the count is the
 * one Discord recommends at /gateway/bot (asked of DISCORD_API_URL when set, unlike discord.js's own
 * helper). The manager applies the state's migrations once, and registers commands once, before the
 * shards start; a shard that exits is started again.
 */
export async function runShards(config: Config & { discordToken: string }, sharding: { total: number | 'auto'; list: readonly number[] | null }, script: string, commands: readonly Command[], log: Logger): Promise<RunningShards> {
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken);
  const gateway = (await rest.get(Routes.gatewayBot())) as { shards: number; session_start_limit?: { max_concurrency?: number } };
  const total = sharding.total === 'auto' ? Math.max(1, gateway.shards) : sharding.total;
  const concurrency = Math.max(1, gateway.session_start_limit?.max_concurrency ?? 1);
  // Before any shard opens it: the migrations run once, not raced by several processes.
  openDatabase(config.dataDir).close();
  if (config.registerCommandsOnStart) {
    if (!config.discordApplicationId) throw new Error('shards: REGISTER_COMMANDS_ON_START needs DISCORD_APPLICATION_ID');
    log.info(await deployCommands(commands, { token: config.discordToken, applicationId: config.discordApplicationId, guildId: config.discordGuildId, apiUrl: config.discordApiUrl }), 'commands registered');
  }
  const fromSource = script.endsWith('.ts');
  const manager = new ShardingManager(script, {
    token: config.discordToken,
    totalShards: total,
    shardList: sharding.list ? [...sharding.list] : 'auto',
    mode: 'process',
    respawn: true,
    execArgv: fromSource ? [...process.execArgv.filter((a) => !a.startsWith('--inspect')), '--import', 'tsx'] : [],
  });
  manager.on('shardCreate', (shard: Shard) => {
    // Registered above, once: the shards must not register the commands again.
    (shard.env as Record<string, unknown>).REGISTER_COMMANDS_ON_START = 'false';
    log.info({ shard: shard.id, of: total }, 'shard started');
    shard.on('death', (child) => log.warn({ shard: shard.id, exitCode: (child as ChildProcess).exitCode }, 'shard exited; starting it again'));
  });
  const shardList = sharding.list ?? Array.from({ length: total }, (_, i) => i);
  log.info({ shards: shardList, total, recommended: gateway.shards }, 'starting shards');
  const stop = async () => {
    manager.respawn = false;
    await Promise.all([...manager.shards.values()].map((shard) => {
      const child = shard.process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return undefined;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    }));
  };
  try {
    await manager.spawn({ amount: total, delay: Math.ceil(SHARDS_DEFAULTS.identifyEveryMs / concurrency), timeout: SHARDS_DEFAULTS.readyTimeoutMs });
  } catch (error) {
    // A shard that never became ready: stop the ones started, rather than leave them running alone.
    await stop();
    throw error;
  }
  return { manager, stop };
}
