import { parseFeed, type AnyFeed, type AtomFeed, type JsonFeed, type RdfFeed, type RssFeed } from 'feedsmith';
import { hostOf, PROBLEMS, type Problem } from '../model/problems.js';
import { err, ok, type Result } from '../result.js';
import { readDate } from './dates.js';
import { decodeLeftovers, looksLikeHtml, plainText, textToHtml, type TextKind } from './text.js';

/** Tuning for {@link readFeed}. */
export const FEED_READ_DEFAULTS = Object.freeze({
  /** Items taken from a feed, newest first; older ones are left (a feed of a year of posts is not a backlog). */
  maxItems: 50,
});

/**
 * One item of a feed, whatever its format. Texts are ready to use: titles and authors are plain
 * text, content and summary are HTML fragments (plain-text forms escaped into `<p>` paragraphs).
 */
export interface FeedEntry {
  /** The feed's own id for it (RSS guid, Atom id, JSON Feed id, RSS 1.0 rdf:about), or null. */
  readonly guid: string | null;
  /**
   * The article's address, absolute (http or https); null when the item has none. Relative links
   * are resolved against the Atom `xml:base` of the entry and the feed (RFC 4287 §2, XML Base), RSS's
   * `xml:base` where a feed has one, and the feed's own address.
   */
  readonly link: string | null;
  /**
   * The headline as plain text: markup removed, entities decoded (again where a feed encodes twice),
   * white space collapsed. Atom `type="text"` titles are literal ("<col>" stays "<col>").
   */
  readonly title: string | null;
  /** When it was published (else last updated), read by {@link readDate}; null when absent or not readable without guessing. */
  readonly published: Date | null;
  /**
   * The item's full text as HTML, when the feed carries it: RSS `content:encoded`, Atom `content`
   * (inline; `type="text"` escaped), JSON Feed `content_html`, else its `content_text` escaped.
   */
  readonly content: string | null;
  /**
   * The item's summary as HTML: RSS `description` (some feeds carry the whole article only here),
   * Atom `summary`, JSON Feed `summary` (plain text, escaped). Null when absent. Often a teaser; may
   * equal `content`.
   */
  readonly summary: string | null;
  /** The author's name as plain text (dc:creator, RSS author's name, Atom or JSON author), never an e-mail address. */
  readonly author: string | null;
}

/** A feed as read: its title and its newest items, newest first. */
export interface ParsedFeed {
  readonly format: 'rss' | 'atom' | 'rdf' | 'json';
  /** The feed's title as plain text, as {@link FeedEntry.title}. */
  readonly title: string | null;
  readonly entries: readonly FeedEntry[];
}

/** Why a text is not a feed: the code `not_a_feed` with the feed's host; `message` (with the parser's own words) is for the logs only. */
export interface FeedReadError extends Problem {
  readonly code: typeof PROBLEMS.notAFeed;
}

/**
 * Reads an RSS 2.0, Atom, RSS 1.0 (RDF) or JSON Feed document with feedsmith (one parser for the four
 * formats, lenient with real feeds; it keeps Atom's `type` and `xml:base` attributes), from text
 * already decoded. Never throws.
 *
 * @example readFeed(xml, 'https://news.example/rss').value.entries[0].link
 */
export function readFeed(text: string, feedUrl: string, options: { maxItems?: number } = {}): Result<ParsedFeed, FeedReadError> {
  let parsed: AnyFeed<string>;
  try {
    parsed = parseFeed<string>(text);
  } catch (e) {
    return err({ code: PROBLEMS.notAFeed, ...hostOf(feedUrl), message: `${feedUrl.slice(0, 200)} is not an RSS, Atom or JSON feed (${(e as Error).message.slice(0, 80)}).` });
  }
  let title: string | null;
  let entries: FeedEntry[];
  switch (parsed.format) {
    case 'rss':
    case 'rdf': {
      const feed = parsed.feed;
      const base = baseOf(feed.xml?.base, feedUrl);
      title = plainText(feed.title, 'loose');
      entries = (feed.items ?? []).map((i) => rssEntry(i, base));
      break;
    }
    case 'atom': {
      const feed = parsed.feed;
      const base = baseOf(feed.xml?.base, feedUrl);
      title = atomText(feed.title);
      entries = (feed.entries ?? []).map((e) => atomEntry(e, base));
      break;
    }
    case 'json': {
      const feed = parsed.feed;
      title = plainText(feed.title, 'loose');
      entries = (feed.items ?? []).map((i) => jsonEntry(i, feedUrl));
      break;
    }
  }
  return ok({ format: parsed.format, title, entries: newestFirst(entries).slice(0, options.maxItems ?? FEED_READ_DEFAULTS.maxItems) });
}

/**
 * Dated items newest first in the places dated items hold; an undated item stays where the feed put
 * it (feeds list newest first), rather than jump ahead of or behind everything.
 */
function newestFirst(entries: readonly FeedEntry[]): FeedEntry[] {
  const dated = entries
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.published !== null)
    .sort((a, b) => b.e.published!.getTime() - a.e.published!.getTime() || a.i - b.i)
    .map(({ e }) => e);
  let next = 0;
  return entries.map((e) => (e.published === null ? e : dated[next++]!));
}

