import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { Ingester } from '../../src/sources/ingest.js';
import { ArticleRepository, contentHash } from '../../src/state/articles.js';
import { openDatabase } from '../../src/state/db.js';
import { FeedRepository } from '../../src/state/feeds.js';
import { openPostgres, SqliteSql, type Sql } from '../../src/state/sql.js';
import { AddedArticles } from '../../src/store/library.js';
import { ArticleStore } from '../../src/store/store.js';
import { GUILD_ID } from '../fake-discord/server.js';
import { freshPostgres, tempFolder } from '../fixtures.js';

const AT = '2026-06-01T00:00:00.000Z';

/** One fresh state database of each kind (the pattern of test/state/repositories.test.ts). */
interface Backend {
  readonly name: string;
  open(): Promise<{ sql: Sql; close: () => Promise<void> }>;
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
      return { sql: new SqliteSql(db), close: async () => void db.close() };
    },
  },
  ...(postgres
    ? [{
        name: 'PostgreSQL',
        async open() {
          const sql = await openPostgres(postgres.url);
          await sql.run('TRUNCATE articles, feeds, feed_items, digest_schedules, digest_sends RESTART IDENTITY CASCADE');
          return { sql, close: () => sql.close() };
        },
      }]
    : []),
];

const libraryOn = (sql: Sql) => new AddedArticles(new ArticleStore(null), new ArticleRepository(sql), createLogger('silent'), { clock: () => new Date(AT) });
const BY = { owner: GUILD_ID, origin: 'ingest' as const };

/** Page b of rel-05: no feed title, so its page's <title>, which holds a NUL byte, names the article. */
const PAGE_B = `<!doctype html><html><head><title>Beta\u0000story</title></head><body><article>
<p>The harbour board approved the new ferry timetable on Monday\u0000 after a debate that ran late into the night.</p>
<p>Ferries will leave every twenty minutes from June, the board's chair told reporters on Tuesday.</p>
</article></body></html>`;

