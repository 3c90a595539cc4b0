import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOILERPLATE_KINDS, furnitureOf } from '../../scripts/lib/pages.js';
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
    expect(r.value.published).toBe('2026-11-27T08:00:00.000Z');
    expect(r.value.byline).toBe('Jane Smith');
    // The <title> says "Snow closes pass | Daily News"; the site's name is not part of the story's.
    expect(r.value.title).toBe('Snow closes pass');
    expect(r.value.url).toBe('http://127.0.0.1/snow');
  });

  it('keeps the page\'s picture (og:image, made absolute) and the publisher\'s name; never a script address', () => {
    const body = '<article><h1>Snow closes pass</h1>' + ['Snow closed the mountain pass in Wales on Friday, stranding dozens of drivers overnight.', 'The police said the road would stay shut until Sunday at the earliest, and warned against travel.'].map((p) => `<p>${p}</p>`).join('') + '</article>';
    const page = (head: string) => extractArticle(`<!doctype html><html><head><title>Snow closes pass</title>${head}</head><body>${body}</body></html>`, 'https://news.example/2026/snow');
    const read = page('<meta property="og:site_name" content="Daily News"><meta property="og:image" content="/img/pass.jpg">');
    expect(read.ok && { image: read.value.image, site: read.value.site }).toEqual({ image: 'https://news.example/img/pass.jpg', site: 'Daily News' });
    const twitter = page('<meta property="og:image" content="javascript:alert(1)"><meta name="twitter:image" content="https://cdn.example/p.png">');
    expect(twitter.ok && twitter.value.image).toBe('https://cdn.example/p.png');
    const none = page('<meta property="og:image" content="data:image/png;base64,AAAA">');
    expect(none.ok && { image: none.value.image, site: none.value.site }).toEqual({ image: null, site: null });
  });

  it('says so when a page holds no article', () => {
    const r = extractArticle('<html><body><nav><a href="/">Home</a></nav></body></html>', 'http://127.0.0.1/empty');
    expect(!r.ok && r.error).toEqual({ code: 'not_an_article', host: '127.0.0.1', message: 'No article text was found at http://127.0.0.1/empty.' });
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
    // The reference keeps some page furniture ("SIGN UP FOR OUR NEWSLETTER", "Read more:" and the
    // headlines after it, a newsletter offer, the New York Times' print line): judged by reading each
    // page (scripts/lib/pages.ts), it is not required.
    const reference = htmlBlocks(readFileSync(join(PAGES, page, 'expected.html'), 'utf8')).paragraphs;
    const expected = long(reference).filter((p) => furnitureOf(page, p) === null);
    const ours = long(r.value.paragraphs);
    // Every paragraph of the reference, in its order; at most two lines of page furniture besides
    // (a print line, a related-links heading).
    let at = 0;
    for (const p of ours) if (p === expected[at]) at++;
    expect(at).toBe(expected.length);
    expect(ours.length - expected.length).toBeLessThanOrEqual(2);
    for (const p of r.value.paragraphs.filter((x) => x.split(' ').length < 8)) expect(p).not.toMatch(/^(?:share (?:this|on)|sign up|follow us|comments?\b|advertisement$)/i);
    // None of the reference's newsletter, subscription, "read more" or date lines.
    expect(r.value.paragraphs.filter((p) => BOILERPLATE_KINDS.has(furnitureOf(page, p)!))).toEqual([]);
  });
});

const page = (body: string, head = '') => `<!doctype html><html><head><title>Savers to be repaid within a week | Daily News</title>${head}</head><body>${body}</body></html>`;
const STORY = [
  'The regulator said on Friday that savers at the bank would be repaid within seven working days.',
  'About forty thousand customers hold deposits at the bank, which stopped making payments on Thursday.',
  'The bank\'s chief executive said she regretted the distress the closure had caused to its customers.',
];
const article = (extra = '') => `<article><h1>Savers to be repaid within a week</h1>${STORY.map((p) => `<p>${p}</p>`).join('')}${extra}</article>`;

