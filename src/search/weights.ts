/**
 * The passage ranker is a linear model over these features, each scaled to about 0-1 within a
 * question. Its weights are learned on the SQuAD dev articles (even ids) and the seed article by
 * `npm run train-ranker`, which prints this object; never fit on the test articles.
 */
export const RANKER_FEATURES = [
  'bm25', // passage BM25 relative to the best candidate's
  'sentence', // best sentence's BM25, relative to the best candidate's
  'coverage', // share of the question's required weight in the passage
  'sentenceShare', // share of the question's weight in the best sentence
  'window', // share of the question's weight in the best two neighbouring sentences
  'phrases', // share of the question's word pairs found together in the best sentence
  'answerType', // the best sentence holds the kind of thing asked for (0-1)
  'caption', // 1 for a photo caption; its weight is set by hand (SQuAD has no captions): a body paragraph should win unless the caption matches clearly better
  'title', // share of the question's weight in the article title
  'run', // longest run of question words in question order, relative to the question's length
  'bm25Rank', // 1 / (1 + BM25 rank)
  'compact', // matched words / span they occupy in the best sentence
  'names', // share of the question's names and figures (capitalised or numeric words) in the passage
  'distinct', // share of the question's distinct words in the passage, unweighted
  'length', // log of the passage length in terms, / 5
] as const;

export type RankerFeature = (typeof RANKER_FEATURES)[number];

/** Learned weights (see above). */
export const RANKER_WEIGHTS: Readonly<Record<RankerFeature | 'bias', number>> = Object.freeze({
  bias: 0,
  bm25: 3.305,
  sentence: 3.224,
  coverage: 2.613,
  sentenceShare: 1.416,
  window: 1.812,
  phrases: -0.107,
  answerType: 1.163,
  caption: -2.500,
  title: 4.849,
  run: 2.382,
  bm25Rank: 0.276,
  compact: 1.070,
  names: 0.946,
  distinct: 0.554,
  length: -2.655,
});

/**
 * The answer sentence inside a passage is chosen by a second linear model over these features,
 * learned the same way: the sentence that holds the SQuAD gold answer should score highest.
 */
export const SENTENCE_FEATURES = [
  'lexical', // the sentence's BM25, relative to the passage's best sentence
  'share', // share of the question's weight in the sentence
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
  lexical: 1.861,
  share: 3.141,
  phrases: 0.841,
  answerType: 1.581,
  compact: -0.001,
  first: -0.358,
  leansBack: 0.371,
  length: -0.243,
});
