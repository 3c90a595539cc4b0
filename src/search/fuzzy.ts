import { distance } from 'fastest-levenshtein';
import Fuse from 'fuse.js';

/** Tuning for typo correction; see each field. Frozen: pass overrides to the constructor. */
export const FUZZY_DEFAULTS = Object.freeze({
  /** Fuse.js match threshold for two-typo corrections, 0 (exact) to 1 (anything). 0.34 lets two
   *  typos through in a long word ("denuclearizaton") but not a different word. */
  threshold: 0.34,
  /** Words shorter than this are never corrected: "cat" is too close to too many words. */
  minLength: 4,
  /** A two-typo correction may differ in length from the typed word by at most this many letters. */
  maxLengthDifference: 2,
  /** Words of this many letters or more may have two typos; shorter ones one. */
  longWord: 9,
});

export type FuzzyOptions = typeof FUZZY_DEFAULTS;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Corrects words that are not in the knowledge base's vocabulary to the closest word that is. One typo
 * (a letter dropped, added, changed, or two swapped) is found by trying every such edit of the typed
 * word against the vocabulary, a few hundred lookups; a long word with two typos is searched with
 * fuse.js's Bitap matcher among vocabulary words of similar length and the same first letter, which
 * keeps even that to a small share of the vocabulary. Ties go to the more frequent word. The
 * vocabulary map is read live; {@link update} tells the corrector which words came and went.
 *
 * @example new TypoCorrector(new Map([['summit', 3]])).correct('sumit') // 'summit'
 */
export class TypoCorrector {
  private readonly buckets = new Map<string, Fuse<string>>();
  private readonly byBucket = new Map<string, string[]>();
  private readonly options: FuzzyOptions;

  constructor(private readonly vocabulary: ReadonlyMap<string, number>, options: Partial<FuzzyOptions> = {}) {
    this.options = { ...FUZZY_DEFAULTS, ...options };
    this.update({ added: [...vocabulary.keys()], removed: [] });
  }

  /** Takes words that entered or left the vocabulary into the two-typo search. */
  update(change: { readonly added: readonly string[]; readonly removed: readonly string[] }): void {
    const touched = new Set<string>();
    const bucketed = (word: string) => word.length >= this.options.longWord - this.options.maxLengthDifference && !/\d/.test(word);
    for (const word of change.added) {
      if (!bucketed(word)) continue;
      const key = bucketKey(word.length, word[0]!);
      const list = this.byBucket.get(key) ?? [];
      list.push(word);
      this.byBucket.set(key, list);
      touched.add(key);
    }
    const gone = new Set(change.removed.filter(bucketed));
    for (const word of gone) touched.add(bucketKey(word.length, word[0]!));
    for (const key of touched) {
      if (gone.size > 0) {
        const kept = (this.byBucket.get(key) ?? []).filter((w) => !gone.has(w));
        if (kept.length > 0) this.byBucket.set(key, kept);
        else this.byBucket.delete(key);
      }
      // Rebuilt from the list on its next use.
      this.buckets.delete(key);
    }
  }

  /**
   * The vocabulary word closest to `word`, `word` itself when it is known, or null when none is close.
   * With `visible`, only words it accepts are offered (a server never sees another's words).
   */
  correct(word: string, visible: (candidate: string) => boolean = () => true): string | null {
    if (this.vocabulary.has(word) && visible(word)) return word;
    if (word.length < this.options.minLength || word.length > 32 || /\d/.test(word)) return null;
    const one = this.oneEditAway(word, visible);
    if (one) return one;
    return word.length >= this.options.longWord ? this.twoEditsAway(word, visible) : null;
  }

  /** The most frequent vocabulary word one edit from `word` (a swap of neighbouring letters counts as one). */
  private oneEditAway(word: string, visible: (candidate: string) => boolean): string | null {
    let best: string | null = null;
    let bestCount = 0;
    const consider = (candidate: string) => {
      const count = this.vocabulary.get(candidate);
      if (count !== undefined && count > bestCount && !/\d/.test(candidate) && visible(candidate)) {
        best = candidate;
        bestCount = count;
      }
    };
    for (let i = 0; i <= word.length; i++) {
      if (i < word.length) consider(word.slice(0, i) + word.slice(i + 1));
      if (i + 1 < word.length) consider(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
      for (const c of LETTERS) {
        if (i < word.length && c !== word[i]) consider(word.slice(0, i) + c + word.slice(i + 1));
        consider(word.slice(0, i) + c + word.slice(i));
      }
    }
    return best;
  }

  /** A long word's correction with two typos: fuse.js ranks, Levenshtein bounds (so "bread" is never "already"). */
  private twoEditsAway(word: string, visible: (candidate: string) => boolean): string | null {
    let best: { word: string; score: number } | null = null;
    const d = this.options.maxLengthDifference;
    for (let len = word.length - d; len <= word.length + d; len++) {
      for (const hit of this.bucket(len, word[0]!)?.search(word, { limit: 3 }) ?? []) {
        if (distance(word, hit.item) > 2 || !visible(hit.item)) continue;
        const score = (hit.score ?? 1) + Math.abs(len - word.length) * 0.01;
        const better = !best || score < best.score - 1e-9 ||
          (Math.abs(score - best.score) < 1e-9 && (this.vocabulary.get(hit.item) ?? 0) > (this.vocabulary.get(best.word) ?? 0));
        if (better) best = { word: hit.item, score };
      }
    }
    return best && best.score <= this.options.threshold ? best.word : null;
  }

  private bucket(length: number, first: string): Fuse<string> | undefined {
    const key = bucketKey(length, first);
    let fuse = this.buckets.get(key);
    const words = this.byBucket.get(key);
    if (!fuse && words) {
      fuse = new Fuse(words, { includeScore: true, threshold: this.options.threshold, ignoreLocation: true, isCaseSensitive: true, minMatchCharLength: 2 });
      this.buckets.set(key, fuse);
    }
    return fuse;
  }
}

const bucketKey = (length: number, first: string) => `${length}:${first}`;
