import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { generateAtomFeed, generateJsonFeed, generateRssFeed } from 'feedsmith';

/** Short news stories for feed tests: a headline and paragraphs long enough to read as an article. */
export const STORIES = [
  { slug: 'snow', title: 'Snow closes mountain pass', date: '2026-11-20T08:00:00Z', paragraphs: ['Snow closed the mountain pass in Wales on Friday, stranding dozens of drivers overnight in their cars.', 'The police said the road would stay shut until Sunday at the earliest, and warned against all travel.', 'Mountain rescue teams brought blankets and hot drinks to people stuck in their cars during the night.'] },
  { slug: 'bridge', title: 'Council approves new footbridge', date: '2026-11-21T08:00:00Z', paragraphs: ['The council approved a new footbridge over the river on Tuesday after two years of debate.', 'Building will start in the spring and take two years, the council leader told reporters.', '"This bridge joins the two halves of our town," said council leader Mary Jones.'] },
  { slug: 'strike', title: 'Rail workers vote to strike', date: '2026-11-22T08:00:00Z', paragraphs: ['Rail workers voted to strike in December over pay, their union said on Wednesday evening.', 'The union said nine in ten members who voted backed the walkout, on a turnout of sixty per cent.', 'The rail operator said it was disappointed and urged the union to return to talks.'] },
  { slug: 'museum', title: 'Museum returns stolen painting', date: '2026-11-23T08:00:00Z', paragraphs: ['A museum in Vienna returned a painting stolen during the war to the family of its owner.', 'The painting, a small landscape, hung in the museum for more than seventy years.', 'The family said they would lend it back to the museum for an exhibition next year.'] },
] as const;

export type Story = (typeof STORIES)[number];

/** A story as a web page with navigation, share buttons and comments around the article. */
export function storyPage(story: { readonly title: string; readonly paragraphs: readonly string[] }): string {
  return `<!doctype html><html><head><title>${story.title} | Local News</title></head><body>
  <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
  <article><h1>${story.title}</h1>${story.paragraphs.map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n')}</article>
  <div class="share"><button>Share on Facebook</button></div><section id="comments"><h2>Comments</h2><p>First!</p></section></body></html>`;
}

export interface FeedItem {
  readonly title: string;
  readonly link: string;
  readonly guid?: string;
  readonly date?: string;
  /** Full text as HTML, when the feed carries it. */
  readonly content?: string;
}

/** A feed in one of the four formats (RSS 2.0, Atom, RSS 1.0, JSON Feed), newest item first. */
export function feedOf(format: 'rss' | 'atom' | 'rdf' | 'json', title: string, items: readonly FeedItem[]): { type: string; body: string } {
  const ordered = [...items].reverse();
  switch (format) {
    case 'rss':
      return { type: 'application/rss+xml', body: generateRssFeed({ title, link: 'http://news.example/', description: title, items: ordered.map((i) => ({ title: i.title, link: i.link, ...(i.guid ? { guid: { value: i.guid, isPermaLink: false } } : {}), ...(i.date ? { pubDate: new Date(i.date) } : {}), ...(i.content ? { content: { encoded: i.content } } : {}) })) }) };
    case 'atom':
      return { type: 'application/atom+xml', body: generateAtomFeed({ id: 'urn:feed', title: { value: title }, updated: new Date('2026-11-28T00:00:00Z'), entries: ordered.map((i) => ({ id: i.guid ?? i.link, title: { value: i.title }, updated: new Date(i.date ?? '2026-11-28T00:00:00Z'), links: [{ href: i.link }], ...(i.content ? { content: { value: i.content, type: 'html' } } : {}) })) }) };
    case 'json':
      return { type: 'application/feed+json', body: JSON.stringify(generateJsonFeed({ title, items: ordered.map((i) => ({ id: i.guid ?? i.link, url: i.link, title: i.title, ...(i.date ? { date_published: new Date(i.date) } : {}), ...(i.content ? { content_html: i.content } : { content_text: '' }) })) })) };
    case 'rdf':
      return {
        type: 'application/rdf+xml',
        body: `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://news.example/"><title>${title}</title><link>http://news.example/</link><description>${title}</description></channel>
${ordered.map((i) => `<item rdf:about="${i.link}"><title>${i.title}</title><link>${i.link}</link>${i.date ? `<dc:date>${i.date}</dc:date>` : ''}</item>`).join('\n')}
</rdf:RDF>`,
      };
  }
}

/** A route answering with a feed, honouring If-None-Match with 304. */
export function feedRoute(feed: () => { type: string; body: string }): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const { type, body } = feed();
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, etag }).end(body);
  };
}