describe('extractArticle keeps page furniture out of the paragraphs', () => {
  it('leaves out a cookie banner before the article, a paywall box and a newsletter box inside it', () => {
    const html = page(`<div id="cookie-banner"><p>We use cookies to make this site work and to understand how you use it, so that we can improve it for you.</p><p>You can accept all cookies, or manage your preferences in the cookie settings at any time.</p><button>Accept</button></div>
      ${article(`<div class="subscription-offer"><p>Subscribe to keep reading and get unlimited access to our journalism.</p><a href="/subscribe">Subscribe now</a></div>
      <aside class="newsletter"><h3>The morning briefing</h3><p>Get the day's most important stories delivered to your inbox every morning, free.</p></aside>
      <p>Share this article</p><p>READ MORE: Bank collapse leaves thousands waiting for their money</p>`)}`);
    const r = extractArticle(html, 'http://127.0.0.1/bank');
    expect(r.ok && r.value.paragraphs).toEqual(STORY);
  });

  it('keeps an article about a cookie law, whose words speak of cookies and consent', () => {
    const law = ['The court ruled on Tuesday that websites must ask for consent before they set cookies that track their visitors.', 'We use cookies, the company had argued, only to make the site work; the judges did not accept that.', 'Accept and reject buttons must now be equally easy to press, the ruling says.'];
    const r = extractArticle(page(`<article><h1>Court rules on cookies</h1>${law.map((p) => `<p>${p}</p>`).join('')}</article>`), 'http://127.0.0.1/law');
    expect(r.ok && r.value.paragraphs).toEqual(law);
  });

  it('takes a "Published on" line as the date when the page gives no other, not as ¶1', () => {
    const r = extractArticle(page(article().replace('<p>', '<p class="date">Published on 10 March 2024</p><p>')), 'http://127.0.0.1/bank');
    expect(r.ok && r.value.paragraphs).toEqual(STORY);
    expect(r.ok && r.value.published).toBe('2024-03-10T00:00:00.000Z');
  });

  it('keeps the page\'s own date over a date line\'s', () => {
    const r = extractArticle(page(article().replace('<p>', '<p>Published on 10 March 2024</p><p>'), '<meta property="article:published_time" content="2024-03-09T18:00:00Z">'), 'http://127.0.0.1/bank');
    expect(r.ok && r.value.published).toBe('2024-03-09T18:00:00.000Z');
  });
});

