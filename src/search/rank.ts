import { distance } from 'fastest-levenshtein';
import { leansBack } from '../knowledge/sentences.js';
import type { Meaning } from '../meaning/index.js';
import type { Relation } from '../meaning/wordnet.js';
import { answerEvidence } from '../nlp/answer-types.js';
import { readQuestion, type AnswerType } from '../nlp/question.js';
import type { TypoCorrector } from './fuzzy.js';
import type { IndexedPassage, SearchIndex } from './index.js';
import { ACRONYMS_OF, NEWS_ACRONYMS } from './acronyms.js';
import { acronymTerm, isDotted, termOf, tokenize } from './tokenize.js';
import { DEFAULT_WEIGHTS, RANKER_FEATURES, SENTENCE_FEATURES, type RankerFeature, type SentenceFeature, type Weights } from './weights.js';

const QUESTION_WORDS = ['where', 'when', 'who', 'whom', 'what', 'which', 'why', 'how'];

/** "wher" → "where": a misspelt question word, one edit away, preferring the word it begins. */
function questionWord(word: string): string | null {
  if (word.length < 3 || QUESTION_WORDS.includes(word)) return null;
  const close = QUESTION_WORDS.filter((q) => distance(q, word) === 1);
  return close.find((q) => q.startsWith(word)) ?? close[0] ?? null;
}

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

/** How closely a related word stands for the question's word (0-1), by relation. */
const RELATED_STRENGTH: Readonly<Record<Relation | 'acronym', number>> = Object.freeze({
  lemma: 1,
  acronym: 1,
  synonym: 0.8,
  derived: 0.75,
  similar: 0.6,
  narrower: 0.6,
  broader: 0.5,
});

/** Titles that may stand before a name in a question ("President Trump", "Mr Bolton"): not required in the passage. */
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'president', 'senator', 'sen', 'rep', 'governor', 'gov', 'minister', 'secretary', 'prime', 'judge', 'general', 'professor', 'prof', 'king', 'queen', 'prince', 'princess', 'pope', 'chancellor', 'mayor', 'officer', 'detective', 'coach', 'lord', 'lady', 'dame']);

/** A term of the index related by meaning to a question word, and how closely (0-1). */
export interface RelatedTerm {
  readonly id: number;
  readonly strength: number;
}

/** One query term as searched: its id, weight, the word typed and the word it was corrected to. */
export interface QueryTerm {
  readonly id: number | undefined;
  readonly typed: string;
  readonly word: string;
  readonly weight: number;
  readonly position: number;
  /** True for a word the passage need not hold: the word naming the kind of answer ("cities" in
   *  "what cities"), a title before a name ("President" Trump). */
  readonly head: boolean;
  /** True when typed with a capital or as a number, not first in the question: a name, a date, a figure. */
  readonly name: boolean;
  /** True for the person a pronoun of the question stands for. */
  readonly pronoun: boolean;
  /** Index terms of the same or related meaning: base forms, synonyms, derivations, acronyms. */
  readonly related: readonly RelatedTerm[];
  /** The word's vector id, -1 when it has none. */
  readonly vector: number;
}

/** The analysed question. */
export interface Query {
  readonly text: string;
  readonly type: AnswerType;
  readonly terms: readonly QueryTerm[];
  readonly words: ReadonlySet<string>;
  readonly corrections: readonly { readonly from: string; readonly to: string }[];
}

/** What `analyse` needs besides the question. */
export interface AnalyseContext {
  readonly index: SearchIndex;
  readonly corrector: TypoCorrector;
  readonly options: RankOptions;
  /** Language resources; null matches strings only. */
  readonly meaning: Meaning | null;
  /** The server asking (null: the shared articles only): typo correction offers only words of the
   *  articles it sees. */
  readonly owner?: string | null;
  /** The people a "he", "she" or "they" of the question may stand for (the main people of the one
   *  article asked about), most mentioned first. */
  readonly people?: readonly { readonly name: string; readonly gender: 'male' | 'female' | null }[];
}

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
}

