import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/answers.js';
import { FeedPoller } from '../../src/jobs/poller.js';
import { readFeed } from '../../src/feeds/parse.js';
import type { Article } from '../../src/model/article.js';
import { createLogger } from '../../src/logger.js';
import { ArticleRepository } from '../../src/state/articles.js';
import { openDatabase, type Db } from '../../src/state/db.js';
import { SqliteSql } from '../../src/state/sql.js';
import { FeedRepository, type FeedRecord } from '../../src/state/feeds.js';
import { AddedArticles } from '../../src/store/library.js';
import { tempFolder } from '../fixtures.js';
import { hasNewsPages, LocalSite } from '../sources/site.js';
import { decodeProblem } from '../../src/model/problems.js';
import { feedOf, feedRoute, STORIES, storyPage, type FeedItem } from '../feeds/news.js';

const GUILD = '1123456789012345678';
const MINUTE = 60_000;
let site: LocalSite;
beforeAll(async () => {
  site = await new LocalSite().start();
  for (const s of STORIES) site.routes.set(`/news/${s.slug}`, (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(storyPage(s)));
});
afterAll(async () => site.stop());

const itemOf = (s: (typeof STORIES)[number], extra: Partial<FeedItem> = {}): FeedItem => ({ title: s.title, link: `${site.base}/news/${s.slug}`, guid: `story-${s.slug}`, date: s.date, ...extra });

/** A poller over a real database file, with a clock the test moves and no randomness in the jitter. */
function setUp(dir: string) {
  const db: Db = openDatabase(dir);
  const engine = new Engine([], { meaning: null });
  const library = new AddedArticles(engine.store, new ArticleRepository(new SqliteSql(db)), createLogger('silent'));
  const feeds = new FeedRepository(new SqliteSql(db));
  const clock = { now: new Date('2026-11-28T10:00:00Z') };
  const announced: { feed: FeedRecord; article: Article }[] = [];
  const paused: { feed: FeedRecord; reason: string }[] = [];
  const poller = new FeedPoller({
    feeds,
    library,
    log: createLogger('silent'),
    allowPrivate: true,
    clock: () => clock.now,
    random: () => 0.5,
    events: { announce: async (feed, article) => void announced.push({ feed, article }), paused: async (feed, reason) => void paused.push({ feed, reason }) },
  });
  const advance = (minutes: number) => (clock.now = new Date(clock.now.getTime() + minutes * MINUTE));
  return { db, engine, feeds, poller, clock, advance, announced, paused };
}

describe('reading feeds', () => {
  it.each(['rss', 'atom', 'rdf', 'json'] as const)('reads %s: titles, absolute links, newest first', (format) => {
    const { body } = feedOf(format, 'Local News', STORIES.map((s) => ({ title: s.title, link: `http://news.example/news/${s.slug}`, guid: s.slug, date: s.date })));
    const r = readFeed(body, 'http://news.example/feed');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.title).toBe('Local News');
    expect(r.value.entries.map((e) => e.title)).toEqual([...STORIES].reverse().map((s) => s.title));
    expect(r.value.entries[0]!.link).toBe('http://news.example/news/museum');
  });

  it('resolves relative links and refuses what is not a feed', () => {
    const r = readFeed('<rss version="2.0"><channel><title>T</title><item><title>A</title><link>/news/a</link></item></channel></rss>', 'http://news.example/feed.xml');
    expect(r.ok && r.value.entries[0]!.link).toBe('http://news.example/news/a');
    const bad = readFeed('<html><body>Not a feed</body></html>', 'http://news.example/page');
    expect(!bad.ok && bad.error.code).toBe('not_a_feed');
  });
});