describe('extractArticle leaves out consent text that no class names, by its words', () => {
  const NOTICE = [
    'We and our 312 partners store and/or access information on a device, such as unique IDs in cookies, to process personal data for personalised ads and content.',
    'You can accept or reject these uses, or change your mind at any time in the privacy settings at the bottom of each page of this website.',
    'Some of our tools are strictly necessary for the site to work and cannot be turned off in our systems.',
  ];
  const STATEMENT = [
    'The ombudsman has ordered the water company to pay £140 each to 2,300 households whose supply failed for four days in January.',
    'Payments will be made automatically by the end of next month, and customers need do nothing to receive them, the ombudsman said.',
  ];
  /** A regulator's statement page: no <article> or <main>, the notice in a box whose class names nothing. */
  const statement = (before: string, after = '') => `<!doctype html><html><head><title>Water company ordered to pay households | Ombudsman</title></head><body>${before}<div class="top"><a href="/">Ombudsman</a></div><div class="content"><h1>Water company ordered to pay households</h1><p>Published 14 February 2024</p>${STATEMENT.map((p) => `<p>${p}</p>`).join('')}</div>${after}<div class="foot"><a href="/privacy">Privacy</a></div></body></html>`;
  const box = (ps: readonly string[]) => `<div class="msg-strip"><div class="msg-text">${ps.map((p) => `<p>${p}</p>`).join('')}</div><button>Accept</button><button>Reject</button><a href="/choices">Choices</a></div>`;

  it('reads the statement, not the longer notice before it that Readability takes for the article', () => {
    const r = extractArticle(statement(box(NOTICE)), 'http://127.0.0.1/ombudsman');
    expect(r.ok && r.value).toMatchObject({ paragraphs: STATEMENT, published: '2024-02-14T00:00:00.000Z', title: 'Water company ordered to pay households' });
  });

  it('drops a shorter notice that Readability reads with the statement, before it or after it', () => {
    for (const html of [statement(box(NOTICE.slice(0, 2))), statement('', box(NOTICE.slice(0, 2)))]) {
      const r = extractArticle(html, 'http://127.0.0.1/ombudsman');
      expect(r.ok && r.value.paragraphs).toEqual(STATEMENT);
    }
  });

  it('gives no article for a page that is only a consent wall', () => {
    const wall = `<!doctype html><html><head><title>Before you go on</title></head><body><div class="gate"><h2>Before you go on to the Valley Times</h2>${NOTICE.map((p) => `<p>${p}</p>`).join('')}<form method="post"><button>Reject all</button><button>Accept all</button></form></div></body></html>`;
    const r = extractArticle(wall, 'http://127.0.0.1/wall');
    expect(!r.ok && r.error.code).toBe('not_an_article');
  });

  it('falls back on the JSON-LD article of a page that shows only a consent wall', () => {
    const story = ['The valley\'s only cinema will close in March after ninety years, its owners said on Tuesday.', 'They blamed rising energy bills and a fall in audiences since the pandemic, and said they had tried for two years to find a buyer.'];
    const wall = `<!doctype html><html><head><title>Cinema to close</title><script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', headline: 'Cinema to close after ninety years', articleBody: story.join('\n\n') })}</script></head><body><div class="gate">${NOTICE.map((p) => `<p>${p}</p>`).join('')}</div></body></html>`;
    const r = extractArticle(wall, 'http://127.0.0.1/cinema');
    expect(r.ok && r.value).toMatchObject({ text: 'json-ld', paragraphs: story });
  });

  it('keeps every sentence of an article about cookies: reported speech, attribution, third person', () => {
    const story = [
      'The privacy watchdog has told the country\'s biggest websites to make rejecting cookies as easy as accepting them.',
      'This site uses cookies to track you wherever you go, one reader complained in a letter to the watchdog.',
      '“We use cookies to improve your experience,” read the banner on one site, above a single green button.',
      'Reject all buttons were hidden behind a second screen on most of the sites examined.',
      'You can no longer be made to accept cookies to read an article, the watchdog said in its ruling.',
    ];
    const r = extractArticle(page(`<article><h1>Watchdog orders cookie banners fixed</h1>${story.map((p) => `<p>${p}</p>`).join('')}</article>`), 'http://127.0.0.1/watchdog');
    expect(r.ok && r.value.paragraphs).toEqual(story);
  });

  it('keeps an essay that ends on what "we" must do about tracking and opting out', () => {
    const essay = [...STORY, 'As we argue about this scandal, we must not forget the rest of the tracking industry. We also need to protect those of us who manage to opt out of it.'];
    const r = extractArticle(page(`<article><h1>Savers to be repaid within a week</h1>${essay.map((p) => `<p>${p}</p>`).join('')}</article>`), 'http://127.0.0.1/essay');
    expect(r.ok && r.value.paragraphs).toEqual(essay);
  });
});

