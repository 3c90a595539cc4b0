import { describe, expect, it } from 'vitest';
import { buildDigest, parseSince, readableHost } from '../../src/digest/digest.js';
import { buildArticle } from '../../src/knowledge/parse.js';
import { Engine } from '../../src/engine/answers.js';
import { article, seedArticle } from '../fixtures.js';
import { problemLine } from '../../src/cli/problems.js';
import { problemText } from '../../src/discord/problems.js';

const NOW = new Date('2026-11-28T10:00:00Z');
const hours = (h: number) => new Date(NOW.getTime() - h * 3600_000);
const story = (id: string, title: string, first: string) => article(id, `${title}\n\n${first}\n\nThe council said more details would be published next week, after a meeting of its members.\n\nResidents have until January to comment on the plans at the town hall or online.`);

describe('the digest', () => {
  const engine = new Engine([], { meaning: null });
  engine.store.put(seedArticle(), null, hours(48));
  engine.store.put(story('bridge', 'Council approves new footbridge', 'The council approved a new footbridge over the river on Tuesday after two years of debate.'), 'guild', hours(5));
  engine.store.put(story('strike', 'Rail workers vote to strike', 'Rail workers voted to strike in December over pay, their union said on Wednesday evening.'), 'guild', hours(2));
  // The same story again from another feed, a word changed.
  engine.store.put(story('bridge-2', 'Footbridge approved', 'The council approved a new footbridge over the river on Tuesday after two long years of debate.'), 'guild', hours(1));
  engine.store.put(story('elsewhere', 'Another server\'s story', 'Snow closed the mountain pass in Wales on Friday, stranding dozens of drivers overnight.'), 'other', hours(1));

  it('lists the articles since a time, newest first, the same story once with its other source', async () => {
    const d = await buildDigest(engine.store, { owner: 'guild' }, { since: hours(24) });
    expect(d.articles.map((a) => a.id)).toEqual(['bridge-2', 'strike']);
    expect(d.articles[0]!.alsoFrom.map((x) => x.id)).toEqual(['bridge']);
    expect(d.more).toBe(0);
  });

  it('leaves out what came after the end of its span, also from the count of the rest (a resend covers its first span)', async () => {
    const d = await buildDigest(engine.store, { owner: 'guild' }, { until: hours(3), maxArticles: 1 });
    expect(d.articles.map((a) => a.id)).toEqual(['bridge']);
    expect(d.more).toBe(1);
  });

  it('takes every article without a time, capped, counting the rest', async () => {
    const d = await buildDigest(engine.store, { owner: 'guild' }, { maxArticles: 2 });
    expect(d.articles.map((a) => a.id)).toEqual(['bridge-2', 'strike']);
    expect(d.more).toBe(1);
  });

  it('gives each story its summary with ¶, its people with roles, its quotations and places', async () => {
    const d = await buildDigest(engine.store, { owner: null });
    const seed = d.articles[0]!;
    expect(seed.summary.map((s) => s.paragraph)).toEqual([1, 2, 3]);
    expect(seed.people).toContainEqual({ name: 'John Bolton', role: 'US national security adviser' });
    expect(seed.quotes.length).toBeGreaterThan(0);
    expect(seed.quotes.every((q) => q.speakerIsPerson && q.kind === 'direct')).toBe(true);
    expect(seed.places).toContain('Moscow');
  });

  it('never shows another server\'s articles', async () => {
    const d = await buildDigest(engine.store, { owner: 'guild' });
    expect(d.articles.map((a) => a.id)).not.toContain('elsewhere');
  });
});

describe('the digest tells old news and names publishers', () => {
  const engine = new Engine([], { meaning: null });
  const put = (id: string, title: string, meta: { published?: string; source?: string; site?: string; image?: string }, added: Date) => {
    const built = buildArticle(id, { title, paragraphs: [`${title} was reported on by our correspondent in a story about ${id} that runs to a few sentences.`, `Residents have until January to comment on the ${id} plans at the town hall.`], ...meta });
    if (!built.ok) throw new Error(built.error.message);
    engine.store.put(built.value, 'guild', added);
  };
  put('today', 'Footbridge approved', { published: hours(3).toISOString(), source: 'https://www.gazette.example:8443/bridge', site: 'Riverside Gazette', image: 'https://www.gazette.example/img/bridge.jpg' }, hours(2));
  put('archive', 'Rail strike called off', { published: '2025-03-01T08:00:00Z', source: 'https://rail.example/strike', image: 'javascript:alert(1)' }, hours(1));
  put('undated', 'Snow closes pass', { source: 'http://127.0.0.1:36499/snow' }, hours(1.5));

  it('leaves out a story published days before its period, and counts it with the day before which stories are old', async () => {
    const d = await buildDigest(engine.store, { owner: 'guild' }, { since: hours(24), until: NOW });
    expect(d.articles.map((a) => a.id)).toEqual(['undated', 'today']);
    expect(d.older).toBe(1);
    expect(d.olderThan).toEqual(hours(24 + 72));
    // A first digest (no since) looks back a week from its end.
    const first = await buildDigest(engine.store, { owner: 'guild' }, { until: NOW });
    expect(first.older).toBe(1);
    // The command line's digest without --since keeps every article.
    const all = await buildDigest(engine.store, { owner: 'guild' }, { until: NOW, keepOld: true });
    expect({ stories: all.articles.length, older: all.older }).toEqual({ stories: 3, older: 0 });
  });

  it('names the publisher (its own name, else the host without www and port) and keeps only an http(s) picture', async () => {
    const d = await buildDigest(engine.store, { owner: 'guild' }, { since: hours(24), until: NOW });
    const today = d.articles.find((a) => a.id === 'today')!;
    expect({ site: today.site, image: today.image }).toEqual({ site: 'Riverside Gazette', image: 'https://www.gazette.example/img/bridge.jpg' });
    expect(d.articles.find((a) => a.id === 'undated')!.site).toBe('127.0.0.1');
    expect(readableHost('https://www.gazette.example:8443/x')).toBe('gazette.example');
    expect(readableHost(null)).toBeNull();
  });
});

describe('parseSince', () => {
  it('reads durations back from now and dates, and names what is wrong', () => {
    expect(parseSince('24h', NOW)).toEqual({ ok: true, value: hours(24) });
    expect(parseSince('3d', NOW)).toEqual({ ok: true, value: hours(72) });
    expect(parseSince('2w', NOW)).toEqual({ ok: true, value: hours(336) });
    expect(parseSince('2026-11-01', NOW)).toEqual({ ok: true, value: new Date('2026-11-01T00:00:00Z') });
    // Codes with what was typed, worded by the front ends (the CLI's and Discord's words are checked with them).
    expect(parseSince('yesterday', NOW)).toMatchObject({ ok: false, error: { code: 'bad_since', typed: 'yesterday' } });
    expect(parseSince('2027-01-01', NOW)).toMatchObject({ ok: false, error: { code: 'since_future', typed: '2027-01-01' } });
    expect(problemLine((parseSince('yesterday', NOW) as { error: { code: string } }).error)).toBe('"yesterday" is neither a time back (24h, 3d, 2w) nor a date (2026-11-01).');
    expect(problemText((parseSince('2027-01-01', NOW) as { error: { code: string } }).error)).toBe('"2027-01-01" is in the future.');
  });
});
