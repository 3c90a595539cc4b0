/**
 * Okapi BM25, the one place its formulas are written: passage retrieval (candidates.ts), the
 * sentence score (features.ts) and term rarity (index.ts, features.ts) all call these.
 *
 * Source: S. Robertson and H. Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond",
 * Foundations and Trends in Information Retrieval 3(4):333-389, 2009.
 */

/**
 * One term's BM25 contribution to a document's score:
 * `idf · tf · (k1 + 1) / (tf + k1 · (1 − b + b · length / averageLength))`, computed as
 * `… / (tf + k1 · (1 − b) + (k1 · b / averageLength) · length)` so that, once inlined into a loop over
 * postings, everything but `tf` and `length` is loop-invariant and hoisted (measured: as fast as the
 * loop with those parts precomputed by hand, about 5 ns a posting; the textbook grouping, with its
 * division per posting, took 8).
 *
 * @param tf the term's count in the document (≥ 0)
 * @param idf the term's weight, usually {@link bm25Idf} (times the query term's own weight)
 * @param length the document's length, in the same unit as `averageLength` (index terms here)
 * @param averageLength the mean length over the collection (> 0)
 * @param k1 term-frequency saturation, usually 0.8-2: lower, and repeats count for less
 * @param b length normalisation, 0 (none) to 1 (full)
 * @returns a score ≥ 0 (for tf, idf ≥ 0), below `idf · (k1 + 1)`
 */
export function bm25(tf: number, idf: number, length: number, averageLength: number, k1: number, b: number): number {
  return (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b) + ((k1 * b) / averageLength) * length);
}

/**
 * A term's BM25 inverse document frequency, `ln(1 + (N − df + 0.5) / (df + 0.5))`: the
 * Robertson-Spärck Jones weight with 1 added inside the logarithm (as Lucene does), so that a term in
 * more than half the documents still weighs a little instead of less than nothing.
 *
 * @param documents N, the number of documents in the collection (≥ 0)
 * @param df how many of them hold the term (0 ≤ df ≤ N); 0 gives the highest weight any term can have
 * @returns a weight > 0, in nats
 */
export function bm25Idf(documents: number, df: number): number {
  return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
}
