import { BLOCKS_DEFAULTS, documentOf, htmlUnits, nestingDepth, unitsOf, type TextUnit } from './blocks.js';
import { dateLine, furnitureLine, removeBoilerplate } from './boilerplate.js';
import { consentEdges } from './consent.js';

/** Limits of reading an article's body; see each field. */
export const BODY_DEFAULTS = Object.freeze({
  /** Lines this short (in words) that repeat the byline ("By Jane Smith") are dropped. 4-12. */
  bylineWords: 8,
  /**
   * A date line gives the article's date only at the top of the body: after at most this many of its
   * paragraphs (a standfirst and a photo's credit line come before The New York Times' date line). A date
   * line further down is furniture, not the article's date (a related story's, a live page's update). 0-5.
   */
  dateLineAfter: 2,
});

/** An article body's text: its paragraphs and captions, the date its date line gives, and the consent text left out. */
export interface Body {
  /** The article's paragraphs and list items, in order. */
  readonly paragraphs: readonly string[];
  /** Photo captions (`figcaption`). */
  readonly captions: readonly string[];
  /** The date of publication a date line at the top of the body states (see `dateLine`, BODY_DEFAULTS.dateLineAfter), or null. */
  readonly published: string | null;
  /** Paragraphs left out as a consent notice at the start or end of the body; all of them for a consent wall. */
  readonly consent: readonly string[];
}

/**
 * An article's body from its text units (an article's HTML as Readability gives it, a feed item's HTML, a
 * JSON-LD `articleBody`): the paragraphs without the lines that are page furniture (boilerplate.ts:
 * calls to action, notices, share and "read more" lines, date lines) or repeat the byline, and without a
 * consent notice at either end (consent.ts). The date of publication of a date line at the top of the body
 * (BODY_DEFAULTS.dateLineAfter) is kept apart as metadata; a date line further down is furniture, not the
 * article's date.
 *
 * @example articleBody(htmlUnits('<p>Published 5 March 2024</p><p>The pier reopened.</p>'), null).published // '2024-03-05T00:00:00.000Z'
 */
export function articleBody(units: readonly TextUnit[], byline: string | null): Body {
  const texts: string[] = [];
  const captions: string[] = [];
  /** Date lines' dates, with how many paragraphs came before them. */
  const dates: { published: string | null; after: number }[] = [];
  // "By Jane Smith": the byline is the article's metadata, not a paragraph of it.
  const isByline = (p: string) => byline !== null && p.split(' ').length < BODY_DEFAULTS.bylineWords && p.replace(/^by\s+/i, '') === byline;
  for (const unit of units) {
    if (unit.caption) {
      captions.push(unit.text);
      continue;
    }
    const kind = furnitureLine(unit.text, unit.linked);
    if (kind === 'date') dates.push({ published: dateLine(unit.text)?.published ?? null, after: texts.length });
    if (kind === null && !isByline(unit.text)) texts.push(unit.text);
  }
  const { lead, trail } = consentEdges(texts);
  const end = texts.length - trail;
  // A consent notice before the date line does not make it a line of the body's middle.
  const published = dates.find((d) => d.after <= lead + BODY_DEFAULTS.dateLineAfter && d.published !== null)?.published ?? null;
  return { paragraphs: texts.slice(lead, end), captions, published, consent: [...texts.slice(0, lead), ...texts.slice(end)] };
}

/**
 * The article a feed item's own HTML holds (`content:encoded`, a description): its furniture containers
 * removed as a page's are (share bars, newsletter boxes: `removeBoilerplate`), and its paragraphs and
 * captions as {@link articleBody} reads them, so that the furniture WordPress and Feedburner add ("Share
 * this:", "Continue reading … →", "The post … appeared first on …", a newsletter offer) is not stored.
 * HTML nested deeper than any real article is read flat, as `htmlBlocks` reads it.
 */
export function feedItemBlocks(html: string): { paragraphs: readonly string[]; captions: readonly string[] } {
  let units: TextUnit[];
  if (nestingDepth(html) > BLOCKS_DEFAULTS.maxDepth) units = htmlUnits(html);
  else {
    const document = documentOf(`<!doctype html><html><body>${html}</body></html>`);
    removeBoilerplate(document);
    units = unitsOf(document.body);
  }
  const { paragraphs, captions } = articleBody(units, null);
  return { paragraphs, captions };
}
