import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/state/db.js';
import { FeedRepository } from '../../src/state/feeds.js';
import { openPostgres, SqliteSql, type Sql } from '../../src/state/sql.js';
import { CHANNEL_ID, GUILD_ID } from '../fake-discord/server.js';
import { freshPostgres, tempFolder } from '../fixtures.js';

const NOW = '2026-06-01T00:00:00.000Z';
const FORUM = '1134567890123450001';
const THREAD = '1134567890123450002';

const postgres = await freshPostgres();
const folders: (() => void)[] = [];
afterAll(async () => {
  folders.forEach((cleanup) => cleanup());
  await postgres?.drop();
});

/** Opens the same state database again and again: each open is a start of the bot. */
const BACKENDS: { name: string; opener: () => () => Promise<{ sql: Sql; close: () => Promise<void> }> }[] = [
  {
    name: 'SQLite',
    opener() {
      const t = tempFolder({});
      folders.push(t.cleanup);
      return async () => {
        const db = openDatabase(join(t.dir, 'data'));
        return { sql: new SqliteSql(db), close: async () => void db.close() };
      };
    },
  },
  ...(postgres ? [{ name: 'PostgreSQL', opener: () => async () => {
    const sql = await openPostgres(postgres.url);
    return { sql, close: () => sql.close() };
  } }] : []),
];

describe.each(BACKENDS)('feed delivery, filters and threads on $name', ({ opener }) => {
  it('keeps delivery, filters, problems and the threads made across restarts; a thread outlives its feed', async () => {
    const open = opener();
    let state = await open();
    let feeds = new FeedRepository(state.sql);
    const added = (await feeds.add({ owner: GUILD_ID, url: `https://news.example/${Math.random()}.xml`, title: 'Local News', announceChannel: FORUM, addedBy: null, at: NOW, nextPollAt: NOW, delivery: 'forum', fallbackChannel: CHANNEL_ID, include: 'museum "opening hours"', exclude: 'opinion', storeFiltered: true }))!;
    expect(added).toMatchObject({ delivery: 'forum', fallbackChannel: CHANNEL_ID, include: 'museum "opening hours"', exclude: 'opinion', storeFiltered: true, deliveryProblem: null, forumTag: null });
    await feeds.setForumTag(added.id, 'Local News');
    await feeds.setDeliveryProblem(added.id, '{"code":"missing_permission"}');
    await feeds.recordThread({ threadId: THREAD, owner: GUILD_ID, articleId: 'local-news-museum', feedId: added.id, channelId: FORUM, at: NOW });
    await state.close();

    state = await open();
    feeds = new FeedRepository(state.sql);
    expect(await feeds.get(added.id)).toMatchObject({ delivery: 'forum', forumTag: 'Local News', deliveryProblem: '{"code":"missing_permission"}', include: 'museum "opening hours"', storeFiltered: true });
    expect(await feeds.threadOf(THREAD)).toEqual({ threadId: THREAD, owner: GUILD_ID, articleId: 'local-news-museum', feedId: added.id, channelId: FORUM });
    expect(await feeds.threadOf(CHANNEL_ID)).toBeUndefined();
    // An edit by another server changes nothing; a change of channel clears the problem and the tag.
    expect(await feeds.edit(added.id, 'another-server', { include: '' })).toBeUndefined();
    const edited = await feeds.edit(added.id, GUILD_ID, { announceChannel: CHANNEL_ID, delivery: 'thread', include: '', storeFiltered: false });
    expect(edited).toMatchObject({ announceChannel: CHANNEL_ID, delivery: 'thread', include: '', exclude: 'opinion', storeFiltered: false, deliveryProblem: null, forumTag: null });
    const moved = await feeds.fallBack(added.id, null, '{"code":"channel_gone"}');
    expect(moved).toMatchObject({ announceChannel: null, delivery: 'channel', fallbackChannel: null, deliveryProblem: '{"code":"channel_gone"}' });
    await feeds.remove(added.id, GUILD_ID);
    expect(await feeds.threadOf(THREAD)).toMatchObject({ articleId: 'local-news-museum', feedId: null });
    await state.close();
  });
});
