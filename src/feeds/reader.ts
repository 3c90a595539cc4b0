import { createHash } from 'node:crypto';
import pLimit, { type LimitFunction } from 'p-limit';
import type { ArticleParts } from '../knowledge/parse.js';
import { cleanParts } from '../knowledge/clean.js';
import { wordsIn } from '../knowledge/words.js';
import { hostOf, isProblemCode, PROBLEMS, type Problem } from '../model/problems.js';
import { err, ok, type Result } from '../result.js';
import { EXTRACT_DEFAULTS, type ExtractedArticle, type ExtractError } from '../sources/extract.js';
import { safeFetch, SNIFF_BYTES, type FetchError } from '../sources/fetch.js';
import { partsOfPage } from '../sources/files.js';
import { readPage } from '../sources/page.js';
import type { SourceWork, WorkError } from '../sources/work.js';
import type { FeedEntry, FeedReadError, ParsedFeed } from './parse.js';

/** Tuning for reading feeds and their items; see each field. */
export const READER_DEFAULTS = Object.freeze({
  /** Seconds a feed or page may take to arrive, whole exchange (see FETCH_DEFAULTS). */
  timeoutSeconds: 10,
  /** Requests at once to one host (a feed and the pages it links to are usually on one site). */
  perHost: 1,
  /**
   * When the page is read but the feed carries more of the article (a paywalled page shows a teaser),
   * the feed's text is used if it has this many times the page's words. 1.1-3.
   */
  feedTextWins: 1.25,
  /** Telling words of the item's title and feed text from which a page can be judged (see holdsStory). 2-10. */
  minStoryWords: 3,
  /** Opening words of the feed's own text added to the title's when judging a page. 0-50. */
  storyWords: 12,
  /** Paragraphs of the page, after its title, searched for them. 1-20. */
  storyParagraphs: 10,
  /** Share of them a page must hold to be the story: a story's page holds most of its headline's
   *  words; a "not found" page or a consent wall almost none. On the 250 CNN/DM articles, their
   *  headlines (from their URLs) against their sentences, 0.25 judges 1 not the story (0.34: 5). 0.1-0.8. */
  storyShare: 0.25,
});

export type ReaderOptions = { -readonly [K in keyof typeof READER_DEFAULTS]: number };

/**
 * Media types a feed may be served as: the registered ones, their old aliases (`application/x-atom+xml`…),
 * and the generic XML, JSON, text and HTML types many servers send feeds as. A body served with no
 * type or as octet-stream is sniffed (see {@link looksLikeFeed}).
 */
export const FEED_MEDIA_TYPES: readonly string[] = [
  'application/rss+xml', 'application/atom+xml', 'application/rdf+xml', 'application/feed+json', 'application/json',
  'application/xml', 'text/xml', 'text/plain', 'text/html', 'application/x-rss+xml',
  'application/x-atom+xml', 'application/x-rdf+xml', 'text/rss+xml', 'text/atom+xml', 'application/rss', 'text/x-rss',
  'application/x-rss', 'application/feed', 'text/json', 'application/x-json', 'application/vnd.api+json',
];

/**
 * Whether a body's start is a feed: an XML document whose first element is `<rss`, `<feed`,
 * `<rdf:RDF` (after a declaration, comments, a doctype or a stylesheet), or a JSON object naming the
 * JSON Feed version. For bodies served with no type or a generic binary one.
 */
export function looksLikeFeed(head: Uint8Array): boolean {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, SNIFF_BYTES)).toString('latin1').replace(/^(?:\u00ef\u00bb\u00bf|\u00fe\u00ff|\u00ff\u00fe)/, '').split('\u0000').join('');
  if (/^\s*\{/.test(text)) return /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//.test(text);
  return /^\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--[\s\S]*?-->|<\?[^>]*\?>|<!DOCTYPE[^>]*>)\s*)*<(?:rss[\s>]|feed[\s>]|(?:[\w-]+:)?RDF[\s>])/i.test(text);
}

/** A feed as fetched and read: its items, or "not modified" (a 304) with none. */
export interface FetchedFeed {
  /** The feed's address after redirects. */
  readonly url: string;
  readonly notModified: boolean;
  /** Null when not modified. */
  readonly feed: ParsedFeed | null;
  readonly etag: string | null;
  readonly lastModified: string | null;
}

/** A feed read once with each item as it would be stored (see {@link FeedReader.test}). */
export interface FeedTest {
  readonly title: string | null;
  /** The feed's address after redirects. */
  readonly url: string;
  /** Newest first. */
  readonly items: readonly ItemRead[];
}

