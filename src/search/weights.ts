/**
 * The passage ranker is a linear model over these features, each scaled to about 0-1 within a
 * question, with one set of weights for questions asked of the whole knowledge base and one for
 * questions asked of one article. The weights are learned by `npm run train-ranker` on dev data only
 * (the SQuAD dev articles, the reader dev questions and the seed dev questions), which prints them.
 */
export const RANKER_FEATURES = [
  'bm25', // passage BM25 (with related words at a lower weight) relative to the best candidate's
  'sentence', // best sentence's BM25, relative to the best candidate's
  'coverage', // share of the question's required weight in the passage, exact words
  'meaningCoverage', // the same, counting words of the same meaning (WordNet, vectors) at their strength
  'wordnet', // share of the question's weight matched only through WordNet or an acronym
  'vector', // share of the question's weight matched only through word vectors
  'sentenceShare', // share of the question's weight in the best sentence, exact words
  'sentenceMeaning', // the same, counting words of the same meaning
  'local', // the same, each word weighted by how rare it is within the passage's article
  'align', // the best sentence's closeness to each question word (exact 1, else its best vector similarity), weighted
  'embedding', // cosine of the question's and the best sentence's word vectors (IDF-weighted sums)
  'window', // share of the question's weight in the best two neighbouring sentences
  'windowMeaning', // the same, counting words of the same meaning
  'neighbours', // share held (exactly or through WordNet) by the passage with the ones before and after it
  'phrases', // share of the question's word pairs found together in the best sentence
  'answerType', // the best sentence holds the kind of thing asked for (0-1)
  'caption', // 1 for a photo caption; its weight is set by hand (the training data has no captions)
  'title', // share of the question's weight in the article title
  'run', // longest run of question words in question order, relative to the question's length
  'bm25Rank', // 1 / (1 + BM25 rank)
  'compact', // matched words / span they occupy in the best sentence
  'names', // share of the question's names and figures (capitalised or numeric words) in the passage
  'distinct', // share of the question's distinct words in the passage, unweighted
  'length', // log of the passage length in terms, / 5
  'lead', // 1 / √(paragraph number): news says the main facts first
  'article', // the passage's article's BM25F score (title and lead weighted; articles.ts), relative to the best candidate article's; 1 asked of one article
] as const;

export type RankerFeature = (typeof RANKER_FEATURES)[number];

/**
 * The direction each ranking feature may push, fixed before fitting (see CONFIDENCE_SIGNS): holding
 * more of the question never ranks a passage lower. Length, position and captions are left free.
 */
export const RANKER_SIGNS: Readonly<Record<RankerFeature, -1 | 0 | 1>> = Object.freeze({
  bm25: 1, sentence: 1, coverage: 1, meaningCoverage: 1, wordnet: 1, vector: 1, sentenceShare: 1, sentenceMeaning: 1,
  local: 1, align: 1, embedding: 1, window: 1, windowMeaning: 1, neighbours: 1, phrases: 1, answerType: 1, caption: 0,
  title: 1, run: 1, bm25Rank: 1, compact: 1, names: 1, distinct: 1, length: 0, lead: 0, article: 1,
});

/** Learned weights (see above). */
export const RANKER_WEIGHTS: Readonly<Record<RankerFeature | 'bias', number>> = Object.freeze({
  bias: 0.000,
  bm25: 2.006,
  sentence: 1.709,
  coverage: 0.925,
  meaningCoverage: 1.366,
  wordnet: 0.977,
  vector: 1.490,
  sentenceShare: 0.000,
  sentenceMeaning: 0.000,
  local: 2.307,
  align: 0.000,
  embedding: 3.602,
  window: 0.280,
  windowMeaning: 0.926,
  neighbours: 3.563,
  phrases: 0.612,
  answerType: 3.328,
  caption: -2.500,
  title: 4.532,
  run: 3.057,
  bm25Rank: 0.438,
  compact: 0.785,
  names: 0.000,
  distinct: 0.748,
  length: -4.322,
  lead: 0.601,
  article: 0.000,
});

/**
 * Learned weights for a question asked of one article (`/ask article:`, "Ask about this article"),
 * where every passage of the article is a candidate: the passage is known to be on topic, so which
 * sentence answers matters more than which words are rare in the knowledge base.
 */
export const ARTICLE_RANKER_WEIGHTS: Readonly<Record<RankerFeature | 'bias', number>> = Object.freeze({
  bias: 0.000,
  bm25: 0.383,
  sentence: 0.038,
  coverage: 0.000,
  meaningCoverage: 0.000,
  wordnet: 0.347,
  vector: 0.931,
  sentenceShare: 0.000,
  sentenceMeaning: 0.000,
  local: 0.000,
  align: 0.000,
  embedding: 6.981,
  window: 0.000,
  windowMeaning: 0.000,
  neighbours: 2.861,
  phrases: 0.780,
  answerType: 3.271,
  caption: -2.500,
  title: 0.000,
  run: 0.000,
  bm25Rank: 0.000,
  compact: 0.000,
  names: 0.000,
  distinct: 1.180,
  length: 1.425,
  lead: 1.564,
  article: 0.000,
});

/**
 * The answer sentence inside a passage is chosen by a second linear model over these features,
 * learned the same way: the sentence that holds the gold answer should score highest.
 */
