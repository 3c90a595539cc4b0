import { fold, tokenize } from '../search/tokenize.js';

/**
 * A feed's keyword filter (`/feed edit include: exclude:`): an article passes when its title or text
 * holds one of the include terms (any, when there are none) and none of the exclude terms. A term is a
 * word or a "quoted phrase", matched as whole words, case- and accent-insensitively ("Zürich" matches
 * "zurich", "art" never matches "article"). What members type is never run as a regular expression:
 * terms are compared word by word, so no input can make matching slow (linear in the text).
 */
export interface FeedFilter {
  /** Terms of which one must appear; empty: every article passes this half. Each term is its folded words. */
  readonly include: readonly (readonly string[])[];
  /** Terms of which none may appear. */
  readonly exclude: readonly (readonly string[])[];
}

/** Limits on what a filter may hold, so that one filter stays cheap and fits a `/feed list` field. */
export const FILTER_LIMITS = Object.freeze({
  /** Characters of one include or exclude list as typed. */
  maxChars: 300,
  /** Terms in one list. */
  maxTerms: 25,
});

/**
 * The words of a text, folded (lower case, accents and special letters spelt in plain Latin), in order.
 * Words are found as the index finds them (search/tokenize.ts): letters with their combining marks
 * stay one word ("दिल्ली", a vocalised "القُدس"), Chinese and Japanese are segmented into words
 * ("東京で地震" → 東京, で, 地震); then apostrophes and dots part a word ("Trump's" → trump, s;
 * "U.S." → u, s), so "Trump" matches "Trump's".
 */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (const token of tokenize(text)) {
    for (const part of fold(text.slice(token.start, token.end)).split(/[^\p{L}\p{N}]+/u)) if (part !== '') words.push(part);
  }
  return words;
}

/**
 * The terms of a list as typed: words and "quoted phrases" (straight or curly quotes), separated by
 * spaces or commas; each term as its folded words. Duplicates and empty terms are dropped.
 *
 * @example parseTerms('climate, "La Niña" Zürich') // [['climate'], ['la', 'nina'], ['zurich']]
 */
export function parseTerms(typed: string): string[][] {
  const terms: string[][] = [];
  const seen = new Set<string>();
  const add = (text: string) => {
    const words = wordsOf(text);
    const key = words.join(' ');
    if (words.length > 0 && !seen.has(key)) {
      seen.add(key);
      terms.push(words);
    }
  };
  let rest = typed.replace(/[“”„«»]/g, '"');
  for (;;) {
    const open = rest.indexOf('"');
    if (open < 0) break;
    const close = rest.indexOf('"', open + 1);
    for (const word of rest.slice(0, open).split(/[\s,;]+/)) add(word);
    if (close < 0) {
      // An unclosed quote: the rest is one phrase.
      add(rest.slice(open + 1));
      rest = '';
      break;
    }
    add(rest.slice(open + 1, close));
    rest = rest.slice(close + 1);
  }
  for (const word of rest.split(/[\s,;]+/)) add(word);
  return terms;
}

/** A filter from the include and exclude lists as typed (empty or null: none). */
export function filterOf(include: string | null, exclude: string | null): FeedFilter {
  return { include: parseTerms(include ?? ''), exclude: parseTerms(exclude ?? '') };
}

/** Whether the filter lets everything through. */
export function isOpen(filter: FeedFilter): boolean {
  return filter.include.length === 0 && filter.exclude.length === 0;
}

/** Whether `term` (folded words) occurs in `words` as consecutive whole words. */
function holds(words: readonly string[], starts: ReadonlyMap<string, readonly number[]>, term: readonly string[]): boolean {
  for (const at of starts.get(term[0]!) ?? []) {
    if (term.every((w, k) => words[at + k] === w)) return true;
  }
  return false;
}

/**
 * Whether an article passes the filter: its title or text holds one include term (or there are none)
 * and no exclude term. Linear in the words of the article and the terms.
 *
 * @example passes(filterOf('election', 'opinion'), { title: 'Élections: what to know', text: '' }) // false: "élections" is not "election"
 */
export function passes(filter: FeedFilter, article: { title: string; text: string }): boolean {
  if (isOpen(filter)) return true;
  // Title and text are searched apart, so that a phrase never runs from the title into the text.
  const parts = [wordsOf(article.title), wordsOf(article.text)].map((words) => {
    const starts = new Map<string, number[]>();
    words.forEach((w, i) => {
      const at = starts.get(w);
      if (at) at.push(i);
      else starts.set(w, [i]);
    });
    return { words, starts };
  });
  const found = (term: readonly string[]) => parts.some((p) => holds(p.words, p.starts, term));
  if (filter.exclude.some(found)) return false;
  return filter.include.length === 0 || filter.include.some(found);
}

/**
 * A list as typed, checked: null when it is fine, else what is wrong in a sentence for the member.
 */
export function checkTerms(typed: string, which: 'include' | 'exclude'): string | null {
  if (typed.length > FILTER_LIMITS.maxChars) return `The ${which} list is ${typed.length} characters long; keep it under ${FILTER_LIMITS.maxChars}.`;
  const terms = parseTerms(typed);
  if (terms.length > FILTER_LIMITS.maxTerms) return `The ${which} list has ${terms.length} words or phrases; ${FILTER_LIMITS.maxTerms} at most.`;
  if (typed.trim() !== '' && terms.length === 0) return `The ${which} list holds no word: give words or "quoted phrases".`;
  return null;
}

/** A list as shown to people: its terms, phrases quoted, comma-separated. */
export function showTerms(terms: readonly (readonly string[])[]): string {
  return terms.map((t) => (t.length > 1 ? `"${t.join(' ')}"` : t[0]!)).join(', ');
}
