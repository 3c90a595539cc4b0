import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle, htmlBlocks } from '../../src/sources/extract.js';
import { ROOT } from '../fixtures.js';
import { caseFile, hasCase } from '../real-cases/site.js';

const PAGES = join(ROOT, '..', 'shared', 'eval', 'news-html');
const pages = existsSync(PAGES) ? readdirSync(PAGES).filter((d) => existsSync(join(PAGES, d, 'source.html'))) : [];
/** Paragraphs of eight words or more: the article's sentences, not a stray "Advertisement" or date line. */
const long = (ps: readonly string[]) => ps.filter((p) => p.split(' ').length >= 8);
const norm = (t: string) => t.replace(/\s+/g, ' ').trim();

describe('extractArticle on a page built here', () => {
  it('keeps the article\'s paragraphs, list items and captions in order, and nothing around them', () => {
    const html = `<!doctype html><html><head><title>Snow closes pass | Daily News</title>
      <meta property="article:published_time" content="2026-11-27T08:00:00Z"></head><body>
      <nav><a href="/">Home</a> <a href="/world">World</a></nav>
      <article><h1>Snow closes pass</h1><p class="byline">By <a rel="author" href="/jane">Jane Smith</a></p>
      <p>Snow closed the mountain pass in Wales on Friday, stranding dozens of drivers overnight.</p>
      <figure><img src="a.jpg"><figcaption>Drivers wait at the pass on Friday. Photo: Reuters</figcaption></figure>
      <p>The police said the road would <b>stay shut</b> until Sunday at the earliest, and warned against travel.</p>
      <h2>What drivers said</h2><ul><li>One said they had waited for more than nine hours without food.</li></ul>
      <p>Forecasters expect more snow in the hills over the weekend and into next week.</p>
      <p>Mountain rescue teams brought blankets and hot drinks to people in their cars during the night.</p></article>
      <aside><h3>Share this</h3><button>Share on Facebook</button></aside>
      <section id="comments"><p>Comment: first!</p></section><script>document.write('x')</script></body></html>`;
    const r = extractArticle(html, 'http://127.0.0.1/snow');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.paragraphs).toEqual([
      'Snow closed the mountain pass in Wales on Friday, stranding dozens of drivers overnight.',
      'The police said the road would stay shut until Sunday at the earliest, and warned against travel.',
      'One said they had waited for more than nine hours without food.',
      'Forecasters expect more snow in the hills over the weekend and into next week.',
      'Mountain rescue teams brought blankets and hot drinks to people in their cars during the night.',
    ]);
    expect(r.value.captions).toEqual(['Drivers wait at the pass on Friday. Photo: Reuters']);
    expect(r.value.published).toBe('2026-11-27T08:00:00Z');
    expect(r.value.byline).toBe('Jane Smith');
    // The <title> says "Snow closes pass | Daily News"; the site's name is not part of the story's.
    expect(r.value.title).toBe('Snow closes pass');
    expect(r.value.url).toBe('http://127.0.0.1/snow');
  });

  it('says so when a page holds no article', () => {
    const r = extractArticle('<html><body><nav><a href="/">Home</a></nav></body></html>', 'http://127.0.0.1/empty');
    expect(!r.ok && r.error).toEqual({ code: 'not_an_article', message: 'No article text was found at http://127.0.0.1/empty.' });
  });
});

describe.skipIf(pages.length === 0)('extractArticle on real news pages (../shared/eval/news-html)', () => {
  it.each(pages)('%s: the title and the article\'s paragraphs, in order, as Readability\'s reference has them', (page) => {
    const r = extractArticle(readFileSync(join(PAGES, page, 'source.html'), 'utf8'), `http://127.0.0.1/${page}`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const meta = JSON.parse(readFileSync(join(PAGES, page, 'expected-metadata.json'), 'utf8')) as { title: string };
    // The reference title, or it without the site's name after it (which we drop when the page's heading agrees).
    expect([norm(meta.title), norm(meta.title).replace(/\s+[|\-–—:»]\s+[^|–—»]{2,60}$/u, '')]).toContain(norm(r.value.title));
    // The New York Times' print line ("A version of this article appears in print on …") is page
    // furniture that the pinned Readability splits into pieces where the reference's kept it whole.
    const print = (p: string) => p.startsWith('A version of this article appears in print');
    const expected = long(htmlBlocks(readFileSync(join(PAGES, page, 'expected.html'), 'utf8')).paragraphs).filter((p) => !print(p));
    const ours = long(r.value.paragraphs);
    // Every paragraph of the reference, in its order; at most two lines of page furniture besides
    // (the pieces of that print line).
    let at = 0;
    for (const p of ours) if (p === expected[at]) at++;
    expect(at).toBe(expected.length);
    expect(ours.length - expected.length).toBeLessThanOrEqual(2);
    for (const p of r.value.paragraphs.filter((x) => x.split(' ').length < 8)) expect(p).not.toMatch(/^(?:share (?:this|on)|sign up|follow us|comments?\b|advertisement$)/i);
  });
});

const page = (body: string, head = '') => `<!doctype html><html><head><title>Savers to be repaid within a week | Daily News</title>${head}</head><body>${body}</body></html>`;
const STORY = [
  'The regulator said on Friday that savers at the bank would be repaid within seven working days.',
  'About forty thousand customers hold deposits at the bank, which stopped making payments on Thursday.',
  'The bank\'s chief executive said she regretted the distress the closure had caused to its customers.',
];

describe('extractArticle reads paragraphs made with <br>', () => {
  it('splits <br><br> inside <b> and reads a lone <br> in a sentence as a space', () => {
    const html = page(`<article><h1>Savers to be repaid</h1><div><b>${STORY[0]}<br><br>${STORY[1]}</b><br> <br>${STORY[2]!.replace('regretted ', 'regretted<br>')}</div></article>`);
    const r = extractArticle(html, 'http://127.0.0.1/br');
    expect(r.ok && r.value.paragraphs).toEqual(STORY);
  });
});

describe.skipIf(!hasCase('ingest-13'))('real case ingest-13: paragraphs made with <br>', () => {
  const read = (file: string) => {
    const r = extractArticle(caseFile('ingest-13', `www/${file}`).toString('utf8'), `http://127.0.0.1/${file}`);
    return r.ok ? r.value.paragraphs : [];
  };

  it('br-div.html: four paragraphs, one per <br><br>', () => {
    expect(read('br-div.html').map((p) => p.slice(0, 20))).toEqual(['The heavy rain of th', 'Volunteers spent Sat', 'The water company ha', 'Seed potatoes ordere']);
  });

  it('br-span.html: three paragraphs from <br><br> inside <span><font>', () => {
    expect(read('br-span.html').map((p) => p.slice(0, 20))).toEqual(['Ferry fares between ', 'The operator blamed ', 'Passenger groups sai']);
  });

  it('br-inside-p.html: three whole sentences, a lone <br> read as a space', () => {
    const ps = read('br-inside-p.html');
    expect(ps).toHaveLength(3);
    expect(ps[0]).toMatch(/^The council will meet on Monday evening to set next year's budget, .*council tax\.$/);
    expect(ps[1]).toMatch(/^The finance committee chair said the rise was needed to protect .*roads\.$/);
  });
});