describe('extractArticle keeps the article\'s sentences that open like furniture', () => {
  const SALES = [
    'The streaming service said on Thursday that it had signed up 4 million new members in the spring, twice what analysts expected.',
    'Subscribe and save offers made up a third of sales, the company said.',
    'Sign in problems affected thousands of users on Monday.',
    'Advertisement revenue grew by 60 per cent from a year earlier.',
    'The quarterly report was published on 4 June 2023.',
    'Its shares rose 9 per cent in early trading in New York after the figures were released.',
  ];

  it('keeps sentences whose first words are a call to action, a label or a date line\'s', () => {
    const html = page(`<article><h1>Streaming service signs up 4 million</h1>${SALES.map((p) => `<p>${p}</p>`).join('')}</article>`);
    const r = extractArticle(html, 'http://127.0.0.1/sales');
    expect(r.ok && r.value.paragraphs).toEqual(SALES);
    // A sentence that states a date is not the page's date.
    expect(r.ok && r.value.published).toBeNull();
  });

  it('keeps a paywall container that holds the article\'s text, served in full, though it speaks of subscriptions', () => {
    const html = page(`<article><h1>Streaming prices rise</h1><p>${SALES[0]}</p><div class="paywall" data-paywall="true"><p>The premium plan will cost £14.99 a month from June, the company said, while the basic subscription stays at £6.99.</p><p>Subscriber numbers fell by 300,000 after the last rise in prices, according to analysts at the bank.</p></div></article>`);
    const r = extractArticle(html, 'http://127.0.0.1/prices');
    expect(r.ok && r.value.paragraphs).toHaveLength(3);
  });

  it('takes the date only from a date line at the top of the body; one further down is furniture, not the date', () => {
    const top = extractArticle(page(article().replace('<p>', '<p>Published 2 November 2023 · 3 min read</p><p>')), 'http://127.0.0.1/top');
    expect(top.ok && top.value).toMatchObject({ paragraphs: STORY, published: '2023-11-02T00:00:00.000Z' });
    // After a standfirst, as The New York Times prints it, the date line is still at the top.
    const standfirst = extractArticle(page(article().replace(`<p>${STORY[1]}`, `<p>Published on 2 November 2023, 09:15 GMT</p><p>${STORY[1]}`)), 'http://127.0.0.1/standfirst');
    expect(standfirst.ok && standfirst.value).toMatchObject({ paragraphs: STORY, published: '2023-11-02T09:15:00.000Z' });
    const low = extractArticle(page(article(`<p>Published on 2 November 2023, 09:15 GMT</p>`)), 'http://127.0.0.1/low');
    expect(low.ok && low.value).toMatchObject({ paragraphs: STORY, published: null });
  });
});

describe('extractArticle leaves out offers and calls to action that no class names', () => {
  it('drops a long subscription offer in a box with a generated class name', () => {
    const html = page(article(`<div class="css-7yq2k"><h2>This story is for subscribers.</h2><p>Join today from just £2 a month to read every story on any device, with no adverts and our daily puzzles and recipes. Cancel anytime online.</p><p>Already a subscriber? <a href="/login">Sign in</a></p></div>`));
    const r = extractArticle(html, 'http://127.0.0.1/offer');
    expect(r.ok && r.value.paragraphs).toEqual(STORY);
  });

  it('drops "Follow us on …" lines that speak of the publisher, however long', () => {
    const html = page(article('<p>Follow us on Facebook, Instagram and TikTok for breaking news from across the valley</p>'));
    const r = extractArticle(html, 'http://127.0.0.1/follow');
    expect(r.ok && r.value.paragraphs).toEqual(STORY);
  });
});

describe('extractArticle reads paragraphs made with <br>', () => {
  it('splits <br><br> inside <b> and reads a lone <br> in a sentence as a space', () => {
    const html = page(`<article><h1>Savers to be repaid</h1><div><b>${STORY[0]}<br><br>${STORY[1]}</b><br> <br>${STORY[2]!.replace('regretted ', 'regretted<br>')}</div></article>`);
    const r = extractArticle(html, 'http://127.0.0.1/br');
    expect(r.ok && r.value.paragraphs).toEqual(STORY);
  });
});

