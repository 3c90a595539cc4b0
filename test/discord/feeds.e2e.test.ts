import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedAnnouncer } from '../../src/discord/announcer.js';
import { Engine } from '../../src/engine/answers.js';
import { FeedPoller } from '../../src/jobs/poller.js';
import { createLogger } from '../../src/logger.js';
import { ArticleRepository } from '../../src/state/articles.js';
import { openDatabase, type Db } from '../../src/state/db.js';
import { SqliteSql } from '../../src/state/sql.js';
import { FeedRepository } from '../../src/state/feeds.js';
import { AddedArticles } from '../../src/store/library.js';
import { CHANNEL_ID, GUILD_ID, GUILD_ID_2, MANAGER_PERMISSIONS } from '../fake-discord/server.js';
import { seedArticle } from '../fixtures.js';
import { feedOf, feedRoute, STORIES, storyPage, type FeedItem } from '../feeds/news.js';
import { LocalSite } from '../sources/site.js';
import { bodyOf, startHarness, type Harness } from './harness.js';
import { humanValueBreaches, repliesOf, visibleText } from './human.js';

type Embed = { title?: string; description?: string; url?: string; footer?: { text: string }; fields?: { name: string; value: string }[] };
type Message = { embeds?: Embed[]; components?: { components: { custom_id: string; label: string }[] }[] };
const plain = (embeds: Embed[] = []) => embeds.map((e) => [e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name} ${f.value}`)].filter(Boolean).join('\n')).join('\n').replaceAll('**', '');
const manager = { guildId: GUILD_ID, permissions: MANAGER_PERMISSIONS };

describe('/feed and announcements through the real client', () => {
  let h: Harness;
  let site: LocalSite;
  let db: Db;
  let engine: Engine;
  let poller: FeedPoller;
  const clock = { now: new Date('2026-11-28T10:00:00Z') };
  let items: FeedItem[];

  /** The reply to an interaction, whether it came at once or after a deferral. */
  async function replyTo(i: { id: string; token: string }): Promise<Message & { flags?: number }> {
    const first = await h.fake.callback(i.id, 10_000);
    return bodyOf(first).type === 5 ? ((await h.fake.afterDeferral(i.token, 10_000)).body as Message) : (bodyOf(first).data as Message & { flags?: number });
  }

  beforeAll(async () => {
    site = await new LocalSite().start();
    for (const s of STORIES) site.routes.set(`/news/${s.slug}`, (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(storyPage(s)));
    items = STORIES.slice(0, 3).map((s) => ({ title: s.title, link: `${site.base}/news/${s.slug}`, guid: s.slug, date: s.date }));
    site.routes.set('/feed.xml', feedRoute(() => feedOf('rss', 'Local News', items)));
    db = openDatabase(':memory:');
    engine = new Engine([seedArticle()]);
    const log = createLogger('silent');
    const library = new AddedArticles(engine.store, new ArticleRepository(new SqliteSql(db)), log);
    poller = new FeedPoller({ feeds: new FeedRepository(new SqliteSql(db)), library, log, allowPrivate: true, clock: () => clock.now, random: () => 0.5, events: feedAnnouncer(() => h?.bot.client, log) });
    h = await startHarness({ engine, feeds: poller, register: true });
  });
  afterAll(async () => {
    await poller?.stop();
    await h?.close();
    await site?.stop();
    db?.close();
  });

  it('is registered for Manage Server only, and refuses an ordinary member when run', async () => {
    const put = h.fake.requests.find((r) => r.method === 'PUT')!;
    const command = (put.body as { name: string; default_member_permissions?: string }[]).find((c) => c.name === 'feed')!;
    expect(command.default_member_permissions).toBe('32');
    const reply = await replyTo(h.fake.command('feed add', { url: `${site.base}/feed.xml` }, { guildId: GUILD_ID }));
    expect(plain(reply.embeds)).toContain('Managing feeds needs the Manage Server permission.');
    expect(await poller.list(GUILD_ID)).toEqual([]);
  });

  it('adds a feed: names it and counts its articles, then reads them without announcing them', async () => {
    const reply = await replyTo(h.fake.command('feed add', { url: `${site.base}/feed.xml` }, manager, {}, { announce: CHANNEL_ID }));
    expect(plain(reply.embeds)).toContain('Following: Local News');
    expect(plain(reply.embeds)).toContain('Found 3 articles');
    expect(plain(reply.embeds)).toContain(`announced in <#${CHANNEL_ID}>`);
    const edits = h.fake.requests.filter((r) => r.method === 'PATCH').length;
    await poller.pollDue();
    // The reply is edited when the first reading is done, saying how it went.
    const edited = await h.fake.waitForRequest((r) => r.method === 'PATCH' && plain((r.body as Message).embeds).includes('of 3 articles read'), 10_000);
    expect(plain((edited.body as Message).embeds)).toContain('3 of 3 articles read (they are not announced).');
    expect(h.fake.requests.filter((r) => r.method === 'PATCH').length).toBe(edits + 1);
    expect(engine.articlesIn({ owner: GUILD_ID }).map((a) => a.title)).toHaveLength(4);
    expect(engine.articlesIn({ owner: GUILD_ID_2 }).map((a) => a.title)).toEqual([seedArticle().title]);
    expect(h.fake.requests.some((r) => r.path === `/channels/${CHANNEL_ID}/messages`)).toBe(false);
  });

  it('edits the /feed add reply to say what failed when the first reading fails', async () => {
    let served = 0;
    site.routes.set('/once.xml', (req, res) => (served++ === 0 ? feedRoute(() => feedOf('rss', 'Once News', [items[0]!]))(req, res) : res.writeHead(500).end()));
    const reply = await replyTo(h.fake.command('feed add', { url: `${site.base}/once.xml` }, manager));
    expect(plain(reply.embeds)).toContain('Following: Once News');
    await poller.pollDue();
    const edited = await h.fake.waitForRequest((r) => r.method === 'PATCH' && plain((r.body as Message).embeds).includes('Once News') && plain((r.body as Message).embeds).includes('first reading failed'), 10_000);
    expect(plain((edited.body as Message).embeds)).toContain('The first reading failed: The site had a problem of its own (error 500). Pilcrow tries again on its own;');
    const feeds = await poller.list(GUILD_ID);
    await poller.remove(feeds.find((f) => f.title === 'Once News')!.id, GUILD_ID);
  });

  it('announces a new article with its first sentence and a button that asks about it alone', async () => {
    items.push({ title: STORIES[3].title, link: `${site.base}/news/museum`, guid: 'museum', date: STORIES[3].date });
    clock.now = new Date(clock.now.getTime() + 16 * 60_000);
    await poller.pollDue();
    const posted = (await h.fake.channelMessage(CHANNEL_ID)).body as Message;
    expect(posted.embeds![0]!.title).toBe('Museum returns stolen painting');
    expect(posted.embeds![0]!.description).toMatch(/^> A museum in Vienna returned a painting stolen during the war to the family of its owner\. \(¶1\)/);
    expect(posted.embeds![0]!.url).toBe(`${site.base}/news/museum`);
    const button = posted.components![0]!.components[0]!;
    expect(button.label).toBe('Ask about “Museum returns stolen painting”');

    const click = h.fake.button(button.custom_id, { guildId: GUILD_ID });
    const modal = bodyOf(await h.fake.callback(click.id));
    expect(modal.type).toBe(9);
    expect(modal.data.custom_id).toBe(button.custom_id);
    // The form suggests questions this article answers: each, asked, gets an answer from it.
    const input = (modal.data.components as { components: { placeholder?: string }[] }[])[0]!.components[0]!;
    expect(input.placeholder).toMatch(/^e\.g\. /);
    const suggested = input.placeholder!.slice('e.g. '.length).split(' · ');
    expect(suggested.length).toBeGreaterThan(0);
    for (const question of suggested) {
      const tried = await replyTo(h.fake.modalSubmit(button.custom_id, { question }, { guildId: GUILD_ID }));
      expect(tried.embeds![0]!.title ?? '', question).not.toMatch(/^Not (sure|covered)/);
      expect(plain(tried.embeds), question).toContain('Museum returns stolen painting');
    }

    const submit = h.fake.modalSubmit(button.custom_id, { question: 'where is the museum' }, { guildId: GUILD_ID });
    const answer = await replyTo(submit);
    expect(plain(answer.embeds)).toContain('A museum in Vienna returned a painting');
    expect(plain(answer.embeds)).toContain('¶1 · Museum returns stolen painting');
    // The reply names the article searched.
    expect(answer.embeds![0]!.footer?.text).toContain('Searched only “Museum returns stolen painting”');
    // Asked of that article alone: nothing from the others, even for words they hold.
    const other = await replyTo(h.fake.modalSubmit(button.custom_id, { question: 'where did snow close the mountain pass' }, { guildId: GUILD_ID }));
    expect(plain(other.embeds)).not.toContain('Wales');
  });

  it('tests a feed privately: each item as it would be stored, or why not, and stores nothing', async () => {
    site.routes.set('/mixed.xml', feedRoute(() => feedOf('rss', 'Mixed News', [items[0]!, { title: 'A page that vanished', link: `${site.base}/news/vanished`, guid: 'vanished', date: '2026-11-25T08:00:00Z' }])));
    const before = engine.store.size;
    const { id, token } = h.fake.command('feed test', { url: `${site.base}/mixed.xml` }, manager);
    const first = await h.fake.callback(id, 10_000);
    expect(bodyOf(first).type).toBe(5);
    expect(bodyOf(first).data?.flags).toBe(64);
    const reply = (await h.fake.edit(token, 10_000)).body as Message;
    const text = plain(reply.embeds);
    expect(text).toContain('Feed test: Mixed News');
    expect(text).toContain('1 of 2 items would be stored. Nothing was stored: this was a test.');
    expect(text).toContain('Snow closes mountain pass From its page · 3 paragraphs');
    expect(text).toContain('A page that vanished ⚠ Would be skipped: The site says that page does not exist (error 404).');
    // What a member reads (link addresses aside): never an address with its port, nor "answered 404".
    expect(text.replace(/\]\([^)]*\)/g, ']')).not.toMatch(/127\.0\.0\.1|answered \d{3}/);
    expect(engine.store.size).toBe(before);
    expect((await poller.list(GUILD_ID)).map((f) => f.url)).not.toContain(`${site.base}/mixed.xml`);
  });

  it('lists the feeds with their health, and removes one chosen by autocomplete', async () => {
    const list = await replyTo(h.fake.command('feed list', {}, manager));
    expect(list.flags).toBe(64);
    expect(plain(list.embeds)).toContain('Local News');
    expect(plain(list.embeds)).toMatch(/✓ OK, last read <t:\d+:R>/);
    const complete = bodyOf(await h.fake.callback(h.fake.autocomplete('feed remove', { feed: 'local' }, 'feed', manager).id));
    const choice = (complete.data.choices as { name: string; value: string }[])[0]!;
    expect(choice.name).toBe('Local News');
    const removed = await replyTo(h.fake.command('feed remove', { feed: choice.value }, manager));
    expect(plain(removed.embeds)).toContain('No longer following Local News. Its articles stay.');
    expect(await poller.list(GUILD_ID)).toEqual([]);
    expect(engine.articlesIn({ owner: GUILD_ID })).toHaveLength(5);
  });

  it('tells the channel when a feed is paused after days of failure, and keeps going when a channel refuses posts', async () => {
    let down = false;
    site.routes.set('/flaky.xml', (req, res) => (down ? res.writeHead(503).end() : feedRoute(() => feedOf('json', 'Flaky News', [items[0]!]))(req, res)));
    await replyTo(h.fake.command('feed add', { url: `${site.base}/flaky.xml` }, manager, {}, { announce: CHANNEL_ID }));
    await poller.pollDue();
    down = true;
    const id = (await poller.list(GUILD_ID))[0]!.id;
    while (!(await poller.list(GUILD_ID))[0]!.pausedAt) {
      clock.now = new Date((await poller.list(GUILD_ID))[0]!.nextPollAt);
      await poller.pollDue();
    }
    const notice = await h.fake.waitForRequest((r) => r.path === `/channels/${CHANNEL_ID}/messages` && plain((r.body as Message).embeds).includes('Feed paused'));
    expect(plain((notice.body as Message).embeds)).toContain('Feed paused: Flaky News');
    expect(plain((notice.body as Message).embeds)).toContain('/feed resume');
    const listed = await replyTo(h.fake.command('feed list', {}, manager));
    expect(plain(listed.embeds)).toMatch(/⏸ paused <t:\d+:R>: The site /);
    expect(plain(listed.embeds).replace(/\]\([^)]*\)/g, ']')).not.toMatch(/127\.0\.0\.1|#\d+ ·/);

    // Resumed, healthy again, with a new article, in a channel the bot may no longer post in.
    down = false;
    items.push({ title: 'AddedArticles extends opening hours', link: `${site.base}/news/library`, guid: 'library', content: '<p>The town library will open until nine on weekdays from January, the council said.</p><p>It is the first change to its hours in ten years.</p>' });
    site.routes.set('/flaky.xml', feedRoute(() => feedOf('json', 'Flaky News', items)));
    h.fake.missingAccess.add(CHANNEL_ID);
    const resumed = await replyTo(h.fake.command('feed resume', { feed: String(id) }, manager));
    expect(plain(resumed.embeds)).toContain('Started again');
    await poller.pollDue();
    expect(engine.articlesIn({ owner: GUILD_ID }).map((a) => a.title)).toContain('AddedArticles extends opening hours');
    expect((await poller.list(GUILD_ID))[0]!.failures).toBe(0);
    h.fake.missingAccess.clear();
  });
  it('never shows a member a raw ISO date, an internal id, a library\'s error text, a machine address or a wrong plural', () => {
    const ids = [GUILD_ID, GUILD_ID_2].flatMap((owner) => engine.articlesIn({ owner }).map((a) => a.id));
    const breaches = repliesOf(h.fake.requests).flatMap((r) => humanValueBreaches(visibleText(r.body), ids).map((b) => `${r.method} ${r.path.replace(/\/[\w-]{40,}/, '/…')}: ${b}`));
    expect(breaches).toEqual([]);
  });
});