describe('following a feed', () => {
  let t: ReturnType<typeof tempFolder>;
  let env: ReturnType<typeof setUp>;
  let items: FeedItem[];
  beforeEach(() => {
    t = tempFolder({});
    env = setUp(join(t.dir, 'data'));
    items = STORIES.slice(0, 3).map((s) => itemOf(s));
    site.routes.set('/feed.xml', feedRoute(() => feedOf('rss', 'Local News', items)));
  });
  afterEach(async () => {
    await env.poller.stop();
    env.db.close();
    t.cleanup();
  });

  it('stores every article of the feed for its server on the first poll, without announcing them', async () => {
    const added = await env.poller.add(GUILD, `${site.base}/feed.xml`, { announceChannel: '1134567890123456789', addedBy: null });
    expect(added.ok && added.value.found).toBe(3);
    expect(added.ok && added.value.feed.title).toBe('Local News');
    expect(await env.poller.pollDue()).toBe(1);
    const stored = env.engine.articlesIn({ owner: GUILD });
    expect(stored.map((a) => a.title).sort()).toEqual(['Council approves new footbridge', 'Rail workers vote to strike', 'Snow closes mountain pass']);
    const snow = stored.find((a) => a.title === 'Snow closes mountain pass')!;
    // The page's own text, in order, without its navigation, share buttons or comments.
    expect(snow.paragraphs.map((p) => p.text)).toEqual(STORIES[0].paragraphs);
    expect(snow.source).toBe(`${site.base}/news/snow`);
    expect(env.engine.ask('where did snow close the pass', { scope: { owner: GUILD } }).results[0]?.articleId).toBe(snow.id);
    expect(env.engine.articlesIn({ owner: null })).toEqual([]);
    expect(env.announced).toEqual([]);
  });

  it('announces a new item once, and never stores a rewritten guid, date or link twice', async () => {
    await env.poller.add(GUILD, `${site.base}/feed.xml`, { announceChannel: '1134567890123456789', addedBy: null });
    await env.poller.pollDue();
    items.push(itemOf(STORIES[3]));
    env.advance(16);
    await env.poller.pollDue();
    expect(env.announced.map((a) => a.article.title)).toEqual(['Museum returns stolen painting']);
    // The feed rewrites every guid and date, and moves one story to a new address with tracking.
    items = items.map((i, k) => ({ ...i, guid: `${i.guid}-v2`, date: '2026-11-28T09:00:00Z', ...(k === 0 ? { link: `${i.link}?utm_source=rss` } : {}) }));
    env.advance(16);
    await env.poller.pollDue();
    // The same text at a new address (another link, another guid) is the same article.
    site.routes.set('/news/snow-again', (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end(storyPage(STORIES[0])));
    items.push({ title: STORIES[0].title, link: `${site.base}/news/snow-again`, guid: 'snow-again' });
    env.advance(16);
    await env.poller.pollDue();
    expect(env.engine.articlesIn({ owner: GUILD })).toHaveLength(4);
    expect(await new ArticleRepository(new SqliteSql(env.db)).list(GUILD)).toHaveLength(4);
    expect(env.announced).toHaveLength(1);
  });

  it('asks again with the validators and stores nothing new when the feed has not changed', async () => {
    await env.poller.add(GUILD, `${site.base}/feed.xml`, { announceChannel: null, addedBy: null });
    await env.poller.pollDue();
    const before = site.hits.length;
    env.advance(16);
    await env.poller.pollDue();
    expect(site.hits.slice(before)).toEqual(['/feed.xml']);
    expect((await env.feeds.list(GUILD))[0]!.lastOkAt).toBe('2026-11-28T10:16:00.000Z');
  });

  it('falls back to the feed\'s own full text when a page cannot be read, and skips an item with neither', async () => {
    items = [
      { title: 'Ferry services cancelled', link: `${site.base}/news/gone-1`, guid: 'gone-1', content: '<p>All ferry services to the islands were cancelled on Thursday because of high winds.</p><p>The operator said sailings would resume on Saturday if the weather improved.</p>' },
      { title: 'A page that vanished', link: `${site.base}/news/gone-2`, guid: 'gone-2' },
    ];
    await env.poller.add(GUILD, `${site.base}/feed.xml`, { announceChannel: null, addedBy: null });
    await env.poller.pollDue();
    const stored = env.engine.articlesIn({ owner: GUILD });
    expect(stored.map((a) => a.title)).toEqual(['Ferry services cancelled']);
    expect(stored[0]!.paragraphs.map((p) => p.text)).toEqual(['All ferry services to the islands were cancelled on Thursday because of high winds.', 'The operator said sailings would resume on Saturday if the weather improved.']);
    // The skipped item is remembered, so it is not fetched again at every poll.
    const before = site.hits.length;
    env.advance(16);
    site.routes.set('/feed.xml', feedRoute(() => feedOf('rss', 'Local News (again)', items)));
    await env.poller.pollDue();
    expect(site.hits.slice(before)).toEqual(['/feed.xml']);
  });

  it('backs off on errors, doubling up to six hours, keeps the other feeds going, and pauses after three days', async () => {
    let broken = false;
    site.routes.set('/flaky.xml', (req, res) => (broken ? res.writeHead(500, { 'content-type': 'text/plain' }).end('down') : feedRoute(() => feedOf('atom', 'Flaky', [itemOf(STORIES[3])]))(req, res)));
    const flaky = await env.poller.add(GUILD, `${site.base}/flaky.xml`, { announceChannel: '1134567890123456789', addedBy: null });
    await env.poller.add(GUILD, `${site.base}/feed.xml`, { announceChannel: null, addedBy: null });
    await env.poller.pollDue();
    const id = flaky.ok ? flaky.value.feed.id : -1;
    broken = true;
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      env.clock.now = new Date((await env.feeds.get(id))!.nextPollAt);
      const at = env.clock.now.getTime();
      await env.poller.pollDue();
      waits.push((new Date((await env.feeds.get(id))!.nextPollAt).getTime() - at) / MINUTE);
    }
    expect(waits).toEqual([15, 30, 60, 120, 240, 360, 360, 360]);
    const health = (await env.feeds.get(id))!;
    expect(health.failures).toBe(8);
    // Stored as its code and facts, never as words (each front end says it its own way).
    expect(decodeProblem(health.lastError)).toEqual({ code: 'http', status: 500, host: `127.0.0.1:${site.base.split(':')[2]}` });
    expect(health.failingSince).toBe('2026-11-28T10:15:00.000Z');
    // The healthy feed was polled all along.
    expect((await env.feeds.list(GUILD)).find((f) => f.id !== id)!.failures).toBe(0);
    // Three days of failure: paused, and its channel told why.
    while (!(await env.feeds.get(id))!.pausedAt) {
      env.clock.now = new Date((await env.feeds.get(id))!.nextPollAt);
      await env.poller.pollDue();
    }
    expect(env.paused).toHaveLength(1);
    expect(decodeProblem(env.paused[0]!.reason)).toMatchObject({ code: 'http', status: 500 });
    // Paused: no longer fetched, however long we wait.
    const before = site.hits.length;
    env.advance(24 * 60);
    await env.poller.pollDue();
    expect(site.hits.slice(before)).not.toContain('/flaky.xml');
  });

  it('records a feed that never answers as timing out, and reads the other feeds meanwhile', async () => {
    const slow = setUp(join(t.dir, 'slow'));
    try {
      const poller = new FeedPoller({ feeds: slow.feeds, library: new AddedArticles(slow.engine.store, new ArticleRepository(new SqliteSql(slow.db)), createLogger('silent')), log: createLogger('silent'), allowPrivate: true, clock: () => slow.clock.now, random: () => 0.5, options: { timeoutSeconds: 0.3 } });
      let hang = false;
      site.routes.set('/hangs.xml', (req, res) => (hang ? undefined : feedRoute(() => feedOf('rss', 'Hangs', [itemOf(STORIES[3])]))(req, res)));
      expect((await poller.add(GUILD, `${site.base}/hangs.xml`, { announceChannel: null, addedBy: null })).ok).toBe(true);
      expect((await poller.add(GUILD, `${site.base}/feed.xml`, { announceChannel: null, addedBy: null })).ok).toBe(true);
      hang = true;
      await poller.pollDue();
      const [hangs, fine] = await slow.feeds.list(GUILD);
      expect(decodeProblem(hangs!.lastError)).toEqual({ code: 'timeout', host: `127.0.0.1:${site.base.split(':')[2]}` });
      expect(fine!.lastOkAt).not.toBeNull();
      expect(slow.engine.articlesIn({ owner: GUILD })).toHaveLength(3);
    } finally {
      slow.db.close();
    }
  });

  it('treats broken XML and an oversized body as failures of that feed only', async () => {
    site.routes.set('/broken.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss><channel><title>Half a feed'));
    site.routes.set('/huge.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(10 * 1024 * 1024) }).end());
    expect((await env.poller.add(GUILD, `${site.base}/broken.xml`, { announceChannel: null, addedBy: null })).ok).toBe(false);
    expect(await env.poller.add(GUILD, `${site.base}/huge.xml`, { announceChannel: null, addedBy: null })).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(await env.feeds.list(GUILD)).toEqual([]);
  });
});

