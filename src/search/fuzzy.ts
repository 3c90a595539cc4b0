import { distance } from 'fastest-levenshtein';
import Fuse from 'fuse.js';
import { FUNCTION_WORDS, QUESTION_WORDS } from '../nlp/word-lists.js';

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

/** The question words, which a misspelling must still ask ("waht is" asks for a thing). */
const ASKING_WORDS: ReadonlySet<string> = new Set([...QUESTION_WORDS, 'whose']);

/** Tuning for reading misspelt function words ({@link functionWordTypo}). */
export const FUNCTION_WORD_DEFAULTS = Object.freeze({
  /** Shortest typed word read as a misspelt function word ("teh", "hte", "wht"); two letters ("ot",
   *  "fo") are as often an abbreviation or a name. 2-4. */
  minLength: 3,
  /** From this many letters a typed word may be two edits from a function word of six letters or
   *  more ("beacause"); shorter words one edit (a swap of neighbours counts as one). 6-12. */
  twoEdits: 8,
});

/**
 * Edit distance with a swap of two neighbouring letters counted as one edit (optimal string
 * alignment, the restricted Damerau-Levenshtein distance), which fastest-levenshtein does not count:
 * "teh" is one edit from "the", not two. Stops early and returns `max + 1` once the distance must
 * exceed `max`.
 *
 * @example swapDistance('waht', 'what') // 1
 */
export function swapDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * The function word a typed word misspells ("teh" → "the", "waht" → "what", "becuase" → "because"),
 * or null. Call it only for a word that is neither in the articles nor an English word (the caller
 * knows both): a real word is never read as a typo. A three-letter word counts only when two of its
 * letters are swapped or one was dropped ("hte", "wht"), never a letter changed ("kim" is not
 * "him"); longer words one edit away, and from `twoEdits` letters two from a long function word. Of
 * several, the closest, then one the typed word begins ("wher" → "where"), then a question word of
 * its first letter ("wich" → "which"), then the more frequent.
 *
 * @example functionWordTypo('teh') // 'the'
 */
export function functionWordTypo(word: string, options: typeof FUNCTION_WORD_DEFAULTS = FUNCTION_WORD_DEFAULTS): string | null {
  if (word.length < options.minLength || !/^[a-z]+$/.test(word) || FUNCTION_WORDS.includes(word)) return null;
  let best: { word: string; distance: number; rank: number } | null = null;
  for (const [order, target] of FUNCTION_WORDS.entries()) {
    const max = word.length >= options.twoEdits && target.length >= 6 ? 2 : 1;
    const d = swapDistance(word, target, max);
    if (d > max) continue;
    // Three letters: a swap (same letters) or a dropped letter only.
    if (word.length === 3 && !(target.length === 4 || sameLetters(word, target))) continue;
    if (target.length < 3) continue;
    // The word it begins ("wher" → "where", not "when"), then a question word of its first letter ("wich" → "which", not "with").
    const rank = order - (target.startsWith(word) ? 2 * FUNCTION_WORDS.length : 0) - (ASKING_WORDS.has(target) && target[0] === word[0] ? FUNCTION_WORDS.length : 0);
    if (!best || d < best.distance || (d === best.distance && rank < best.rank)) best = { word: target, distance: d, rank };
  }
  return best?.word ?? null;
}

/** Whether two words have the same letters, as many times each: a swap ("teh", "the") or an anagram. */
export function sameLetters(a: string, b: string): boolean {
  return a.length === b.length && [...a].sort().join('') === [...b].sort().join('');
}
