/**
 * The passage ranker: a question analysed (query.ts), candidates retrieved by BM25 (candidates.ts),
 * each candidate measured (features.ts) and scored by a learned linear model (weights.ts), best
 * first, with its best sentence. The ranking constants are here; the stages' types are re-exported
 * so that callers import from one place.
 */
import type { Meaning } from '../meaning/index.js';
import { retrieveCandidates, type CandidateScope } from './candidates.js';
import { localWeights, matchedWords, scoringFor, scorePassage } from './features.js';
import type { IndexedPassage, SearchIndex } from './index.js';
import type { Query } from './query.js';
import { articleScores } from './articles.js';
import { DEFAULT_WEIGHTS, RANKER_FEATURES, type RankerFeature, type SentenceFeature, type Weights } from './weights.js';

export { analyse } from './query.js';
export type { AnalyseContext, Query, QueryTerm, RelatedTerm } from './query.js';

/**
 * Ranking constants, tuned on the SQuAD dev articles, the reader dev questions and the seed dev
 * questions (`npm run eval`). How the features are combined is learned: see weights.ts and
 * scripts/train-ranker.ts.
 */
export const RANK_DEFAULTS = Object.freeze({
  /** BM25 term-frequency saturation, usually 0.8-2. Lower: repeated words count for less. */
  k1: 1.2,
  /** BM25 length normalisation, 0 (none) to 1 (full). */
  b: 0.75,
  /** BM25 length normalisation for sentences; short sentences are not inherently better answers. */
  sentenceB: 0.3,
  /** Passages re-ranked with the sentence, phrase, meaning and answer-type features (by BM25 first),
   *  5-100. Scoring one costs about 0.1 ms; on SQuAD dev, 10, 20 and 30 rank the same (81.0-81.1%
   *  paragraph first) and on the reader questions over 250 articles 20 finds the article as often as
   *  30, 15 one question less. */
  candidates: 20,
  /** A question asked of one article ranks every passage of it, up to this many (then BM25 picks). */
  articlePassages: 400,
  /** Weight of a corrected query word ("sumit" → "summit") relative to a typed one, 0-1. */
  correctedWeight: 0.85,
  /** Weight, in BM25 candidate retrieval, of a word related by meaning relative to the question's
   *  word, 0-1: enough to bring a paraphrasing passage among the candidates, not to outrank a match. */
  relatedRetrieval: 0.35,
  /** Related terms per question word used to find candidates (the closest and rarest), 0-50. */
  relatedRetrievalTerms: 8,
  /** A related term held by more than this share of all passages does not bring candidates, 0-1. */
  relatedRetrievalShare: 0.05,
  /** Cosine similarity from which two word vectors count as related, 0-1. Below ~0.45 GloVe pairs
   *  words of one topic rather than one meaning ("hurt" / "because" is 0.68, "ticket" / "fine" 0.30). */
  vectorMin: 0.55,
  /** Distinct question terms read; the rest of a pasted essay is ignored. */
  maxTerms: 40,
  /** Weight of the person a question's "he" or "she" stands for, relative to a typed word, 0-1. */
  pronounWeight: 0.6,
  /** Sentences of one passage scored in full; in a longer passage (a paragraph of a megabyte, which a
   *  news article never has) those holding most of the question are, the rest count as unmatched.
   *  No news or SQuAD paragraph has this many, so rankings there do not change. 32-1000. */
  maxSentences: 64,
});

export type RankOptions = typeof RANK_DEFAULTS;

/** A ranked passage with its best sentence and the features that placed it. */
export interface RankedPassage {
  readonly entry: IndexedPassage;
  readonly score: number;
  /** Index of the best sentence in `entry.passage.sentences`. */
  readonly sentence: number;
  /** The ranking features, by name (for training, explaining and the confidence model). */
  readonly features: Readonly<Record<RankerFeature, number>>;
  /** Each sentence's features, by name. */
  readonly sentenceFeatures: readonly Readonly<Record<SentenceFeature, number>>[];
  /** How well the passage holds each question term (in `query.terms` order): 1 exactly, else its best match by meaning (0-1). */
  readonly termMatch: readonly number[];
  /** Folded words of the passage that matched the question (exactly or by meaning), for highlighting. */
  readonly matched: readonly string[];
}

