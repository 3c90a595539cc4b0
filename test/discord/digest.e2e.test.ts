import { Events } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOutlet } from '../../src/discord/digest-outlet.js';
import { feedAnnouncer } from '../../src/discord/announcer.js';
import { articleId, contentHash } from '../../src/state/articles.js';
import { partsOfPage } from '../../src/sources/files.js';
import { renderDigest } from '../../src/discord/render-digest.js';
import { embedLength } from '../../src/discord/render.js';
import type { Digest, DigestArticle } from '../../src/digest/digest.js';
import { DigestScheduler } from '../../src/jobs/scheduler.js';
import { Engine } from '../../src/engine/answers.js';
import { createLogger } from '../../src/logger.js';
import { openDatabase, type Db } from '../../src/state/db.js';
import { SqliteSql } from '../../src/state/sql.js';
import { DigestRepository } from '../../src/state/digests.js';
import { CHANNEL_ID, CHANNEL_ID_2, GUILD_ID, GUILD_ID_2, MANAGER_PERMISSIONS } from '../fake-discord/server.js';
import { seedArticle } from '../fixtures.js';
import { STORIES, storyPage } from '../feeds/news.js';
import { extractArticle } from '../../src/sources/extract.js';
import { buildArticle } from '../../src/knowledge/parse.js';
import { bodyOf, startHarness, type Harness } from './harness.js';
import { humanValueBreaches, repliesOf, visibleText } from './human.js';

