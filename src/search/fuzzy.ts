import { distance } from 'fastest-levenshtein';
import Fuse from 'fuse.js';

/** Tuning for typo correction; see each field. Frozen: pass overrides to the constructor. */
export const FUZZY_DEFAULTS = Object.freeze({
  /** Fuse.js match threshold, 0 (exact) to 1 (anything). 0.34 lets one or two typos through in a
   *  6-10 letter word ("helsinky", "infantno") but not a different word. */
  threshold: 0.34,
  /** Words shorter than this are never corrected: "cat" is too close to too many words. */
  minLength: 4,
  /** A correction may differ in length from the typed word by at most this many letters. */
  maxLengthDifference: 2,
  /** Edits (Levenshtein, an adjacent swap counting as one) allowed in words shorter than `longWord`
   *  letters, and in longer ones. Fuse.js ranks candidates; this bound stops it from accepting a
   *  word that merely contains the typed one ("bread" inside "already"). */
  maxEdits: 1,
  maxEditsLong: 2,
  longWord: 9,
});

export type FuzzyOptions = typeof FUZZY_DEFAULTS;

/**
 * Corrects words that are not in the knowledge base's vocabulary to the closest word that is,
 * using fuse.js's Bitap matcher. Candidates are bucketed by length so that a query only searches
 * words of a similar length, which keeps a correction fast on a vocabulary of 100,000 words and
 * stops a short typed word from matching inside a long one.
 *
 * @example new TypoCorrector(new Map([['summit', 3]])).correct('sumit') // 'summit'
 */
export class TypoCorrector {
  private readonly buckets = new Map<number, Fuse<string>>();
  private readonly byLength = new Map<number, string[]>();
  private readonly options: FuzzyOptions;

  constructor(private readonly vocabulary: ReadonlyMap<string, number>, options: Partial<FuzzyOptions> = {}) {
    this.options = { ...FUZZY_DEFAULTS, ...options };
    for (const word of vocabulary.keys()) {
      if (word.length < this.options.minLength - 1 || /^\d+$/.test(word)) continue;
      const list = this.byLength.get(word.length) ?? [];
      list.push(word);
      this.byLength.set(word.length, list);
    }
  }

  /** The vocabulary word closest to `word`, `word` itself when it is known, or null when none is close. */
  correct(word: string): string | null {
    if (this.vocabulary.has(word)) return word;
    if (word.length < this.options.minLength || word.length > 32 || /\d/.test(word)) return null;
    let best: { word: string; score: number } | null = null;
    const d = this.options.maxLengthDifference;
    for (let len = word.length - d; len <= word.length + d; len++) {
      for (const hit of this.bucket(len)?.search(word, { limit: 3 }) ?? []) {
        if (!this.closeEnough(word, hit.item)) continue;
        const score = (hit.score ?? 1) + Math.abs(len - word.length) * 0.01;
        const better = !best || score < best.score - 1e-9 ||
          (Math.abs(score - best.score) < 1e-9 && (this.vocabulary.get(hit.item) ?? 0) > (this.vocabulary.get(best.word) ?? 0));
        if (better) best = { word: hit.item, score };
      }
    }
    return best && best.score <= this.options.threshold ? best.word : null;
  }

  private closeEnough(typed: string, known: string): boolean {
    const allowed = typed.length >= this.options.longWord ? this.options.maxEditsLong : this.options.maxEdits;
    const edits = distance(typed, known);
    if (edits <= allowed) return true;
    // One swap of neighbouring letters ("teh") is two Levenshtein edits but one typo.
    return edits === 2 && allowed >= 1 && isAdjacentSwap(typed, known);
  }

  private bucket(length: number): Fuse<string> | undefined {
    let fuse = this.buckets.get(length);
    const words = this.byLength.get(length);
    if (!fuse && words) {
      fuse = new Fuse(words, { includeScore: true, threshold: this.options.threshold, ignoreLocation: true, isCaseSensitive: true, minMatchCharLength: 2 });
      this.buckets.set(length, fuse);
    }
    return fuse;
  }
}

function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}
