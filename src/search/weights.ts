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
] as const;

export type RankerFeature = (typeof RANKER_FEATURES)[number];

/** Learned weights (see above). */
export const RANKER_WEIGHTS: Readonly<Record<RankerFeature | 'bias', number>> = Object.freeze({
  bias: 0,
  bm25: 3.818,
  sentence: 2.996,
  coverage: 2.869,
  sentenceShare: 1.540,
  window: 1.963,
  phrases: -0.007,
  answerType: 1.100,
  caption: -2.5,
  title: 5.571,
  run: 2.392,
  bm25Rank: 0.325,
  compact: 1.102,
});