type Embed = { title?: string; description?: string; url?: string; author?: { name: string }; thumbnail?: { url: string }; timestamp?: string; fields?: { name: string; value: string }[]; footer?: { text: string } };
type Button = { custom_id?: string; label: string; url?: string; style: number };
type Message = { content?: string; embeds?: Embed[]; components?: { components: Button[] }[]; nonce?: string; enforce_nonce?: boolean; flags?: number };
/** What a member reads of a message: its content, every embed's texts and every button's label. */
const text = (m: Message) => [m.content ?? '', ...(m.embeds ?? []).map((e) => [e.author?.name, e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`), e.footer?.text].filter(Boolean).join('\n')), ...(m.components ?? []).flatMap((r) => r.components.map((b) => b.label))].join('\n').replaceAll('**', '');
const manager = { guildId: GUILD_ID, permissions: MANAGER_PERMISSIONS };
const member = { guildId: GUILD_ID };
/** An ISO 8601 date as a program writes it: never shown to people. */
const RAW_DATE = /\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b/;
const SITE = 'Riverside Gazette';
/** A story's page as its publisher serves it: its name, its picture and its date in the head. */
const publishedPage = (s: { slug: string; title: string; date: string; paragraphs: readonly string[] }) => storyPage(s).replace('</head>', `<meta property="og:site_name" content="${SITE}"><meta property="og:image" content="/img/${s.slug}.jpg"><meta property="article:published_time" content="${s.date}"></head>`);

describe('digests through the real client', () => {
  let h: Harness;
  let db: Db;
  let scheduler: DigestScheduler<ReturnType<typeof renderDigest>[number]>;
  let engine: Engine;
  const ids: string[] = [];
  const clock = { now: new Date('2026-11-28T07:00:00Z') };

  async function replyTo(i: { id: string; token: string }): Promise<Message> {
    const first = await h.fake.callback(i.id, 10_000);
    return bodyOf(first).type === 5 ? ((await h.fake.edit(i.token, 10_000)).body as Message) : (bodyOf(first).data as Message);
  }
  /** Nothing a member reads holds a raw date or an article's internal id. */
  const expectHuman = (m: Message) => {
    expect(text(m)).not.toMatch(RAW_DATE);
    for (const id of [...ids, seedArticle().id]) expect(text(m)).not.toContain(id);
  };

  beforeAll(async () => {
    db = openDatabase(':memory:');
    engine = new Engine([], { meaning: null });
    // A knowledge file: no address, no date.
    engine.store.put(seedArticle(), null, new Date('2026-11-27T10:00:00Z'));
    // Published in 2025, read from a feed's archive in November 2026: old news.
    const old = { ...STORIES[3], date: '2025-06-01T08:00:00Z' };
    for (const [k, s] of [STORIES[0], STORIES[1], old].entries()) {
      const page = extractArticle(publishedPage(s), `https://news.example:8443/${s.slug}`);
      if (!page.ok) throw new Error(page.error.message);
      const parts = partsOfPage(page.value);
      const id = articleId(parts.title, GUILD_ID, contentHash(parts));
      ids.push(id);
      const built = buildArticle(id, parts);
      if (!built.ok) throw new Error(built.error.message);
      engine.store.put(built.value, GUILD_ID, new Date(Date.UTC(2026, 10, 28, 5 - k, k)));
    }
    scheduler = new DigestScheduler({ repo: new DigestRepository(new SqliteSql(db)), engine, outlet: digestOutlet(() => h?.bot.client), log: createLogger('silent'), clock: () => clock.now });
    h = await startHarness({ engine, digests: scheduler, register: true });
  });
  afterAll(async () => {
    await h?.close();
    db?.close();
  });

  it('is shown to members (for /digest now); scheduling needs Manage Server, and names what is wrong with a time or a zone', async () => {
    const put = h.fake.requests.find((r) => r.method === 'PUT')!;
    expect((put.body as { name: string; default_member_permissions?: string | null }[]).find((c) => c.name === 'digest')!.default_member_permissions ?? null).toBeNull();
    const refused = await replyTo(h.fake.command('digest status', {}, member));
    expect(refused.flags).toBe(64);
    expect(text(refused)).toContain('Scheduling digests needs the Manage Server permission');
    expect(text(await replyTo(h.fake.command('digest schedule', { time: '08:00' }, member, {}, { channel: CHANNEL_ID })))).toContain('needs the Manage Server permission');
    expect(text(await replyTo(h.fake.command('digest schedule', { time: '8 o clock' }, manager, {}, { channel: CHANNEL_ID })))).toContain('The time "8 o clock" is not HH:MM');
    expect(text(await replyTo(h.fake.command('digest schedule', { time: '08:00', timezone: 'Mars/Olympus' }, manager, {}, { channel: CHANNEL_ID })))).toContain('"Mars/Olympus" is not a time zone');
    const zones = bodyOf(await h.fake.callback(h.fake.autocomplete('digest schedule', { time: '08:00', timezone: 'europe/lon' }, 'timezone', manager).id)).data.choices as { value: string }[];
    expect(zones.map((z) => z.value)).toEqual(['Europe/London']);
  });

  it('shows a member the digest only to them, as news cards, and leaves the channel\'s next digest as it was', async () => {
    const i = h.fake.command('digest now', {}, member);
    const deferred = bodyOf(await h.fake.callback(i.id, 10_000));
    expect(deferred.type).toBe(5);
    expect(deferred.data.flags).toBe(64);
    const shown = (await h.fake.edit(i.token, 10_000)).body as Message;
    expect(shown.embeds!.map((e) => e.title)).toEqual(['Snow closes mountain pass', 'Council approves new footbridge', 'Donald Trump to hold summit with Vladimir Putin']);
    expectHuman(shown);
    expect(h.fake.requests.some((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`)).toBe(false);
  });

  it('posts the scheduled digest with nonces: a dated header, one news card per story with its own buttons, old news left out and said so', async () => {
    const set = await replyTo(h.fake.command('digest schedule', { time: '08:00', timezone: 'Europe/London', days: 'daily' }, manager, {}, { channel: CHANNEL_ID }));
    expect(text(set)).toMatch(/The digest will be posted in <#\d+> at 08:00 \(Europe\/London\), daily; next <t:\d+:F>\./);
    clock.now = new Date('2026-11-28T08:00:10Z');
    await scheduler.runDue();
    const posted = (await h.fake.channelMessage(CHANNEL_ID)).body as Message;
    expect(posted.nonce).toBe('dg1-0');
    expect(posted.enforce_nonce).toBe(true);
    expect(posted.content).toMatch(new RegExp(`^## News digest · <t:${Math.floor(clock.now.getTime() / 1000)}:D>\n3 stories, newest first\\.\n1 older story \\(published before <t:\\d+:D>\\) left out\\.$`));
    // One card per story, newest first: the publisher's name (not a host and port), the title linked, the picture, the time.
    expect(posted.embeds).toHaveLength(3);
    const [snow, bridge, seed] = posted.embeds!;
    expect(bridge).toMatchObject({ author: { name: SITE }, title: 'Council approves new footbridge', url: 'https://news.example:8443/bridge', thumbnail: { url: 'https://news.example:8443/img/bridge.jpg' }, timestamp: new Date(STORIES[1].date).toISOString() });
    expect(bridge!.description).toContain('> The council approved a new footbridge over the river on Tuesday after two years of debate. (¶1)');
    // Its quotation is in the summary already (¶3): not quoted twice.
    expect(bridge!.description).toContain('"This bridge joins the two halves of our town," said council leader Mary Jones. (¶3)');
    expect(text({ embeds: [bridge!] })).not.toContain('Quoted:');
    expect(text({ embeds: [bridge!] })).toContain('People: Mary Jones, council leader');
    expect(bridge!.footer?.text).toBe('Published');
    expect(snow!.title).toBe('Snow closes mountain pass');
    // A knowledge file has no publisher, no page and no date: the time Pilcrow read it.
    expect(seed).toMatchObject({ title: 'Donald Trump to hold summit with Vladimir Putin', timestamp: '2026-11-27T10:00:00.000Z', footer: { text: 'Added' } });
    expect(seed!.author).toBeUndefined();
    expect(text(posted)).not.toContain('Museum returns stolen painting');
    expect(text(posted)).not.toContain('8443');
    expectHuman(posted);
    // Each story's own row: Ask about it by name, Read more, and its page; never numbered buttons.
    expect(posted.components!.map((r) => r.components.map((b) => b.label))).toEqual([
      ['Ask about “Snow closes mountain pass”', 'Read more', 'Open article'],
      ['Ask about “Council approves new footbridge”', 'Read more', 'Open article'],
      ['Ask about “Donald Trump to hold summit with Vladimir Putin”', 'Read more'],
    ]);
    expect(posted.components![0]!.components[2]!.url).toBe('https://news.example:8443/snow');

    const more = await replyTo(h.fake.button(posted.components![1]!.components[1]!.custom_id!, member));
    expect(more.flags).toBe(64);
    expect(text(more)).toContain('¶1 The council approved a new footbridge');
  });

  it('says when the next digest is and when the last one was; "no new stories" only to the manager who asked', async () => {
    const status = text(await replyTo(h.fake.command('digest status', {}, manager)));
    expect(status).toMatch(/next <t:\d+:R>/);
    expect(status).toMatch(/last digest <t:\d+:R> \(1 message\)/);
    const i = h.fake.command('digest now', {}, manager);
    expect(bodyOf(await h.fake.callback(i.id, 10_000)).type).toBe(5);
    const nothing = (await h.fake.followUp(i.token, 10_000)).body as Message;
    expect(nothing.flags).toBe(64);
    expect(text(nothing)).toMatch(/No new stories since <t:\d+:f>\./);
    expectHuman(nothing);
  });

  it('announces a feed\'s new article as a news card with its own buttons', async () => {
    const article = engine.article(ids[0]!, { owner: GUILD_ID })!;
    expect(article.title).toBe('Snow closes mountain pass');
    const before = new Set(h.fake.requests);
    await feedAnnouncer(() => h.bot.client, createLogger('silent')).announce!({ id: 1, owner: GUILD_ID, url: 'https://news.example:8443/feed.xml', title: 'Gazette: all stories', announceChannel: CHANNEL_ID } as never, article);
    const posted = (await h.fake.waitForRequest((r) => !before.has(r) && r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`)).body as Message;
    expect(posted.embeds![0]).toMatchObject({ author: { name: SITE }, title: 'Snow closes mountain pass', thumbnail: { url: 'https://news.example:8443/img/snow.jpg' }, timestamp: new Date(STORIES[0].date).toISOString() });
    expect(posted.embeds![0]!.footer?.text).toBe('From Gazette: all stories · published');
    expect(posted.components!.map((r) => r.components.map((b) => b.label))).toEqual([['Ask about “Snow closes mountain pass”', 'Read more', 'Open article']]);
    expectHuman(posted);
  });

  it('pauses the schedule of a deleted channel, and says why in /digest status', async () => {
    // The client has heard of the deletion (CHANNEL_DELETE) before the digest falls due.
    const heard = new Promise((resolve) => h.bot.client.once(Events.ChannelDelete, resolve));
    h.fake.deleteChannel(CHANNEL_ID);
    await heard;
    clock.now = new Date('2026-11-29T08:00:10Z');
    const extra = buildArticle('strike', { title: STORIES[2].title, paragraphs: [...STORIES[2].paragraphs] });
    if (extra.ok) engine.store.put(extra.value, GUILD_ID, new Date('2026-11-29T07:00:00Z'));
    await scheduler.runDue();
    const status = text(await replyTo(h.fake.command('digest status', {}, manager)));
    expect(status).toContain('paused');
    expect(status).toContain('the channel no longer exists');
    // The other server is untouched.
    expect(await scheduler.status(GUILD_ID_2)).toEqual([]);
    expect(CHANNEL_ID_2).not.toBe(CHANNEL_ID);
  });
  it('never shows a member a raw ISO date, an internal id, a library\'s error text, a machine address or a wrong plural', () => {
    const ids = [GUILD_ID, GUILD_ID_2].flatMap((owner) => engine.articlesIn({ owner }).map((a) => a.id));
    const breaches = repliesOf(h.fake.requests).flatMap((r) => humanValueBreaches(visibleText(r.body), ids).map((b) => `${r.method} ${r.path.replace(/\/[\w-]{40,}/, '/…')}: ${b}`));
    expect(breaches).toEqual([]);
  });
});

describe('renderDigest', () => {
  const story = (k: number): DigestArticle => ({
    id: `story-${k}`, title: `Story ${k} `.repeat(20).trim(), published: '2026-11-28', url: `https://news.example/${k}`, site: 'News Example', image: null, addedAt: new Date(), alsoFrom: [],
    summary: [1, 2, 3].map((p) => ({ text: `Sentence ${p} of story ${k}, @everyone, with *stars* and a long tail `.repeat(6), paragraph: p })),
    people: [{ name: 'Jane Smith', role: 'council leader' }], quotes: [], places: ['Oban'],
  });

  it('splits many stories over messages inside every Discord limit, each story with its own named row of buttons, and counts the rest', () => {
    const digest: Digest = { since: null, until: new Date('2026-11-28T08:00:00Z'), articles: Array.from({ length: 25 }, (_, k) => story(k + 1)), more: 7, older: 0, olderThan: null };
    const messages = renderDigest(digest, 'News digest');
    expect(messages.length).toBeGreaterThan(4);
    for (const m of messages) {
      expect(m.embeds.length).toBeLessThanOrEqual(10);
      expect(m.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(6000);
      expect(m.components.length).toBeLessThanOrEqual(5);
      // Row k belongs to card k: its Ask button names the story.
      expect(m.components).toHaveLength(m.embeds.length);
      m.components.forEach((row, k) => {
        const ask = row.components[0] as { label: string };
        expect(ask.label.length).toBeLessThanOrEqual(80);
        expect(ask.label).toMatch(new RegExp(`^Ask about “${m.embeds[k]!.title!.slice(0, 8)}`));
      });
      expect((m.content ?? '').length).toBeLessThanOrEqual(2000);
      expect(m.allowedMentions).toEqual({ parse: [] });
      for (const e of m.embeds) expect(e.description).not.toContain('*stars*');
    }
    expect(messages.flatMap((m) => m.embeds)).toHaveLength(25);
    expect(messages.at(-1)!.content).toContain('…and 7 stories more');
    expect(messages[0]!.content).toMatch(/^## News digest · <t:\d+:D>\n32 stories, newest first\.$/);
  });
});
