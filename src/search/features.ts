/**
 * The ranking features, the third stage of ranking: each candidate passage, and each of its
 * sentences, measured against the analysed question (exact, WordNet and vector matches, BM25 of the
 * sentence, phrases, title, caption, position, the neighbouring passages…). The feature names and
 * the learned weights that combine them are in weights.ts; `rank` (rank.ts) applies the model.
 */
import { leansBack } from '../knowledge/sentences.js';
import type { Meaning } from '../meaning/index.js';
import { answerEvidence } from '../nlp/answer-types.js';
import { bm25, bm25Idf } from './bm25.js';
import type { IndexedPassage, SearchIndex } from './index.js';
import type { Query } from './query.js';
import type { RankOptions } from './rank.js';
import { SENTENCE_FEATURES, type RankerFeature, type SentenceFeature, type Weights } from './weights.js';

/** What one index term is to the question, worked out once per question. */
interface TermInfo {
  /** The question term it is, or -1. */
  readonly exact: number;
  /** The question terms it matches by meaning (WordNet, acronyms), with strength. */
  readonly related: readonly (readonly [number, number])[] | null;
  /** Its vector similarity to each question term (0 when negative); null without a vector. */
  readonly sims: Float32Array | null;
  /** Its weighted vector's dot product with the question's vector. */
  readonly toQuestion: number;
}

/**
 * How a range of tokens matches each question term, in one buffer of four rows: exactly (1), by
 * WordNet or acronym (strength), by a vector similarity from `vectorMin`, and the best vector
 * similarity however low (`align`).
 */
interface Matches {
  readonly exact: Float32Array;
  readonly wordnet: Float32Array;
  readonly vector: Float32Array;
  readonly align: Float32Array;
}

function newMatches(n: number): Matches {
  return matchesIn(new Float32Array(4 * n), 0, n);
}

function matchesIn(buffer: Float32Array, at: number, n: number): Matches {
  return { exact: buffer.subarray(at, at + n), wordnet: buffer.subarray(at + n, at + 2 * n), vector: buffer.subarray(at + 2 * n, at + 3 * n), align: buffer.subarray(at + 3 * n, at + 4 * n) };
}

/** A passage against the question: each sentence's matches and closeness, and the whole passage's. */
interface PassageMatch {
  readonly sentences: readonly Matches[];
  readonly embeddings: readonly number[];
  readonly whole: Matches;
}

/** Per-query lookups shared by every candidate. */
export interface Scoring {
  /** Term counts of the sentence being scored (one map for the whole question, cleared each time). */
  readonly tf: Map<number, number>;
  readonly query: Query;
  readonly index: SearchIndex;
  readonly options: RankOptions;
  readonly meaning: Meaning | null;
  readonly model: Weights;
  /** Term id → its IDF × the question term's weight, for the question's own terms. */
  readonly weights: ReadonlyMap<number, number>;
  /** Weight of each question term (unknown ones at the highest IDF), in `query.terms` order. */
  readonly termWeights: Float64Array;
  /** Total weight of the required terms (all but head words), and of all terms. */
  readonly required: number;
  readonly all: number;
  /** Term id → the question terms it matches by meaning, with strength. */
  readonly relatedOf: ReadonlyMap<number, readonly (readonly [number, number])[]>;
  /** Term id → the position of the question term it is. */
  readonly exactOf: ReadonlyMap<number, number>;
  readonly pairs: readonly (readonly [number, number])[];
  readonly order: readonly number[];
  /** The question's meaning: the sum of its words' vectors, each weighted by how rare it is; null without vectors. */
  readonly questionVector: Float32Array | null;
  readonly questionNorm: number;
  /** Caches for this question: terms, passages, and each candidate article's local weights. */
  readonly terms: Map<number, TermInfo>;
  readonly passages: Map<number, PassageMatch>;
  readonly local: Map<string, Float32Array>;
}


/**
 * The per-question lookups every candidate's features read: each question term's weight (IDF × its
 * weight in the query; an unknown word at the highest IDF), which index terms match which question
 * terms exactly or by meaning, the question's bigrams and its IDF-weighted vector, and empty caches.
 */