/** Reads a question into weighted index terms, correcting unknown words against the vocabulary. */
export function analyse(question: string, ctx: AnalyseContext): Query {
  const { index, corrector, options, meaning } = ctx;
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
  const capitalised = (i: number) => /^[\p{Lu}\d]/u.test(question[tokens[i]!.start] ?? '');
  // A name is a word typed with a capital or a digit, not first in the question, or the part after a
  // hyphen in one ("Kim Jong-un").
  const isName = (i: number): boolean => {
    const token = tokens[i]!;
    if (i > 0 && capitalised(i)) return true;
    return i > 0 && question[token.start - 1] === '-' && tokens[i - 1]!.end === token.start - 1 && isName(i - 1);
  };
  const named = phraseSynonyms(question, tokens, ctx);
  for (const [position, token] of tokens.entries()) {
    if (terms.length >= options.maxTerms) break;
    let word = token.word;
    let term = token.term;
    let weight = 1;
    // "ceasefire", "Seoyeon": a word no article has, that they write as two ("cease-fire", "Seo-yeon").
    const parts = term !== null && index.termId(term) === undefined ? compoundParts(word, index, ctx.owner ?? null) : null;
    // Only a word that is neither in the articles nor English may be a typo: "long" is never "jong".
    if (!parts && term !== null && index.termId(term) === undefined && !isWord(word, meaning)) {
      const owner = ctx.owner ?? null;
      const fixed = corrector.correct(token.word, (w) => index.hasWord(w, owner));
      // A correction onto a stop word ("live" → "like") would silently drop the word: keep it unknown.
      if (fixed && fixed !== token.word && termOf(fixed) !== null) {
        corrections.push({ from: token.word, to: fixed });
        word = fixed;
        term = termOf(fixed);
        weight = options.correctedWeight;
      }
    }
    words.add(word);
    if (term === null || seen.has(term)) continue;
    for (const part of parts ?? [word]) {
      const partTerm = part === word ? term : termOf(part)!;
      if (seen.has(partTerm)) continue;
      seen.add(partTerm);
      const id = index.termId(partTerm);
      const title = TITLES.has(part) && capitalised(position) && position + 1 < tokens.length && capitalised(position + 1);
      terms.push({
        id,
        typed: part === word ? token.word : part,
        word: part,
        weight,
        position,
        head: part === typed.head || title,
        name: isName(position),
        pronoun: false,
        related: [...relatedTerms(part, id, part === word ? question.slice(token.start, token.end) : part, ctx), ...(named.get(position) ?? [])],
        vector: meaning && !isName(position) ? meaning.vectors.id(part) : -1,
      });
    }
  }
  addPronouns(tokens.map((t) => t.word), terms, ctx);
  // Read the form again after correction, so that "wher is the sumit" still asks for a place.
  const type = typed.type !== 'other' ? typed.type : readQuestion([...words].join(' ')).type;
  return { text: question, type, terms, words, corrections };
}

/** The shortest part of a word read as two ({@link compoundParts}). */
const COMPOUND_PART = 2;
/** Passages holding both parts looked through for them side by side (a pair in fewer is checked in full). */
const COMPOUND_PASSAGES = 200;

/**
 * A word that no article holds, read as two words that an article writes side by side (hyphenated
 * or spaced: "ceasefire" → "cease", "fire" for "cease-fire"; "seoyeon" → "seo", "yeon" for
 * "Seo-yeon"), or null. Both parts must be index terms (no stop words) and stand next to each other in
 * some passage, so that a word is never read as two unrelated ones ("carpet" is not "car pet" unless
 * an article writes "car pet"). The first such split from the left whose parts both are at least
 * {@link COMPOUND_PART} letters long.
 */
function compoundParts(word: string, index: SearchIndex, owner: string | null): [string, string] | null {
  if (word.length < 2 * COMPOUND_PART + 1 || /\d/.test(word)) return null;
  for (let i = COMPOUND_PART; i <= word.length - COMPOUND_PART; i++) {
    const a = word.slice(0, i);
    const b = word.slice(i);
    const ta = termOf(a);
    const tb = termOf(b);
    const ia = ta === null ? undefined : index.termId(ta);
    const ib = tb === null ? undefined : index.termId(tb);
    if (ia === undefined || ib === undefined || ia === ib) continue;
    if (sideBySide(ia, ib, index, owner)) return [a, b];
  }
  return null;
}

/**
 * Whether some passage that `owner` may see (a shared one, or one of its own) holds term `a` right
 * before term `b`, looking through at most {@link COMPOUND_PASSAGES} passages that hold both.
 */