export const SENTENCE_FEATURES = [
  'lexical', // the sentence's BM25, relative to the passage's best sentence
  'share', // share of the question's weight in the sentence, exact words
  'meaning', // the same, counting words of the same meaning
  'local', // the same, each word weighted by how rare it is within the article
  'align', // its closeness to each question word (exact 1, else the best vector similarity), weighted
  'embedding', // cosine of the question's and the sentence's word vectors
  'phrases', // share of the question's word pairs found together in it
  'answerType', // holds the kind of thing asked for (0-1)
  'compact', // matched words / span they occupy
  'first', // 1 for the passage's first sentence
  'leansBack', // starts "He …", "It …": the quote will include the sentence before
  'length', // log of its length in terms, / 4
] as const;

export type SentenceFeature = (typeof SENTENCE_FEATURES)[number];

/** Learned weights (see above). */
export const SENTENCE_WEIGHTS: Readonly<Record<SentenceFeature, number>> = Object.freeze({
  lexical: 1.979,
  share: 1.851,
  meaning: -0.314,
  local: 3.538,
  align: -2.681,
  embedding: 1.957,
  phrases: 1.095,
  answerType: 2.301,
  compact: 0.002,
  first: -0.268,
  leansBack: 0.260,
  length: -0.912,
});

/**
 * The confidence that the first result answers the question is a logistic model over these
 * features of the ranked question, fitted by `npm run train-ranker` on dev questions that the
 * articles answer and questions they do not (see search/confidence.ts).
 */
export const CONFIDENCE_FEATURES = [
  'score', // the first result's ranking score, / 10
  'margin', // its lead over the second, / 10
  'coverage', // share of the question's weight in the passage, exact words
  'meaningCoverage', // the same, counting words of the same meaning
  'sentenceShare', // share in the answer sentence, exact words
  'sentenceMeaning', // the same, by meaning
  'windowMeaning', // share in the best two neighbouring sentences, by meaning
  'neighbours', // share in the passage and its neighbours, by meaning
  'answerType', // the sentence holds the kind of thing asked for (0-1)
  'typeMissing', // 1 when the question asks for a kind of thing (a place, a person…) and the sentence has none
  'figureMissing', // 1 when it asks for a number, an amount or a date and the sentence has none
  'names', // share of the question's names in the passage
  'relations', // share of the question's other words (not names) the passage holds, exactly or by meaning
  'relationsExact', // the same, exactly
  'weakest', // how well the passage holds the worst-matched of those words (0-1)
  'unknownRelation', // 1 when one of those words is in no article at all ("tall" in "how tall is John Bolton")
  'namesOnly', // 1 when the passage holds none of those words and one is in no article: it only names the subject
  'unknown', // share of the question's weight that no article holds as such
  'terms', // log of the number of question terms, / 3
  'corrected', // share of the question's words that were typos corrected (typed in lower case)
  'correctedNames', // share of its capitalised words that were corrected (often a name the articles lack)
] as const;

export type ConfidenceFeature = (typeof CONFIDENCE_FEATURES)[number];

/**
 * The direction each confidence feature may push, fixed before fitting: more of the question found
 * never lowers the confidence, a missing answer type or an unknown word never raises it. Without
 * this, features that move together (coverage and its share by meaning) take opposite weights that
 * fit the training questions and mislead on others. 1 raises or nothing, -1 lowers or nothing, 0 free.
 */
export const CONFIDENCE_SIGNS: Readonly<Record<ConfidenceFeature, -1 | 0 | 1>> = Object.freeze({
  score: 1,
  margin: 1,
  coverage: 1,
  meaningCoverage: 1,
  sentenceShare: 1,
  sentenceMeaning: 1,
  windowMeaning: 1,
  neighbours: 1,
  answerType: 1,
  typeMissing: -1,
  figureMissing: -1,
  names: 1,
  relations: 1,
  relationsExact: 1,
  weakest: 1,
  unknownRelation: -1,
  namesOnly: -1,
  unknown: -1,
  terms: 0,
  corrected: -1,
  correctedNames: -1,
});

/** Learned weights (see above). */
export const CONFIDENCE_WEIGHTS: Readonly<Record<ConfidenceFeature | 'bias', number>> = Object.freeze({
  bias: -4.745,
  score: 0.834,
  margin: 4.349,
  coverage: 0.000,
  meaningCoverage: 0.000,
  sentenceShare: 0.000,
  sentenceMeaning: 2.577,
  windowMeaning: 0.338,
  neighbours: 0.248,
  answerType: 0.173,
  typeMissing: -0.727,
  figureMissing: -0.619,
  names: 1.160,
  relations: 0.000,
  relationsExact: 0.646,
  weakest: 0.000,
  unknownRelation: 0.000,
  namesOnly: -2.004,
  unknown: -1.169,
  terms: -2.075,
  corrected: 0.000,
  correctedNames: -1.071,
});

/** The weights the ranker uses; training passes its candidates to see their effect before they are written here. */
export interface Weights {
  /** Questions asked of the whole knowledge base. */
  readonly ranker: Readonly<Record<RankerFeature | 'bias', number>>;
  /** Questions asked of one article. */
  readonly article: Readonly<Record<RankerFeature | 'bias', number>>;
  readonly sentence: Readonly<Record<SentenceFeature, number>>;
  /** The confidence model (default CONFIDENCE_WEIGHTS). */
  readonly confidence?: Readonly<Record<ConfidenceFeature | 'bias', number>>;
}

export const DEFAULT_WEIGHTS: Weights = Object.freeze({ ranker: RANKER_WEIGHTS, article: ARTICLE_RANKER_WEIGHTS, sentence: SENTENCE_WEIGHTS });
