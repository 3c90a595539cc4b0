import { decodeLeftovers } from '../feeds/text.js';
import { htmlBlocks, tidy, type DomDocument } from './blocks.js';

/** Limits of reading a page's JSON-LD; see each field. */
export const JSONLD_DEFAULTS = Object.freeze({
  /** JSON values looked at across a page's blocks, at most: bounds the work a hostile page can ask for. 1,000-100,000. */
  maxValues: 20_000,
});

/**
 * schema.org types whose `articleBody` is an article's text: Article and its news, blog, report and
 * scholarly kinds (https://schema.org/Article, "More specific Types").
 */
const ARTICLE_TYPES = new Set([
  'Article', 'NewsArticle', 'ReportageNewsArticle', 'AnalysisNewsArticle', 'OpinionNewsArticle', 'BackgroundNewsArticle',
  'ReviewNewsArticle', 'AskPublicNewsArticle', 'SatiricalArticle', 'Report', 'BlogPosting', 'LiveBlogPosting', 'TechArticle',
  'ScholarlyArticle', 'MedicalScholarlyArticle',
]);

/** An article as a page's JSON-LD describes it. */
export interface JsonLdArticle {
  /** `headline` (or `name`), plain text, its entities decoded even when encoded twice. */
  readonly title: string | null;
  /** The names of `author`, whether a string, an object or an array of either, joined by ", ". */
  readonly byline: string | null;
  /** `datePublished` as the page states it. */
  readonly published: string | null;
  /** `articleBody`'s paragraphs (see {@link bodyParagraphs}); empty when it has none. */
  readonly paragraphs: readonly string[];
  /** `url` or `mainEntityOfPage`, to prefer the page's own article over others it lists. */
  readonly url: string | null;
}

/**
 * The article a page describes in its `<script type="application/ld+json">` blocks: the article-typed
 * object (also inside `@graph` and top-level arrays) with a body, the one whose `url` is the page's
 * first, else the longest; else one without a body (for its metadata); null when there is none. A
 * block that is not valid JSON is repaired where publishers commonly break it (raw line breaks inside
 * strings, CDATA or comment wrappers) and otherwise skipped, never the others.
 */
export function jsonLdArticle(document: DomDocument, pageUrl: string): JsonLdArticle | null {
  const found: JsonLdArticle[] = [];
  let budget = JSONLD_DEFAULTS.maxValues;
  for (const script of document.querySelectorAll('script')) {
    if ((script.getAttribute('type') ?? '').trim().toLowerCase() !== 'application/ld+json') continue;
    const value = parseBlock(script.textContent ?? '');
    if (value === undefined) continue;
    const stack: unknown[] = [value];
    while (stack.length > 0 && budget-- > 0) {
      const v = stack.pop();
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
        continue;
      }
      if (!isObject(v)) continue;
      if (isArticle(v)) found.push(articleOf(v));
      for (const key of Object.keys(v)) if (typeof v[key] === 'object' && v[key] !== null) stack.push(v[key]);
    }
  }
  const withBody = found.filter((a) => a.paragraphs.length > 0);
  const same = (u: string | null) => u !== null && comparable(u) === comparable(pageUrl);
  return withBody.find((a) => same(a.url)) ?? withBody.sort((a, b) => length(b) - length(a))[0] ?? found[0] ?? null;
}

const length = (a: JsonLdArticle) => a.paragraphs.reduce((n, p) => n + p.length, 0);
const comparable = (url: string) => url.replace(/[?#].*$/, '').replace(/\/+$/, '').replace(/^https?:\/\//, '').toLowerCase();
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A block's JSON, or undefined when it cannot be read even repaired. */
function parseBlock(raw: string): unknown {
  const text = raw.trim().replace(/^(?:\/\/\s*)?(?:<!\[CDATA\[|<!--)\s*/, '').replace(/\s*(?:\/\/\s*)?(?:\]\]>|-->)$/, '').replace(/;\s*$/, '');
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(escapeControlsInStrings(text));
    } catch {
      return undefined;
    }
  }
}

/**
 * Raw control characters (line breaks, tabs) inside JSON strings escaped: publishers often print an
 * `articleBody` with its real line breaks, which JSON forbids and every browser's JSON.parse refuses.
 */
function escapeControlsInStrings(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString && c === '\\') {
      out += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    const code = c.charCodeAt(0);
    out += inString && code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  }
  return out;
}

/** Whether an object's `@type` (a string or an array; "NewsArticle", "schema:NewsArticle" or a schema.org URL) is an article's. */
function isArticle(o: Record<string, unknown>): boolean {
  const types = Array.isArray(o['@type']) ? o['@type'] : [o['@type']];
  return types.some((t) => typeof t === 'string' && ARTICLE_TYPES.has(t.replace(/^.*[/:#]/, '')));
}

function articleOf(o: Record<string, unknown>): JsonLdArticle {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? plain(v) : null);
  const body = Array.isArray(o.articleBody) ? o.articleBody.filter((x) => typeof x === 'string').join('\n\n') : o.articleBody;
  const page = isObject(o.mainEntityOfPage) ? o.mainEntityOfPage['@id'] : o.mainEntityOfPage;
  return {
    title: text(o.headline) ?? text(o.name),
    byline: names(o.author),
    published: typeof o.datePublished === 'string' && o.datePublished.trim() !== '' ? o.datePublished.trim() : null,
    paragraphs: typeof body === 'string' ? bodyParagraphs(body) : [],
    url: typeof o.url === 'string' ? o.url : typeof page === 'string' ? page : null,
  };
}

/** The names of an `author`: a string, an object with a `name`, or an array of them. */
function names(author: unknown): string | null {
  const list = Array.isArray(author) ? author : [author];
  const out: string[] = [];
  for (const a of list) {
    const name = typeof a === 'string' ? a : isObject(a) && typeof a.name === 'string' ? a.name : null;
    const clean = name === null ? '' : plain(name);
    if (clean !== '' && !out.includes(clean)) out.push(clean);
  }
  return out.length > 0 ? out.join(', ') : null;
}

/**
 * The paragraphs of an `articleBody`. Publishers send it as HTML (read as HTML), as text with blank lines
 * between paragraphs (split there), as text with one line break per paragraph and no blank line (split
 * at each), or as one block; entities that some leave in the text are decoded.
 */
export function bodyParagraphs(body: string): string[] {
  if (/<\/?(?:p|br|div|h[1-6]|li|ul|ol|blockquote|figure)\b[^>]*>/i.test(body)) return htmlBlocks(body).paragraphs;
  const parts = /\n[^\S\n]*\n/.test(body) ? body.split(/\n\s*\n/) : body.split('\n');
  return parts.map(plain).filter((p) => p !== '');
}

/**
 * Text with its entities decoded (`&amp;`, `&#8217;`), white space collapsed. JSON strings are plain text,
 * yet publishers leave entities in them, often encoded twice (WordPress's `Council&amp;#8217;s`): they are
 * decoded as often as the feed reader decodes a feed's titles (`decodeLeftovers`), never the HTML in them.
 */
function plain(text: string): string {
  return tidy(decodeLeftovers(text));
}