/** Which text an item's article was read from: its page, or the feed's own (content, else summary). */
export type ItemText = 'page' | 'feed';

/** One feed item read down to the article it would store, or why none. */
export interface ItemRead {
  readonly entry: FeedEntry;
  /** The article's parts; null when the item is skipped. */
  readonly parts: ArticleParts | null;
  readonly text: ItemText | null;
  /** Where the text came from, for logs: `page`, `page:json-ld`, `feed:content`, `feed:summary`. */
  readonly from: string | null;
  /** Why nothing can be stored (a code of src/model/problems.ts and its facts); null when `parts` is set. */
  readonly skipped: Problem | null;
  /** Whether the failure may pass (a timeout, a 5xx answer, the network): the item is worth reading again later. */
  readonly temporary: boolean;
}

/**
 * Reads feeds and their items the one way `/feed add`, polling, `/feed test` and `pilcrow feed`
 * share: fetches a feed safely (conditionally, decompressed, sniffed when mislabelled), reads it in
 * the app's {@link SourceWork} (decoded by XML's rules), and reads each item down to its article: the
 * page's, or the feed's own text when the page cannot be read or holds less of the article than the
 * feed (a paywall). Stores nothing.
 */
export class FeedReader {
  private readonly hosts = new Map<string, LimitFunction>();
  readonly options: ReaderOptions;

  constructor(
    private readonly work: SourceWork,
    private readonly allowPrivate: boolean,
    options: Partial<ReaderOptions> = {},
  ) {
    this.options = { ...READER_DEFAULTS, ...options };
  }

  /** Fetches and reads a feed, conditionally when the last poll's validators are given. */
  async fetch(url: string, validators: { etag: string | null; lastModified: string | null } = { etag: null, lastModified: null }): Promise<Result<FetchedFeed, FetchError | FeedReadError | WorkError>> {
    const fetched = await this.host(url, () => safeFetch(url, { accept: FEED_MEDIA_TYPES, sniff: looksLikeFeed, allowPrivate: this.allowPrivate, etag: validators.etag, lastModified: validators.lastModified, timeoutMs: this.options.timeoutSeconds * 1000 }));
    if (!fetched.ok) return fetched;
    const { etag, lastModified } = fetched.value;
    if (fetched.value.notModified) return ok({ url: fetched.value.url, notModified: true, feed: null, etag, lastModified });
    const feed = await this.work.feed(fetched.value.bytes, fetched.value.contentType, fetched.value.url);
    if (!feed.ok) return feed;
    return ok({ url: fetched.value.url, notModified: false, feed: feed.value, etag, lastModified });
  }

  /**
   * Reads a feed once and each of its items (newest first, at most the feed reader's item limit) down
   * to the article it would store, storing nothing: `/feed test` and `pilcrow feed`, as other feed
   * bots' feed-test commands. The very reading that following a feed does.
   */
  async test(url: string): Promise<Result<FeedTest, FetchError | FeedReadError | WorkError | FeedReadError>> {
    const fetched = await this.fetch(url);
    if (!fetched.ok) return fetched;
    const parsed = fetched.value.feed;
    if (!parsed) return err({ code: 'not_a_feed', ...hostOf(url), message: `${url.slice(0, 200)} sent no feed.` });
    const items: ItemRead[] = [];
    for (const entry of parsed.entries) items.push(await this.item(entry));
    return ok({ title: parsed.title, url: fetched.value.url, items });
  }

  /**
   * An item's article: its page read down to the article, with the page's own title and date (the
   * feed's when the page has none); else, or when the feed carries more of the article than the page,
   * the feed's full text (content), else its summary when that holds real text. Never throws.
   */
  async item(entry: FeedEntry): Promise<ItemRead> {
    const read = await this.readItem(entry);
    // As it will be stored: cleaned of NUL and the other characters a database refuses (AddedArticles.add does the same).
    return read.parts ? { ...read, parts: cleanParts(read.parts) } : read;
  }

