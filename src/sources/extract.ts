import { Readability } from '@mozilla/readability';
import { hostOf, type ProblemFacts } from '../model/problems.js';
import { readDate } from '../feeds/dates.js';
import { wordsIn } from '../knowledge/words.js';
import { err, ok, type Result } from '../result.js';
import { BLOCKS_DEFAULTS, documentOf, domDepth, htmlUnits, markParagraphBreaks, nestingDepth, tidy, type DomDocument } from './blocks.js';
import { articleBody, type Body } from './body.js';
import { removeBoilerplate } from './boilerplate.js';
import { removeConsentText } from './consent.js';
import { jsonLdArticle, type JsonLdArticle } from './jsonld.js';

export { blocksOf, documentOf, htmlBlocks, type DomDocument, type DomNode } from './blocks.js';

/** An article as read from a web page: its own text, nothing around it. A public shape (`pilcrow fetch --json`). */
export interface ExtractedArticle {
  readonly title: string;
  readonly byline: string | null;
  /**
   * When the article was published, as an ISO 8601 instant in UTC (`2024-03-05T10:00:00.000Z`): the
   * page's `article:published_time` (and the other meta tags Readability reads), else a date line at the
   * top of the body ("Published on 5 March 2024"), else its JSON-LD `datePublished`, the first of them
   * that reads as a date. Read as the feed reader reads dates (`readDate`: a date without a zone is UTC,
   * a date alone midnight UTC); null when none can be read without guessing (`05/04/2024`, "soon").
   */
  readonly published: string | null;
  readonly url: string;
  /** The body's paragraphs and list items, verbatim, in order; sub-headings and page furniture left out. */
  readonly paragraphs: readonly string[];
  /** Photo captions (`figcaption`), numbered apart, as in knowledge files. */
  readonly captions: readonly string[];
  /**
   * Which text of the page the paragraphs are: `readability`, the page's HTML as Readability reads it;
   * `json-ld`, the `articleBody` of the page's schema.org JSON-LD, when the HTML holds no article or only
   * a stub of it (a page drawn by scripts, a teaser above a paywall).
   */
  readonly text: 'readability' | 'json-ld';
  /**
   * The page's picture of the story: its `og:image` (else `twitter:image`), made absolute against the
   * page's address; null when it has none, or only one that is not http(s) (a `data:` or `javascript:` URL).
   */
  readonly image: string | null;
  /** The publisher's name as the page gives it (`og:site_name`, else the JSON-LD publisher's name), or null. */
  readonly site: string | null;
}

/** Why a page gave no article; `message` is one line for people. */
export interface ExtractError extends ProblemFacts {
  readonly code: 'not_an_article' | 'unreadable';
  readonly message: string;
}

/** Extraction limits; see each field. */
export const EXTRACT_DEFAULTS = Object.freeze({
  /** A page with fewer words of body text holds no article (a home page, a login wall, a consent wall). 10-200. */
  minWords: 20,
  /**
   * Readability's text is a stub of the article when it has fewer words than this share of the JSON-LD
   * `articleBody`'s: then the JSON-LD text is used. Readability and a full articleBody agree within a few
   * per cent on the saved pages; a teaser over a paywall or a "Loading…" shell has a tenth. 0.2-0.9.
   */
  stubShare: 0.5,
  /** The first this many words of Readability's text must be in the JSON-LD text for it to replace them (the same story). 4-20. */
  sameStoryWords: 8,
  /**
   * A longer title is cut, between words, to at most this many characters with "…" after it: titles are
   * shown in every citation and in autocomplete, and a title is not cited text (a page's `<title>` of a
   * megabyte is a broken or hostile page). 100-1,000.
   */
  maxTitleChars: 300,
  /** A longer site name (`og:site_name`) is cut to this many characters: it is shown as an embed's author. 20-256. */
  maxSiteChars: 100,
  /** An image address longer than this is left out (Discord refuses embed URLs past 2,048 characters). */
  maxImageUrl: 2000,
});

