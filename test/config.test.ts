import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

describe('loadConfig', () => {
  it('has working defaults with nothing set', () => {
    expect(loadConfig({})).toEqual({
      ok: true,
      value: { discordToken: undefined, discordApplicationId: undefined, discordGuildId: undefined, discordApiUrl: undefined, registerCommandsOnStart: false, cooldownSeconds: 3, knowledgeDir: './knowledge', dataDir: './data', logLevel: 'info', meaning: true, allowPrivateUrls: false, feedIntervalMinutes: 15, sharding: { mode: 'single' }, databaseUrl: undefined },
    });
  });

  it('reads every variable', () => {
    const r = loadConfig({ DISCORD_TOKEN: 'abcdefghijklmnopqrstuvwxyz.123', DISCORD_APPLICATION_ID: '1187654321098765432', DISCORD_GUILD_ID: '1123456789012345678', DISCORD_API_URL: 'http://127.0.0.1:9999/api', REGISTER_COMMANDS_ON_START: 'true', COOLDOWN_SECONDS: '0', KNOWLEDGE_DIR: '/data/news', LOG_LEVEL: 'DEBUG', MEANING: 'off' });
    expect(r.ok && r.value).toMatchObject({ discordApplicationId: '1187654321098765432', registerCommandsOnStart: true, cooldownSeconds: 0, knowledgeDir: '/data/news', logLevel: 'debug', meaning: false });
  });

  it('names each bad variable in one clear line', () => {
    const r = loadConfig({ DISCORD_TOKEN: 'short', DISCORD_APPLICATION_ID: 'abc', DISCORD_API_URL: 'ftp://x', COOLDOWN_SECONDS: '-1', LOG_LEVEL: 'loud', REGISTER_COMMANDS_ON_START: 'maybe', MEANING: 'sometimes' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.problems).toHaveLength(7);
      for (const name of ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'DISCORD_API_URL', 'COOLDOWN_SECONDS', 'LOG_LEVEL', 'REGISTER_COMMANDS_ON_START', 'MEANING']) {
        expect(r.error.problems.some((p) => p.startsWith(name))).toBe(true);
      }
      expect(r.error.problems.join('\n')).not.toContain('short');
    }
  });
});

describe('SHARDS', () => {
  const sharding = (env: NodeJS.ProcessEnv) => {
    const c = loadConfig(env);
    return c.ok ? c.value.sharding : c.error.problems;
  };

  it('runs one process by default and with 1, a manager with auto or more, and a manager\'s child as its shard', () => {
    expect(sharding({})).toEqual({ mode: 'single' });
    expect(sharding({ SHARDS: '1' })).toEqual({ mode: 'single' });
    expect(sharding({ SHARDS: 'auto' })).toEqual({ mode: 'manager', total: 'auto', list: null });
    expect(sharding({ SHARDS: '8', SHARD_LIST: '0-2, 5' })).toEqual({ mode: 'manager', total: 8, list: [0, 1, 2, 5] });
    // What discord.js's ShardingManager gives its child process.
    expect(sharding({ SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '2' })).toEqual({ mode: 'shard', ids: [1], count: 2 });
  });

  it('explains a bad SHARDS or SHARD_LIST', () => {
    expect(sharding({ SHARDS: 'many' })).toEqual([expect.stringContaining('SHARDS must be auto or a whole number')]);
    expect(sharding({ SHARDS: '0' })).toEqual([expect.stringContaining('SHARDS must be auto or a whole number')]);
    expect(sharding({ SHARDS: '4', SHARD_LIST: '3-5' })).toEqual([expect.stringContaining('beyond SHARDS (4)')]);
    expect(sharding({ SHARDS: 'auto', SHARD_LIST: '0' })).toEqual([expect.stringContaining('SHARD_LIST needs SHARDS')]);
    expect(sharding({ SHARDS: '4', SHARD_LIST: 'first' })).toEqual([expect.stringContaining('SHARD_LIST must be')]);
  });
});

describe('createLogger', () => {
  it('never writes the token, wherever it appears', () => {
    let out = '';
    const destination = new Writable({ write: (chunk, _e, done) => ((out += chunk), done()) });
    const token = 'abcdefghijklmnopqrstuvwxyz.secret';
    const log = createLogger('info', { secrets: [token], destination });
    log.info({ token, config: { discordToken: token }, url: `https://x/${token}` }, `message with ${token}`);
    log.error({ err: new Error(`failed for ${token}`) }, 'boom');
    expect(out).toContain('[redacted]');
    expect(out).not.toContain(token);
  });
});