function sideBySide(a: number, b: number, index: SearchIndex, owner: string | null): boolean {
  const pa = index.postingsOf(a).passages;
  const pb = index.postingsOf(b).passages;
  // Postings are in position order: walk both lists at once.
  let checked = 0;
  for (let i = 0, j = 0; i < pa.length && j < pb.length && checked < COMPOUND_PASSAGES;) {
    if (pa[i]! < pb[j]!) i++;
    else if (pa[i]! > pb[j]!) j++;
    else {
      const entry = index.passages[pa[i]!];
      i++;
      j++;
      if (!entry || (entry.owner !== null && entry.owner !== owner)) continue;
      checked++;
      const ids = entry.termIds;
      for (let k = 0; k + 1 < ids.length; k++) if (ids[k] === a && ids[k + 1] === b) return true;
    }
  }
  return false;
}

/** Whether a word is English (a WordNet lemma or one of its forms, or a stop word); unknown without the dictionary. */
function isWord(word: string, meaning: Meaning | null): boolean {
  return meaning !== null && meaning.wordnet.lemmasOf(word).length > 0;
}

/** Index terms related to a question word by meaning (WordNet) or as an acronym of the articles. */
function relatedTerms(word: string, id: number | undefined, raw: string, ctx: AnalyseContext): RelatedTerm[] {
  const out = new Map<number, number>();
  const add = (termId: number | undefined, strength: number) => {
    if (termId === undefined || termId === id) return;
    if ((out.get(termId) ?? 0) < strength) out.set(termId, strength);
  };
  const acronym = raw === raw.toUpperCase() && /\p{L}/u.test(raw);
  // "IMF" → the rarest word of "International Monetary Fund", as the article spelt it out.
  const expansion = ctx.index.acronym(word);
  if (expansion && (acronym || id === undefined)) {
    const rarest = [...expansion].sort((a, b) => ctx.index.idf(b) - ctx.index.idf(a))[0];
    add(rarest, RELATED_STRENGTH.acronym);
  }
  // "UN", "U.N." → the rarest word of "United Nations", as WordNet or the table of news acronyms spells it out.
  if (acronym) {
    const names = [...(ctx.meaning?.wordnet.phrases(word) ?? []), ...(NEWS_ACRONYMS[word] !== undefined ? [NEWS_ACRONYMS[word]] : [])];
    for (const name of names) {
      const ids = tokenize(name).flatMap((t) => (t.term === null ? [] : [ctx.index.termId(t.term)]));
      // Every word of the name in the articles, or it is not what they call it.
      if (ids.length === 0 || ids.some((x) => x === undefined)) continue;
      add((ids as number[]).sort((a, b) => ctx.index.idf(b) - ctx.index.idf(a))[0], RELATED_STRENGTH.acronym);
    }
  }
  if (ctx.meaning && !/\d/.test(word)) {
    for (const r of ctx.meaning.wordnet.related(word)) {
      if (r.term !== null) add(ctx.index.termId(r.term), RELATED_STRENGTH[r.relation]);
      // A name's adjective ("American", "French") is its country's: its synonyms too ("US", "U.S.").
      if (r.relation === 'derived' && /^\p{Lu}/u.test(raw)) {
        for (const s of ctx.meaning.wordnet.related(r.word)) if (s.relation === 'synonym' && s.term !== null) add(ctx.index.termId(s.term), RELATED_STRENGTH.derived);
      }
    }
  }
  return [...out.entries()].map(([termId, strength]) => ({ id: termId, strength }));
}

/** Words that may stand inside a name of several words: "Food and Drug Administration", "Bank of England". */
const NAME_JOINERS = new Set(['of', 'and', 'for', 'the', 'de']);
/** The most words a name of several words is looked up with (WordNet's longest names are longer, and rare). */
const LONGEST_NAME = 6;

/**
 * Names of several words typed in a question with capitals ("United Nations", "North Atlantic Treaty
 * Organization") whose acronym or other names WordNet or the table of news acronyms knows ("UN",
 * "NATO", "US" for "United States"): those index terms, as related terms of each word of the name
 * (by the word's position among the question's tokens).
 */