describe.skipIf(!hasNewsPages)('a feed of real news pages (../shared/eval/news-html)', () => {
  it('stores each page as its article: the right title, the article\'s paragraphs in order, nothing around them', async () => {
    const t = tempFolder({});
    const env = setUp(join(t.dir, 'data'));
    try {
      const pages = [{ name: 'bbc-1', title: "Obama admits US gun laws are his 'biggest frustration'", first: 'President Barack Obama has admitted that his failure to pass "common sense gun safety laws" in the US is the greatest frustration of his presidency.' }, { name: 'telegraph' }, { name: 'wapo-1' }];
      site.routes.set('/real.xml', feedRoute(() => feedOf('atom', 'Real pages', pages.map((p) => ({ title: p.title ?? p.name, link: `${site.base}/${p.name}`, guid: p.name })))));
      await env.poller.add(GUILD, `${site.base}/real.xml`, { announceChannel: null, addedBy: null });
      await env.poller.pollDue();
      const stored = env.engine.articlesIn({ owner: GUILD });
      expect(stored).toHaveLength(3);
      const bbc = stored.find((a) => a.source === `${site.base}/bbc-1`)!;
      expect(bbc.title).toBe(pages[0]!.title);
      expect(bbc.paragraphs[0]!.text).toBe(pages[0]!.first);
      for (const a of stored) for (const p of a.paragraphs) expect(p.text).not.toMatch(/^(?:share|sign up|follow us|comments)\b/i);
    } finally {
      env.db.close();
      t.cleanup();
    }
  });
});