  private async readItem(entry: FeedEntry): Promise<ItemRead> {
    let page: Result<ExtractedArticle, FetchError | ExtractError | WorkError> | null = null;
    if (entry.link) {
      const link = entry.link;
      page = await this.host(link, () => readPage(link, { allowPrivate: this.allowPrivate, timeoutMs: this.options.timeoutSeconds * 1000 }, this.work));
    }
    const own = await this.feedText(entry);
    if (page?.ok) {
      // A page answered 200 but is not the story: a "page not found" page, a consent wall, a front page.
      if (!holdsStory(page.value, entry, own?.read.parts ?? null)) {
        if (own) return { ...own.read, from: `${own.read.from} (the page does not hold the story)` };
        return { entry, parts: null, text: null, from: null, skipped: { code: PROBLEMS.notTheStory, ...hostOf(entry.link ?? ''), message: 'no readable text: its page does not hold the story (a "not found" page or a consent wall?)' }, temporary: true };
      }
      const pageWords = wordsIn(page.value.paragraphs);
      if (own && own.words > pageWords * this.options.feedTextWins) return { ...own.read, from: `${own.read.from} (more than the page's ${pageWords} words)` };
      return {
        entry,
        parts: { ...partsOfPage(page.value), title: titleOf(page.value.title, entry.title), ...(!page.value.published && entry.published ? { published: entry.published.toISOString() } : {}) },
        text: 'page',
        from: page.value.text === 'json-ld' ? 'page:json-ld' : 'page',
        skipped: null,
        temporary: false,
      };
    }
    if (own) return own.read;
    const skipped: Problem = page && !page.ok
      ? { ...page.error, code: isProblemCode(page.error.code) ? page.error.code : PROBLEMS.unreadable, message: `no readable text: ${page.error.message}` }
      : entry.link ? { code: PROBLEMS.unreadable, ...hostOf(entry.link), message: 'no readable text: its page could not be read' } : { code: PROBLEMS.noLink, message: 'no readable text: it has no link' };
    return { entry, parts: null, text: null, from: null, skipped, temporary: page !== null && !page.ok && isTemporary(page.error) };
  }

  /** The article the feed itself carries for an item: its full text, else its summary when that is real text. */
  private async feedText(entry: FeedEntry): Promise<{ read: ItemRead; words: number } | null> {
    const title = entry.title;
    if (!title) return null;
    const summary = entry.summary;
    for (const [html, from] of [[entry.content, 'feed:content'], [summary, 'feed:summary']] as const) {
      if (!html) continue;
      const blocks = await this.work.blocks(html);
      if (!blocks.ok || blocks.value.paragraphs.length === 0) continue;
      const words = wordsIn(blocks.value.paragraphs);
      if (words < EXTRACT_DEFAULTS.minWords) continue;
      const parts: ArticleParts = {
        title,
        paragraphs: blocks.value.paragraphs,
        captions: blocks.value.captions,
        ...(entry.link ? { source: entry.link } : {}),
        ...(entry.published ? { published: entry.published.toISOString() } : {}),
        ...(entry.author ? { author: entry.author } : {}),
      };
      return { read: { entry, parts, text: 'feed', from, skipped: null, temporary: false }, words };
    }
    return null;
  }

  /** Runs a request within its host's limit. */
  private host<T>(url: string, work: () => Promise<T>): Promise<T> {
    let host = '';
    try {
      host = new URL(url).host;
    } catch {
      // A bad address fails inside `work` with its own message.
    }
    let limit = this.hosts.get(host);
    if (!limit) {
      limit = pLimit(this.options.perHost);
      this.hosts.set(host, limit);
    }
    return limit(work);
  }
}


/**
 * The title to store: the page's own, read from the page; but the feed's when the page's is the
 * feed's with the site's name after it ("Snow closes pass | Daily News"), or when the page has none.
 */
export function titleOf(pageTitle: string, feedTitle: string | null): string {
  const page = pageTitle.trim();
  const feed = feedTitle?.trim() ?? '';
  if (page === '') return feed;
  if (feed !== '' && page.length > feed.length && page.toLowerCase().startsWith(feed.toLowerCase()) && /^\s*[|\-–—:»·]\s*\S/u.test(page.slice(feed.length))) return feed;
  return page;
}

/**
 * Whether a page holds the story a feed item announces: the item's title's words (and the opening
 * words of the feed's own text) are found in the page's title and opening paragraphs. A site that
 * answers 200 with a "page not found" page, a consent wall or its front page shares almost none of
 * them; a story's page shares most (a headline's words are the story's). Too few words to judge:
 * taken as the story.
 */
export function holdsStory(page: ExtractedArticle, entry: FeedEntry, feedText: ArticleParts | null, options: Pick<ReaderOptions, 'minStoryWords' | 'storyWords' | 'storyParagraphs' | 'storyShare'> = READER_DEFAULTS): boolean {
  const wanted = new Set([...keyWords(entry.title ?? '')]);
  if (feedText) for (const w of [...keyWords(feedText.paragraphs.slice(0, 2).join(' '))].slice(0, options.storyWords)) wanted.add(w);
  if (wanted.size < options.minStoryWords) return true;
  const have = keyWords([page.title, ...page.paragraphs.slice(0, options.storyParagraphs)].join(' '));
  let found = 0;
  for (const w of wanted) if (have.has(w)) found++;
  return found / wanted.size >= options.storyShare;
}