describe.each(BACKENDS)('articles and feeds with characters PostgreSQL refuses, on $name', (backend) => {
  it('stores a title and paragraphs holding NUL without it, and reads them back clean', async () => {
    const { sql, close } = await backend.open();
    const library = libraryOn(sql);
    const parts = {
      title: 'Beta\u0000story',
      paragraphs: ['The vote\u0000 was close, the council said.', 'It passed\u0001 by one vote\u0085on Monday.'],
      captions: ['The council chamber\u0000 - Photo: AP'],
      author: 'Ann\u0000 Lee',
      published: '2026-05-01\u0000',
      site: 'Riverside\u0000 Gazette',
      image: 'https://news.example/img/b.jpg\u0000',
    };
    const added = await library.add(parts, { ...BY, url: 'https://news.example/b\u0000' });
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    expect(added.value.article.title).toBe('Betastory');
    const record = await new ArticleRepository(sql).get(added.value.article.id);
    expect(record).toMatchObject({
      title: 'Betastory',
      paragraphs: ['The vote was close, the council said.', 'It passed by one vote on Monday.'],
      captions: ['The council chamber - Photo: AP'],
      byline: 'Ann Lee',
      published: '2026-05-01',
      url: 'https://news.example/b',
      site: 'Riverside Gazette',
      image: 'https://news.example/img/b.jpg',
    });
    // The same text again (with or without the NUL) is the same article: the hash is of the clean text.
    expect(record!.contentHash).toBe(contentHash({ title: 'Betastory', paragraphs: record!.paragraphs }));
    const again = await library.add(parts, BY);
    expect(again.ok && again.value.stored).toBe(false);
    // A restart reads it back as stored.
    const store = new ArticleStore(null);
    expect(await new AddedArticles(store, new ArticleRepository(sql), createLogger('silent')).loadStored()).toBe(1);
    expect(store.article(added.value.article.id, { owner: GUILD_ID })?.paragraphs.map((p) => p.text)).toEqual(record!.paragraphs);
    // With the page's picture and publisher, which digests and announcements show.
    expect(store.article(added.value.article.id, { owner: GUILD_ID })).toMatchObject({ site: 'Riverside Gazette', image: 'https://news.example/img/b.jpg' });
    await close();
  });

  it('refuses an article whose every character is removed with the usual empty-article error, storing nothing', async () => {
    const { sql, close } = await backend.open();
    const library = libraryOn(sql);
    const noTitle = await library.add({ title: '\u0000\u0001\ufffe', paragraphs: ['A real paragraph.'] }, BY);
    expect(noTitle).toEqual({ ok: false, error: { code: 'empty', message: 'The article has no title.' } });
    const noText = await library.add({ title: 'A title', paragraphs: ['\u0000\u0000', '\u0007\ud800'] }, BY);
    expect(noText).toEqual({ ok: false, error: { code: 'no_paragraphs', message: 'The article has a title but no paragraphs.' } });
    expect(await new ArticleRepository(sql).list()).toEqual([]);
    await close();
  });

  it('stores a feed title, and an error or pause reason quoting the feed, without NUL', async () => {
    const { sql, close } = await backend.open();
    const feeds = new FeedRepository(sql);
    const feed = (await feeds.add({ owner: GUILD_ID, url: 'https://news.example/feed.xml', title: 'Harbour\u0000 News', announceChannel: null, addedBy: null, at: AT, nextPollAt: AT }))!;
    expect(feed.title).toBe('Harbour News');
    await feeds.recordSuccess(feed.id, { title: 'Harbour\u0000 News\u0001 Daily', etag: null, lastModified: null, at: AT, nextPollAt: AT });
    expect((await feeds.get(feed.id))?.title).toBe('Harbour News Daily');
    // A title of nothing but such characters does not wipe out the good one.
    await feeds.recordSuccess(feed.id, { title: '\u0000', etag: null, lastModified: null, at: AT, nextPollAt: AT });
    expect((await feeds.get(feed.id))?.title).toBe('Harbour News Daily');
    expect((await feeds.recordFailure(feed.id, { error: 'bad item "Beta\u0000story"', at: AT, nextPollAt: AT }))?.lastError).toBe('bad item "Betastory"');
    await feeds.pause(feed.id, 'failing since \u0000today', AT);
    expect((await feeds.get(feed.id))?.pausedReason).toBe('failing since today');
    await close();
  });
});

describe.each(BACKENDS)('rel-05: /ingest of a page whose <title> holds a NUL byte, on $name', (backend) => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE_B));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('stores page b with the NUL dropped ("Betastory"), answerable at once', async () => {
    const { sql, close } = await backend.open();
    const library = libraryOn(sql);
    const added = await new Ingester(library, { allowPrivate: true }).fromUrl(`${base}/b.html`, BY);
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    expect(added.value.article.title).toBe('Betastory');
    const [record] = await new ArticleRepository(sql).list(GUILD_ID);
    expect(record?.title).toBe('Betastory');
    expect(record?.paragraphs.join('\n')).not.toContain('\u0000');
    expect(record?.paragraphs[0]).toContain('on Monday after a debate');
    await close();
  });
});

describe('an article stored with NUL before stored text was cleaned (SQLite kept it)', () => {
  it('is read back clean at start', async () => {
    const t = tempFolder({});
    folders.push(t.cleanup);
    const db = openDatabase(join(t.dir, 'data'));
    const sql = new SqliteSql(db);
    const paragraphs = ['The vote\u0000 was close.'];
    await new ArticleRepository(sql).insert({ id: 'beta-1', owner: GUILD_ID, title: 'Beta\u0000story', paragraphs, captions: [], byline: null, published: null, url: null, contentHash: contentHash({ title: 'Beta\u0000story', paragraphs }), origin: 'ingest', addedBy: null, addedAt: AT });
    const store = new ArticleStore(null);
    expect(await new AddedArticles(store, new ArticleRepository(sql), createLogger('silent')).loadStored()).toBe(1);
    const article = store.article('beta-1', { owner: GUILD_ID });
    expect([article?.title, article?.paragraphs[0]?.text]).toEqual(['Betastory', 'The vote was close.']);
    db.close();
  });
});
