import { Readability } from '@mozilla/readability';
import { err, ok, type Result } from '../result.js';
import { documentOf, htmlBlocks, tidy } from './blocks.js';

export { blocksOf, documentOf, htmlBlocks, type DomDocument, type DomNode } from './blocks.js';

/** An article as read from a web page: its own text, nothing around it. A public shape (`pilcrow fetch --json`). */
export interface ExtractedArticle {
  readonly title: string;
  readonly byline: string | null;
  /** As the page states it (ISO 8601 when it gives one), or null. */
  readonly published: string | null;
  readonly url: string;
  /** The body's paragraphs and list items, verbatim, in order; sub-headings left out. */
  readonly paragraphs: readonly string[];
  /** Photo captions (`figcaption`), numbered apart, as in knowledge files. */
  readonly captions: readonly string[];
}

/** Why a page gave no article; `message` is one line for people. */
export interface ExtractError {
  readonly code: 'not_an_article' | 'unreadable';
  readonly message: string;
}

/** Extraction limits; see each field. */
export const EXTRACT_DEFAULTS = Object.freeze({
  /** A page with fewer words of body text holds no article (a home page, a login wall). 10-200. */
  minWords: 20,
  /** Lines this short (in words) that read as page furniture are dropped (see FURNITURE). */
  furnitureWords: 8,
});

/**
 * Calls to action that Readability sometimes keeps inside an article body ("SIGN UP FOR OUR
 * NEWSLETTER"): dropped when the line is short, so that a sentence of the article that happens to
 * start this way stays.
 */
const FURNITURE = /^(?:sign up|subscribe|follow us|share (?:this|on)|advertisement|read more|click here|download the app|get the app)\b/i;

/**
 * Reduces a web page to its article: Mozilla's Readability (the engine of Firefox's Reader View) finds
 * the body, title, byline and date and drops navigation, share buttons, ads and comments; the body's
 * blocks then become paragraphs and captions. The DOM is linkedom's: on the 21 saved news pages it
 * gives Readability exactly the text jsdom does, nine times faster (jsdom took ~0.4 s a page, most of
 * an article's ingestion). Scripts never run.
 *
 * @example extractArticle(html, 'https://news.example/story').value.paragraphs[0]
 */
export function extractArticle(html: string, url: string): Result<ExtractedArticle, ExtractError> {
  let parsed: ReturnType<Readability['parse']>;
  let heading = '';
  try {
    const document = documentOf(html);
    heading = tidy(document.querySelector('h1')?.textContent ?? '');
    // Readability's types name the browser's Document; linkedom's document is one in all it uses.
    parsed = new Readability(document as never).parse();
  } catch (e) {
    return err({ code: 'unreadable', message: `The page at ${url.slice(0, 200)} could not be read (${(e as Error).message.slice(0, 100)}).` });
  }
  if (!parsed?.content) return err({ code: 'not_an_article', message: `No article text was found at ${url.slice(0, 200)}.` });
  const blocks = htmlBlocks(parsed.content);
  // "By Jane Smith": the byline is the article's metadata, not a paragraph of it.
  const byline = tidy(parsed.byline ?? '').replace(/^by\s+/i, '') || null;
  const isByline = (p: string) => byline !== null && p.replace(/^by\s+/i, '') === byline;
  const furniture = (p: string) => p.split(' ').length < EXTRACT_DEFAULTS.furnitureWords && (FURNITURE.test(p) || isByline(p));
  const paragraphs = blocks.paragraphs.filter((p) => !furniture(p));
  const captions = blocks.captions;
  const title = withoutSiteName(tidy(parsed.title ?? ''), heading);
  const words = paragraphs.reduce((n, p) => n + p.split(' ').length, 0);
  if (words < EXTRACT_DEFAULTS.minWords) return err({ code: 'not_an_article', message: `No article text was found at ${url.slice(0, 200)}.` });
  return ok({
    title: title || paragraphs[0]!.slice(0, 100),
    byline,
    published: parsed.publishedTime?.trim() || null,
    url,
    paragraphs,
    captions,
  });
}

/**
 * A title without the site's name after it ("Snow closes pass | Daily News" → "Snow closes pass"),
 * when the page's own heading says the story's title is the part before the separator.
 */
function withoutSiteName(title: string, heading: string): string {
  const m = /^(.+?)\s+[|\-–—:»]\s+[^|–—»]{2,60}$/u.exec(title);
  return m && heading !== '' && tidy(m[1]!).toLowerCase() === heading.toLowerCase() ? tidy(m[1]!) : title;
}
