import { describe, expect, it } from 'vitest';
import type { FeedEntry } from '../../src/feeds/parse.js';
import { isTemporary, itemKeys, normalLink, titleOf } from '../../src/feeds/reader.js';

const entry = (e: Partial<FeedEntry>): FeedEntry => ({ guid: null, link: null, title: null, published: null, content: null, summary: null, author: null, ...e });
const FEED = 'https://news.example/feed.xml';

describe('the title an item is stored under', () => {
  it('is the page\'s own when the page is read', () => {
    expect(titleOf('Review: Blue Harbour is a quiet triumph', 'Review: <em>Blue Harbour</em> is a quiet triumph')).toBe('Review: Blue Harbour is a quiet triumph');
    expect(titleOf('Council approves budget', 'Council approves &amp;amp; budget')).toBe('Council approves budget');
  });

  it('is the feed\'s when the page\'s is the feed\'s with the site\'s name after it, or when the page has none', () => {
    expect(titleOf('Snow closes pass | Daily News', 'Snow closes pass')).toBe('Snow closes pass');
    expect(titleOf('Snow closes pass – The Courier', 'Snow closes pass')).toBe('Snow closes pass');
    expect(titleOf('', 'Snow closes pass')).toBe('Snow closes pass');
    // A page title that merely starts with the feed's is another title.
    expect(titleOf('Snow closes pass for a week', 'Snow closes pass')).toBe('Snow closes pass for a week');
  });
});

describe('which failures to read a page are worth trying again', () => {
  it('timeouts, server errors, 429 and an unreachable host are; 404, 403 and a page with no article are not', () => {
    for (const e of [{ code: 'timeout' }, { code: 'network' }, { code: 'dns' }, { code: 'too_slow' }, { code: 'http', status: 503 }, { code: 'http', status: 500 }, { code: 'http', status: 429 }]) expect(isTemporary(e), JSON.stringify(e)).toBe(true);
    for (const e of [{ code: 'http', status: 404 }, { code: 'http', status: 410 }, { code: 'http', status: 403 }, { code: 'not_an_article' }, { code: 'content_type' }, { code: 'address' }]) expect(isTemporary(e), JSON.stringify(e)).toBe(false);
  });
});

describe('what an item is known by', () => {
  it('its guid and link when each is its own', () => {
    const keys = itemKeys([entry({ guid: 'a-1', link: 'https://news.example/a' }), entry({ guid: 'b-1', link: 'https://news.example/b?utm_source=rss#top' })], FEED);
    expect(keys.map((k) => k.keys)).toEqual([['guid:a-1', 'link:https://news.example/a'], ['guid:b-1', 'link:https://news.example/b']]);
  });

  it('not a guid that several items share, a placeholder, or the feed\'s own address', () => {
    const shared = itemKeys(['a', 'b', 'c'].map((x) => entry({ guid: 'https://news.example/', link: `https://news.example/${x}` })), FEED);
    expect(shared.map((k) => k.keys)).toEqual(['a', 'b', 'c'].map((x) => [`link:https://news.example/${x}`]));
    for (const guid of ['N/A', 'n/a', '0', 'null', '-', FEED]) {
      expect(itemKeys([entry({ guid, link: 'https://news.example/only' })], FEED)[0]!.keys, guid).toEqual(['link:https://news.example/only']);
    }
  });

  it('a hash of its title, date and text when neither guid nor link tells it apart, so no two stories collapse into one', () => {
    const items = [entry({ title: 'Morning briefing', published: new Date('2026-01-01T07:00:00Z'), summary: '<p>Rain.</p>' }), entry({ title: 'Morning briefing', published: new Date('2026-01-02T07:00:00Z'), summary: '<p>Snow.</p>' })];
    const [first, second] = itemKeys(items, FEED).map((k) => k.keys);
    expect(first![0]).toMatch(/^hash:[0-9a-f]{64}$/);
    expect(first).not.toEqual(second);
    // Every item linking to the home page: the link is no identity either.
    const home = itemKeys([entry({ link: 'https://news.example/', title: 'One' }), entry({ link: 'https://news.example/', title: 'Two' })], FEED);
    expect(home.every((k) => k.keys.length === 1 && k.keys[0]!.startsWith('hash:'))).toBe(true);
  });

  it('normalises links: no fragment, no tracking parameters, other parameters kept', () => {
    expect(normalLink('https://news.example/a?id=3&utm_medium=rss&fbclid=x#comments')).toBe('https://news.example/a?id=3');
  });
});