describe('extractArticle reads a lone <br> after a sentence in a <div> as the end of a paragraph', () => {
  const LINES = [
    'The harbour board voted on Thursday night to close the old fish quay to lorries from the first of May.',
    'Its chairman said the stone of the quay had cracked in two places during the storms of the winter.',
    'Fishermen who land their catch there will be offered berths at the new quay, half a mile to the east.',
  ];
  /** An old blog's page: no <article>, the post's text in a <div> with one <br> between its paragraphs. */
  const blog = (inner: string) => `<!doctype html><html><head><title>Fish quay to close to lorries</title></head><body><div id="wrap"><div class="entry"><h2>Fish quay to close to lorries</h2><div class="entry-text">${inner}</div></div></div></body></html>`;
  const read = (html: string) => {
    const r = extractArticle(html, 'http://127.0.0.1/quay');
    return r.ok ? r.value.paragraphs : [];
  };

  it('splits three sentence-final lines separated by one <br> each (with or without a newline after it)', () => {
    expect(read(blog(LINES.join('<br>')))).toEqual(LINES);
    expect(read(blog(LINES.join('<br/>\n  ')))).toEqual(LINES);
  });

  it('splits after a question, an exclamation or a closing quotation mark', () => {
    const lines = ['Will the lorries simply park on the sea front instead?', '“Not while I am harbourmaster!” said Ann Pryce, who has run the port for eleven years.', 'The board will decide in March where the lorries may wait, after it has heard from residents.'];
    expect(read(blog(lines.join('<br>')))).toEqual(lines);
  });

  it('keeps a <br> in the middle of a sentence as a space, in the same <div>', () => {
    const broken = LINES.map((l) => l.replace(' to close ', '<br>to close ').replace(' had cracked ', '<br>\nhad cracked ').replace(' will be offered ', '<br />will be offered '));
    expect(read(blog(broken.join('<br>')))).toEqual(LINES);
  });

  it('keeps a lone <br> after a full stop inside a <p> as a space (one paragraph)', () => {
    const html = blog(`<p>${LINES[0]}<br>${LINES[1]}</p><p>${LINES[2]}</p>`);
    expect(read(html)).toEqual([`${LINES[0]} ${LINES[1]}`, LINES[2]]);
  });
});

describe('extractArticle falls back on the page\'s JSON-LD', () => {
  const ld = (o: unknown) => `<script type="application/ld+json">${JSON.stringify(o)}</script>`;
  const body = STORY.join('\n\n');

  it('reads articleBody from @graph when the HTML holds only a "Loading…" shell', () => {
    const html = page('<div id="app">Loading…</div><noscript>Please enable JavaScript.</noscript>', ld({ '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage' }, { '@type': 'NewsArticle', headline: 'Savers to be repaid within a week', author: [{ '@type': 'Person', name: 'Ann Lee' }], datePublished: '2024-03-14T08:00:00Z', articleBody: body }] }));
    const r = extractArticle(html, 'http://127.0.0.1/app');
    expect(r.ok && r.value).toMatchObject({ title: 'Savers to be repaid within a week', byline: 'Ann Lee', published: '2024-03-14T08:00:00.000Z', paragraphs: STORY, text: 'json-ld' });
  });

  it('reads articleBody when the HTML holds only a teaser of it (a paywalled page)', () => {
    const more = [...STORY, 'Ministers said they would review how deposits are protected, and report to parliament in the summer.', 'The opposition called for an inquiry into how the regulator had supervised the bank over the last five years.', 'Customers were advised to keep their account details to hand and to beware of calls from people claiming to be from the bank.'];
    const html = page(`<article><h1>Savers to be repaid within a week</h1><p>${STORY[0]}</p><p>${STORY[1]}</p></article>`, ld({ '@type': 'NewsArticle', headline: 'Savers to be repaid within a week', articleBody: more.join('\n\n') }));
    const r = extractArticle(html, 'http://127.0.0.1/teaser');
    expect(r.ok && r.value.text).toBe('json-ld');
    expect(r.ok && r.value.paragraphs).toEqual(more);
  });

  it('keeps the page\'s own short article when the longer JSON-LD article is another story', () => {
    const other = ['A different story about the weather, which will be cold and wet all week in the north.', 'Forecasters said snow was likely on high ground by Thursday, and warned drivers to take care.', 'Temperatures will rise again at the weekend, when the rain is expected to clear from the west.', 'Flood warnings remain in place for three rivers in the region, the environment agency said.'];
    const html = page(`<article><h1>Savers to be repaid within a week</h1><p>${STORY[0]}</p><p>${STORY[1]}</p></article>`, ld({ '@type': 'NewsArticle', headline: 'Cold week ahead', articleBody: other.join('\n\n') }));
    const r = extractArticle(html, 'http://127.0.0.1/short');
    expect(r.ok && r.value).toMatchObject({ text: 'readability', paragraphs: STORY.slice(0, 2) });
  });

  it('keeps Readability\'s text when the HTML holds the whole article, and says which text it used', () => {
    const r = extractArticle(page(article(), ld({ '@type': 'NewsArticle', headline: 'Savers', articleBody: body })), 'http://127.0.0.1/bank');
    expect(r.ok && r.value.text).toBe('readability');
    expect(r.ok && r.value.paragraphs).toEqual(STORY);
  });
});