/**
 * Reduces a web page to its article. Page furniture is removed first by its markup (cookie and
 * consent notices, dialogs, paywall offers, newsletter boxes, share bars: boilerplate.ts); Mozilla's
 * Readability (the engine of Firefox's Reader View) then finds the body, title, byline and date and
 * drops navigation, ads and comments; the body's blocks become paragraphs and captions (body.ts), lines
 * that are furniture by their pattern (calls to action, offers, "Read more", date lines) are dropped, and
 * so is a consent notice that no class names, found by its words at the start or end of the body
 * (consent.ts; the page is read again without it when Readability took it for the article). A page that
 * is only a consent notice has no article. When the HTML holds no article, or a stub of the one the
 * page's JSON-LD carries, the JSON-LD `articleBody` is the text. The DOM is linkedom's: on the 21 saved news pages it gives Readability exactly the text jsdom
 * does, nine times faster. Scripts never run. Any failure of the libraries, and HTML nested too deep to
 * read in reasonable time, is the `unreadable` error, never a library's message.
 *
 * @example extractArticle(html, 'https://news.example/story').value.paragraphs[0]
 */
export function extractArticle(html: string, url: string): Result<ExtractedArticle, ExtractError> {
  const where = url.slice(0, 200);
  const unreadable = err({ code: 'unreadable' as const, ...hostOf(url), message: `The page at ${where} has no readable article.` });
  const noArticle = err({ code: 'not_an_article' as const, ...hostOf(url), message: `No article text was found at ${where}.` });
  let read: ReturnType<typeof readPage>;
  try {
    // Hostile or broken nesting would make parsing and Readability take minutes, or overflow the stack.
    if (nestingDepth(html) > BLOCKS_DEFAULTS.maxDepth) return unreadable;
    read = readPage(html, url);
  } catch {
    // Whatever linkedom or Readability threw, the reader is told what it means for them.
    return unreadable;
  }
  if (read === null) return unreadable;
  const { parsed, heading, jsonLd, byline, body, image } = read;
  const site = tidy(parsed?.siteName ?? '').slice(0, EXTRACT_DEFAULTS.maxSiteChars) || null;
  const words = wordCount(body.paragraphs);
  const ld = jsonLd === null ? null : { ...jsonLd, paragraphs: articleBody(jsonLd.paragraphs.map((text) => ({ text, caption: false, linked: 0 })), null).paragraphs };
  const ldWords = ld === null ? 0 : wordCount(ld.paragraphs);
  // A teaser is the start of the article the JSON-LD holds; a longer JSON-LD text that does not
  // contain it is another story (a related article's), and the page's own short text stands.
  const stub = words < EXTRACT_DEFAULTS.minWords || (words < EXTRACT_DEFAULTS.stubShare * ldWords && ld !== null && opens(ld.paragraphs, body.paragraphs[0]!));
  if (ld !== null && stub && ldWords >= EXTRACT_DEFAULTS.minWords) {
    return ok({
      title: shortTitle(ld.title ?? (withoutSiteName(tidy(parsed?.title ?? ''), heading) || ld.paragraphs[0]!.slice(0, 100))),
      byline: ld.byline ?? byline,
      published: firstDate(ld.published, parsed?.publishedTime),
      url,
      paragraphs: ld.paragraphs,
      captions: [],
      text: 'json-ld',
      image,
      site,
    });
  }
  if (words < EXTRACT_DEFAULTS.minWords) return noArticle;
  const title = withoutSiteName(tidy(parsed?.title ?? ''), heading);
  return ok({
    title: shortTitle(title || body.paragraphs[0]!.slice(0, 100)),
    byline: byline ?? jsonLd?.byline ?? null,
    published: firstDate(parsed?.publishedTime, body.published, jsonLd?.published),
    url,
    paragraphs: body.paragraphs,
    captions: body.captions,
    text: 'readability',
    image,
    site,
  });
}

/**
 * The page parsed, its JSON-LD article read, and its article read (see {@link readArticle}); null when
 * the document nests deeper than any real page. When the body Readability found opens or ends with a
 * consent notice that no class names (consent.ts), or is one, the page is read again without the notice's
 * paragraphs, and the reading with more of the article's words is kept: Readability may have taken the
 * notice for the article, and the article for something else. Throws whatever the libraries throw.
 */
function readPage(html: string, url: string): { parsed: ReturnType<Readability['parse']>; heading: string; jsonLd: JsonLdArticle | null; byline: string | null; body: Body; image: string | null } | null {
  const document: DomDocument = documentOf(html);
  if (domDepth(document.documentElement, BLOCKS_DEFAULTS.maxDepth) > BLOCKS_DEFAULTS.maxDepth) return null;
  // Before Readability, which removes the scripts that hold it.
  const jsonLd = jsonLdArticle(document, url);
  const heading = tidy(document.querySelector('h1')?.textContent ?? '');
  const image = imageOf(document, url);
  const first = readArticle(document, []);
  if (first.body.consent.length === 0) return { heading, jsonLd, image, ...first };
  // Readability changed the first document; the page is parsed again.
  const again = readArticle(documentOf(html), first.body.consent);
  const better = wordCount(again.body.paragraphs) >= wordCount(first.body.paragraphs) ? again : first;
  return { heading, jsonLd, image, ...better };
}

