import { runPilcrow } from '../cli/run.js';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/answers.js';
import { FeedPoller } from '../../src/jobs/poller.js';
import type { Article } from '../../src/model/article.js';
import { createLogger } from '../../src/logger.js';
import { ArticleRepository } from '../../src/state/articles.js';
import { openDatabase, type Db } from '../../src/state/db.js';
import { FeedRepository, type FeedRecord } from '../../src/state/feeds.js';
import { SqliteSql } from '../../src/state/sql.js';
import { AddedArticles } from '../../src/store/library.js';
import { KNOWLEDGE_DIR, tempFolder } from '../fixtures.js';
import { decodeProblem } from '../../src/model/problems.js';
import { LocalSite } from '../sources/site.js';
import { CaseSite, caseFile, hasCase } from './site.js';

const GUILD = '1123456789012345678';
const MINUTE = 60_000;

/** A poller over a real database file, with a clock the test moves. */
function poller() {
  const t = tempFolder({});
  const db: Db = openDatabase(join(t.dir, 'data'));
  const engine = new Engine([], { meaning: null });
  const library = new AddedArticles(engine.store, new ArticleRepository(new SqliteSql(db)), createLogger('silent'));
  const feeds = new FeedRepository(new SqliteSql(db));
  const clock = { now: new Date('2026-11-28T10:00:00Z') };
  const announced: Article[] = [];
  const p = new FeedPoller({ feeds, library, log: createLogger('silent'), allowPrivate: true, clock: () => clock.now, random: () => 0.5, events: { announce: async (_f: FeedRecord, a: Article) => void announced.push(a) } });
  const stored = () => engine.articlesIn({ owner: GUILD });
  const seenWithout = () => (db.prepare('SELECT COUNT(*) FROM feed_items WHERE article_id IS NULL').pluck().get() as number);
  const next = async () => {
    clock.now = new Date(clock.now.getTime() + 16 * MINUTE);
    await p.pollDue();
  };
  const follow = async (url: string) => {
    const added = await p.add(GUILD, url, { announceChannel: '1134567890123456789', addedBy: null });
    if (!added.ok) throw new Error(added.error.message);
    await p.pollDue();
    return added.value.feed;
  };
  return { db, engine, feeds, poller: p, stored, seenWithout, next, follow, announced, close: async () => (await p.stop(), db.close(), t.cleanup()) };
}

const cli = (args: string[], env: NodeJS.ProcessEnv) => runPilcrow(args, { KNOWLEDGE_DIR, ALLOW_PRIVATE_URLS: 'true', ...env });

let after: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of after.reverse()) await f();
  after = [];
});
async function serve(name: string): Promise<CaseSite> {
  const site = await new CaseSite(name).start();
  after.push(() => site.stop());
  return site;
}
function env() {
  const e = poller();
  after.push(e.close);
  return e;
}

describe.skipIf(!hasCase('ingest-01'))('ingest-01: a Latin-1 feed declared only in its XML declaration', () => {
  it.each(['/feed.xml', '/feed-charset.xml'])('%s: feed title, item title and paragraphs keep their accents', async (path) => {
    const site = await serve('ingest-01');
    const e = env();
    const feed = await e.follow(site.url(path));
    expect((await e.feeds.get(feed.id))!.title).toBe('Le Journal de Montréal-Test');
    const [article] = e.stored();
    expect(article!.title).toBe('Fête à Genève : le café réouvre');
    expect(article!.id).toMatch(/^fete-a-geneve-le-cafe-reouvre-/);
    expect(article!.paragraphs[0]!.text).toMatch(/^Le célèbre café de la place du Molard à Genève a rouvert/);
    expect(article!.paragraphs.map((p) => p.text).join(' ')).not.toMatch(/[\ufffd\u0080-\u009f]/);
    expect(e.engine.ask('quand le café de Genève a-t-il rouvert', { scope: { owner: GUILD } }).results[0]?.articleId).toBe(article!.id);
  });
});

describe.skipIf(!hasCase('ingest-07'))('ingest-07: one feed served five ways (BOM, newlines before the declaration, a header contradicting the BOM)', () => {
  it('reads "Valley Gazette – Café" every time', async () => {
    const site = await serve('ingest-07');
    const e = env();
    for (const path of ['/bom.xml', '/newline.xml', '/blank-lines.xml', '/bom-newline.xml', '/bom-latin1-header.xml']) {
      const read = await e.poller.reader.fetch(site.url(path));
      expect(read.ok && read.value.feed?.title, path).toBe('Valley Gazette – Café');
    }
  });
});

