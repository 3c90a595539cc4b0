import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOutlet } from '../../src/discord/digest-outlet.js';
import { renderDigest } from '../../src/discord/render-digest.js';
import { embedLength } from '../../src/discord/render.js';
import type { Digest, DigestArticle } from '../../src/digest/digest.js';
import { DigestScheduler } from '../../src/digest/scheduler.js';
import { Engine } from '../../src/engine.js';
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

type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } };
type Message = { content?: string; embeds?: Embed[]; components?: { components: { custom_id: string; label: string }[] }[]; nonce?: string; enforce_nonce?: boolean; flags?: number };
const text = (m: Message) => [m.content ?? '', ...(m.embeds ?? []).map((e) => [e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`), e.footer?.text].filter(Boolean).join('\n'))].join('\n').replaceAll('**', '');
const manager = { guildId: GUILD_ID, permissions: MANAGER_PERMISSIONS };

describe('digests through the real client', () => {
  let h: Harness;
  let db: Db;
  let scheduler: DigestScheduler<ReturnType<typeof renderDigest>[number]>;
  let engine: Engine;
  const clock = { now: new Date('2026-11-28T07:00:00Z') };

  async function replyTo(i: { id: string; token: string }): Promise<Message> {
    const first = await h.fake.callback(i.id, 10_000);
    return bodyOf(first).type === 5 ? ((await h.fake.edit(i.token, 10_000)).body as Message) : (bodyOf(first).data as Message);
  }

  beforeAll(async () => {
    db = openDatabase(':memory:');
    engine = new Engine([], { meaning: null });
    engine.store.put(seedArticle(), null, new Date('2026-11-27T10:00:00Z'));
    for (const [k, s] of STORIES.slice(0, 2).entries()) {
      const page = extractArticle(storyPage(s), `https://news.example/${s.slug}`);
      if (!page.ok) throw new Error(page.error.message);
      const built = buildArticle(s.slug, { title: s.title, paragraphs: page.value.paragraphs, source: page.value.url });
      if (!built.ok) throw new Error(built.error.message);
      engine.store.put(built.value, GUILD_ID, new Date(Date.UTC(2026, 10, 28, 5, k)));
    }
    scheduler = new DigestScheduler({ repo: new DigestRepository(new SqliteSql(db)), store: engine.store, outlet: digestOutlet(() => h?.bot.client), log: createLogger('silent'), clock: () => clock.now });
    h = await startHarness({ engine, digests: scheduler, register: true });
  });
  afterAll(async () => {
    await h?.close();
    db?.close();
  });

  it('is for Manage Server, and names what is wrong with a time or a zone', async () => {
    const put = h.fake.requests.find((r) => r.method === 'PUT')!;
    expect((put.body as { name: string; default_member_permissions?: string }[]).find((c) => c.name === 'digest')!.default_member_permissions).toBe('32');
    expect(text(await replyTo(h.fake.command('digest status', {}, { guildId: GUILD_ID })))).toContain('Digests need the Manage Server permission.');
    expect(text(await replyTo(h.fake.command('digest schedule', { time: '8 o clock' }, manager, {}, { channel: CHANNEL_ID })))).toContain('The time "8 o clock" is not HH:MM');
    expect(text(await replyTo(h.fake.command('digest schedule', { time: '08:00', timezone: 'Mars/Olympus' }, manager, {}, { channel: CHANNEL_ID })))).toContain('"Mars/Olympus" is not a time zone');
    const zones = bodyOf(await h.fake.callback(h.fake.autocomplete('digest schedule', { time: '08:00', timezone: 'europe/lon' }, 'timezone', manager).id)).data.choices as { value: string }[];
    expect(zones.map((z) => z.value)).toEqual(['Europe/London']);
  });

  it('posts the scheduled digest with nonces, each story cited, with Ask and Read more buttons', async () => {
    const set = await replyTo(h.fake.command('digest schedule', { time: '08:00', timezone: 'Europe/London', days: 'daily' }, manager, {}, { channel: CHANNEL_ID }));
    expect(text(set)).toMatch(/The digest will be posted in <#\d+> at 08:00 \(Europe\/London\), daily; next <t:\d+:F>\./);
    clock.now = new Date('2026-11-28T08:00:10Z');
    await scheduler.runDue();
    const posted = (await h.fake.channelMessage(CHANNEL_ID)).body as Message;
    expect(posted.nonce).toBe('dg1-0');
    expect(posted.enforce_nonce).toBe(true);
    const body = text(posted);
    expect(body).toContain('3 articles, newest first.');
    expect(body).toContain('1 · Council approves new footbridge');
    expect(body).toContain('> The council approved a new footbridge over the river on Tuesday after two years of debate. (¶1)');
    expect(body).toContain('Quoted: “This bridge joins the two halves of our town” — Mary Jones (¶3)');
    expect(body).toContain('3 · Donald Trump to hold summit with Vladimir Putin');
    const buttons = posted.components!.flatMap((r) => r.components);
    expect(buttons.map((b) => b.label)).toEqual(['Ask about #1', 'Read more #1', 'Ask about #2', 'Read more #2', 'Ask about #3', 'Read more #3']);

    const more = await replyTo(h.fake.button(buttons[1]!.custom_id, { guildId: GUILD_ID }));
    expect(more.flags).toBe(64);
    expect(text(more)).toContain('¶1 The council approved a new footbridge');
  });

  it('says when the next digest is and when the last one was; /digest now has nothing new', async () => {
    const status = text(await replyTo(h.fake.command('digest status', {}, manager)));
    expect(status).toMatch(/next <t:\d+:R>/);
    expect(status).toMatch(/last digest <t:\d+:R> \(1 message\)/);
    const now = await replyTo(h.fake.command('digest now', {}, manager));
    expect(text(now)).toContain('No new articles since');
  });

  it('pauses the schedule of a deleted channel, and says why in /digest status', async () => {
    h.fake.deleteChannel(CHANNEL_ID);
    await new Promise((resolve) => setTimeout(resolve, 100));
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
});

describe('renderDigest', () => {
  const story = (k: number): DigestArticle => ({
    id: `story-${k}`, title: `Story ${k} `.repeat(20).trim(), published: '2026-11-28', url: `https://news.example/${k}`, addedAt: new Date(), alsoFrom: [],
    summary: [1, 2, 3].map((p) => ({ text: `Sentence ${p} of story ${k}, @everyone, with *stars* and a long tail `.repeat(6), paragraph: p })),
    people: [{ name: 'Jane Smith', role: 'council leader' }], quotes: [], places: ['Oban'],
  });

  it('splits many stories over messages inside every Discord limit, and counts the rest', () => {
    const digest: Digest = { since: null, articles: Array.from({ length: 25 }, (_, k) => story(k + 1)), more: 7 };
    const messages = renderDigest(digest, '**News digest**');
    expect(messages.length).toBeGreaterThan(2);
    for (const m of messages) {
      expect(m.embeds.length).toBeLessThanOrEqual(10);
      expect(m.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(6000);
      expect(m.components.length).toBeLessThanOrEqual(5);
      expect((m.content ?? '').length).toBeLessThanOrEqual(2000);
      expect(m.allowedMentions).toEqual({ parse: [] });
      for (const e of m.embeds) expect(e.description).not.toContain('*stars*');
    }
    expect(messages.flatMap((m) => m.embeds)).toHaveLength(25);
    expect(messages.at(-1)!.content).toContain('…and 7 more');
  });
});
