import { answerEvidence } from '../nlp/answer-types.js';
import { readQuestion, type AnswerType } from '../nlp/question.js';
import type { TypoCorrector } from './fuzzy.js';
import type { IndexedPassage, SearchIndex } from './index.js';
import { distance } from 'fastest-levenshtein';
import { tokenize } from './tokenize.js';
import { leansBack } from '../knowledge/sentences.js';
import { RANKER_FEATURES, RANKER_WEIGHTS, SENTENCE_FEATURES, SENTENCE_WEIGHTS } from './weights.js';

const QUESTION_WORDS = ['where', 'when', 'who', 'whom', 'what', 'which', 'why', 'how'];

/** "wher" → "where": a misspelt question word, one edit away, preferring the word it begins. */
function questionWord(word: string): string | null {
  if (word.length < 3 || QUESTION_WORDS.includes(word)) return null;
  const close = QUESTION_WORDS.filter((q) => distance(q, word) === 1);
  return close.find((q) => q.startsWith(word)) ?? close[0] ?? null;
}

/**
 * Ranking constants, tuned on the SQuAD dev articles and the seed dev questions (`npm run eval`).
 * How the features are combined is learned: see weights.ts and scripts/train-ranker.ts.
 */
export const RANK_DEFAULTS = Object.freeze({
  /** BM25 term-frequency saturation, usually 0.8-2. Lower: repeated words count for less. */
  k1: 1.2,
  /** BM25 length normalisation, 0 (none) to 1 (full). */
  b: 0.75,
  /** BM25 length normalisation for sentences; short sentences are not inherently better answers. */
  sentenceB: 0.3,
  /** Passages re-ranked with the sentence, phrase and answer-type features (by BM25 first). */
  candidates: 50,
  /** Weight of a corrected query word ("sumit" → "summit") relative to a typed one, 0-1. */
  correctedWeight: 0.85,
  /** Share of the question's term weight the best passage must contain to count as an answer, 0-1. */
  minCoverage: 0.5,
});

export type RankOptions = typeof RANK_DEFAULTS;

/** One query term as searched: its id, weight, the word typed and the word it was corrected to. */
export interface QueryTerm {
  readonly id: number | undefined;
  readonly typed: string;
  readonly word: string;
  readonly weight: number;
  readonly position: number;
  /** True for the word that names the kind of answer ("cities" in "what cities"): not required. */
  readonly head: boolean;
  /** True when typed with a capital or as a number, not first in the question: a name, a date, a figure. */
  readonly name: boolean;
}

/** The analysed question. */
export interface Query {
  readonly text: string;
  readonly type: AnswerType;
  readonly terms: readonly QueryTerm[];
  readonly words: ReadonlySet<string>;
  readonly corrections: readonly { readonly from: string; readonly to: string }[];
}

/** A ranked passage with its best sentence and how much of the question it covers. */
export interface RankedPassage {
  readonly entry: IndexedPassage;
  readonly score: number;
  /** Index of the best sentence in `entry.passage.sentences`. */
  readonly sentence: number;
  /** Share (0-1) of the question's term weight that the passage contains. */
  readonly coverage: number;
  /** False when the passage holds none of the question's words that are not names and one of those
   *  words occurs nowhere in the articles ("live" in "where does Kim Jong-un live"): names alone are
   *  not an answer. */
  readonly relation: boolean;
  /** How clearly the answer sentence holds the kind of thing asked for, 0-1 (see nlp/answer-types.ts). */
  readonly evidence: number;
  /** Folded words of the passage that matched the question, for highlighting. */
  readonly matched: readonly string[];
  /** The ranking features, in {@link RANKER_FEATURES} order (for training and explaining). */
  readonly features: readonly number[];
  /** Each sentence's features, in {@link SENTENCE_FEATURES} order. */
  readonly sentenceFeatures: readonly (readonly number[])[];
}

/** Reads a question into weighted index terms, correcting unknown words against the vocabulary. */
export function analyse(question: string, index: SearchIndex, corrector: TypoCorrector, options: RankOptions): Query {
  const corrections: { from: string; to: string }[] = [];
  const terms: QueryTerm[] = [];
  const words = new Set<string>();
  const seen = new Set<string>();
  const tokens = tokenize(question).map((t, i) => {
    const fixed = i === 0 ? questionWord(t.word) : null;
    if (!fixed) return t;
    corrections.push({ from: t.word, to: fixed });
    return { ...t, word: fixed, term: null };
  });
  const typed = readQuestion(tokens.map((t) => t.word).join(' '));
  // A name is a word typed with a capital or a digit, not first in the question, or the part after a
  // hyphen in one ("Kim Jong-un").
  const isName = (i: number): boolean => {
    const token = tokens[i]!;
    if (i > 0 && /^[\p{Lu}\d]/u.test(question[token.start] ?? '')) return true;
    return i > 0 && question[token.start - 1] === '-' && tokens[i - 1]!.end === token.start - 1 && isName(i - 1);
  };
  tokens.forEach((token, position) => {
    let word = token.word;
    let term = token.term;
    let weight = 1;
    if (term !== null && index.termId(term) === undefined) {
      const fixed = corrector.correct(token.word);
      // A correction onto a stop word ("live" → "like") would silently drop the word: keep it unknown.
      if (fixed && fixed !== token.word && tokenize(fixed)[0]?.term != null) {
        corrections.push({ from: token.word, to: fixed });
        word = fixed;
        term = tokenize(fixed)[0]?.term ?? null;
        weight = options.correctedWeight;
      }
    }
    words.add(word);
    if (term === null || seen.has(term)) return;
    seen.add(term);
    terms.push({ id: index.termId(term), typed: token.word, word, weight, position, head: word === typed.head, name: isName(position) });
  });
  // Read the form again after correction, so that "wher is the sumit" still asks for a place.
  const type = typed.type !== 'other' ? typed.type : readQuestion([...words].join(' ')).type;
  return { text: question, type, terms, words, corrections };
}

