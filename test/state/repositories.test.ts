import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { servesOwner, shardOfGuild } from '../../src/config.js';
import { ArticleRepository, contentHash } from '../../src/state/articles.js';
import { openDatabase } from '../../src/state/db.js';
import { DigestRepository } from '../../src/state/digests.js';
import { FeedRepository } from '../../src/state/feeds.js';
import { openPostgres, SqliteSql, type Sql } from '../../src/state/sql.js';
import { CHANNEL_ID, CHANNEL_ID_2, GUILD_ID, GUILD_ID_2 } from '../fake-discord/server.js';
import { freshPostgres, tempFolder } from '../fixtures.js';

const PAST = '2026-01-01T00:00:00.000Z';
const NOW = '2026-06-01T00:00:00.000Z';
const LEASE = '2026-06-01T00:05:00.000Z';

/** Two connections to one fresh state database of each kind: what two processes sharing it have. */
interface Backend {
  readonly name: string;
  open(): Promise<{ a: Sql; b: Sql; close: () => Promise<void> }>;
}

const postgres = await freshPostgres();
const folders: (() => void)[] = [];
afterAll(async () => {
  folders.forEach((cleanup) => cleanup());
  await postgres?.drop();
});

const BACKENDS: Backend[] = [
  {
    name: 'SQLite',
    async open() {
      const t = tempFolder({});
      folders.push(t.cleanup);
      const db = openDatabase(join(t.dir, 'data'));
      // Two claimers on one connection: SQLite's own lock serialises processes (the shards test runs
      // two); here a transaction under way must hold off the other claimer's statements.
      return { a: new SqliteSql(db), b: new SqliteSql(db), close: async () => void db.close() };
    },
  },
  ...(postgres
    ? [{
        name: 'PostgreSQL',
        async open() {
          // Tables are made once for the schema; each test empties them.
          const a = await openPostgres(postgres.url);
          const b = await openPostgres(postgres.url);
          await a.run('TRUNCATE articles, feeds, feed_items, digest_schedules, digest_sends RESTART IDENTITY CASCADE');
          return { a, b, close: async () => (await a.close(), await b.close()) };
        },
      }]
    : []),
];

describe('Discord places servers on shards as (id >> 22) % shards', () => {
  it('puts the fake servers on shards 0 and 1 of 2, and each process serves its own', () => {
    expect([shardOfGuild(GUILD_ID, 2), shardOfGuild(GUILD_ID_2, 2)]).toEqual([0, 1]);
    expect(servesOwner({ mode: 'shard', ids: [1], count: 2 }, GUILD_ID_2)).toBe(true);
    expect(servesOwner({ mode: 'shard', ids: [1], count: 2 }, GUILD_ID)).toBe(false);
    expect(servesOwner({ mode: 'shard', ids: [1], count: 2 }, null)).toBe(true);
    expect(servesOwner({ mode: 'single' }, GUILD_ID)).toBe(true);
  });
});

describe.skipIf(postgres === null)('PostgreSQL (skipped when no server answers)', () => {
  it('is among the backends below', () => {
    expect(BACKENDS.map((b) => b.name)).toEqual(['SQLite', 'PostgreSQL']);
  });
});