describe.skipIf(!hasCase('ingest-06'))('ingest-06: a feed and a page sent gzip-compressed though the request asked for none', () => {
  it('follows the feed and stores its article', async () => {
    const site = await serve('ingest-06');
    const e = env();
    const feed = await e.follow(site.url('/feed.xml'));
    expect(feed.title).toBe('Town Crier');
    expect(e.stored().map((a) => a.title)).toEqual(['Town library extends opening hours']);
  });

  it('pilcrow fetch prints the compressed page\'s article', async () => {
    const site = await serve('ingest-06');
    const r = await cli(['fetch', site.url('/library-gz.html'), '--json'], {});
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ title: 'Town library extends opening hours' });
  });
});

describe.skipIf(!hasCase('ingest-10'))('ingest-10: every item carries one guid (N/A, or 0)', () => {
  it.each(['/feed.xml', '/feed.json'])('%s: all three stories are stored, told apart by link', async (path) => {
    const site = await serve('ingest-10');
    const e = env();
    await e.follow(site.url(path));
    expect(e.stored().map((a) => a.title).sort()).toEqual(['Ferry timetable changes for the summer', 'New primary school opens in the east of town', 'Swimming pool to close for three months']);
    expect(e.seenWithout()).toBe(0);
  });

  it('stores and announces a fourth story that appears at a later poll, with the same guid', async () => {
    const site = await serve('ingest-10');
    const e = env();
    await e.follow(site.url('/feed-changing.xml'));
    expect(e.stored()).toHaveLength(3);
    await e.next();
    expect(e.announced).toEqual([]);
    await e.next();
    expect(e.stored()).toHaveLength(4);
    expect(e.announced.map((a) => a.title)).toHaveLength(1);
    expect(e.stored().map((a) => a.title)).toContain(e.announced[0]!.title);
  });
});

describe.skipIf(!hasCase('ingest-04'))('ingest-04: Atom titles of type html, text and xhtml', () => {
  it('stores plain-text titles: the page\'s own when it is read, the feed\'s (reduced to its text) when not', async () => {
    const site = await serve('ingest-04');
    const e = env();
    await e.follow(site.url('/feed.atom'));
    expect(e.stored().map((a) => a.title).sort()).toEqual(['Issue 8311: builder rejects <col> inside <colgroup>', 'Review: Blue Harbour is a quiet triumph', 'Review: Blue Harbour wins the festival prize']);
    const festival = e.stored().find((a) => a.title.includes('festival'))!;
    expect(festival.paragraphs[0]!.text).toMatch(/^The film took the main prize at the northern festival/);
  });
});

describe.skipIf(!hasCase('ingest-09'))('ingest-09: the article only in a feed\'s description, Atom summary or JSON summary, its page gone', () => {
  it.each([['/rss.xml', 3], ['/atom.xml', 3], ['/feed.json', 1], ['/feed-text.json', 2]])('%s: stored from the feed\'s own text', async (path, paragraphs) => {
    const site = await serve('ingest-09');
    const e = env();
    const feed = await e.follow(site.url(path));
    const [article] = e.stored();
    expect(article?.title).toBe('Council approves homes on old paper mill site');
    expect(article!.paragraphs).toHaveLength(paragraphs);
    expect(article!.paragraphs.map((p) => p.text).join(' ')).toMatch(/^The county council approved a plan on Tuesday to build three hundred homes on the former paper mill site by the river\. Councillor Ruth Adeyemi said the homes would include a hundred for social rent/);
    expect(article!.published).toBe('2024-03-12T18:00:00.000Z');
    expect((await e.feeds.get(feed.id))!.skippedRun).toBe(0);
    expect(e.engine.ask('how many homes will be built on the mill site', { scope: { owner: GUILD } }).results[0]?.articleId).toBe(article!.id);
  });
});

