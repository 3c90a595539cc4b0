import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeedEntry } from '../../src/feeds/parse.js';
import { holdsStory, isTemporary, itemKeys, normalLink, titleOf } from '../../src/feeds/reader.js';
import { extractArticle } from '../../src/sources/extract.js';
import { hasNewsPages, NEWS_PAGES } from '../sources/site.js';

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

describe('whether a page that answered is the story an item announces', () => {
  const page = (title: string, paragraphs: string[]) => ({ title, byline: null, published: null, url: 'https://news.example/x', paragraphs, captions: [], text: 'readability' as const, image: null, site: null });
  const item = entry({ title: 'Council approves three hundred homes on old paper mill site', link: 'https://news.example/mill' });

  it('is when the page holds the headline\'s words, however the page words them', () => {
    expect(holdsStory(page('Council approves homes on mill site | County Record', ['The county council approved a plan on Tuesday to build three hundred homes on the former paper mill site.']), item, null)).toBe(true);
  });

  it('is not for a "not found" page, a consent wall or a front page that answered 200', () => {
    expect(holdsStory(page('Page not found | County Record', ['Sorry, we could not find the page you were looking for.', 'Try searching our site or go back to the home page.']), item, null)).toBe(false);
    expect(holdsStory(page('Before you continue', ['We use cookies and data to deliver and maintain our services, measure audience engagement and show personalised ads.', 'If you choose to accept all, we will also use cookies to develop and improve new services.']), item, null)).toBe(false);
    expect(holdsStory(page('County Record: local news', ['Bridge to reopen in spring after repairs.', 'School wins national award for its garden.', 'Rail strike called off after talks.']), item, null)).toBe(false);
  });

  it('cannot be judged from a title of one or two telling words: taken as the story', () => {
    expect(holdsStory(page('Page not found', ['Sorry.']), entry({ title: 'PM quits' }), null)).toBe(true);
  });

  it.skipIf(!hasNewsPages)('is, for each of the 21 saved news pages against its own headline', () => {
    for (const name of readdirSync(NEWS_PAGES).filter((d) => existsSync(join(NEWS_PAGES, d, 'source.html')))) {
      const meta = JSON.parse(readFileSync(join(NEWS_PAGES, name, 'expected-metadata.json'), 'utf8')) as { title: string };
      const read = extractArticle(readFileSync(join(NEWS_PAGES, name, 'source.html'), 'utf8'), `http://127.0.0.1/${name}`);
      expect(read.ok, name).toBe(true);
      if (read.ok) expect(holdsStory(read.value, entry({ title: meta.title }), null), name).toBe(true);
    }
  });
});
