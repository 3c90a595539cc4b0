import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { servesOwner, shardOfGuild } from '../../src/config.js';
import { openDatabase } from '../../src/state/db.js';
import { DigestRepository } from '../../src/state/digests.js';
import { FeedRepository } from '../../src/state/feeds.js';
import { CHANNEL_ID, CHANNEL_ID_2, GUILD_ID, GUILD_ID_2 } from '../fake-discord/server.js';
import { tempFolder } from '../fixtures.js';

let cleanup = () => {};
afterEach(() => cleanup());

const PAST = '2026-01-01T00:00:00.000Z';
const NOW = '2026-06-01T00:00:00.000Z';

describe('each shard sees the feeds and digests of its own servers (one SQLite file shared by the shards)', () => {
  it('places servers as Discord does: (id >> 22) % shards', () => {
    expect([shardOfGuild(GUILD_ID, 2), shardOfGuild(GUILD_ID_2, 2)]).toEqual([0, 1]);
    expect(servesOwner({ mode: 'shard', ids: [1], count: 2 }, GUILD_ID_2)).toBe(true);
    expect(servesOwner({ mode: 'shard', ids: [1], count: 2 }, GUILD_ID)).toBe(false);
    expect(servesOwner({ mode: 'shard', ids: [1], count: 2 }, null)).toBe(true);
    expect(servesOwner({ mode: 'single' }, GUILD_ID)).toBe(true);
  });

  it('claims due feeds and releases claims for its servers only', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const db = openDatabase(join(t.dir, 'data'));
    const all = new FeedRepository(db);
    for (const owner of [GUILD_ID, GUILD_ID_2]) all.add({ owner, url: `https://news.example/${owner}.xml`, title: null, announceChannel: null, addedBy: null, at: PAST, nextPollAt: PAST });
    const zero = new FeedRepository(db, { ids: [0], count: 2 });
    const one = new FeedRepository(db, { ids: [1], count: 2 });
    expect(zero.claimDue(NOW, '2026-06-01T00:05:00.000Z', 10).map((f) => f.owner)).toEqual([GUILD_ID]);
    expect(one.claimDue(NOW, '2026-06-01T00:05:00.000Z', 10).map((f) => f.owner)).toEqual([GUILD_ID_2]);
    // Shard 0 restarting ends its own claims, not shard 1's poll under way.
    expect(zero.releaseClaims()).toBe(1);
    expect(zero.claimDue(NOW, '2026-06-01T00:05:00.000Z', 10)).toHaveLength(1);
    expect(one.claimDue(NOW, '2026-06-01T00:05:00.000Z', 10)).toHaveLength(0);
    expect(new FeedRepository(db, { ids: [0, 1], count: 2 }).nextDue()).toBe(PAST);
    db.close();
  });

  it('finds due digests and cut-short sends for its servers only', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const db = openDatabase(join(t.dir, 'data'));
    const all = new DigestRepository(db);
    for (const [owner, channelId] of [[GUILD_ID, CHANNEL_ID], [GUILD_ID_2, CHANNEL_ID_2]] as const) {
      all.schedule({ channelId, owner, time: '08:00', days: 'daily', timezone: 'UTC', createdBy: null, createdAt: PAST, nextRunAt: PAST });
      all.begin({ channelId, owner, slot: PAST, since: null, upTo: PAST, at: PAST });
    }
    const one = new DigestRepository(db, { ids: [1], count: 2 });
    expect(one.due(NOW).map((s) => s.owner)).toEqual([GUILD_ID_2]);
    expect(one.unfinished().map((s) => s.channelId)).toEqual([CHANNEL_ID_2]);
    expect(all.due(NOW)).toHaveLength(2);
    db.close();
  });
});
