/**
 * Tooling for `scripts/` only (eval, bench, train, build): the engine's internals that they measure,
 * fit or feed, exported here on purpose so that a script never reaches past the door. Reached
 * through the door's `loadTooling()` (src/engine/index.ts); front ends use the door's own exports.
 */
// Articles from files and pages, as the start-up path and the sources read them.
export { loadKnowledge } from '../knowledge/load.js';
export { parseArticle } from '../knowledge/parse.js';
export { extractArticle, htmlBlocks } from '../sources/extract.js';
export { safeFetch } from '../sources/fetch.js';
export { decodeHtml } from '../sources/decode.js';
export { partsOfPage } from '../sources/files.js';
// Storage, for benchmarks that build a state by hand.
export { ArticleRepository } from '../state/articles.js';
export { SqliteSql } from '../state/sql.js';
export { AddedArticles } from '../store/library.js';
// The store's snapshot, for the benchmark that times writing it (src/store/snapshot.ts).
export { SNAPSHOT_VERSION, writeSnapshot } from '../store/snapshot.js';
export type { StoreSnapshot } from '../store/store.js';
// The language resources.
export { buildMeaningCache } from '../meaning/build.js';
export { isMeaning, loadMeaning, MEANING_CACHE } from '../meaning/index.js';
// Ranking and confidence: the features, weights and models that training fits and eval scores.
export { quoteOf, type Ranking } from './answers.js';
export type { IndexedPassage } from '../search/index.js';
export { CONFIDENCE_DEFAULTS, confidenceFeatures, outcomeOf } from '../search/confidence.js';
export {
  CONFIDENCE_FEATURES, CONFIDENCE_SIGNS, DEFAULT_WEIGHTS, RANKER_FEATURES, RANKER_SIGNS, SENTENCE_FEATURES,
  type ConfidenceFeature, type RankerFeature, type SentenceFeature, type Weights,
} from '../search/weights.js';
// Summaries and quotations, as the digest and /quote make them.
export { rougeN } from '../digest/rouge.js';
export { standsAlone } from '../digest/summary.js';
export { ArticlePeople } from '../nlp/entities.js';
export { surnameOf } from '../nlp/people.js';
export { expandTitle, isTitle } from '../nlp/titles.js';
export { extractQuotes } from '../nlp/quotes.js';
