import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadTooling } from '../../src/engine/index.js';
import { EVAL_DIR } from './squad.js';

const { htmlBlocks } = await loadTooling();

/** The 21 saved news pages with Readability's reference text (../shared/eval/news-html). */
export const NEWS_HTML_DIR = join(EVAL_DIR, 'news-html');
/** The real-world cases (../shared/real-cases); PILCROW_REAL_CASES_DIR overrides. */
export const REAL_CASES_DIR = resolve(process.env.PILCROW_REAL_CASES_DIR ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'real-cases'));

/** A paragraph of the right text: the whole paragraph, or its first and last words (a case's expected.txt names no more). */
export type Expected = string | { readonly start: string; readonly end: string };

/** One page to extract, with what is right for it. */
export interface PageCase {
  readonly name: string;
  readonly html: string;
  readonly url: string;
  /** Titles counted right (the reference's, or it without the site's name after it). */
  readonly titles: readonly string[];
  /** The article's own paragraphs, in order. */
  readonly paragraphs: readonly Expected[];
  /** Further metadata that is right, where the case says (byline, published). */
  readonly byline?: string;
  readonly published?: string;
}

const norm = (t: string) => t.replace(/[\s\u00a0]+/g, ' ').trim();

/** Kinds of page furniture that issue 15 asks to keep out of the paragraphs, and others that are not the article either. */
export type FurnitureKind = 'consent' | 'subscription' | 'newsletter' | 'share' | 'read-more' | 'date' | 'other';
/** The kinds counted as boilerplate kept. */
export const BOILERPLATE_KINDS: ReadonlySet<FurnitureKind> = new Set(['consent', 'subscription', 'newsletter', 'share', 'read-more', 'date']);

/**
 * The lines of Readability's reference text (expected.html) that are not the article, judged by reading
 * each page (first words of each). They are left out of the right text; a kept line of the in-scope kinds
 * counts as boilerplate kept, the others ("Image" labels, photo credits, "Continue reading the main story",
 * the print line) only lower precision.
 */
const REFERENCE_FURNITURE: Readonly<Record<string, readonly (readonly [FurnitureKind, string])[]>> = {
  'bbc-1': [['read-more', 'Read the full transcript of his interview'], ['read-more', 'Five things we learned from Obama interview'], ['read-more', 'The presidential body swerve']],
  breitbart: [['other', 'JIM WATSON/AFP/Getty Images'], ['date', '22 Dec, 2016'], ['newsletter', 'SIGN UP FOR OUR NEWSLETTER']],
  'buzzfeed-1': [['other', 'West Merica Police'], ['other', 'Facebook']],
  'citylab-1': [['date', '1:39 PM ET'], ['newsletter', 'The best way to follow issues you care about.']],
  cnn: [['other', 'Powered by SmartAsset.com'], ['read-more', 'Related: '], ['date', 'CNNMoney (New York) First published']],
  'nytimes-1': [['other', 'Photo'], ['other', 'Continue reading the main story']],
  'nytimes-2': [['other', 'Photo'], ['other', 'Continue reading the main story']],
  'nytimes-3': [['other', 'Image'], ['date', 'Feb. 21, 2019'], ['other', 'A version of this article appears in print on']],
  'nytimes-4': [['other', 'Image'], ['date', 'Sept. 25, 2018'], ['read-more', 'More about the federal debt and the economy'], ['other', 'A version of this article appears in print on']],
  theverge: [['newsletter', 'Sign up for Command Line'], ['subscription', '$7/month'], ['subscription', 'A flexible plan you can cancel anytime.'], ['subscription', '$70/year'], ['subscription', 'A discounted plan to keep you up to date all year.'], ['subscription', '$60/person/year'], ['subscription', 'Keep your team informed on the inside conversation.'], ['subscription', 'We accept credit card, Apple Pay and Google Pay.']],
  'tmz-1': [['other', 'EXCLUSIVE']],
  'wapo-1': [['read-more', '[Read: '], ['read-more', '[Bardo museum houses amazing Roman treasures]'], ['read-more', 'Read more:'], ['read-more', 'Tunisia’s Islamists get a sobering lesson in governing'], ['read-more', 'Tunisia sends most foreign fighters to Islamic State in Syria'], ['read-more', 'Tunisia’s Bardo museum is home to amazing Roman treasures']],
  'yahoo-1': [['read-more', 'More games news:'], ['read-more', '‘Skylanders Imaginators’ will let you create'], ['read-more', 'Review: High-flying ‘NBA 2K17’'], ['read-more', 'Review: Race at your own speed'], ['read-more', 'Sony’s PlayStation 4 Pro shows promise'], ['read-more', 'Review: ‘Madden NFL 17’ runs hard']],
};

/**
 * Boilerplate among the paragraphs that are not right, on pages without a judged list (the cases):
 * anything that speaks of cookies, consent, subscriptions, newsletters, sign-ups, sharing, "read more"
 * or a publication date. Independent of the extractor's own rules.
 */
const BOILERPLATE_WORDS = /\b(?:cookies?|consent|gdpr|subscri(?:be|bed|bers?|ption)|newsletters?|sign(?:ing)? ?(?:up|in)|log ?in|free articles?|paywall|read more|share|follow us|published|updated|posted)\b/i;

/** The judged furniture kind of a reference line of a saved page, or null. */
export function furnitureOf(page: string, p: string): FurnitureKind | null {
  return REFERENCE_FURNITURE[page]?.find(([, start]) => p.startsWith(start))?.[0] ?? null;
}