export function scoringFor(query: Query, index: SearchIndex, options: RankOptions, meaning: Meaning | null, model: Weights): Scoring {
  const maxIdf = index.maxIdf;
  const termWeights = Float64Array.from(query.terms, (t) => (t.id === undefined ? maxIdf : index.idf(t.id)) * t.weight);
  const weights = new Map<number, number>();
  const exactOf = new Map<number, number>();
  const relatedOf = new Map<number, [number, number][]>();
  let required = 0;
  let all = 0;
  query.terms.forEach((t, q) => {
    if (t.id !== undefined) {
      weights.set(t.id, termWeights[q]!);
      exactOf.set(t.id, q);
    }
    for (const r of t.related) {
      const list = relatedOf.get(r.id) ?? [];
      list.push([q, r.strength]);
      relatedOf.set(r.id, list);
    }
    if (!t.head) required += termWeights[q]!;
    all += termWeights[q]!;
  });
  const ids = query.terms.filter((t) => t.id !== undefined && !t.pronoun);
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < ids.length; i++) pairs.push([ids[i]!.id!, ids[i + 1]!.id!]);
  let questionVector: Float32Array | null = null;
  let questionNorm = 0;
  if (meaning) {
    questionVector = new Float32Array(meaning.vectors.dimensions);
    for (const t of query.terms) {
      const v = t.pronoun ? -1 : meaning.vectors.id(t.word);
      if (v >= 0) meaning.vectors.addTo(questionVector, v, meaning.vectors.weight(v));
    }
    questionNorm = Math.hypot(...questionVector);
  }
  return {
    query, index, options, meaning, model, weights, termWeights, required, all, relatedOf, exactOf, pairs,
    order: query.terms.filter((t) => !t.pronoun).map((t) => t.id ?? -2),
    questionVector, questionNorm, terms: new Map(), passages: new Map(), local: new Map(), tf: new Map(),
  };
}

/** What an index term is to the question (see {@link TermInfo}), worked out on first sight. */
function termInfo(id: number, s: Scoring): TermInfo {
  let info = s.terms.get(id);
  if (info) return info;
  const exact = s.exactOf.get(id) ?? -1;
  let sims: Float32Array | null = null;
  let toQuestion = 0;
  const vector = s.index.termVectors[id] ?? -1;
  if (s.meaning && vector >= 0 && exact < 0) {
    const n = s.query.terms.length;
    sims = new Float32Array(n);
    for (let q = 0; q < n; q++) {
      const t = s.query.terms[q]!;
      if (t.vector >= 0) sims[q] = Math.max(0, s.meaning.vectors.similarity(t.vector, vector));
    }
  }
  if (s.meaning && s.questionVector && vector >= 0) toQuestion = s.meaning.vectors.weight(vector) * s.meaning.vectors.dot(vector, s.questionVector);
  info = { exact, related: s.relatedOf.get(id) ?? null, sims, toQuestion };
  s.terms.set(id, info);
  return info;
}

/**
 * Each question term's weight within each candidate article: its IDF over the knowledge base times
 * how rare it is among the article's own passages (0-1). In an article about a monkey, "monkey" is in
 * every sentence and says nothing about which one answers; "risk" or "found" does. One sweep over the
 * question terms' postings serves every article.
 */
export function localWeights(articles: ReadonlySet<string>, s: Scoring): void {
  const n = s.query.terms.length;
  const df = new Map<string, Int32Array>();
  for (const a of articles) {
    const counts = new Int32Array(n);
    // An article's passages hold consecutive positions, and postings are in position order: its
    // passages holding a term are one run of the term's postings, found by two binary searches.
    const positions = s.index.byArticle.get(a) ?? [];
    if (positions.length > 0) {
      s.query.terms.forEach((t, q) => {
        if (t.id === undefined) return;
        const postings = s.index.postingsOf(t.id).passages;
        counts[q] = firstAtLeast(postings, positions.at(-1)! + 1) - firstAtLeast(postings, positions[0]!);
      });
    }
    df.set(a, counts);
  }
  for (const [article, counts] of df) {
    const passages = s.index.byArticle.get(article)?.length ?? 1;
    const ceiling = bm25Idf(passages, 0);
    const local = new Float32Array(n);
    for (let q = 0; q < n; q++) local[q] = s.termWeights[q]! * (bm25Idf(passages, counts[q]!) / ceiling);
    s.local.set(article, local);
  }
}