/** Ranks passages for an analysed query, best first; at most `limit` results. */
export function rank(query: Query, index: SearchIndex, options: RankOptions, limit: number, filter?: (p: IndexedPassage) => boolean): RankedPassage[] {
  const known = query.terms.filter((t) => t.id !== undefined);
  if (known.length === 0) return [];
  const avg = index.averageLength;
  const bm25 = new Map<number, number>();
  for (const term of known) {
    const idf = index.idf(term.id!) * term.weight;
    const { passages, counts } = index.postingsOf(term.id!);
    for (let i = 0; i < passages.length; i++) {
      const p = passages[i]!;
      const tf = counts[i]!;
      const len = index.passages[p]!.length;
      const s = (idf * tf * (options.k1 + 1)) / (tf + options.k1 * (1 - options.b + (options.b * len) / avg));
      bm25.set(p, (bm25.get(p) ?? 0) + s);
    }
  }
  let pool = [...bm25.entries()];
  if (filter) pool = pool.filter(([p]) => filter(index.passages[p]!));
  pool.sort((a, b) => b[1] - a[1]);
  pool = pool.slice(0, Math.max(options.candidates, limit));

  // Every query term's weight, unknown words included at the highest IDF a word can have:
  // a question about something the articles never mention must not look answered.
  const maxIdf = Math.log(1 + (index.passages.length + 0.5) / 0.5);
  const weights = new Map<number, number>(known.map((t) => [t.id!, index.idf(t.id!) * t.weight]));
  const required = query.terms.filter((t) => !t.head);
  const total = required.reduce((sum, t) => sum + (t.id === undefined ? maxIdf : weights.get(t.id)!), 0);
  const allWeight = query.terms.reduce((sum, t) => sum + (t.id === undefined ? maxIdf : weights.get(t.id)!), 0);
  const requiredIds = new Set(required.map((t) => t.id));
  const knownWeight = [...weights.values()].reduce((x, y) => x + y, 0);
  const pairs = phrasePairs(query);
  const order = query.terms.map((t) => t.id ?? -2);
  const maxBm25 = pool[0]?.[1] ?? 1;

  const scored = pool.map(([p, passageScore], rankPosition) => {
    const entry = index.passages[p]!;
    const inPassage = new Set(entry.termIds);
    const present = new Set([...inPassage].filter((id) => requiredIds.has(id)));
    const coverage = total === 0 ? 1 : [...present].reduce((sum, id) => sum + weights.get(id)!, 0) / total;
    const sentences = entry.sentenceTokens.map(([from, to]) => sentenceFeatures(entry, from, to, weights, knownWeight, pairs, query, options, index.averageSentenceLength));
    const maxSentenceLexical = Math.max(1e-9, ...sentences.map((f) => f.lexical));
    const sentenceVectors = sentences.map((f, s) => [
      f.lexical / maxSentenceLexical,
      f.share,
      f.phrases,
      f.evidence,
      f.compact,
      s === 0 ? 1 : 0,
      s > 0 && leansBack(entry.passage.sentences[s]!.text) ? 1 : 0,
      Math.log1p(entry.sentenceTokens[s]![1] - entry.sentenceTokens[s]![0]) / 4,
    ]);
    let bestIndex = 0;
    let bestScore = -Infinity;
    sentenceVectors.forEach((v, s) => {
      const score = SENTENCE_FEATURES.reduce((sum, name, j) => sum + SENTENCE_WEIGHTS[name] * v[j]!, 0);
      if (score > bestScore + 1e-12) {
        bestScore = score;
        bestIndex = s;
      }
    });
    const best = sentences[bestIndex] ?? { lexical: 0, share: 0, phrases: 0, evidence: 0, compact: 0, ids: new Set<number>() };
    let window = 0;
    sentences.forEach((f, s) => {
      const ids = new Set([...f.ids, ...(sentences[s - 1]?.ids ?? [])]);
      window = Math.max(window, [...ids].reduce((sum, id) => sum + weights.get(id)!, 0) / allWeight);
    });
    const names = query.terms.filter((t) => t.name && t.id !== undefined);
    const nameShare = names.length === 0 ? 1 : names.filter((t) => inPassage.has(t.id!)).length / names.length;
    const distinct = known.filter((t) => inPassage.has(t.id!)).length / query.terms.length;
    const titleShare = [...entry.titleTerms].reduce((sum, id) => sum + (weights.get(id) ?? 0), 0) / allWeight;
    const features = [
      passageScore / maxBm25,
      best.lexical,
      coverage,
      best.share,
      window,
      best.phrases,
      best.evidence,
      entry.passage.kind === 'caption' ? 1 : 0,
      titleShare,
      longestRun(entry.termIds, order) / Math.max(1, order.length),
      1 / (1 + rankPosition),
      best.compact,
      nameShare,
      distinct,
      Math.log1p(entry.length) / 5,
    ];
    const relations = required.filter((t) => !t.name);
    // Only a relation word the whole knowledge base lacks is decisive: questions often paraphrase the
    // others ("take place" for "was played").
    const relation = relations.length === 0 || relations.some((t) => t.id !== undefined && present.has(t.id)) || relations.every((t) => t.id !== undefined);
    return { entry, features, sentence: bestIndex, coverage, sentenceVectors, relation, evidence: best.evidence };
  });
  // The sentence score is on the BM25 scale of each question; the model sees it relative to the best candidate.
  const maxLexical = Math.max(1e-9, ...scored.map((c) => c.features[1]!));
  const ranked = scored.map((c) => {
    c.features[1] = c.features[1]! / maxLexical;
    let score = RANKER_WEIGHTS.bias;
    RANKER_FEATURES.forEach((name, i) => (score += RANKER_WEIGHTS[name] * c.features[i]!));
    return { entry: c.entry, score, sentence: c.sentence, coverage: c.coverage, relation: c.relation, evidence: c.evidence, features: c.features, sentenceFeatures: c.sentenceVectors };
  });
  ranked.sort((a, b) => b.score - a.score);
  // Highlighting needs the matched words of the results shown only, not of every candidate.
  return ranked.slice(0, limit).map((r) => ({
    ...r,
    matched: [...new Set(r.entry.tokens.filter((_, i) => weights.has(r.entry.termIds[i]!)).map((t) => t.word))],
  }));
}