const matches = (e: Expected, p: string) => (typeof e === 'string' ? e === p : p.startsWith(e.start) && p.endsWith(e.end));

/** How one extraction compares with the right text. */
export interface PageScore {
  readonly expected: number;
  readonly ours: number;
  /** Right paragraphs found among ours. */
  readonly found: number;
  /** Our paragraphs that are right paragraphs. */
  readonly right: number;
  /** Our paragraphs that are not right and are furniture of the kinds issue 15 names (consent, subscription, newsletter, share, read more, date lines). */
  readonly boilerplate: readonly string[];
  /** Right paragraphs we do not have. */
  readonly lost: readonly string[];
}

/** Recall and precision counts of `ours` against the right paragraphs, and the furniture kept. */
export function scorePage(page: string, ours: readonly string[], expected: readonly Expected[]): PageScore {
  const isRight = (p: string) => expected.some((e) => matches(e, p));
  const judged = (p: string) => furnitureOf(page, p);
  const isBoilerplate = (p: string) => (judged(p) === null ? BOILERPLATE_WORDS.test(p) : BOILERPLATE_KINDS.has(judged(p)!));
  const right = ours.filter(isRight);
  const found = expected.filter((e) => ours.some((p) => matches(e, p)));
  return {
    expected: expected.length,
    ours: ours.length,
    found: found.length,
    right: right.length,
    boilerplate: ours.filter((p) => !isRight(p) && isBoilerplate(p)),
    lost: expected.filter((e) => !found.includes(e)).map((e) => (typeof e === 'string' ? e : `${e.start} … ${e.end}`)),
  };
}

/** The 21 saved pages, their reference paragraphs without the furniture Readability's reference keeps (REFERENCE_FURNITURE); [] when absent. */
export function newsPages(): PageCase[] {
  if (!existsSync(NEWS_HTML_DIR)) return [];
  return readdirSync(NEWS_HTML_DIR)
    .filter((d) => existsSync(join(NEWS_HTML_DIR, d, 'source.html')))
    .map((name) => {
      const meta = JSON.parse(readFileSync(join(NEWS_HTML_DIR, name, 'expected-metadata.json'), 'utf8')) as { title: string };
      const title = norm(meta.title);
      const reference = htmlBlocks(readFileSync(join(NEWS_HTML_DIR, name, 'expected.html'), 'utf8')).paragraphs;
      return {
        name,
        html: readFileSync(join(NEWS_HTML_DIR, name, 'source.html'), 'utf8'),
        url: `http://127.0.0.1/${name}`,
        titles: [title, title.replace(/\s+[|\-–—:»]\s+[^|–—»]{2,60}$/u, '')],
        paragraphs: reference.filter((p) => furnitureOf(name, p) === null),
      };
    });
}

/**
 * The pages of the ingest cases 12-14, with the right values their expected.txt states (first and last
 * words of each paragraph, so that a fragment or a merge does not count); [] when ../shared is absent.
 */
export function casePages(): PageCase[] {
  const page = (name: string, file: string) => join(REAL_CASES_DIR, name, 'www', file);
  const cases: (Omit<PageCase, 'html' | 'url'> & { file: string })[] = [
    {
      name: 'ingest-12 statement',
      file: page('ingest-12', 'statement.html'),
      titles: ['Statement on the closure of Northbank Savings'],
      paragraphs: [
        { start: 'The regulator has applied to the court', end: 'stopped making payments on Friday.' },
        { start: 'Customers with deposits', end: 'the regulator said in a statement.' },
      ],
      published: '2024-03-10',
    },
    {
      name: 'ingest-13 br-div',
      file: page('ingest-13', 'br-div.html'),
      titles: ['Notes from the allotment: a wet spring'],
      paragraphs: [
        { start: 'The heavy rain', end: 'until May.' },
        { start: 'Volunteers spent Saturday', end: 'February storms.' },
        { start: 'The water company', end: 'letter to members.' },
        { start: 'Seed potatoes', end: 'end of the month.' },
      ],
    },
    {
      name: 'ingest-13 br-span',
      file: page('ingest-13', 'br-span.html'),
      titles: ['Ferry fares to rise in April'],
      paragraphs: [
        { start: 'Ferry fares between', end: 'said on Monday.' },
        { start: 'The operator blamed', end: 'end of the year.' },
        { start: 'Passenger groups said', end: 'to step in.' },
      ],
    },
    {
      name: 'ingest-13 br-inside-p',
      file: page('ingest-13', 'br-inside-p.html'),
      titles: ['Council to set budget on Monday'],
      paragraphs: [
        { start: 'The council will meet on Monday evening to set', end: 'rise in council tax.' },
        { start: 'The finance committee chair said the rise was needed to protect', end: "the town's roads." },
        { start: 'Opposition councillors', end: 'raising the tax.' },
      ],
    },
    {
      name: 'ingest-14 windfarm',
      file: page('ingest-14', 'windfarm.html'),
      titles: ['Wind farm approved off the east coast'],
      paragraphs: [
        { start: 'Ministers have approved', end: 'said on Thursday.' },
        { start: 'The farm is expected', end: 'completed in 2028.' },
        { start: 'Fishing groups had opposed', end: 'to trawlers.' },
      ],
      byline: 'Sam Okafor',
      published: '2024-03-14T08:00:00Z',
    },
  ];
  return cases.filter((c) => existsSync(c.file)).map(({ file, ...c }) => ({ ...c, html: readFileSync(file, 'utf8'), url: `http://127.0.0.1/${c.name.replace(/\s/g, '/')}` }));
}