describe('extractArticle gives the page\'s date as an instant, or none rather than a guess', () => {
  const ld = (o: unknown) => `<script type="application/ld+json">${JSON.stringify(o)}</script>`;
  const meta = (content: string) => `<meta property="article:published_time" content="${content}">`;
  const published = (html: string) => {
    const r = extractArticle(html, 'http://127.0.0.1/dated');
    return r.ok ? r.value.published : 'not read';
  };

  it.each([
    ['a meta date without a zone, read as UTC', meta('2023-11-02T07:45:00'), '2023-11-02T07:45:00.000Z'],
    ['a meta date with an offset', meta('2023-11-02T08:45:00+01:00'), '2023-11-02T07:45:00.000Z'],
    ['a meta date in RFC 822 form with a US zone', meta('Thu, 02 Nov 2023 03:45:00 EDT'), '2023-11-02T07:45:00.000Z'],
    ['a meta date that is a day alone, read as midnight UTC', meta('2023-11-02'), '2023-11-02T00:00:00.000Z'],
  ])('reads %s', (_, head, iso) => {
    expect(published(page(article(), head))).toBe(iso);
  });

  it.each([
    ['a numeric date whose day and month could be swapped', meta('03/04/2025')],
    ['a word that is not a date', meta('TBC')],
    ['a relative date', meta('tomorrow')],
    ['an impossible date', meta('2023-02-30T10:00:00Z')],
  ])('gives no date for %s', (_, head) => {
    expect(published(page(article(), head))).toBeNull();
  });

  it('passes over a meta date it cannot read to the date line at the top of the body', () => {
    expect(published(page(article().replace('<p>', '<p>Published 2 November 2023</p><p>'), meta('03/04/2025')))).toBe('2023-11-02T00:00:00.000Z');
  });

  it('reads the JSON-LD datePublished of a page whose body gives none, in any form the feed reader reads', () => {
    expect(published(page(article(), ld({ '@type': 'NewsArticle', headline: 'Savers', datePublished: '2023-11-02 07:45:00' })))).toBe('2023-11-02T07:45:00.000Z');
    expect(published(page(article(), ld({ '@type': 'NewsArticle', headline: 'Savers', datePublished: 'Thu, 02 Nov 2023 02:45:00 EST' })))).toBe('2023-11-02T07:45:00.000Z');
  });

  it('gives no date for an article read from JSON-LD whose datePublished is not a date', () => {
    const html = page('<div id="app">Loading…</div>', ld({ '@type': 'NewsArticle', headline: 'Savers to be repaid within a week', datePublished: 'last week', articleBody: STORY.join('\n\n') }));
    const r = extractArticle(html, 'http://127.0.0.1/app');
    expect(r.ok && r.value).toMatchObject({ text: 'json-ld', published: null });
  });
});