/**
 * A parsed page's article: its furniture removed (and these paragraphs of consent text), Readability run
 * on it, and the body it finds read into paragraphs (body.ts).
 */
function readArticle(document: DomDocument, consent: readonly string[]): { parsed: ReturnType<Readability['parse']>; byline: string | null; body: Body } {
  removeBoilerplate(document);
  if (consent.length > 0) removeConsentText(document.body, consent);
  // A lone <br> after a sentence in a <div> ends a paragraph; Readability would make the <div> one <p>.
  markParagraphBreaks(document.body);
  // Readability's types name the browser's Document; linkedom's document is one in all it uses.
  const parsed = new Readability(document as never).parse();
  const byline = tidy(parsed?.byline ?? '').replace(/^by\s+/i, '') || null;
  const body = parsed?.content ? articleBody(htmlUnits(parsed.content), byline) : { paragraphs: [], captions: [], published: null, consent: [] };
  return { parsed, byline, body };
}

const wordCount = (paragraphs: readonly string[]) => wordsIn(paragraphs);

/**
 * The first of a page's dates that reads as a date (see `ExtractedArticle.published`), as an ISO 8601
 * instant: a meta tag saying "soon" or `05/04/2024` gives way to the next source, never a guess.
 */
function firstDate(...dates: (string | null | undefined)[]): string | null {
  for (const date of dates) {
    const read = readDate(date);
    if (read !== null) return read.toISOString();
  }
  return null;
}

/**
 * The page's picture of the story: the first `og:image` (or `og:image:url`, `og:image:secure_url`), else
 * `twitter:image`, resolved against the page's address; only an http(s) address within
 * `maxImageUrl` characters, else null.
 */
function imageOf(document: DomDocument, url: string): string | null {
  const selectors = ['meta[property="og:image"]', 'meta[property="og:image:url"]', 'meta[property="og:image:secure_url"]', 'meta[name="og:image"]', 'meta[name="twitter:image"]', 'meta[property="twitter:image"]', 'meta[name="twitter:image:src"]'];
  for (const selector of selectors) {
    const content = document.querySelector(selector)?.getAttribute('content')?.trim();
    if (!content) continue;
    try {
      const address = new URL(content, url);
      if ((address.protocol === 'http:' || address.protocol === 'https:') && address.href.length <= EXTRACT_DEFAULTS.maxImageUrl) return address.href;
    } catch {
      // Not an address: the next tag may hold one.
    }
  }
  return null;
}

/** A title of at most `maxTitleChars` characters, cut after a whole word with "…" (see EXTRACT_DEFAULTS). */
function shortTitle(title: string): string {
  if (title.length <= EXTRACT_DEFAULTS.maxTitleChars) return title;
  const room = EXTRACT_DEFAULTS.maxTitleChars - 1;
  const head = title.slice(0, room);
  const words = /\s/u.test(title[room]!) ? head : head.replace(/\s+\S*$/u, '');
  // A first word longer than the limit is cut inside it: there is no word boundary to keep.
  return `${(words.replace(/[\s,;:|\-–—]+$/u, '') || head)}…`;
}

/** Letters and digits only, lower-cased, single-spaced: text compared across HTML and JSON-LD. */
const bare = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** Whether a text's first paragraph (its first words, `EXTRACT_DEFAULTS.sameStoryWords`) is in these paragraphs. */
function opens(paragraphs: readonly string[], first: string): boolean {
  const start = bare(first).split(' ').slice(0, EXTRACT_DEFAULTS.sameStoryWords).join(' ');
  return bare(paragraphs.join(' ')).includes(start);
}

/**
 * A title without the site's name after it ("Snow closes pass | Daily News" → "Snow closes pass"),
 * when the page's own heading says the story's title is the part before the separator.
 */
function withoutSiteName(title: string, heading: string): string {
  const m = /^(.+?)\s+[|\-–—:»]\s+[^|–—»]{2,60}$/u.exec(title);
  return m && heading !== '' && tidy(m[1]!).toLowerCase() === heading.toLowerCase() ? tidy(m[1]!) : title;
}
