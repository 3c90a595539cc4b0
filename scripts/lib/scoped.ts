/**
 * One-article ranking, measured (`npm run eval -- --only scoped`): where the right sentence ranks
 * when a reader question is asked of its own article (scope.article, as "Ask about this article" and
 * `/ask article:` ask it), and the figures of a set of such ranks. The eval compares two weight sets
 * with these: the article model (`Weights.article`, what rank.ts reads for a one-article question) and
 * the knowledge-base model (`Weights.ranker`) put in its place by {@link asWholeBase}.
 */
import { loadTooling, type Engine, type Weights } from '../../src/engine/index.js';
import { holdsEvidence, type ReaderQuestion } from './cnndm.js';

const { quoteOf } = await loadTooling();

/** Results kept per question: more than any CNN/DM article has passages, so every passage is ranked. */
export const SCOPED_LIMIT = 400;

/**
 * The position (0 = first) of the first result whose quoted sentence holds one of the question's
 * evidence spans, asked of the question's own article with `weights`; null when none does (or the
 * question has no evidence).
 */
export function rightRank(engine: Engine, q: ReaderQuestion, weights: Weights): number | null {
  if (q.evidence.length === 0) return null;
  const { ranked } = engine.rankQuestion(q.q, { limit: SCOPED_LIMIT, scope: { owner: null, article: q.article }, weights });
  const at = ranked.findIndex((r) => holdsEvidence(quoteOf(r.entry.passage, r.sentence), q.evidence));
  return at < 0 ? null : at;
}

/** One answerable question's rank ({@link rightRank}) and its article. */
export interface Ranked {
  readonly article: string;
  readonly rank: number | null;
}

/** How a set of ranks reads: top-1 and top-3 shares and the mean reciprocal rank (0 when never found). */
export interface RankFigures {
  readonly questions: number;
  readonly articles: number;
  readonly top1: number;
  readonly top3: number;
  readonly mrr: number;
}

/** The figures of some answerable questions' ranks; shares are 0 for no questions. */
export function figuresOf(ranks: readonly Ranked[]): RankFigures {
  const n = ranks.length;
  const share = (pick: (r: Ranked) => boolean) => (n === 0 ? 0 : ranks.filter(pick).length / n);
  return {
    questions: n,
    articles: new Set(ranks.map((r) => r.article)).size,
    top1: share((r) => r.rank === 0),
    top3: share((r) => r.rank !== null && r.rank < 3),
    mrr: n === 0 ? 0 : ranks.reduce((s, r) => s + (r.rank === null ? 0 : 1 / (r.rank + 1)), 0) / n,
  };
}

/** `weights` with the knowledge-base ranker where a one-article question reads its ranker. */
export const asWholeBase = (weights: Weights): Weights => ({ ...weights, article: weights.ranker });