/** Length of the longest run of question terms, in question order, standing together in the passage. */
function longestRun(ids: Int32Array, order: readonly number[]): number {
  const content = [...ids].filter((id) => id >= 0);
  let best = 0;
  for (let i = 0; i < content.length; i++) {
    for (let q = 0; q < order.length; q++) {
      let n = 0;
      while (i + n < content.length && q + n < order.length && content[i + n] === order[q + n]) n++;
      if (n > best) best = n;
    }
  }
  return best;
}

/** Neighbouring content words of the question, as id pairs with their mean weight. */
function phrasePairs(query: Query): [number, number][] {
  const ids = query.terms.filter((t) => t.id !== undefined);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < ids.length; i++) out.push([ids[i]!.id!, ids[i + 1]!.id!]);
  return out;
}

function sentenceFeatures(
  entry: IndexedPassage,
  from: number,
  to: number,
  weights: ReadonlyMap<number, number>,
  totalWeight: number,
  pairs: readonly [number, number][],
  query: Query,
  options: RankOptions,
  avgSentence: number,
) {
  const tf = new Map<number, number>();
  let length = 0;
  let first = -1;
  let last = -1;
  for (let i = from; i < to; i++) {
    const id = entry.termIds[i]!;
    if (id < 0) continue;
    length++;
    if (weights.has(id)) {
      tf.set(id, (tf.get(id) ?? 0) + 1);
      if (first < 0) first = length;
      last = length;
    }
  }
  const ids = new Set(tf.keys());
  if (tf.size === 0) return { lexical: 0, share: 0, phrases: 0, evidence: 0, compact: 0, ids };
  let lexical = 0;
  let share = 0;
  for (const [id, n] of tf) {
    const w = weights.get(id)!;
    share += w;
    lexical += (w * n * (options.k1 + 1)) / (n + options.k1 * (1 - options.sentenceB + (options.sentenceB * length) / avgSentence));
  }
  // Phrases: a question bigram whose words stand within three positions of each other here.
  let phrases = 0;
  for (const [a, b] of pairs) if (tf.has(a) && tf.has(b) && near(entry.termIds, from, to, a, b)) phrases++;
  const evidence = query.type === 'other' ? 0 : answerEvidence(entry.passage.text, entry.tokens.slice(from, to), query.type, query.words);
  return {
    lexical,
    share: share / Math.max(1e-9, totalWeight),
    phrases: pairs.length === 0 ? 0 : phrases / pairs.length,
    evidence,
    compact: tf.size / Math.max(1, last - first + 1),
    ids,
  };
}

function near(ids: Int32Array, from: number, to: number, a: number, b: number): boolean {
  for (let i = from; i < to; i++) {
    if (ids[i] !== a && ids[i] !== b) continue;
    const other = ids[i] === a ? b : a;
    for (let j = Math.max(from, i - 3); j <= Math.min(to - 1, i + 3); j++) if (j !== i && ids[j] === other) return true;
  }
  return false;
}