function phraseSynonyms(question: string, tokens: readonly { word: string; start: number }[], ctx: AnalyseContext): Map<number, RelatedTerm[]> {
  const out = new Map<number, RelatedTerm[]>();
  const capital = (i: number) => /^\p{Lu}/u.test(question[tokens[i]!.start] ?? '');
  for (let i = 0; i < tokens.length; i++) {
    if (!capital(i)) continue;
    // The longest name from here, first.
    for (let j = Math.min(tokens.length, i + LONGEST_NAME); j >= i + 2; j--) {
      if (!capital(j - 1) || tokens.slice(i, j).some((t, k) => !capital(i + k) && !NAME_JOINERS.has(t.word))) continue;
      const name = tokens.slice(i, j).map((t) => t.word).join(' ');
      const wordnet = ctx.meaning?.wordnet.has(name) ? ctx.meaning.wordnet : null;
      const others = [
        ...(wordnet?.related(name) ?? []).filter((r) => r.relation === 'synonym').map((r) => r.word),
        ...(ACRONYMS_OF.get(name) ?? []),
      ];
      const ids = new Set<number>();
      for (const other of others) {
        const term = isDotted(other) || !other.includes(' ') ? acronymTerm(other) : null;
        const id = term === null ? undefined : ctx.index.termId(term);
        if (id !== undefined) ids.add(id);
      }
      if (ids.size === 0) continue;
      for (let k = i; k < j; k++) out.set(k, [...ids].map((id) => ({ id, strength: RELATED_STRENGTH.acronym })));
      i = j - 1;
      break;
    }
  }
  return out;
}

const MALE_PRONOUNS = new Set(['he', 'him', 'his']);
const FEMALE_PRONOUNS = new Set(['she', 'her', 'hers']);
const PLURAL_PRONOUNS = new Set(['they', 'them', 'their']);

/** "he" in a question about one article: its most mentioned man (or person of unknown gender). */
function addPronouns(words: readonly string[], terms: QueryTerm[], ctx: AnalyseContext): void {
  if (!ctx.people || ctx.people.length === 0) return;
  const wanted = new Set<string>();
  for (const w of words) {
    const gender = MALE_PRONOUNS.has(w) ? 'male' : FEMALE_PRONOUNS.has(w) ? 'female' : PLURAL_PRONOUNS.has(w) ? 'any' : null;
    if (gender === null) continue;
    // The most mentioned person whose gender fits (or is unknown).
    const people = gender === 'any' ? ctx.people.slice(0, 2) : [ctx.people.find((p) => p.gender === gender || p.gender === null)].filter((p) => p !== undefined);
    for (const p of people) wanted.add(p.name.split(/\s+/).pop()!.toLowerCase());
  }
  for (const surname of wanted) {
    const term = termOf(surname);
    const id = term === null ? undefined : ctx.index.termId(term);
    if (id === undefined || terms.some((t) => t.id === id)) continue;
    terms.push({ id, typed: surname, word: surname, weight: ctx.options.pronounWeight, position: -1, head: false, name: true, pronoun: true, related: [], vector: -1 });
  }
}

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
interface Scoring {
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

/** Ranks passages for an analysed query, best first; at most `limit` results. */
export function rank(
  query: Query,
  index: SearchIndex,
  options: RankOptions,
  limit: number,
  scope: {
    meaning: Meaning | null;
    articleId?: string | undefined;
    /** The server asking: its own articles are candidates besides the shared ones; null or absent, the shared ones only. */
    owner?: string | null | undefined;
    weights?: Weights;
    /** Passages to leave out, as if they were not in the index (training: a question whose answer is gone). */
    exclude?: ((p: IndexedPassage) => boolean) | undefined;
  },
): { ranked: RankedPassage[]; stats: RankStats } {
  const known = query.terms.filter((t) => t.id !== undefined);
  const weights = scope.weights ?? DEFAULT_WEIGHTS;
  const scoring = prepare(query, index, options, scope.meaning, weights);
  const anything = known.length > 0 || query.terms.some((t) => t.related.length > 0 || t.vector >= 0);
  const noStats = { unknownShare: 1, terms: query.terms.length, scored: 0, runnerUp: null };
  if (!anything) return { ranked: [], stats: noStats };

  // BM25 over the question's terms and, at a lower weight, the terms related to them. Scores go into
  // an array by passage (a map costs more than the ranking itself on long questions).
  const { scores: bm25, touched } = scratch(index);
  let count = 0;
  const lengths = index.lengths;
  let pool: number[] = [];
  let relative: number[] = [];
  try {
    const accumulate = (termId: number, weight: number) => {
      const idf = index.idf(termId) * weight;
      // Nothing to add (and a passage left at zero must not be listed twice).
      if (!(idf > 0)) return;
      const { passages, counts } = index.postingsOf(termId);
      const norm = options.k1 * (1 - options.b);
      const slope = (options.k1 * options.b) / index.averageLength;
      for (let i = 0; i < passages.length; i++) {
        const p = passages[i]!;
        const tf = counts[i]!;
        if (bm25[p] === 0) touched[count++] = p;
        bm25[p] += (idf * tf * (options.k1 + 1)) / (tf + norm + slope * lengths[p]!);
      }
    };
    for (const t of known) accumulate(t.id!, t.weight);
    for (const t of query.terms) for (const r of retrievalTerms(t, index, options)) accumulate(r.id, t.weight * r.strength * options.relatedRetrieval);

    const inArticle = scope.articleId === undefined ? undefined : index.byArticle.get(scope.articleId);
    if (scope.articleId !== undefined && !inArticle) return { ranked: [], stats: noStats };
    const k = Math.max(inArticle ? options.articlePassages : options.candidates, limit);
    if (inArticle && inArticle.length <= options.articlePassages) {
      // One article: every passage is a candidate, so that a paraphrase with no word in common can still win.
      pool = [...inArticle];
      if (scope.exclude) pool = pool.filter((p) => !scope.exclude!(index.passages[p]!));
      pool = best(pool, pool.length, bm25, k);
    } else {
      const owner = scope.owner ?? null;
      const allowed = inArticle ? new Set(inArticle) : null;
      // Another server's articles are never candidates (they still count in IDF, which shows nothing of
      // them). Checked only for passages good enough to enter the best k: a common word touches many.
      pool = best(touched, count, bm25, k, (p) => {
        const entry = index.passages[p]!;
        return (entry.owner === null || entry.owner === owner) && (allowed === null || allowed.has(p)) && !scope.exclude?.(entry);
      });
    }
    const maxBm25 = Math.max(1e-9, pool.length > 0 ? bm25[pool[0]!]! : 0);
    relative = pool.map((p) => bm25[p]! / maxBm25);
  } finally {
    // The scratch array goes back to all zeros for the next question.
    for (let i = 0; i < count; i++) bm25[touched[i]!] = 0;
  }
  localWeights(new Set(pool.map((p) => index.passages[p]!.article.id)), scoring);

  const scored = pool.map((p, rankPosition) => scorePassage(index.passages[p]!, relative[rankPosition]!, rankPosition, scoring));
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
    stats: { unknownShare: scoring.required === 0 ? 0 : unknown / scoring.required, terms: query.terms.length, scored: scored.length, runnerUp: ranked[1]?.score ?? null },
  };
}