/** The index of the first value at least `x` in an ascending list (its length when there is none). */
function firstAtLeast(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Share (0-1) of the question's weight within the article that a range holds, exactly or by meaning. */
function localShare(m: Matches, local: Float32Array, s: Scoring): number {
  let held = 0;
  let total = 0;
  for (let q = 0; q < m.exact.length; q++) {
    if (s.query.terms[q]!.head) continue;
    total += local[q]!;
    held += local[q]! * Math.max(m.exact[q]!, m.wordnet[q]!, m.vector[q]!);
  }
  return total === 0 ? 0 : held / total;
}

/**
 * A passage against the question, in one pass over its tokens: each sentence's matches and closeness
 * (the cosine of the sums of word vectors weighted by rarity; the sentence's length was measured when
 * it was indexed), and the whole passage's matches. Kept for the question: a passage is also its
 * neighbours' context.
 */
function passageMatch(entry: IndexedPassage, s: Scoring): PassageMatch {
  const cached = s.passages.get(entry.index);
  if (cached) return cached;
  const n = s.query.terms.length;
  const vectorMin = s.options.vectorMin;
  const sentences: Matches[] = [];
  const embeddings: number[] = [];
  const count = entry.sentenceTokens.length;
  const buffer = new Float32Array(4 * n * count);
  for (let k = 0; k < count; k++) {
    const [from, to] = entry.sentenceTokens[k]!;
    const m = matchesIn(buffer, k * 4 * n, n);
    let dot = 0;
    for (let i = from; i < to; i++) {
      const id = entry.termIds[i]!;
      if (id < 0) continue;
      const info = termInfo(id, s);
      dot += info.toQuestion;
      if (info.exact >= 0) {
        m.exact[info.exact] = 1;
        continue;
      }
      if (info.related) for (const [q, strength] of info.related) if (strength > m.wordnet[q]!) m.wordnet[q] = strength;
      const sims = info.sims;
      if (!sims) continue;
      for (let q = 0; q < n; q++) {
        const sim = sims[q]!;
        if (sim > m.align[q]!) m.align[q] = sim;
        if (sim >= vectorMin && sim > m.vector[q]!) m.vector[q] = sim;
      }
    }
    sentences.push(m);
    const norm = entry.sentenceNorms[k]!;
    embeddings.push(norm === 0 || s.questionNorm === 0 ? 0 : dot / (norm * s.questionNorm));
  }
  let whole = sentences[0] ?? newMatches(n);
  if (sentences.length > 1) {
    whole = newMatches(n);
    for (const m of sentences) maxInto(whole, m);
  }
  const match = { sentences, embeddings, whole };
  s.passages.set(entry.index, match);
  return match;
}

/** Weighted shares (0-1) of the question held exactly, and exactly or by meaning, over the required terms. */
function shares(m: Matches, s: Scoring): { exact: number; meaning: number; wordnet: number; vector: number; align: number } {
  let exact = 0;
  let meaning = 0;
  let wordnet = 0;
  let vector = 0;
  let align = 0;
  for (let q = 0; q < m.exact.length; q++) {
    if (s.query.terms[q]!.head) continue;
    const w = s.termWeights[q]!;
    if (m.exact[q]! >= 1) {
      exact += w;
      meaning += w;
      align += w;
      continue;
    }
    wordnet += w * m.wordnet[q]!;
    vector += w * m.vector[q]!;
    meaning += w * Math.max(m.wordnet[q]!, m.vector[q]!);
    align += w * Math.max(m.wordnet[q]!, m.align[q]!);
  }
  const total = Math.max(1e-9, s.required);
  return { exact: exact / total, meaning: meaning / total, wordnet: wordnet / total, vector: vector / total, align: align / total };
}

/** Raises `into` to `other` wherever `other` matches better. */
function maxInto(into: Matches, other: Matches): void {
  for (let q = 0; q < into.exact.length; q++) {
    if (other.exact[q]! > into.exact[q]!) into.exact[q] = other.exact[q]!;
    if (other.wordnet[q]! > into.wordnet[q]!) into.wordnet[q] = other.wordnet[q]!;
    if (other.vector[q]! > into.vector[q]!) into.vector[q] = other.vector[q]!;
    if (other.align[q]! > into.align[q]!) into.align[q] = other.align[q]!;
  }
}

/** The shares of a sentence that holds nothing of the question. */
const NO_SHARES = Object.freeze({ exact: 0, meaning: 0, wordnet: 0, vector: 0, align: 0 });

/**
 * Which sentences of a passage are scored in full: all of them, up to `maxSentences` ({@link RankOptions});
 * in a longer passage, those holding most of the question (exactly, then by meaning), so that a
 * hostile paragraph of a hundred thousand words costs what a long article does.
 */
function keptSentences(entry: IndexedPassage, match: PassageMatch, s: Scoring): boolean[] {
  const count = entry.sentenceTokens.length;
  const max = s.options.maxSentences;
  if (count <= max) return new Array<boolean>(count).fill(true);
  const held = match.sentences.map((m, k) => {
    let score = match.embeddings[k]! * 0.01;
    for (let q = 0; q < m.exact.length; q++) score += m.exact[q]! + 0.5 * Math.max(m.wordnet[q]!, m.vector[q]!);
    return score;
  });
  const order = held.map((_, k) => k).sort((a, b) => held[b]! - held[a]! || a - b);
  const kept = new Array<boolean>(count).fill(false);
  for (const k of order.slice(0, max)) kept[k] = true;
  return kept;
}

/** A candidate passage measured: its features, its sentences' features and the best sentence by the sentence model. */
export interface ScoredPassage {
  readonly entry: IndexedPassage;
  /** The ranking features; `sentence` is still on the question's BM25 scale (`rank` divides it by the candidates' best). */
  readonly features: Record<RankerFeature, number>;
  /** Index of the best sentence in `entry.passage.sentences`. */
  readonly sentence: number;
  readonly sentenceFeatures: readonly Readonly<Record<SentenceFeature, number>>[];
  /** How well the passage holds each question term (in `query.terms` order): 1 exactly, else its best match by meaning (0-1). */
  readonly termMatch: readonly number[];
}

/**
 * A candidate's ranking features and its sentences' (see RANKER_FEATURES and SENTENCE_FEATURES in
 * weights.ts). `relativeBm25` is its retrieval score relative to the best candidate's (0-1),
 * `rankPosition` its place in BM25 order (0 first). Call {@link localWeights} for its article first.
 */
export function scorePassage(entry: IndexedPassage, relativeBm25: number, rankPosition: number, s: Scoring): ScoredPassage {
  const { query } = s;
  const match = passageMatch(entry, s);
  const passageShares = shares(match.whole, s);
  const local = s.local.get(entry.article.id)!;
  const kept = keptSentences(entry, match, s);
  const sentences = entry.sentenceTokens.map(([from, to], k) => {
    const matches = match.sentences[k]!;
    if (!kept[k]) return { lexical: 0, phrases: 0, evidence: 0, compact: 0, shares: NO_SHARES, matches, local: 0, embedding: 0 };
    const lexical = sentenceLexical(entry, from, to, s);
    return { lexical: lexical.lexical, phrases: lexical.phrases, evidence: lexical.evidence, compact: lexical.compact, shares: shares(matches, s), matches, local: localShare(matches, local, s), embedding: match.embeddings[k]! };
  });
  let maxSentenceLexical = 1e-9;
  for (let k = 0; k < sentences.length; k++) maxSentenceLexical = Math.max(maxSentenceLexical, sentences[k]!.lexical);
  const sentenceFeatures = sentences.map((f, k): Record<SentenceFeature, number> => ({
    lexical: f.lexical / maxSentenceLexical,
    share: f.shares.exact,
    meaning: f.shares.meaning,
    local: f.local,
    align: f.shares.align,
    embedding: f.embedding,
    phrases: f.phrases,
    answerType: f.evidence,
    compact: f.compact,
    first: k === 0 ? 1 : 0,
    leansBack: k > 0 && kept[k] && leansBack(entry.passage.sentences[k]!.text) ? 1 : 0,
    length: Math.log1p(entry.sentenceTokens[k]![1] - entry.sentenceTokens[k]![0]) / 4,
  }));
  let best = 0;
  let bestScore = -Infinity;
  sentenceFeatures.forEach((v, k) => {
    if (!kept[k]) return;
    let score = 0;
    for (let f = 0; f < SENTENCE_FEATURES.length; f++) score += s.model.sentence[SENTENCE_FEATURES[f]!] * v[SENTENCE_FEATURES[f]!];
    if (score > bestScore + 1e-12) {
      bestScore = score;
      best = k;
    }
  });
  const top = sentences[best] ?? { lexical: 0, phrases: 0, evidence: 0, compact: 0, shares: NO_SHARES, local: 0, embedding: 0 };
  // The best two neighbouring sentences, and the passage with its neighbours in the article: a
  // one-sentence paragraph (as the Daily Mail writes) often names its subject in the one before.
  let window = 0;
  let windowMeaning = 0;
  const pair = sentences.length > 1 ? newMatches(query.terms.length) : null;
  sentences.forEach((f, k) => {
    if (!kept[k]) return;
    const prev = kept[k - 1] ? sentences[k - 1] : undefined;
    let sh = f.shares;
    if (prev && pair) {
      pair.exact.set(f.matches.exact);
      pair.wordnet.set(f.matches.wordnet);
      pair.vector.set(f.matches.vector);
      pair.align.set(f.matches.align);
      maxInto(pair, prev.matches);
      sh = shares(pair, s);
    }
    window = Math.max(window, sh.exact);
    windowMeaning = Math.max(windowMeaning, sh.meaning);
  });
  const around = neighbourMatches(entry, match.whole, s);
  let names = 0;
  let namesHeld = 0;
  let distinct = 0;
  for (let q = 0; q < query.terms.length; q++) {
    const t = query.terms[q]!;
    if (t.id === undefined) continue;
    const held = match.whole.exact[q] === 1;
    if (held) distinct++;
    if (t.name && !t.pronoun) {
      names++;
      if (held) namesHeld++;
    }
  }
  let title = 0;
  entry.titleTerms.forEach((id) => (title += s.weights.get(id) ?? 0));
  const features: Record<RankerFeature, number> = {
    bm25: relativeBm25,
    sentence: top.lexical,
    coverage: passageShares.exact,
    meaningCoverage: passageShares.meaning,
    wordnet: passageShares.wordnet,
    vector: passageShares.vector,
    sentenceShare: top.shares.exact,
    sentenceMeaning: top.shares.meaning,
    local: top.local,
    align: top.shares.align,
    embedding: top.embedding,
    window,
    windowMeaning,
    neighbours: around,
    phrases: top.phrases,
    answerType: top.evidence,
    caption: entry.passage.kind === 'caption' ? 1 : 0,
    title: title / Math.max(1e-9, s.all),
    run: longestRun(entry.termIds, s.order) / Math.max(1, s.order.length),
    bm25Rank: 1 / (1 + rankPosition),
    compact: top.compact,
    names: names === 0 ? 1 : namesHeld / names,
    distinct: distinct / Math.max(1, query.terms.length),
    length: Math.log1p(entry.length) / 5,
    lead: entry.passage.kind === 'paragraph' ? 1 / Math.sqrt(entry.passage.n) : 0,
    // Set by rank(), which scores the candidates' articles together.
    article: 0,
  };
  const w = match.whole;
  const termMatch = query.terms.map((_, q) => Math.max(w.exact[q]!, w.wordnet[q]!, w.vector[q]!));
  return { entry, features, sentence: best, sentenceFeatures, termMatch };
}

/**
 * Share of the question held, exactly or through WordNet, by the passage with the ones before and after
 * it in its article. (Vector matches are left out here: the neighbours would need their own, and this
 * feature only asks whether the context names what the passage does not.)
 */
function neighbourMatches(entry: IndexedPassage, own: Matches, s: Scoring): number {
  const n = s.query.terms.length;
  const m = newMatches(n);
  m.exact.set(own.exact);
  m.wordnet.set(own.wordnet);
  for (const k of [entry.index - 1, entry.index + 1]) {
    // Of the same article (not built otherwise: a neighbour across an article's end is never used).
    const other = s.index.articleAt(k) === s.index.articleAt(entry.index) ? s.index.passage(k) : undefined;
    if (!other || other.passage.kind !== entry.passage.kind) continue;
    for (const id of other.termIds) {
      if (id < 0) continue;
      const q = s.exactOf.get(id);
      if (q !== undefined) m.exact[q] = 1;
      const related = s.relatedOf.get(id);
      if (related) for (const [rq, strength] of related) if (strength > m.wordnet[rq]!) m.wordnet[rq] = strength;
    }
  }
  return shares(m, s).meaning;
}

/** Length of the longest run of question terms, in question order, standing together in the passage. */
function longestRun(ids: Int32Array, order: readonly number[]): number {
  let best = 0;
  const content: number[] = [];
  for (const id of ids) if (id >= 0) content.push(id);
  for (let i = 0; i < content.length; i++) {
    for (let q = 0; q < order.length; q++) {
      let n = 0;
      while (i + n < content.length && q + n < order.length && content[i + n] === order[q + n]) n++;
      if (n > best) best = n;
    }
  }
  return best;
}

/** The words of a passage that match the question, exactly or by meaning (to highlight them). */
export function matchedWords(entry: IndexedPassage, s: Scoring): string[] {
  const found = new Set<string>();
  entry.termIds.forEach((id, i) => {
    if (s.exactOf.has(id) || s.relatedOf.has(id)) found.add(entry.vocab[entry.words[i]!]!);
  });
  return [...found];
}

/** A sentence's BM25 over the question's exact terms, its phrases, compactness and answer evidence. */
function sentenceLexical(entry: IndexedPassage, from: number, to: number, s: Scoring) {
  const { options, query, tf } = s;
  tf.clear();
  let length = 0;
  let first = -1;
  let last = -1;
  for (let i = from; i < to; i++) {
    const id = entry.termIds[i]!;
    if (id < 0) continue;
    length++;
    const exact = s.weights.has(id);
    if (exact || s.relatedOf.has(id)) {
      if (exact) tf.set(id, (tf.get(id) ?? 0) + 1);
      if (first < 0) first = length;
      last = length;
    }
  }
  const evidence = query.type === 'other' ? 0 : answerEvidence(entry.marks, (i) => entry.vocab[entry.words[i]!]!, from, to, query.type, query.words);
  if (first < 0) return { lexical: 0, phrases: 0, evidence, compact: 0 };
  let lexical = 0;
  // In the order the terms came (as a for-of over the map would), without an iterator's garbage.
  tf.forEach((n, id) => {
    const w = s.weights.get(id)!;
    lexical += bm25(n, w, length, s.index.averageSentenceLength, options.k1, options.sentenceB);
  });
  // Phrases: a question bigram whose words stand within three positions of each other here.
  let phrases = 0;
  for (let p = 0; p < s.pairs.length; p++) {
    const [a, b] = s.pairs[p]!;
    if (tf.has(a) && tf.has(b) && near(entry.termIds, from, to, a, b)) phrases++;
  }
  return {
    lexical,
    phrases: s.pairs.length === 0 ? 0 : phrases / s.pairs.length,
    evidence,
    compact: tf.size / Math.max(1, last - first + 1),
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