type RssItem = RssFeed.Item<string> & Partial<Pick<RdfFeed.Item<string>, 'rdf'>>;

function rssEntry(i: RssItem, feedBase: string): FeedEntry {
  const base = baseOf(i.xml?.base, feedBase);
  return {
    guid: text1(i.guid?.value) ?? text1(i.rdf?.about),
    link: absolute(i.link, base) ?? (i.guid?.isPermaLink !== false ? absolute(i.guid?.value, base) : null),
    title: plainText(i.title, 'loose'),
    published: firstDate(i.pubDate, ...(i.dc?.dates ?? []), ...(i.dcterms?.issued ?? []), i.atom?.published, i.atom?.updated),
    content: text1(i.content?.encoded),
    summary: looseHtml(i.description),
    author: plainText(i.dc?.creators?.[0], 'loose') ?? plainText(i.authors?.[0]?.name, 'loose'),
  };
}

function atomEntry(e: AtomFeed.Entry<string>, feedBase: string): FeedEntry {
  const base = baseOf(e.xml?.base, feedBase);
  const links = e.links ?? [];
  const alternate = links.find((l) => (l.rel ?? 'alternate') === 'alternate' && (!l.type || /html/i.test(l.type))) ?? links.find((l) => (l.rel ?? 'alternate') === 'alternate') ?? links[0];
  return {
    guid: text1(e.id),
    link: absolute(alternate?.href, base),
    title: atomText(e.title),
    published: firstDate(e.published, e.updated),
    content: atomHtml(e.content),
    summary: atomHtml(e.summary),
    author: plainText(e.authors?.[0]?.name, 'loose'),
  };
}

function jsonEntry(i: JsonFeed.Item<string>, feedUrl: string): FeedEntry {
  return {
    guid: text1(i.id === undefined ? undefined : String(i.id)),
    link: absolute(i.url ?? i.external_url, feedUrl),
    title: plainText(i.title, 'loose'),
    published: firstDate(i.date_published, i.date_modified),
    content: text1(i.content_html) ?? textToHtml(i.content_text),
    summary: textToHtml(i.summary),
    // feedsmith reads JSON Feed 1.0's single `author` into `authors` too.
    author: plainText(i.authors?.[0]?.name, 'loose'),
  };
}

/**
 * How an Atom text construct's `type` is read (RFC 4287 §3.1.1). An absent type means "text" in the
 * RFC, but publishers leave it out of titles and summaries that hold HTML, so an untyped text is read
 * as `loose` (markup taken out only where it is clearly markup, as feedparser does); an explicit
 * `type="text"` is literal.
 */
function atomKind(type: string | undefined): TextKind {
  const t = type?.trim().toLowerCase();
  if (t === 'html' || t === 'text/html') return 'html';
  if (t === 'xhtml' || t === 'application/xhtml+xml') return 'xhtml';
  return t === undefined || t === '' ? 'loose' : 'text';
}

function atomText(t: AtomFeed.Text | undefined): string | null {
  return t ? plainText(t.value, atomKind(t.type)) : null;
}

/**
 * An Atom summary or inline content as HTML: `html` and `xhtml` as they are, `text` escaped into
 * paragraphs, untyped as {@link looseHtml}; other media types (base64 or XML documents, §4.1.3.3) are
 * not article text: null.
 */
function atomHtml(c: AtomFeed.Content | AtomFeed.Text | undefined): string | null {
  const value = text1(c?.value);
  if (!c || value === null) return null;
  const t = c.type?.trim().toLowerCase();
  switch (atomKind(t)) {
    case 'html':
    case 'xhtml':
      return value;
    case 'loose':
      return looseHtml(value);
    default:
      return t === 'text' || t?.startsWith('text/') ? textToHtml(value) : null;
  }
}

/**
 * A text that may be HTML or plain text (RSS description, untyped Atom text): as HTML when it holds
 * markup, else as plain text (entities encoded twice decoded again) escaped into paragraphs, so
 * that "x < y" and blank-line paragraphs survive.
 */
function looseHtml(value: string | undefined): string | null {
  const text = text1(value);
  if (text === null) return null;
  return looksLikeHtml(text) ? text : textToHtml(decodeLeftovers(text));
}

/** A base URL (an `xml:base`, maybe relative) resolved against the base around it; that outer base when it is absent or broken. */
function baseOf(base: string | undefined, outer: string): string {
  if (typeof base !== 'string' || base.trim() === '') return outer;
  try {
    return new URL(base.trim(), outer).toString();
  } catch {
    return outer;
  }
}

/** A link resolved against its base, when the result is an http(s) URL. */
function absolute(href: unknown, base: string): string | null {
  if (typeof href !== 'string' || href.trim() === '') return null;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function firstDate(...values: (string | undefined)[]): Date | null {
  for (const v of values) {
    const d = readDate(v);
    if (d) return d;
  }
  return null;
}

function text1(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}