/** Each index's BM25 array by passage, reused from question to question and all zeros between them:
 *  a fresh one a question (over a hundred thousand passages) cost more than the ranking. */
const SCRATCH = new WeakMap<SearchIndex, { scores: Float64Array; touched: Int32Array }>();

/** The index's BM25 array and a list of the passages a question touched, each as long as the passages. */
function scratch(index: SearchIndex): { scores: Float64Array; touched: Int32Array } {
  let found = SCRATCH.get(index);
  if (!found || found.scores.length < index.passages.length) {
    const size = Math.max(1024, 2 * index.passages.length);
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

function prepare(query: Query, index: SearchIndex, options: RankOptions, meaning: Meaning | null, model: Weights): Scoring {
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
function localWeights(articles: ReadonlySet<string>, s: Scoring): void {
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
    const ceiling = Math.log(1 + (passages + 0.5) / 0.5);
    const local = new Float32Array(n);
    for (let q = 0; q < n; q++) local[q] = s.termWeights[q]! * (Math.log(1 + (passages - counts[q]! + 0.5) / (counts[q]! + 0.5)) / ceiling);
    s.local.set(article, local);
  }
}

/** The index of the first value at least `x` in an ascending list (its length when there is none). */
function firstAtLeast(sorted: readonly number[], x: number): number {
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
 * Which sentences of a passage are scored in full: all of them, up to {@link RANK_DEFAULTS.maxSentences};
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

function scorePassage(entry: IndexedPassage, bm25: number, rankPosition: number, s: Scoring) {
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
    bm25,
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
    const other = s.index.passages[k];
    if (!other || other.article !== entry.article || other.passage.kind !== entry.passage.kind) continue;
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
function matchedWords(entry: IndexedPassage, s: Scoring): string[] {
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
    lexical += (w * n * (options.k1 + 1)) / (n + options.k1 * (1 - options.sentenceB + (options.sentenceB * length) / s.index.averageSentenceLength));
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