/** A text's telling words: lower-case runs of four letters or more (their first five, so that
 *  "approves" meets "approved"), or single Chinese and Japanese characters; the commonest left out. */
function keyWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '').matchAll(/[\p{L}\p{N}]{4,}|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu)) {
    const w = m[0];
    if (COMMON.has(w)) continue;
    out.add(w.length > 5 ? w.slice(0, 5) : w);
  }
  return out;
}

/** Words of four letters or more too common to tell one story from another. */
const COMMON = new Set(['that', 'this', 'with', 'from', 'have', 'will', 'their', 'they', 'were', 'been', 'what', 'when', 'where', 'which', 'would', 'could', 'should', 'about', 'after', 'before', 'into', 'over', 'more', 'than', 'then', 'them', 'there', 'these', 'those', 'your', 'said', 'says', 'also', 'just', 'only', 'some', 'such', 'very', 'year', 'years', 'news', 'today', 'here', 'does', 'make', 'made', 'take', 'first', 'last']);

/** Whether a failure to read a page may pass by itself: it timed out, the server failed (5xx, 429) or could not be reached. */
export function isTemporary(error: { code: string; status?: number }): boolean {
  if (error.code === 'timeout' || error.code === 'network' || error.code === 'dns' || error.code === 'too_slow') return true;
  return error.code === 'http' && error.status !== undefined && (error.status >= 500 || error.status === 429 || error.status === 408);
}

/** The keys a document's items are known by: see {@link itemKeys}. */
export interface ItemIdentity {
  readonly entry: FeedEntry;
  /** `guid:…`, `link:…` or `hash:…`, the most trusted first. */
  readonly keys: readonly string[];
}

/** Guids that publishers put on every item when they have none (miniflux, NetNewsWire and FreshRSS meet these). */
const PLACEHOLDER_GUID = /^(?:0|-|#|n\/?a|null|undefined|none|nil|guid|id|\{\}|\[\])$/i;

/**
 * The keys each item of one feed document is known by. A guid is an item's identity only when it is
 * unique within the document and not a placeholder (`N/A`, `0`…), the feed's own address or a site's
 * home page: feeds
 * that give every item one guid exist, and trusting it drops every story but the first. A link
 * (without its fragment and tracking parameters) is an identity when no other item has it. An item
 * with neither is known by a hash of its title, date and text. An item keeps both guid and link
 * keys, so that a feed rewriting one of them still matches on the other.
 */
export function itemKeys(entries: readonly FeedEntry[], feedUrl: string): ItemIdentity[] {
  const guids = new Map<string, number>();
  const links = new Map<string, number>();
  const normal = entries.map((e) => ({ guid: e.guid?.trim() || null, link: e.link ? normalLink(e.link) : null }));
  for (const { guid, link } of normal) {
    if (guid) guids.set(guid, (guids.get(guid) ?? 0) + 1);
    if (link) links.set(link, (links.get(link) ?? 0) + 1);
  }
  const home = normalLink(feedUrl);
  return entries.map((entry, i) => {
    const { guid, link } = normal[i]!;
    const keys: string[] = [];
    if (guid && guids.get(guid) === 1 && !PLACEHOLDER_GUID.test(guid) && guid !== feedUrl && guid !== home && !isHomePage(guid)) keys.push(`guid:${guid}`);
    if (link && links.get(link) === 1) keys.push(`link:${link}`);
    if (keys.length === 0) {
      const summary = entry.summary ?? '';
      const hash = createHash('sha256').update([entry.title ?? '', entry.published?.toISOString() ?? '', entry.content ?? '', summary, entry.link ?? ''].join('\n')).digest('hex');
      keys.push(`hash:${hash}`);
    }
    return { entry, keys };
  });
}

/** Whether a guid is the address of a site's home page (`https://news.example/`): a site, not a story. */
function isHomePage(guid: string): boolean {
  if (!/^https?:\/\//i.test(guid)) return false;
  try {
    const url = new URL(guid);
    return (url.pathname === '/' || url.pathname === '') && url.search === '';
  } catch {
    return false;
  }
}

/** A link without its fragment and tracking parameters (utm_*, fbclid…): two links to one story alike. */
export function normalLink(link: string): string {
  try {
    const url = new URL(link);
    url.hash = '';
    for (const p of [...url.searchParams.keys()]) if (/^(?:utm_|fbclid$|gclid$|ocid$|cmpid$|mc_cid$|mc_eid$)/i.test(p)) url.searchParams.delete(p);
    return url.toString();
  } catch {
    return link;
  }
}
