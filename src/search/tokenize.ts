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

// Letters and digits, keeping inner apostrophes ("don't", "Trump's") together.
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const COMBINING = /\p{M}+/gu;

/** Lower-cases and strips accents so that "Zürich" matches "zurich" and ’ matches '. */
export function fold(word: string): string {
  return word.normalize('NFKD').replace(COMBINING, '').toLowerCase().replace(/’/g, '\'');
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
