import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readFeed, type FeedEntry, type ParsedFeed } from '../../src/feeds/parse.js';
import { htmlBlocks } from '../../src/sources/extract.js';
import { ROOT } from '../fixtures.js';
import { caseFile, hasCase } from '../real-cases/site.js';

const FEED_URL = 'http://news.example/feeds/main.xml';

/** A feed read successfully; the test fails at once when it is not. */
function read(text: string, url = FEED_URL): ParsedFeed {
  const r = readFeed(text, url);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const rss = (items: string, channel = '<title>Local News</title>', attrs = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"${attrs}><channel>${channel}<link>http://news.example/</link><description>d</description>${items}</channel></rss>`;
const atom = (entries: string, head = '<title>Local News</title>', attrs = '') =>
  `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"${attrs}>${head}<id>urn:feed</id><updated>2024-03-05T10:00:00Z</updated>${entries}</feed>`;
const json = (items: object[]) => JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Local News', items });

const entry = (feed: ParsedFeed, i = 0): FeedEntry => feed.entries[i]!;
const paragraphs = (html: string | null) => (html === null ? null : htmlBlocks(html).paragraphs);

const MILL = [
  'The county council approved a plan on Tuesday to build three hundred homes on the former paper mill site by the river.',
  'Councillor Ruth Adeyemi said the homes would include a hundred for social rent, and work could begin next spring.',
  'Residents had objected to the loss of the riverside footpath, which the developer has now agreed to keep open.',
];

describe('titles are plain text', () => {
  describe.skipIf(!hasCase('ingest-04'))('the ingest-04 Atom feed', () => {
    it('reads html, text and xhtml titles as RFC 4287 says', () => {
      const feed = read(caseFile('ingest-04', 'www/feed.atom').toString('utf8'), 'http://127.0.0.1:8080/feed.atom');
      expect(feed.entries.map((e) => e.title)).toEqual([
        'Review: Blue Harbour is a quiet triumph',
        'Issue 8311: builder rejects <col> inside <colgroup>',
        'Review: Blue Harbour wins the festival prize',
      ]);
    });
  });

  it('reduces Atom html and xhtml titles to their text, and keeps text titles literal', () => {
    const feed = read(atom(`
      <entry><id>1</id><title type="html">&lt;b&gt;Storm&lt;/b&gt; closes &lt;i&gt;the&lt;/i&gt; pass &amp;amp; road</title></entry>
      <entry><id>2</id><title type="xhtml"><xhtml:div xmlns:xhtml="http://www.w3.org/1999/xhtml">Storm <xhtml:b>closes</xhtml:b> the pass &amp; road</xhtml:div></title></entry>
      <entry><id>3</id><title type="text">Why &lt;b&gt;bold&lt;/b&gt; is not &lt;strong&gt;</title></entry>
      <entry><id>4</id><title type="html"><![CDATA[Storm <em>closes</em> the pass]]></title></entry>`));
    expect(feed.entries.map((e) => e.title)).toEqual(['Storm closes the pass & road', 'Storm closes the pass & road', 'Why <b>bold</b> is not <strong>', 'Storm closes the pass']);
  });

  it('reads an untyped Atom title as RSS titles are read: markup out only where it is clearly markup', () => {
    const feed = read(atom('<entry><id>1</id><title>Council &amp;amp; unions &lt;em&gt;agree&lt;/em&gt;</title></entry><entry><id>2</id><title>Profits &lt; 5%</title></entry>'));
    expect(feed.entries.map((e) => e.title)).toEqual(['Council & unions agree', 'Profits < 5%']);
  });

  it('decodes what WordPress and others encode twice in RSS titles, in CDATA or not', () => {
    const feed = read(rss(`
      <item><title>Mayor&amp;#8217;s plan &amp;amp; the budget</title><guid>1</guid></item>
      <item><title><![CDATA[Mayor&#8217;s plan &amp; the budget]]></title><guid>2</guid></item>
      <item><title><![CDATA[Don&#039;t miss: Fish &amp;amp; Chips]]></title><guid>3</guid></item>`));
    expect(feed.entries.map((e) => e.title)).toEqual(['Mayor’s plan & the budget', 'Mayor’s plan & the budget', 'Don\'t miss: Fish & Chips']);
  });

  it('takes stray markup out of RSS titles without mangling a literal "<"', () => {
    const feed = read(rss(`
      <item><title>&lt;b&gt;Breaking:&lt;/b&gt; storm hits coast</title><guid>1</guid></item>
      <item><title><![CDATA[<strong>Live</strong> updates<br/>from the summit]]></title><guid>2</guid></item>
      <item><title>Rates &lt; 2% for the first time since 2021</title><guid>3</guid></item>
      <item><title><![CDATA[Issue 8311: builder rejects &lt;col&gt; inside &lt;colgroup&gt;]]></title><guid>4</guid></item>`));
    expect(feed.entries.map((e) => e.title)).toEqual(['Breaking: storm hits coast', 'Live updates from the summit', 'Rates < 2% for the first time since 2021', 'Issue 8311: builder rejects <col> inside <colgroup>']);
  });

  it('cleans the feed\'s own title and the authors the same way', () => {
    const rssFeed = read(rss('<item><title>A</title><guid>1</guid><dc:creator><![CDATA[Jane &amp;amp; <b>John</b> Doe]]></dc:creator></item><item><title>B</title><guid>2</guid><author>desk@news.example (News &amp;amp; Views Desk)</author></item>', '<title>News &amp;amp; Views</title>'));
    expect(rssFeed.title).toBe('News & Views');
    expect(rssFeed.entries.map((e) => e.author)).toEqual(['Jane & John Doe', 'News & Views Desk']);
    const atomFeed = read(atom('<entry><id>1</id><title>A</title><author><name>Ana &amp;amp; Co</name></author></entry>', '<title type="html">&lt;em&gt;Arts&lt;/em&gt; Desk</title>'));
    expect(atomFeed.title).toBe('Arts Desk');
    expect(entry(atomFeed).author).toBe('Ana & Co');
    const jsonFeed = read(json([{ id: '1', title: 'Fish &amp; Chips', authors: [{ name: ' Ana\n Lima ' }] }, { id: '2', title: 'B', author: { name: 'Old Style' } }]));
    expect(jsonFeed.entries.map((e) => [e.title, e.author])).toEqual([['Fish & Chips', 'Ana Lima'], ['B', 'Old Style']]);
  });

  it('collapses white space in titles', () => {
    expect(entry(read(rss('<item><title>\n  Storm\n\tcloses   the pass </title><guid>1</guid></item>'))).title).toBe('Storm closes the pass');
  });
});

describe('links are absolute', () => {
  it('resolves Atom links against the entry\'s and the feed\'s xml:base, in that order (RFC 4287 §2, XML Base)', () => {
    const feed = read(atom(`
      <entry xml:base="2024/"><id>1</id><title>A</title><link href="storm.html"/></entry>
      <entry xml:base="http://other.example/news/"><id>2</id><title>B</title><link href="/bridge"/></entry>
      <entry><id>3</id><title>C</title><link href="strike.html"/></entry>
      <entry><id>4</id><title>D</title><link href="http://elsewhere.example/museum"/></entry>`, '<title>T</title>', ' xml:base="http://news.example/blog/"'));
    expect(feed.entries.map((e) => e.link)).toEqual([
      'http://news.example/blog/2024/storm.html',
      'http://other.example/bridge',
      'http://news.example/blog/strike.html',
      'http://elsewhere.example/museum',
    ]);
  });

  it('resolves a relative xml:base on the feed against the feed\'s own address', () => {
    const feed = read(atom('<entry><id>1</id><title>A</title><link href="a.html"/></entry>', '<title>T</title>', ' xml:base="/archive/"'), 'http://news.example/feeds/atom.xml');
    expect(entry(feed).link).toBe('http://news.example/archive/a.html');
  });

  it('takes the alternate HTML link of an Atom entry, not its enclosure or edit link', () => {
    const feed = read(atom('<entry><id>1</id><title>A</title><link rel="enclosure" href="/a.mp3"/><link rel="edit" href="/edit/1"/><link rel="alternate" type="application/json" href="/a.json"/><link href="/a.html"/></entry>'));
    expect(entry(feed).link).toBe('http://news.example/a.html');
  });

  it('resolves RSS links against the feed\'s address, and against an item\'s xml:base where it has one', () => {
    const feed = read(rss('<item><title>A</title><link>../news/a</link><guid>1</guid></item><item xml:base="http://other.example/x/"><title>B</title><link>b</link><guid>2</guid></item>'));
    expect(feed.entries.map((e) => e.link)).toEqual(['http://news.example/news/a', 'http://other.example/x/b']);
  });

  it('refuses links that are not http(s)', () => {
    expect(entry(read(rss('<item><title>A</title><link>javascript:alert(1)</link><guid isPermaLink="false">1</guid></item>'))).link).toBeNull();
  });
});

describe('every text the feed carries', () => {
  describe.skipIf(!hasCase('ingest-09'))('the ingest-09 feeds whose pages cannot be read', () => {
    it('keeps the RSS description as the summary', () => {
      const e = entry(read(caseFile('ingest-09', 'www/rss.xml').toString('utf8')));
      expect([e.content, paragraphs(e.summary)]).toEqual([null, MILL]);
    });

    it('keeps the Atom summary', () => {
      const e = entry(read(caseFile('ingest-09', 'www/atom.xml').toString('utf8')));
      expect([e.content, paragraphs(e.summary)]).toEqual([null, MILL]);
    });

    it('keeps the JSON Feed summary, escaped as a paragraph', () => {
      const e = entry(read(caseFile('ingest-09', 'www/feed.json').toString('utf8')));
      expect([e.content, paragraphs(e.summary)]).toEqual([null, [`${MILL[0]} ${MILL[1]}`]]);
    });

    it('still reads JSON Feed content_text as the content', () => {
      const e = entry(read(caseFile('ingest-09', 'www/feed-text.json').toString('utf8')));
      expect([paragraphs(e.content), e.summary]).toEqual([MILL.slice(0, 2), null]);
    });
  });

  it('keeps the full text and the summary apart when an RSS item has both', () => {
    const e = entry(read(rss('<item><title>A</title><guid>1</guid><description>Short teaser.</description><content:encoded><![CDATA[<p>Full one.</p><p>Full two.</p>]]></content:encoded></item>')));
    expect([paragraphs(e.content), paragraphs(e.summary)]).toEqual([['Full one.', 'Full two.'], ['Short teaser.']]);
  });

  it('reads an RSS description that is plain text as text: "<" kept, blank lines as paragraphs, double encoding undone', () => {
    const e = entry(read(rss('<item><title>A</title><guid>1</guid><description>Rates &lt; 2% this year.\n\nThe bank&amp;#8217;s view.</description></item>')));
    expect(paragraphs(e.summary)).toEqual(['Rates < 2% this year.', 'The bank’s view.']);
  });

  it('escapes Atom type="text" content and summaries, and keeps html and xhtml ones as HTML', () => {
    const feed = read(atom(`
      <entry><id>1</id><title>A</title><content type="text">Use &lt;p&gt; for paragraphs &amp; more.

Second paragraph.</content><summary type="text">x &lt; y</summary></entry>
      <entry><id>2</id><title>B</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>One &amp; two.</p><p>Three.</p></div></content><summary type="html">&lt;p&gt;Teaser&lt;/p&gt;</summary></entry>`));
    expect([paragraphs(entry(feed, 0).content), paragraphs(entry(feed, 0).summary)]).toEqual([['Use <p> for paragraphs & more.', 'Second paragraph.'], ['x < y']]);
    expect([paragraphs(entry(feed, 1).content), paragraphs(entry(feed, 1).summary)]).toEqual([['One & two.', 'Three.'], ['Teaser']]);
  });

  it('reads untyped Atom content holding escaped HTML as HTML', () => {
    expect(paragraphs(entry(read(atom('<entry><id>1</id><title>A</title><content>&lt;p&gt;One.&lt;/p&gt;&lt;p&gt;Two.&lt;/p&gt;</content></entry>'))).content)).toEqual(['One.', 'Two.']);
  });

  it('has no content for Atom content kept elsewhere (src) or not text (base64)', () => {
    const feed = read(atom('<entry><id>1</id><title>A</title><content type="text/html" src="http://news.example/a.html"/></entry><entry><id>2</id><title>B</title><content type="image/png">iVBORw0KGgo=</content></entry>'));
    expect(feed.entries.map((e) => e.content)).toEqual([null, null]);
  });

  it('reads a JSON Feed item\'s summary beside its content_html', () => {
    const e = entry(read(json([{ id: '1', title: 'A', content_html: '<p>Full.</p>', summary: 'Teaser & more' }])));
    expect([e.content, e.summary]).toEqual(['<p>Full.</p>', '<p>Teaser &amp; more</p>']);
  });
});

describe('dates', () => {
  const EXPECTED_11: Record<string, string | null> = {
    'rfc822': '2024-03-05T09:00:00.000Z',
    'german-names': '2024-03-05T09:00:00.000Z',
    'two-digit-year': '2024-03-05T09:00:00.000Z',
    'no-zone-ampm': '2024-03-05T10:00:00.000Z',
    'cest-zone': '2024-03-05T08:00:00.000Z',
    'ist-zone': '2024-03-05T04:30:00.000Z',
    'iso-space-no-zone': '2024-03-05T10:00:00.000Z',
    'day-first-slashes': null,
    'atom-rfc822-updated': '2021-05-28T14:00:00.000Z',
  };
  const published = (feed: ParsedFeed) => Object.fromEntries(feed.entries.map((e) => [e.title, e.published?.toISOString() ?? null]));

  describe.skipIf(!hasCase('ingest-11'))('the ingest-11 feeds', () => {
    it('reads every form it can read without guessing, and leaves 05/03/2024 null', () => {
      const rssFeed = read(caseFile('ingest-11', 'www/feed.xml').toString('utf8'));
      const atomFeed = read(caseFile('ingest-11', 'www/atom.xml').toString('utf8'));
      expect({ ...published(rssFeed), ...published(atomFeed) }).toEqual(EXPECTED_11);
    });

    it('reads the same dates when the host is in New York', async () => {
      const script = `const { readFeed } = await import(process.argv[1]); const { readFileSync } = await import('node:fs');
        const out = {}; for (const f of process.argv.slice(2)) for (const e of readFeed(readFileSync(f, 'utf8'), 'http://127.0.0.1/').value.entries) out[e.title] = e.published?.toISOString() ?? null;
        process.stdout.write(JSON.stringify(out));`;
      const files = ['feed.xml', 'atom.xml'].map((f) => join(ROOT, '..', 'shared', 'real-cases', 'ingest-11', 'www', f));
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, join(ROOT, 'src', 'feeds', 'parse.ts'), ...files], { cwd: ROOT, env: { ...process.env, TZ: 'America/New_York' } });
      expect(JSON.parse(stdout)).toEqual(EXPECTED_11);
    });
  });

  it('sorts dated items newest first, and leaves an item without a readable date where the feed put it', () => {
    const feed = read(rss(`
      <item><title>middle</title><guid>1</guid><pubDate>Di, 05 Mär 2024 10:00:00 +0100</pubDate></item>
      <item><title>ambiguous</title><guid>2</guid><pubDate>05/03/2024 10:00</pubDate></item>
      <item><title>newest</title><guid>3</guid><pubDate>2024-03-06 08:00:00</pubDate></item>
      <item><title>oldest</title><guid>4</guid><pubDate>Mon, 04 Mar 24 10:00:00 EST</pubDate></item>`));
    expect(feed.entries.map((e) => e.title)).toEqual(['newest', 'ambiguous', 'middle', 'oldest']);
    expect(feed.entries.find((e) => e.title === 'ambiguous')!.published).toBeNull();
  });

  it('falls back to dc:date and Atom updated', () => {
    expect(entry(read(rss('<item><title>A</title><guid>1</guid><dc:date>2024-03-05T10:00:00+01:00</dc:date></item>'))).published?.toISOString()).toBe('2024-03-05T09:00:00.000Z');
    expect(entry(read(atom('<entry><id>1</id><title>A</title><updated>Fri, 28 May 2021 14:00:00 GMT</updated></entry>'))).published?.toISOString()).toBe('2021-05-28T14:00:00.000Z');
  });
});