/** What the ranker read, for the confidence model: the question's weight and how much of it the index knows. */
export interface RankStats {
  /** Share (0-1) of the question's required weight that no passage holds as such (words of the same meaning aside). */
  readonly unknownShare: number;
  /** Number of distinct question terms. */
  readonly terms: number;
  /** Passages scored in full (at most the candidate limit, or one article's passages). */
  readonly scored: number;
  /** The second-best passage's score, whatever the number of results asked for; null with one candidate. */
  readonly runnerUp: number | null;
  /** Each question term's weight in the ranking, in query order: its IDF over the passages searched
   *  times its typed weight (a word no passage holds gets the highest IDF). */
  readonly termWeights: readonly number[];
}

/** Ranks passages for an analysed query, best first; at most `limit` results. */
export function rank(
  query: Query,
  index: SearchIndex,
  options: RankOptions,
  limit: number,
  /** Which passages may answer (see {@link CandidateScope}; `exclude` serves training: a question whose
   *  answer is gone), the language resources, and weights to rank with instead of the learned ones. */
  scope: CandidateScope & { meaning: Meaning | null; weights?: Weights },
): { ranked: RankedPassage[]; stats: RankStats } {
  const weights = scope.weights ?? DEFAULT_WEIGHTS;
  const scoring = scoringFor(query, index, options, scope.meaning, weights);
  const anything = query.terms.some((t) => t.id !== undefined || t.related.length > 0 || t.vector >= 0);
  const noStats = { unknownShare: 1, terms: query.terms.length, scored: 0, runnerUp: null, termWeights: [...scoring.termWeights] };
  if (!anything) return { ranked: [], stats: noStats };

  const candidates = retrieveCandidates(query, index, options, limit, scope);
  if (!candidates) return { ranked: [], stats: noStats };
  const { pool, relative } = candidates;
  localWeights(new Set(pool.map((p) => index.articleAt(p)!.article.id)), scoring);

  const scored = pool.map((p, rankPosition) => scorePassage(index.passage(p)!, relative[rankPosition]!, rankPosition, scoring));
  // Article-level evidence: asked of every article, how well each candidate's article as a whole
  // (its title and lead counting more) answers the question's words, relative to the best one's.
  if (scope.articleId === undefined) {
    const candidateArticles = new Set(pool.map((p) => index.articleAt(p)!.article.id));
    const terms = query.terms.filter((t) => t.id !== undefined && !t.head).map((t) => ({ id: t.id!, weight: t.weight }));
    const scores = articleScores(index, terms, (a) => candidateArticles.has(a));
    let best = 1e-9;
    for (const v of scores.values()) best = Math.max(best, v);
    for (const c of scored) c.features.article = (scores.get(c.entry.article.id) ?? 0) / best;
  } else {
    for (const c of scored) c.features.article = 1;
  }
  // The best sentence's score is on each question's BM25 scale: the model sees it relative to the best candidate.
  let maxLexical = 1e-9;
  for (const c of scored) maxLexical = Math.max(maxLexical, c.features.sentence);
  const model = scope.articleId === undefined ? weights.ranker : weights.article;
  const ranked = scored.map((c) => {
    c.features.sentence /= maxLexical;
    let score = model.bias;
    for (let f = 0; f < RANKER_FEATURES.length; f++) score += model[RANKER_FEATURES[f]!] * c.features[RANKER_FEATURES[f]!];
    return { ...c, score };
  });
  ranked.sort((a, b) => b.score - a.score || a.entry.index - b.entry.index);
  // Highlighting needs the matched words of the results shown only, not of every candidate.
  const results = ranked.slice(0, limit).map((r) => ({
    ...r,
    matched: matchedWords(r.entry, scoring),
  }));
  let unknown = 0;
  query.terms.forEach((t, q) => {
    if (!t.head && t.id === undefined) unknown += scoring.termWeights[q]!;
  });
  return {
    ranked: results,
    stats: { unknownShare: scoring.required === 0 ? 0 : unknown / scoring.required, terms: query.terms.length, scored: scored.length, runnerUp: ranked[1]?.score ?? null, termWeights: [...scoring.termWeights] },
  };
}