describe('extractArticle keeps titles short enough to show', () => {
  const titled = (title: string) => `<!doctype html><html><head><title>${title}</title></head><body>${article().replace(/<h1>.*?<\/h1>/, '')}</body></html>`;

  it('cuts a title of a megabyte to 300 characters, between words, with "…"', () => {
    const r = extractArticle(titled('Flood warning '.repeat(80_000)), 'http://127.0.0.1/huge');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.title.length).toBeLessThanOrEqual(300);
    expect(r.value.title).toMatch(/^(?:Flood warning )*Flood(?: warning)?…$/);
    expect(r.value.paragraphs).toEqual(STORY);
  });

  it('cuts inside a single word longer than the limit', () => {
    const r = extractArticle(titled('X'.repeat(5_000)), 'http://127.0.0.1/word');
    expect(r.ok && r.value.title).toBe(`${'X'.repeat(299)}…`);
  });

  it('leaves a long but ordinary title whole', () => {
    const title = 'Savers at the failed bank will be repaid within seven working days, the regulator says, as ministers promise a review of how deposits are protected and the opposition calls for an inquiry';
    const r = extractArticle(titled(title), 'http://127.0.0.1/long');
    expect(r.ok && r.value.title).toBe(title);
  });

  it('cuts a JSON-LD headline the same way', () => {
    const html = page('<div id="app">Loading…</div>', `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', headline: 'Storm '.repeat(1_000), articleBody: STORY.join('\n\n') })}</script>`);
    const r = extractArticle(html, 'http://127.0.0.1/app');
    expect(r.ok && r.value.title.length).toBeLessThanOrEqual(300);
    expect(r.ok && r.value.title.endsWith('Storm…')).toBe(true);
  });
});

describe('extractArticle fails as people expect on pages it cannot read', () => {
  it('says the page has no readable article when its HTML nests 100,000 deep, at once', () => {
    const html = page(`<p>${STORY[0]}</p>${'<div>'.repeat(100_000)}${STORY[1]}${'</div>'.repeat(100_000)}`);
    expect(extractArticle(html, 'http://127.0.0.1/deep')).toEqual({ ok: false, error: { code: 'unreadable', host: '127.0.0.1', message: 'The page at http://127.0.0.1/deep has no readable article.' } });
  });
});

describe.skipIf(!hasCase('ingest-12'))('real case ingest-12: a cookie notice before a short statement', () => {
  it('gives the statement\'s two paragraphs, its title and its date, and no cookie text', () => {
    const r = extractArticle(caseFile('ingest-12', 'www/statement.html').toString('utf8'), 'http://127.0.0.1/statement.html');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.title).toBe('Statement on the closure of Northbank Savings');
    expect(r.value.paragraphs).toHaveLength(2);
    expect(r.value.paragraphs[0]).toMatch(/^The regulator has applied to the court/);
    expect(r.value.paragraphs[1]).toMatch(/^Customers with deposits .* seven working days/);
    expect(r.value.published).toBe('2024-03-10T00:00:00.000Z');
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

describe.skipIf(!hasCase('ingest-14'))('real case ingest-14: the article only in JSON-LD', () => {
  it('reads the NewsArticle: title, byline, date and three paragraphs from articleBody', () => {
    const r = extractArticle(caseFile('ingest-14', 'www/windfarm.html').toString('utf8'), 'http://127.0.0.1/windfarm.html');
    expect(r.ok && r.value).toMatchObject({ title: 'Wind farm approved off the east coast', byline: 'Sam Okafor', published: '2024-03-14T08:00:00.000Z', text: 'json-ld' });
    expect(r.ok && r.value.paragraphs.map((p) => p.slice(0, 20))).toEqual(['Ministers have appro', 'The farm is expected', 'Fishing groups had o']);
  });
});
