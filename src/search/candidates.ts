/**
 * Candidate retrieval, the second stage of ranking: Okapi BM25 over the question's terms and, at a
 * lower weight, the closest terms related to them, summed into one reused array by passage, and the
 * best k passages kept with a heap. Only these candidates are scored with the full feature set
 * (features.ts), so retrieval must be cheap: it runs over every posting of every question term.
 */
import { bm25 } from './bm25.js';
import type { IndexedPassage, SearchIndex } from './index.js';
import { RELATED_STRENGTH, type Query, type QueryTerm, type RelatedTerm } from './query.js';
import type { RankOptions } from './rank.js';

/** Which passages may be candidates. */
export interface CandidateScope {
  /** Only this article's passages (every one of them a candidate, up to `articlePassages`). */
  readonly articleId?: string | undefined;
  /** The server asking: its own articles are candidates besides the shared ones; null or absent, the shared ones only. */
  readonly owner?: string | null | undefined;
  /** Passages to leave out, as if they were not in the index. */
  readonly exclude?: ((p: IndexedPassage) => boolean) | undefined;
}

/** The candidates, best BM25 first (positions in the index, see SearchIndex.passage), and each one's BM25 relative to the first's (0-1). */
export interface Candidates {
  readonly pool: readonly number[];
  readonly relative: readonly number[];
}

/**
 * The passages to score in full for a query: the `max(candidates, limit)` of highest BM25 that the
 * scope allows, or, for a question asked of one article, every passage of it (up to
 * `articlePassages`, beyond which BM25 picks). Null when `scope.articleId` names no article of the
 * index. Ties go to the earlier passage.
 */
export function retrieveCandidates(query: Query, index: SearchIndex, options: RankOptions, limit: number, scope: CandidateScope): Candidates | null {
  // BM25 over the question's terms and, at a lower weight, the terms related to them. Scores go into
  // an array by passage (a map costs more than the ranking itself on long questions).
  const { scores, touched } = scratch(index);
  let count = 0;
  const lengths = index.lengths;
  const { k1, b } = options;
  try {
    const accumulate = (termId: number, weight: number) => {
      const idf = index.idf(termId) * weight;
      // Nothing to add (and a passage left at zero must not be listed twice).
      if (!(idf > 0)) return;
      const { passages, counts } = index.postingsOf(termId);
      const averageLength = index.averageLength;
      for (let i = 0; i < passages.length; i++) {
        const p = passages[i]!;
        if (scores[p] === 0) touched[count++] = p;
        scores[p] += bm25(counts[i]!, idf, lengths[p]!, averageLength, k1, b);
      }
    };
    for (const t of query.terms) if (t.id !== undefined) accumulate(t.id, t.weight);
    for (const t of query.terms) for (const r of retrievalTerms(t, index, options)) accumulate(r.id, t.weight * r.strength * options.relatedRetrieval);

    const inArticle = scope.articleId === undefined ? undefined : index.byArticle.get(scope.articleId);
    if (scope.articleId !== undefined && !inArticle) return null;
    const k = Math.max(inArticle ? options.articlePassages : options.candidates, limit);
    let pool: number[];
    if (inArticle && inArticle.length <= options.articlePassages) {
      // One article: every passage is a candidate, so that a paraphrase with no word in common can still win.
      pool = [...inArticle];
      if (scope.exclude) pool = pool.filter((p) => !scope.exclude!(index.passage(p)!));
      pool = best(pool, pool.length, scores, k);
    } else {
      const owner = scope.owner ?? null;
      const allowed = inArticle ? new Set(inArticle) : null;
      // Another server's articles are never candidates (they still count in IDF, which shows nothing of
      // them). Checked only for passages good enough to enter the best k: a common word touches many.
      pool = best(touched, count, scores, k, (p) => {
        const held = index.articleAt(p)!;
        return (held.owner === null || held.owner === owner) && (allowed === null || allowed.has(p)) && (!scope.exclude || !scope.exclude(index.passage(p)!));
      });
    }
    const maxBm25 = Math.max(1e-9, pool.length > 0 ? scores[pool[0]!]! : 0);
    return { pool, relative: pool.map((p) => scores[p]! / maxBm25) };
  } finally {
    // The scratch array goes back to all zeros for the next question.
    for (let i = 0; i < count; i++) scores[touched[i]!] = 0;
  }
}

/** Each index's BM25 array by passage, reused from question to question and all zeros between them:
 *  a fresh one a question (over a hundred thousand passages) cost more than the ranking. */
const SCRATCH = new WeakMap<SearchIndex, { scores: Float64Array; touched: Int32Array }>();

/** The index's BM25 array and a list of the passages a question touched, each as long as the passages. */
function scratch(index: SearchIndex): { scores: Float64Array; touched: Int32Array } {
  let found = SCRATCH.get(index);
  if (!found || found.scores.length < index.slots) {
    const size = Math.max(1024, 2 * index.slots);
    found = { scores: new Float64Array(size), touched: new Int32Array(size) };
    SCRATCH.set(index, found);
  }
  return found;
}

/** Whether passage a ranks before passage b: the higher score, and on a tie the earlier passage. */
const before = (score: Float64Array, a: number, b: number) => score[a]! > score[b]! || (score[a] === score[b] && a < b);

/**
 * The `k` passages of highest score that `keep` accepts, best first (ties: the earlier passage), in one pass with a heap
 * of `k` (a common word's postings run to tens of thousands of passages: sorting them all showed in
 * the slowest questions).
 */
function best(passages: ArrayLike<number>, count: number, score: Float64Array, k: number, keep?: (p: number) => boolean): number[] {
  if (k <= 0) return [];
  // A min-heap (by rank) of the best k so far: its root is the one the next better passage replaces.
  const heap: number[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && before(score, heap[worst]!, heap[l]!)) worst = l;
      if (r < heap.length && before(score, heap[worst]!, heap[r]!)) worst = r;
      if (worst === i) return;
      const swap = heap[i]!;
      heap[i] = heap[worst]!;
      heap[worst] = swap;
      i = worst;
    }
  };
  // Indexed loops and plain swaps: tens of thousands of passages a question, no garbage.
  for (let n = 0; n < count; n++) {
    const p = passages[n]!;
    if (heap.length < k) {
      if (keep && !keep(p)) continue;
      heap.push(p);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!before(score, heap[parent]!, heap[i]!)) break;
        const swap = heap[i]!;
        heap[i] = heap[parent]!;
        heap[parent] = swap;
        i = parent;
      }
    } else if (before(score, p, heap[0]!) && (!keep || keep(p))) {
      heap[0] = p;
      down(0);
    }
  }
  return heap.sort((a, b) => (before(score, a, b) ? -1 : 1));
}

/**
 * The related terms that bring passages into the candidates: the closest relations only (base forms,
 * acronyms, synonyms, derivations), not common words, the few rarest. The rest still count when the
 * candidates are scored; here they would only make the candidate list long and slow to build.
 */
function retrievalTerms(t: QueryTerm, index: SearchIndex, options: RankOptions): readonly RelatedTerm[] {
  const maxPostings = Math.max(10, index.size * options.relatedRetrievalShare);
  return t.related
    .filter((r) => r.strength >= RELATED_STRENGTH.derived && index.postingsOf(r.id).passages.length <= maxPostings)
    .sort((a, b) => b.strength - a.strength || index.postingsOf(a.id).passages.length - index.postingsOf(b.id).passages.length)
    .slice(0, options.relatedRetrievalTerms);
}