describe.each(BACKENDS)('the state on $name', (backend) => {
  it('stores articles once per owner and lists them in the order stored', async () => {
    const { a, close } = await backend.open();
    const repo = new ArticleRepository(a);
    const record = (title: string, owner: string) => {
      const parts = { title, paragraphs: [`${title}, said the council.`] };
      return { id: `${title.toLowerCase()}-${owner.slice(-4)}`, owner, title, paragraphs: parts.paragraphs, captions: [], byline: null, published: null, url: null, contentHash: contentHash(parts), origin: 'ingest' as const, addedBy: null, addedAt: PAST };
    };
    expect((await repo.insert(record('Bridge', GUILD_ID))).stored).toBe(true);
    expect((await repo.insert(record('Harbour', GUILD_ID))).stored).toBe(true);
    expect((await repo.insert({ ...record('Bridge', GUILD_ID), id: 'bridge-again' })).stored).toBe(false);
    expect((await repo.insert(record('Bridge', GUILD_ID_2))).stored).toBe(true);
    expect((await repo.list()).map((r) => r.id)).toEqual(['bridge-5678', 'harbour-5678', 'bridge-9999']);
    expect((await repo.list(GUILD_ID_2)).map((r) => r.title)).toEqual(['Bridge']);
    expect(await repo.remove('harbour-5678')).toBe(true);
    expect(await repo.get('harbour-5678')).toBeUndefined();
    await close();
  });

  it('rolls a transaction back whole when part of it fails', async () => {
    const { a, close } = await backend.open();
    const feeds = new FeedRepository(a);
    const feed = (await feeds.add({ owner: GUILD_ID, url: 'https://news.example/a.xml', title: null, announceChannel: null, addedBy: null, at: PAST, nextPollAt: PAST }))!;
    await expect(a.transaction(async (tx) => {
      await feeds.in(tx).markSeen(feed.id, ['guid:1'], null, PAST);
      throw new Error('the article could not be stored');
    })).rejects.toThrow('could not be stored');
    expect(await feeds.seen(feed.id, ['guid:1'])).toEqual(new Map());
    await close();
  });

  it('remembers items skipped, read again while they may pass, and settled once stored; and the feed\'s health', async () => {
    const { a, close } = await backend.open();
    const feeds = new FeedRepository(a);
    const feed = (await feeds.add({ owner: GUILD_ID, url: 'https://news.example/h.xml', title: null, announceChannel: null, addedBy: null, at: PAST, nextPollAt: PAST }))!;
    await feeds.markSkipped(feed.id, ['link:x'], { problem: 'news.example answered 503.', retry: true, at: PAST, title: 'Ferry\u0000 story' });
    await feeds.markSkipped(feed.id, ['link:x'], { problem: 'news.example did not answer in time.', retry: true, at: NOW });
    expect(await feeds.seen(feed.id, ['link:x', 'guid:x'])).toEqual(new Map([['link:x', { articleId: null, attempts: 2, retry: true, title: 'Ferry story' }]]));
    // Stored at last: the key is settled with its article, and stays so.
    await feeds.markSeen(feed.id, ['link:x', 'guid:x'], 'article-1', NOW);
    await feeds.markSeen(feed.id, ['link:x'], 'article-2', NOW);
    await feeds.markSkipped(feed.id, ['link:x'], { problem: 'later failure', retry: true, at: NOW });
    expect(await feeds.seen(feed.id, ['link:x', 'guid:x'])).toEqual(new Map([['link:x', { articleId: 'article-1', attempts: 2, retry: false, title: 'Ferry story' }], ['guid:x', { articleId: 'article-1', attempts: 1, retry: false, title: null }]]));
    await feeds.recordSuccess(feed.id, { title: 'H\u0000', etag: null, lastModified: null, at: NOW, nextPollAt: LEASE, skipped: { run: 3, problem: 'no readable text\u0000' } });
    expect(await feeds.get(feed.id)).toMatchObject({ title: 'H', skippedRun: 3, skipProblem: 'no readable text' });
    // A 304 leaves the health as it was.
    await feeds.recordSuccess(feed.id, { title: null, etag: null, lastModified: null, at: NOW, nextPollAt: LEASE });
    expect(await feeds.get(feed.id)).toMatchObject({ title: 'H', skippedRun: 3 });
    await feeds.recordSuccess(feed.id, { title: null, etag: null, lastModified: null, at: NOW, nextPollAt: LEASE, skipped: { run: 0, problem: null } });
    expect(await feeds.get(feed.id)).toMatchObject({ skippedRun: 0, skipProblem: null });
    await close();
  });

  it('never gives one due feed to two processes claiming at the same time', async () => {
    const { a, b, close } = await backend.open();
    const feeds = new FeedRepository(a);
    for (let k = 0; k < 20; k++) await feeds.add({ owner: GUILD_ID, url: `https://news.example/${k}.xml`, title: null, announceChannel: null, addedBy: null, at: PAST, nextPollAt: PAST });
    const [first, second] = await Promise.all([new FeedRepository(a).claimDue(NOW, LEASE, 15), new FeedRepository(b).claimDue(NOW, LEASE, 15)]);
    const ids = [...first, ...second].map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(20);
    // Claimed: nothing is due again until the lease runs out.
    expect(await feeds.claimDue(NOW, LEASE, 100)).toEqual([]);
    expect(await feeds.claimDue(LEASE, '2026-06-01T00:10:00.000Z', 100)).toHaveLength(20);
    await close();
  });

  it('never gives one due digest or cut-short send to two processes', async () => {
    const { a, b, close } = await backend.open();
    const digests = new DigestRepository(a);
    for (let k = 0; k < 10; k++) {
      await digests.schedule({ channelId: `11345678901234567${String(k).padStart(2, '0')}`, owner: GUILD_ID, time: '08:00', days: 'daily', timezone: 'UTC', createdBy: null, createdAt: PAST, nextRunAt: PAST });
      await digests.begin({ channelId: `11345678901234567${String(k).padStart(2, '0')}`, owner: GUILD_ID, slot: PAST, since: null, upTo: PAST, at: PAST });
    }
    const [one, two] = await Promise.all([new DigestRepository(a).claimDue(NOW, LEASE), new DigestRepository(b).claimDue(NOW, LEASE)]);
    expect([...one, ...two].map((s) => s.channelId).sort()).toHaveLength(10);
    expect(new Set([...one, ...two].map((s) => s.channelId)).size).toBe(10);
    const [x, y] = await Promise.all([new DigestRepository(a).claimUnfinished(NOW, LEASE), new DigestRepository(b).claimUnfinished(NOW, LEASE)]);
    expect(new Set([...x, ...y].map((s) => s.id)).size).toBe(10);
    expect([...x, ...y]).toHaveLength(10);
    // A schedule moved on is free again; a released send may be taken by the next run.
    await digests.release(x[0]?.id ?? y[0]!.id);
    expect(await digests.claimUnfinished(NOW, LEASE)).toHaveLength(1);
    await close();
  });

  it('shows each shard the feeds and digests of its own servers only', async () => {
    const { a, close } = await backend.open();
    const all = new FeedRepository(a);
    for (const owner of [GUILD_ID, GUILD_ID_2]) await all.add({ owner, url: `https://news.example/${owner}.xml`, title: null, announceChannel: null, addedBy: null, at: PAST, nextPollAt: PAST });
    const zero = new FeedRepository(a, { ids: [0], count: 2 });
    const one = new FeedRepository(a, { ids: [1], count: 2 });
    expect((await zero.claimDue(NOW, LEASE, 10)).map((f) => f.owner)).toEqual([GUILD_ID]);
    expect((await one.claimDue(NOW, LEASE, 10)).map((f) => f.owner)).toEqual([GUILD_ID_2]);
    // On SQLite shard 0 restarting ends its own claims, not shard 1's poll under way; on PostgreSQL leases run out.
    expect(await zero.releaseClaims()).toBe(backend.name === 'SQLite' ? 1 : 0);
    expect(await zero.claimDue(NOW, LEASE, 10)).toHaveLength(backend.name === 'SQLite' ? 1 : 0);
    expect(await one.claimDue(NOW, LEASE, 10)).toHaveLength(0);

    const digests = new DigestRepository(a);
    for (const [owner, channelId] of [[GUILD_ID, CHANNEL_ID], [GUILD_ID_2, CHANNEL_ID_2]] as const) {
      await digests.schedule({ channelId, owner, time: '08:00', days: 'daily', timezone: 'UTC', createdBy: null, createdAt: PAST, nextRunAt: PAST });
      await digests.begin({ channelId, owner, slot: PAST, since: null, upTo: PAST, at: PAST });
    }
    const second = new DigestRepository(a, { ids: [1], count: 2 });
    expect((await second.claimDue(NOW, LEASE)).map((s) => s.owner)).toEqual([GUILD_ID_2]);
    expect((await second.claimUnfinished(NOW, LEASE)).map((s) => s.channelId)).toEqual([CHANNEL_ID_2]);
    expect(await digests.claimDue(NOW, LEASE)).toHaveLength(1);
    await close();
  });
});
