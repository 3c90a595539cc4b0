import { stemmer } from 'stemmer';
import { eng } from 'stopword';

/**
 * Words that carry no topic. The `stopword` package's English list, plus the question words and
 * auxiliaries that every question has (the question's *form* is read separately, in nlp/question.ts).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  ...eng,
  ...['when', 'whom', 'whose', 'why', 'does', 'doing', 'done', 'its', 'it\'s', 'who\'s', 'what\'s'],
  ...['will', 'shall', 'may', 'whether', 'say', 'says', 's', 't'],
  // Pronouns stand for someone named elsewhere; a question's "he" is resolved apart (search/rank.ts).
  ...['she', 'hers', 'herself', 'himself', 'themselves'],
  ...['everyone', 'everybody', 'anyone', 'anybody', 'someone', 'somebody', 'everything', 'anything', 'something', 'nothing', 'nobody'],
]);

/** One word of a text, with its offsets; `term` is its index term, or null for a stop word. */
export interface Token {
  /** Lower-cased, accent-folded surface form, e.g. "helsinki". */
  readonly word: string;
  /** The stemmed index term, e.g. "locat" for "locations"; null for a stop word. */
  readonly term: string | null;
  readonly start: number;
  readonly end: number;
}

/**
 * Characters that show nothing: Unicode's Default_Ignorable_Code_Point, among them the zero-width
 * space (U+200B), non-joiner and joiner (U+200C, U+200D), word joiner (U+2060), soft hyphen (U+00AD),
 * BOM (U+FEFF), bidirectional marks and variation selectors. Text pasted from web pages and chat apps
 * carries them inside words ("wh\u200bere"); matching ignores them, as a browser's find-in-page does.
 */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
const HAS_INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;

/**
 * A word: a letter or digit, then letters, digits and combining marks (a decomposed "Zu\u0308rich"
 * is one word), invisible characters counting as part of it when a letter, digit or mark follows;
 * inner apostrophes keep "don't" and "Trump's" together. Tokens keep offsets into the text as written.
 */
const IGNORABLE = '\\p{Default_Ignorable_Code_Point}';
const WORD = new RegExp(
  // Letters, digits and marks, in runs that invisible characters may join.
  `[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}]*(?:${IGNORABLE}+[\\p{L}\\p{N}\\p{M}]+)*` +
  // An apostrophe and letters: "'s", "n't".
  `(?:${IGNORABLE}*['’]${IGNORABLE}*\\p{L}[\\p{L}\\p{M}]*(?:${IGNORABLE}+[\\p{L}\\p{M}]+)*)*`,
  'gu',
);
const COMBINING = /\p{M}+/gu;

/**
 * Text without its invisible characters (see INVISIBLE), for reading what someone typed: a question,
 * a name, a title being typed. Not for cited text, which stays as written (tokens skip them instead).
 *
 * @example withoutInvisible('wh\u200bere is the su\u200dmmit') // 'where is the summit'
 */
export function withoutInvisible(text: string): string {
  return HAS_INVISIBLE.test(text) ? text.replace(INVISIBLE, '') : text;
}

/** Lower-cases and strips accents and invisible characters so that "Zürich" matches "zurich", ’ matches ' and "su\u200dmmit" "summit". */
export function fold(word: string): string {
  return withoutInvisible(word.normalize('NFKD').replace(COMBINING, '')).toLowerCase().replace(/’/g, '\'');
}

/** The index term of a folded word, or null when it is a stop word. Possessives lose their "'s". */
export function termOf(word: string): string | null {
  const base = word.endsWith('\'s') ? word.slice(0, -2) : word;
  if (base === '' || STOP_WORDS.has(word) || STOP_WORDS.has(base)) return null;
  if (/^\d/.test(base)) return base;
  return stemmer(base);
}

/**
 * Splits text into tokens with offsets into the original string. `seen` remembers each spelling's
 * word and term across calls.
 *
 * @example tokenize('Where is the summit?').map((t) => t.term) // [null, null, null, 'summit']
 */
export function tokenize(text: string, seen?: Map<string, readonly [word: string, term: string | null]>): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    // Folding and stemming are most of the work; an index passes `seen` so each spelling is done once.
    let known = seen?.get(m[0]);
    if (!known) {
      const word = fold(m[0]);
      known = [word, termOf(word)];
      seen?.set(m[0], known);
    }
    tokens.push({ word: known[0], term: known[1], start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}
