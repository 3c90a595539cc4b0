import { parseFeed } from 'feedsmith';
import type { Atom, DeepPartial, Json, Rdf, Rss } from 'feedsmith/types';
import { err, ok, type Result } from '../result.js';

/** Tuning for {@link readFeed}. */
export const FEED_READ_DEFAULTS = Object.freeze({
  /** Items taken from a feed, newest first; older ones are left (a feed of a year of posts is not a backlog). */
  maxItems: 50,
});

/** Media types a feed may be served as. Many servers send feeds as text/xml or even text/html. */
export const FEED_TYPES: readonly string[] = [
  'application/rss+xml', 'application/atom+xml', 'application/rdf+xml', 'application/feed+json', 'application/json',
  'application/xml', 'text/xml', 'text/plain', 'text/html', 'application/x-rss+xml',
];

/** One item of a feed, whatever its format. */
export interface FeedEntry {
  /** The feed's own id for it (RSS guid, Atom id, JSON Feed id), or null. */
  readonly guid: string | null;
  /** The article's address, absolute; null when the item has none. */
  readonly link: string | null;
  readonly title: string | null;
  readonly published: Date | null;
  /** The item's full text as HTML, when the feed carries it (content:encoded, Atom content, content_html). */
  readonly content: string | null;
  readonly author: string | null;
}

/** A feed as read: its title and its newest items, newest first. */
export interface ParsedFeed {
  readonly format: 'rss' | 'atom' | 'rdf' | 'json';
  readonly title: string | null;
  readonly entries: readonly FeedEntry[];
}

export interface FeedReadError {
  readonly code: 'not_a_feed';
  readonly message: string;
}

/**
 * Reads an RSS 2.0, Atom, RSS 1.0 (RDF) or JSON Feed document with feedsmith (one parser for the four
 * formats, lenient with real feeds), resolving relative links against the feed's address. Never throws.
 *
 * @example readFeed(xml, 'https://news.example/rss').value.entries[0].link
 */
export function readFeed(text: string, feedUrl: string, options: { maxItems?: number } = {}): Result<ParsedFeed, FeedReadError> {
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(text);
  } catch (e) {
    return err({ code: 'not_a_feed', message: `${feedUrl.slice(0, 200)} is not an RSS, Atom or JSON feed (${(e as Error).message.slice(0, 80)}).` });
  }
  const absolute = (href: unknown): string | null => {
    if (typeof href !== 'string' || href.trim() === '') return null;
    try {
      const url = new URL(href.trim(), feedUrl);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
    } catch {
      return null;
    }
  };
  const date = (...values: unknown[]): Date | null => {
    for (const v of values) {
      if (typeof v !== 'string' && !(v instanceof Date)) continue;
      const d = new Date(v);
      if (!Number.isNaN(d.getTime())) return d;
    }
    return null;
  };
  const text1 = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  let entries: FeedEntry[];
  // feedsmith's types differ per format; each item is read field by field below.
  const feed = parsed.feed as Record<string, unknown>;
  switch (parsed.format) {
    case 'rss':
    case 'rdf': {
      const items = (feed.items ?? []) as (DeepPartial<Rss.Item<string>> & DeepPartial<Rdf.Item<string>>)[];
      entries = items.map((i) => ({
        guid: text1(i.guid?.value) ?? text1(i.rdf?.about),
        link: absolute(i.link) ?? (i.guid?.isPermaLink !== false ? absolute(i.guid?.value) : null),
        title: text1(i.title),
        published: date(i.pubDate, i.dc?.date, i.dcterms?.issued, i.atom?.published, i.atom?.updated),
        content: text1(i.content?.encoded) ?? null,
        author: text1(i.dc?.creator) ?? text1(i.authors?.[0]) ?? null,
      }));
      break;
    }
    case 'atom': {
      const items = (feed.entries ?? []) as DeepPartial<Atom.Entry<string>>[];
      entries = items.map((i) => {
        const links = (i.links ?? []) as { href?: string; rel?: string }[];
        const alternate = links.find((l) => (l.rel ?? 'alternate') === 'alternate') ?? links[0];
        return {
          guid: text1(i.id),
          link: absolute(alternate?.href),
          title: text1(i.title),
          published: date(i.published, i.updated),
          content: text1(i.content),
          author: text1(i.authors?.[0]?.name),
        };
      });
      break;
    }
    case 'json': {
      const items = (feed.items ?? []) as (DeepPartial<Json.Item<string>> & { author?: { name?: string } })[];
      entries = items.map((i) => ({
        guid: text1(String(i.id ?? '')),
        link: absolute(i.url ?? i.external_url),
        title: text1(i.title),
        published: date(i.date_published, i.date_modified),
        content: text1(i.content_html) ?? (text1(i.content_text) ? `<p>${escapeHtml(i.content_text!).replace(/\n\s*\n/g, '</p><p>')}</p>` : null),
        author: text1(i.authors?.[0]?.name ?? i.author?.name),
      }));
      break;
    }
    default:
      return err({ code: 'not_a_feed', message: `${feedUrl.slice(0, 200)} is not an RSS, Atom or JSON feed.` });
  }
  // Newest first where dates say so; undated items keep the feed's order (feeds list newest first).
  const ordered = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.published && b.e.published ? b.e.published.getTime() - a.e.published.getTime() : 0) || a.i - b.i)
    .map(({ e }) => e)
    .slice(0, options.maxItems ?? FEED_READ_DEFAULTS.maxItems);
  return ok({ format: parsed.format, title: text1(feed.title), entries: ordered });
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