describe.skipIf(!hasCase('rel-01'))('rel-01: three stories sharing one guid (the site\'s home page)', () => {
  it('stores all three, and marks none seen without its article', async () => {
    const site = await new LocalSite().start();
    after.push(() => site.stop());
    const titles = ['Council approves budget', 'Bridge to open in spring', 'Mayor resigns after vote'];
    titles.forEach((title, k) => site.routes.set(`/story/${k + 1}`, (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${title} is the story number ${k + 1} of the day, reported by our local desk on Thursday morning after the meeting.</p><p>More details of story ${k + 1} will follow later today, the reporter said.</p></article></body></html>`)));
    const feed = caseFile('rel-01', 'feed.xml').toString('utf8').replaceAll('http://127.0.0.1:PORT', site.base);
    site.routes.set('/feed.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed));
    const e = env();
    await e.follow(`${site.base}/feed.xml`);
    expect(e.stored().map((a) => a.title).sort()).toEqual([...titles].sort());
    expect(e.seenWithout()).toBe(0);
  });
});

describe('guids that publishers reuse for other stories', () => {
  /** A site whose feed lists `items()` (title, page name, guid) and serves a page for each story. */
  async function site(items: () => { title: string; page: string; guid: string }[]) {
    const s = await new LocalSite().start();
    after.push(() => s.stop());
    const page = (title: string) => `<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${title}: the town council said on Monday that work would begin in the spring, after a long consultation with residents.</p><p>Residents welcomed the news about ${title.toLowerCase()}, the council added in a statement.</p></article></body></html>`;
    s.routes.set('/feed.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Town</title><link>${s.base}/</link><description>d</description>${items().map((i) => `<item><title>${i.title}</title><link>${s.base}/${i.page}</link><guid>${i.guid.replace('SITE', `${s.base}/`)}</guid></item>`).join('')}</channel></rss>`));
    for (const name of ['ferry', 'school', 'pool', 'market', 'bridge']) s.routes.set(`/${name}`, (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end(page(`${name[0]!.toUpperCase()}${name.slice(1)} story`)));
    return s;
  }

  it('a one-item "latest" feed whose guid is always the site\'s home page, or always one word: every story is stored', async () => {
    for (const guid of ['SITE', 'latest-story']) {
      let k = 0;
      const names = ['ferry', 'school', 'pool'];
      const s = await site(() => [{ title: `${names[k]![0]!.toUpperCase()}${names[k]!.slice(1)} story`, page: names[k]!, guid }]);
      const e = env();
      await e.follow(`${s.base}/feed.xml`);
      for (k = 1; k < 3; k++) await e.next();
      expect(e.stored().map((a) => a.title).sort(), guid).toEqual(['Ferry story', 'Pool story', 'School story']);
      expect(e.announced).toHaveLength(2);
    }
  });

  it('guids that number items by position, shifting when news comes: the new story is stored, the others stay known', async () => {
    let items = [{ title: 'Ferry story', page: 'ferry', guid: '1' }, { title: 'School story', page: 'school', guid: '2' }];
    const s = await site(() => items);
    const e = env();
    await e.follow(`${s.base}/feed.xml`);
    items = [{ title: 'Market story', page: 'market', guid: '1' }, { title: 'Ferry story', page: 'ferry', guid: '2' }, { title: 'School story', page: 'school', guid: '3' }];
    const before = s.hits.length;
    await e.next();
    expect(e.stored().map((a) => a.title).sort()).toEqual(['Ferry story', 'Market story', 'School story']);
    expect(e.announced.map((a) => a.title)).toEqual(['Market story']);
    // Only the new story's page was fetched.
    expect(s.hits.slice(before)).toEqual(['/feed.xml', '/market']);
  });

  it('a story whose link changes at every poll (a tracking address) but keeps its guid and title is not read again', async () => {
    let token = 1;
    const s = await site(() => [{ title: 'Ferry story', page: `ferry?r=${token}`, guid: 'ferry-1' }]);
    s.routes.set('/ferry?r=1', s.routes.get('/ferry')!);
    const e = env();
    await e.follow(`${s.base}/feed.xml`);
    token = 2;
    const before = s.hits.length;
    await e.next();
    expect(s.hits.slice(before)).toEqual(['/feed.xml']);
    expect(e.stored()).toHaveLength(1);
  });
});

describe('a page that answers 200 but is not the story', () => {
  it('a "not found" page: the feed\'s own text is stored; a front page with no feed text: skipped, not stored', async () => {
    const s = await new LocalSite().start();
    after.push(() => s.stop());
    const story = ['The county council approved a plan on Tuesday to build three hundred homes on the former paper mill site by the river.', 'Councillor Ruth Adeyemi said the homes would include a hundred for social rent, and work could begin next spring.'];
    s.routes.set('/mill', (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><title>Page not found | County Record</title></head><body><main><h1>Sorry, we could not find that page</h1><p>The page you were looking for may have been moved, renamed or deleted by our editors.</p><p>Try searching our site, or go back to the home page to find the latest news from the county.</p></main></body></html>'));
    s.routes.set('/harbour', (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><title>County Record: local news</title></head><body><main><p>The bridge on the ring road will reopen in the spring after a year of repairs, the highways department said on Friday.</p><p>A primary school in the east of the county has won a national award for its vegetable garden and orchard.</p><p>Rail workers have called off the strike planned for next week after talks with the operator ended in an agreement.</p></main></body></html>'));
    s.routes.set('/feed.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>County Record</title><link>${s.base}/</link><description>d</description><item><title>Council approves homes on old paper mill site</title><link>${s.base}/mill</link><guid>mill</guid><content:encoded><![CDATA[${story.map((p) => `<p>${p}</p>`).join('')}]]></content:encoded></item><item><title>Harbour board votes to rebuild the storm-damaged north pier</title><link>${s.base}/harbour</link><guid>harbour</guid><description>The board voted on Monday.</description></item></channel></rss>`));
    const e = env();
    await e.follow(`${s.base}/feed.xml`);
    expect(e.stored().map((a) => a.paragraphs.map((p) => p.text))).toEqual([story]);
    // Stored as its code (src/model/problems.ts); each front end says it in its own words.
    expect(decodeProblem(e.db.prepare("SELECT problem FROM feed_items WHERE key = 'guid:harbour'").pluck().get() as string)).toMatchObject({ code: 'not_the_story' });
  });
});

describe('a paywalled page whose feed carries the whole article', () => {
  it('stores the feed\'s text, not the page\'s teaser', async () => {
    const s = await new LocalSite().start();
    after.push(() => s.stop());
    const full = ['The harbour board voted on Monday to rebuild the north pier, which storms damaged last winter, at a cost of four million pounds.', 'Work will begin in April and last eighteen months, during which the ferry will use the south quay, the board said.', 'Fishermen welcomed the decision but asked for a temporary landing stage for their boats while the pier is closed.', 'The board chair said the new pier would be higher and stronger, built to withstand the storms of the coming decades.'];
    s.routes.set('/pier', (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head><title>Harbour board to rebuild north pier</title></head><body><article><h1>Harbour board to rebuild north pier</h1><p>${full[0]}</p><div class="paywall"><p>Subscribe to read the rest of this story.</p></div></article></body></html>`));
    s.routes.set('/feed.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour News</title><link>${s.base}/</link><description>d</description><item><title>Harbour board to rebuild north pier</title><link>${s.base}/pier</link><guid>pier-1</guid><content:encoded><![CDATA[${full.map((p) => `<p>${p}</p>`).join('')}]]></content:encoded></item></channel></rss>`));
    const e = env();
    await e.follow(`${s.base}/feed.xml`);
    const [article] = e.stored();
    expect(article!.paragraphs.map((p) => p.text)).toEqual(full);
    expect(article!.source).toBe(`${s.base}/pier`);
  });
});

describe('items that cannot be read or stored', () => {
  /** A site whose feed lists `n` stories; `page(k)` answers story k. */
  async function site(n: number, page: (k: number, res: ServerResponse) => void, content = false) {
    const s = await new LocalSite().start();
    after.push(() => s.stop());
    for (let k = 1; k <= n; k++) s.routes.set(`/story/${k}`, (_q, r) => page(k, r));
    const items = Array.from({ length: n }, (_, i) => i + 1).map((k) => `<item><title>Story ${k} of the town</title><link>${s.base}/story/${k}</link><guid>s-${k}</guid><pubDate>Thu, 0${k} Jan 2026 00:00:00 GMT</pubDate>${content ? `<description>${'&lt;p&gt;A short teaser.&lt;/p&gt;'}</description>` : ''}</item>`);
    s.routes.set('/feed.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Town</title><link>${s.base}/</link><description>d</description>${items.join('')}</channel></rss>`));
    return s;
  }
  const story = (k: number) => `<html><head><title>Story ${k} of the town</title></head><body><article><h1>Story ${k} of the town</h1><p>The town council met on Monday to discuss story number ${k}, and the mayor spoke at length about it.</p><p>Residents said story ${k} mattered to them, and asked the council to act quickly.</p></article></body></html>`;

  it('are not "OK" in the feed\'s health when every page is missing', async () => {
    const s = await site(3, (_k, r) => r.writeHead(404, { 'content-type': 'text/html' }).end('<p>Not found</p>'));
    const e = env();
    const feed = await e.follow(`${s.base}/feed.xml`);
    const health = (await e.feeds.get(feed.id))!;
    expect(health.skippedRun).toBe(3);
    expect(decodeProblem(health.skipProblem)).toMatchObject({ code: 'http', status: 404 });
    const { feedHealth } = await import('../../src/discord/render.js');
    expect(feedHealth(health)).toMatch(/^⚠ read .*, but the last 3 items could not be stored: The site says that page does not exist \(error 404\)\. Next <t:\d+:R>\.$/);
  });

  it('are read again at later polls when the failure may pass (a 503), a bounded number of times', async () => {
    let failing = new Set([1, 2]);
    const asked: number[] = [];
    const s = await site(2, (k, r) => (asked.push(k), failing.has(k) ? r.writeHead(503, { 'content-type': 'text/html' }).end('busy') : r.writeHead(200, { 'content-type': 'text/html' }).end(story(k))));
    const e = env();
    await e.follow(`${s.base}/feed.xml`);
    expect(e.stored()).toEqual([]);
    failing = new Set([2]);
    await e.next();
    expect(e.stored().map((a) => a.title)).toEqual(['Story 1 of the town']);
    await e.next();
    // Story 2 failed three times: given up, never asked again.
    await e.next();
    await e.next();
    expect(asked.filter((k) => k === 2)).toHaveLength(3);
    expect(asked.filter((k) => k === 1)).toHaveLength(2);
  });

  it('fail alone when the database refuses one: the items after it are stored, and it is tried again', async () => {
    const s = await site(3, (k, r) => r.writeHead(200, { 'content-type': 'text/html' }).end(story(k)));
    const e = env();
    e.db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.title = 'Story 2 of the town' BEGIN SELECT RAISE(ABORT, 'refused'); END;`);
    const feed = await e.follow(`${s.base}/feed.xml`);
    expect(e.stored().map((a) => a.title).sort()).toEqual(['Story 1 of the town', 'Story 3 of the town']);
    expect((await e.feeds.get(feed.id))!.failures).toBe(0);
    e.db.exec('DROP TRIGGER refuse');
    await e.next();
    expect(e.stored()).toHaveLength(3);
    expect((await e.feeds.get(feed.id))!.skippedRun).toBe(0);
  });
});

describe.skipIf(!hasCase('ingest-10'))('pilcrow feed <url>: a feed read once, storing nothing', () => {
  it('prints each item as it would be stored, newest first, in the public JSON shape', async () => {
    const site = await serve('ingest-10');
    const t = tempFolder({});
    after.push(async () => t.cleanup());
    const r = await cli(['feed', site.url('/feed.xml'), '--json'], { DATA_DIR: join(t.dir, 'data') });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { title: string; url: string; items: { title: string; link: string; published: string | null; text: string | null; paragraphs: string[]; skipped: string | null }[] };
    expect(json.title).toBe('Island News');
    expect(json.url).toBe(site.url('/feed.xml'));
    expect(json.items.map((i) => i.title)).toEqual(['Swimming pool to close for three months', 'New primary school opens in the east of town', 'Ferry timetable changes for the summer']);
    for (const item of json.items) {
      expect(Object.keys(item).sort()).toEqual(['link', 'paragraphs', 'published', 'skipped', 'text', 'title']);
      expect(item.text).toBe('page');
      expect(item.paragraphs.length).toBeGreaterThan(0);
      expect(item.skipped).toBeNull();
    }
    expect(json.items[0]!.link).toBe(site.url('/pool.html'));
    // Nothing stored: no state database was created.
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(t.dir, 'data'))).toBe(false);
  });
});
