import { answerEvidence } from '../nlp/answer-types.js';
import { readQuestion, type AnswerType } from '../nlp/question.js';
import type { TypoCorrector } from './fuzzy.js';
import type { IndexedPassage, SearchIndex } from './index.js';
import { distance } from 'fastest-levenshtein';
import { tokenize } from './tokenize.js';

const QUESTION_WORDS = ['where', 'when', 'who', 'whom', 'what', 'which', 'why', 'how'];

/** "wher" → "where": a misspelt question word, one edit away, preferring the word it begins. */
function questionWord(word: string): string | null {
  if (word.length < 3 || QUESTION_WORDS.includes(word)) return null;
  const close = QUESTION_WORDS.filter((q) => distance(q, word) === 1);
  return close.find((q) => q.startsWith(word)) ?? close[0] ?? null;
}

/** Ranking constants, tuned on the SQuAD dev articles and the seed dev questions (`npm run eval`). */
export const RANK_DEFAULTS = Object.freeze({
  /** BM25 term-frequency saturation, usually 0.8-2. Lower: repeated words count for less. */
  k1: 1.2,
  /** BM25 length normalisation, 0 (none) to 1 (full). */
  b: 0.75,
  /** BM25 length normalisation for sentences; short sentences are not inherently better answers. */
  sentenceB: 0.3,
  /** Passages re-ranked with the sentence, phrase and answer-type features (by BM25 first). */
  candidates: 50,
  /** Weight of the best sentence's score against the whole passage's BM25 score, 0-2. */
  sentenceWeight: 0.6,
  /** Bonus per question bigram found as a phrase in a sentence, times the pair's mean IDF, 0-1. */
  phraseWeight: 0.3,
  /** Bonus when a sentence contains the kind of thing asked for (a place for "where"), times mean IDF. */
  answerTypeWeight: 0.35,
  /** A photo caption's score is multiplied by this, so a body paragraph wins a near tie, 0-1. */
  captionFactor: 0.75,
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
  /** Folded words of the passage that matched the question, for highlighting. */
  readonly matched: readonly string[];
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
  tokens.forEach((token, position) => {
    let word = token.word;
    let term = token.term;
    let weight = 1;
    if (term !== null && index.termId(term) === undefined) {
      const fixed = corrector.correct(token.word);
      if (fixed && fixed !== token.word) {
        corrections.push({ from: token.word, to: fixed });
        word = fixed;
        term = tokenize(fixed)[0]?.term ?? null;
        weight = options.correctedWeight;
      }
    }
    words.add(word);
    if (term === null || seen.has(term)) return;
    seen.add(term);
    terms.push({ id: index.termId(term), typed: token.word, word, weight, position, head: word === typed.head });
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
  const requiredIds = new Set(required.map((t) => t.id));
  const pairs = phrasePairs(query);

  const ranked = pool.map(([p, passageScore]) => {
    const entry = index.passages[p]!;
    const present = new Set<number>();
    for (const id of entry.termIds) if (requiredIds.has(id)) present.add(id);
    const coverage = total === 0 ? 1 : [...present].reduce((sum, id) => sum + weights.get(id)!, 0) / total;
    let best = 0;
    let bestSentence = 0;
    entry.sentenceTokens.forEach(([from, to], s) => {
      const score = sentenceScore(entry, from, to, weights, pairs, query, options, avg / Math.max(1, entry.sentenceTokens.length));
      if (score > best) {
        best = score;
        bestSentence = s;
      }
    });
    let score = passageScore + options.sentenceWeight * best;
    if (entry.passage.kind === 'caption') score *= options.captionFactor;
    const matched = [...new Set(entry.tokens.filter((_, i) => weights.has(entry.termIds[i]!)).map((t) => t.word))];
    return { entry, score, sentence: bestSentence, coverage, matched };
  });
  ranked.sort((a, b) => b.score - a.score);
  return ranked.slice(0, limit);
}

/** Neighbouring content words of the question, as id pairs with their mean weight. */
function phrasePairs(query: Query): [number, number][] {
  const ids = query.terms.filter((t) => t.id !== undefined);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < ids.length; i++) out.push([ids[i]!.id!, ids[i + 1]!.id!]);
  return out;
}

function sentenceScore(
  entry: IndexedPassage,
  from: number,
  to: number,
  weights: ReadonlyMap<number, number>,
  pairs: readonly [number, number][],
  query: Query,
  options: RankOptions,
  avgSentence: number,
): number {
  const tf = new Map<number, number>();
  let length = 0;
  for (let i = from; i < to; i++) {
    const id = entry.termIds[i]!;
    if (id < 0) continue;
    length++;
    if (weights.has(id)) tf.set(id, (tf.get(id) ?? 0) + 1);
  }
  if (tf.size === 0) return 0;
  let score = 0;
  for (const [id, n] of tf) {
    score += (weights.get(id)! * n * (options.k1 + 1)) / (n + options.k1 * (1 - options.sentenceB + (options.sentenceB * length) / Math.max(1, avgSentence)));
  }
  // Phrases: a question bigram whose words stand within two positions of each other here.
  for (const [a, b] of pairs) {
    if (!tf.has(a) || !tf.has(b)) continue;
    if (near(entry.termIds, from, to, a, b)) score += options.phraseWeight * ((weights.get(a)! + weights.get(b)!) / 2) * 2;
  }
  if (query.type !== 'other') {
    const tokens = entry.tokens.slice(from, to);
    const meanIdf = [...weights.values()].reduce((x, y) => x + y, 0) / Math.max(1, weights.size);
    score += options.answerTypeWeight * meanIdf * answerEvidence(entry.passage.text, tokens, query.type, query.words);
  }
  return score;
}

function near(ids: Int32Array, from: number, to: number, a: number, b: number): boolean {
  for (let i = from; i < to; i++) {
    if (ids[i] !== a && ids[i] !== b) continue;
    const other = ids[i] === a ? b : a;
    for (let j = Math.max(from, i - 3); j <= Math.min(to - 1, i + 3); j++) if (j !== i && ids[j] === other) return true;
  }
  return false;
}
