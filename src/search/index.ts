import { createHash } from 'node:crypto';
import type { Article, Passage } from '../model/article.js';
import type { WordVectors } from '../meaning/vectors.js';
import { markTokens } from '../nlp/answer-types.js';
import { bm25Idf } from './bm25.js';
import { tokenize, type Token } from './tokenize.js';

/** A passage as the index holds it: its article, its words and terms, and where each sentence's lie. */
export interface IndexedPassage {
  readonly article: Article;
  /** Who may see it: null for a shared article (the knowledge folder), else the owning server's id. */
  readonly owner: string | null;
  readonly passage: Passage;
  /** Position among all passages of the index. */
  readonly index: number;
  /** The article's distinct words (lower-cased, accent-folded); {@link words} indexes into it. */
  readonly vocab: readonly string[];
  /** The word of each token of the passage, as a position in {@link vocab}. */
  readonly words: Int32Array;
  /** Term id at each token position, -1 for stop words. */
  readonly termIds: Int32Array;
  /** What each token may be as an answer (a place, a date…): see nlp/answer-types.ts. */
  readonly marks: Uint16Array;
  /** Number of index terms (non-stop tokens) in the passage, its BM25 length. */
  readonly length: number;
  /** For sentence i, the token range [from, to). */
  readonly sentenceTokens: readonly (readonly [number, number])[];
  /** For sentence i, the length of the sum of its words' vectors, each weighted by how rare the word
   *  is (see WordVectors.weight): with the question's vector, the cosine of their meanings. 0 without vectors. */
  readonly sentenceNorms: Float32Array;
  /** Ids of the article title's terms (those that occur in some passage). */
  readonly titleTerms: ReadonlySet<number>;
}

/**
 * The version of what {@link SearchIndex.prepare} makes of an article. Bump it when tokenizing,
 * marking, acronyms or sentence vectors change, so that prepared articles kept in the state are made again.
 * 2: invisible characters and combining marks inside a word no longer split it (tokenize.ts).
 * 3: dotted acronyms are one word, "US" in capitals is a term, letters NFKD keeps (ı, ł, ø, ß) are
 *    folded, Chinese and Japanese are segmented into words (tokenize.ts).
 */
export const INDEX_VERSION = 3;

/**
 * What indexing makes of one article on its own, before it joins an index: its words and terms,
 * each token's word and answer marks, sentence spans and vector lengths, acronyms. Plain data and
 * typed arrays (the state keeps it, see state/prepared.ts), so that a restart joins articles to the
 * index without tokenizing, stemming and marking them again. Passages are paragraphs then captions.
 */
export interface PreparedArticle {
  readonly version: number;
  /** Distinct surface words, in order of first appearance; a word twice when it has two terms ("us", a stop word; "US", the country). */
  readonly words: readonly string[];
  /** Each word's index term, null for a stop word. */
  readonly terms: readonly (string | null)[];
  /** Every token's word (a position in `words`), passage after passage. */
  readonly tokens: Int32Array;
  /** Where each passage's tokens end in `tokens`. */
  readonly passageEnds: Uint32Array;
  /** Each token's answer marks. */
  readonly marks: Uint16Array;
  /** Each sentence's token range [from, to) within its passage, as pairs, passage after passage. */
  readonly sentences: Uint32Array;
  /** Where each passage's sentences end, in pairs. */
  readonly sentenceEnds: Uint32Array;
  /** Each sentence's vector length (see {@link IndexedPassage.sentenceNorms}). */
  readonly norms: Float32Array;
  /** Acronyms of names in the article: the acronym, its name's words (positions in `words`), written out with it in brackets. */
  readonly acronyms: readonly (readonly [acronym: string, words: readonly number[], explicit: boolean])[];
}

/**
 * A whole joined index as plain data and typed arrays ({@link SearchIndex.snapshot}), so that a restart
 * takes it back in one read instead of joining every article again ({@link SearchIndex.restore}). Each
 * article's prepared data lies end to end in shared typed arrays; `*Starts` give where each article's
 * part begins (one more entry than articles). Strings are kept once, in `strings`, and referred to by
 * position. Written and read by store/snapshot.ts.
 */
export interface IndexSnapshot {
  readonly version: number;
  /** The word vectors' dimensions, 0 without them: an index made with vectors is not taken back without. */
  readonly dimensions: number;
  /** Passage positions used so far, removed articles' empty slots included. */
  readonly slots: number;
  readonly totalLength: number;
  readonly sentenceCount: number;
  /** Every surface word once. */
  readonly strings: readonly string[];
  /** Each term id's term. */
  readonly termList: readonly string[];
  readonly termVectors: Int32Array;
  /** Articles in the order they were joined: id, owner, first position, acronyms, title terms. */
  readonly articles: readonly { readonly id: string; readonly owner: string | null; readonly base: number; readonly acronyms: PreparedArticle['acronyms']; readonly titleTerms: Int32Array }[];
  /** Each article's words as positions in `strings`, and each word's term id (-1: a stop word). */
  readonly words: Int32Array;
  readonly wordTerms: Int32Array;
  readonly wordStarts: Uint32Array;
  readonly tokens: Int32Array;
  readonly marks: Uint16Array;
  readonly tokenStarts: Uint32Array;
  readonly passageEnds: Uint32Array;
  readonly sentenceEnds: Uint32Array;
  readonly passageStarts: Uint32Array;
  readonly sentences: Uint32Array;
  readonly norms: Float32Array;
  readonly sentenceStarts: Uint32Array;
  /** Postings of term id t: `postStarts[t]` to `postStarts[t + 1]` in `postPassages` and `postCounts`. */
  readonly postStarts: Uint32Array;
  readonly postPassages: Int32Array;
  readonly postCounts: Int32Array;
  /** The vocabulary's counts: words as positions in `strings`, overall, of shared articles, and of each owner's. */
  readonly vocabulary: { readonly words: Int32Array; readonly counts: Float64Array };
  readonly shared: { readonly words: Int32Array; readonly counts: Float64Array };
  readonly owned: readonly { readonly owner: string; readonly words: Int32Array; readonly counts: Float64Array }[];
  readonly acronymSources: readonly (readonly [string, readonly AcronymSource[]])[];
}

/**
 * A term's postings: the positions of the passages that hold it, in increasing order, and how often
 * each does. Arrays; or, after {@link SearchIndex.restore}, views of the snapshot's typed arrays until
 * the term's postings first change (no copy of millions of numbers at start).
 */
export interface Postings {
  readonly passages: readonly number[] | Int32Array;
  readonly counts: readonly number[] | Int32Array;
}

/** A term's postings as the index keeps them (see {@link Postings}); {@link editable} before changing them. */
interface PostingList {
  passages: number[] | Int32Array;
  counts: number[] | Int32Array;
}

/** The arrays of a posting list, copied out of a snapshot's typed arrays the first time they change. */
function editable(list: PostingList): { passages: number[]; counts: number[] } {
  if (!Array.isArray(list.passages)) list.passages = Array.from(list.passages);
  if (!Array.isArray(list.counts)) list.counts = Array.from(list.counts);
  return list as { passages: number[]; counts: number[] };
}

/** Tuning for {@link SearchIndex.snapshotSlices}. */
export const SNAPSHOT_DEFAULTS = Object.freeze({
  /** About how long (ms) one slice of taking a snapshot may hold the event loop before it yields.
   *  Smaller: shorter blocks, more turns (each a few microseconds). 1-100. */
  sliceMs: 8,
});

/** Words that may stand inside a name without a capital: "Bank of England", "Centers for Disease Control and Prevention". */
const NAME_JOINERS = new Set(['of', 'for', 'and', 'the', 'de', 'on']);

/** Words that entered or left the vocabulary when an article was added or removed. */
export interface VocabularyChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** An article being joined to an index (see {@link SearchIndex.joining}). */
export interface Joining {
  /** Passages to build. */
  readonly passages: number;
  /** Builds up to `most` more passages; true when all are built. Changes nothing queries see. */
  build(most: number): boolean;
  /** Publishes the article (building what is left first); returns the words it brought. Once only. */
  commit(): VocabularyChange;
}

/** An article as the index holds it, by any of its positions ({@link SearchIndex.articleAt}). */
export interface HeldArticle {
  readonly article: Article;
  /** Who may see it: null for a shared article, else the owning server's id. */
  readonly owner: string | null;
  /** Its first position: its paragraphs then its captions lie at `base`, `base + 1`… */
  readonly base: number;
  /** Ids of its title's terms (those that occur in some passage). */
  readonly titleTerms: ReadonlySet<number>;
}

/** An article in the index: where it lies, what was prepared of it, and its passages once built. */
interface Held extends HeldArticle {
  /** What was prepared of it; after a restore, made from the snapshot when first needed. */
  prepared: PreparedArticle | (() => PreparedArticle);
  /** Each of its words' term id (-1: a stop word). */
  readonly termOfWord: Int32Array;
  /** Its passages, by position less `base`, each built the first time it is read. */
  readonly built: (IndexedPassage | undefined)[];
  /** Every token's term id, passage after passage (each built passage's `termIds` is a view of it); made with the first. */
  termIds: Int32Array | undefined;
}

/** What was prepared of a held article, made now if it was restored and not yet needed. */
function preparedOf(held: Held): PreparedArticle {
  if (typeof held.prepared === 'function') held.prepared = held.prepared();
  return held.prepared;
}

/** An acronym found in one article, with the terms of the name it stands for. */
interface AcronymSource {
  readonly article: string;
  readonly ids: readonly number[];
  /** Written out with the acronym in brackets after the name: "International Monetary Fund (IMF)". */
  readonly explicit: boolean;
}

/**
 * An inverted index over every paragraph and caption of a set of articles, keeping term
 * positions and sentence boundaries so that the ranker can score sentences and phrases, not just
 * bags of words. Articles are added and removed one at a time, touching only their own passages'
 * postings; queries never scan all passages.
 *
 * Passage positions are never reused: a removed article leaves empty slots, so that a position held
 * by a caller (a cache, a ranking in progress) never silently means another passage.
 *
 * Written here rather than taken from MiniSearch (which `npm run eval` runs as a baseline) because
 * ranking needs per-passage positions and sentence spans, which MiniSearch does not expose.
 */
export class SearchIndex {
  /** The article at each position (its passages lie side by side); removed articles leave undefined slots. */
  private readonly held: (Held | undefined)[] = [];
  /** Article id → the article as held. */
  private readonly heldById = new Map<string, Held>();
  /** Term → id. Ids are kept when the last passage holding a term goes ({@link termId} then says undefined). */
  readonly terms = new Map<string, number>();
  /** Surface word → how many times it occurs; the vocabulary that typo correction searches. */
  readonly words = new Map<string, number>();
  /** Term id → the word-vector id of its first surface form (-1 when it has none). */
  readonly termVectors: number[] = [];
  /** Each passage's BM25 length by position (0 once removed): read for every posting of a question's terms. */
  readonly lengths: number[] = [];
  /** Article id → its passages' positions, for questions asked of one article. */
  readonly byArticle = new Map<string, number[]>();
  /** Owner (a server's id) → its articles' surface words and counts; shared articles count in {@link words} only. */
  private readonly ownedWords = new Map<string, Map<string, number>>();
  private readonly sharedWords = new Map<string, number>();
  private readonly acronymSources = new Map<string, AcronymSource[]>();
  private readonly postings: PostingList[] = [];
  /** Each spelling met, folded and stemmed once (tokenize's memory for this index). */
  private readonly spellings = new Map<string, readonly [string, string | null]>();
  private totalLength = 0;
  private sentenceCount = 0;
  private live = 0;

  /** With `vectors`, each term gets its word's vector (see meaning/vectors.ts); without, none has one. */
  constructor(articles: readonly Article[] = [], private readonly vectors: WordVectors | null = null) {
    for (const article of articles) this.add(article, null);
  }

  /** Number of passages held. */
  get size(): number {
    return this.live;
  }

  /** Mean sentence length in terms. */
  get averageSentenceLength(): number {
    return this.sentenceCount === 0 ? 1 : this.totalLength / this.sentenceCount;
  }

  /**
   * Mean article length in terms (every passage of an article; 0 when the index is empty): the
   * article-level BM25 of search/articles.ts normalises by it. Derived from the running totals, so
   * it is never stale after an article is replaced.
   */
  get averageArticleLength(): number {
    return this.totalLength / Math.max(1, this.byArticle.size);
  }

  /** Mean passage length in terms; BM25's length normalisation divides by it. */
  get averageLength(): number {
    return this.live === 0 ? 1 : this.totalLength / this.live;
  }

  /** Inverse document frequency (BM25's, floored at a small positive value), 0 for unknown terms. */
  idf(termId: number): number {
    const df = this.postings[termId]?.passages.length ?? 0;
    if (df === 0) return 0;
    const n = this.live;
    return Math.max(0.05, bm25Idf(n, df));
  }

  /** The IDF of a term no passage holds: the most a word can weigh. */
  get maxIdf(): number {
    return bm25Idf(this.live, 0);
  }

  /** The id of a term, or undefined when no passage contains it. */
  termId(term: string): number | undefined {
    const id = this.terms.get(term);
    return id !== undefined && this.postings[id]!.passages.length > 0 ? id : undefined;
  }

  /** Passages containing a term, with its count in each (positions in increasing order). */
  postingsOf(termId: number): Postings {
    return this.postings[termId] ?? { passages: [], counts: [] };
  }

  /**
   * The terms of the name an acronym stands for ("imf" → international, monetary, fund), from the
   * articles themselves: the latest name written out with the acronym in brackets, else the first seen.
   */
  acronym(word: string): readonly number[] | undefined {
    const sources = this.acronymSources.get(word);
    if (!sources || sources.length === 0) return undefined;
    return (sources.findLast((a) => a.explicit) ?? sources[0]!).ids;
  }

  /** Whether a surface word occurs in an article that `owner` may see (a shared one, or one of its own). */
  hasWord(word: string, owner: string | null): boolean {
    return this.sharedWords.has(word) || (owner !== null && (this.ownedWords.get(owner)?.has(word) ?? false));
  }

  /** Whether the index holds an article. */
  has(articleId: string): boolean {
    return this.byArticle.has(articleId);
  }

  /** Passage positions used so far, removed articles' empty slots included (every position is below it). */
  get slots(): number {
    return this.held.length;
  }

  /**
   * The passage at a position, undefined for an empty slot. A passage is built the first time it is
   * read (its terms by token and its sentence spans, from what was prepared of its article: about a
   * microsecond), so that neither a start from a snapshot nor joining 100,000 passages makes objects
   * for passages no question reads.
   */
  passage(position: number): IndexedPassage | undefined {
    const held = this.held[position];
    if (!held) return undefined;
    const k = position - held.base;
    return (held.built[k] ??= this.build(held, k));
  }

  /** How many passages are built (see {@link passage}): those read since they were joined or restored. */
  get passagesBuilt(): number {
    let n = 0;
    for (const held of this.heldById.values()) for (const entry of held.built) if (entry) n++;
    return n;
  }

  /** The article whose passage lies at a position (its owner, first position and title terms), undefined
   *  for an empty slot; builds nothing, for loops over postings that only ask whose a passage is. */
  articleAt(position: number): HeldArticle | undefined {
    return this.held[position];
  }

  /**
   * Adds an article's paragraphs and captions (an article of the same id must have been removed
   * first). `owner` is null for a shared article, else the id of the server it belongs to.
   * `prepared` is what {@link prepare} made of this very text (kept from an earlier run); without it,
   * the article is prepared now.
   */
  add(article: Article, owner: string | null, prepared: PreparedArticle = this.prepare(article)): VocabularyChange {
    const join = this.joining(article, owner, prepared);
    join.build(Infinity);
    return join.commit();
  }

  /**
   * Starts joining an article to the index, for {@link add} or in slices: `build` does the costly
   * part (each passage's terms, counts and sentences; a few microseconds a passage) a number of
   * passages at a time without changing what queries see, and `commit` then publishes the article at
   * once (its positions, postings, vocabulary and statistics). A 40,000-paragraph upload is built
   * between questions and committed in a few milliseconds, inside the transaction that stores it.
   * Throws when `prepared` does not fit the article; `commit` throws when an article of its id is
   * indexed by then (remove it first).
   */
  joining(article: Article, owner: string | null, prepared: PreparedArticle): Joining {
    const passages = [...article.paragraphs, ...article.captions];
    if (!fits(prepared, passages.length)) throw new Error(`index: article ${article.id} was prepared by another version or from another text`);
    const { words, terms, tokens } = prepared;
    // Each word's term id: the vocabulary maps are touched once per distinct word. A new term gets an
    // id (and an empty postings list, which no query sees) now; its counts come at commit.
    const termOfWord = new Int32Array(words.length).fill(-1);
    // The article's distinct terms numbered 0, 1, 2…: a passage counts its terms in an array by that number.
    const slotOfWord = new Int32Array(words.length).fill(-1);
    const slots = new Map<number, number>();
    const slotTerms: number[] = [];
    words.forEach((word, w) => {
      const term = terms[w];
      if (term === null || term === undefined) return;
      let id = this.terms.get(term);
      if (id === undefined) {
        id = this.postings.length;
        this.terms.set(term, id);
        this.postings.push({ passages: [], counts: [] });
        this.termVectors.push(this.vectors?.id(word) ?? -1);
      } else if (this.termVectors[id] === -1) {
        this.termVectors[id] = this.vectors?.id(word) ?? -1;
      }
      termOfWord[w] = id;
      let slot = slots.get(id);
      if (slot === undefined) {
        slot = slotTerms.length;
        slots.set(id, slot);
        slotTerms.push(id);
      }
      slotOfWord[w] = slot;
    });
    const titleTerms = new Set<number>();
    // Each term's passages (by number within the article) and counts, appended to the postings at commit.
    const slotPassages: number[][] = slotTerms.map(() => []);
    const slotCounts: number[][] = slotTerms.map(() => []);
    // Each passage's BM25 length (its index terms); the passages themselves are built when first read (see passage()).
    const lengths: number[] = [];
    // Counts of a passage's terms, by the article's term number; `touched` lists the numbers to read and clear.
    const counts = new Int32Array(slotTerms.length);
    const touched: number[] = [];
    let tokenStart = 0;
    const build = (most: number): boolean => {
      for (let n = 0; n < most && lengths.length < passages.length; n++) {
        const k = lengths.length;
        const tokenEnd = prepared.passageEnds[k]!;
        let length = 0;
        for (let i = tokenStart; i < tokenEnd; i++) {
          const w = tokens[i]!;
          if (termOfWord[w]! < 0) continue;
          length++;
          const slot = slotOfWord[w]!;
          if (counts[slot]++ === 0) touched.push(slot);
        }
        // In order of first appearance, as before: postings are appended, so order does not matter to them.
        for (const slot of touched) {
          slotPassages[slot]!.push(k);
          slotCounts[slot]!.push(counts[slot]!);
          counts[slot] = 0;
        }
        touched.length = 0;
        lengths.push(length);
        tokenStart = tokenEnd;
      }
      return lengths.length === passages.length;
    };
    let committed = false;
    const commit = (): VocabularyChange => {
      if (committed) throw new Error(`index: article ${article.id} was committed twice`);
      if (!build(Infinity)) throw new Error(`index: article ${article.id} is not built`);
      if (this.byArticle.has(article.id)) throw new Error(`index: article ${article.id} is already indexed`);
      committed = true;
      // The vocabulary: surface words and their counts, for typo correction, overall and by owner.
      const seen = new Int32Array(words.length);
      for (let i = 0; i < tokens.length; i++) seen[tokens[i]!]!++;
      const ownerWords = owner === null ? this.sharedWords : this.ownedWords.get(owner) ?? new Map<string, number>();
      if (owner !== null) this.ownedWords.set(owner, ownerWords);
      const added: string[] = [];
      words.forEach((word, w) => {
        const n = seen[w]!;
        if (n === 0) return;
        const before = this.words.get(word) ?? 0;
        if (before === 0) added.push(word);
        this.words.set(word, before + n);
        ownerWords.set(word, (ownerWords.get(word) ?? 0) + n);
      });
      // Positions now, in one run: an article's passages are consecutive and postings stay in position order.
      const base = this.held.length;
      const held: Held = { article, owner, base, titleTerms, prepared, termOfWord, built: [], termIds: undefined };
      const positions: number[] = [];
      for (let k = 0; k < lengths.length; k++) {
        this.held.push(held);
        this.lengths.push(lengths[k]!);
        positions.push(base + k);
        this.totalLength += lengths[k]!;
        this.sentenceCount += Math.max(1, prepared.sentenceEnds[k]! - (k === 0 ? 0 : prepared.sentenceEnds[k - 1]!));
        this.live++;
      }
      for (let slot = 0; slot < slotTerms.length; slot++) {
        const list = editable(this.postings[slotTerms[slot]!]!);
        const ks = slotPassages[slot]!;
        const cs = slotCounts[slot]!;
        for (let j = 0; j < ks.length; j++) {
          list.passages.push(base + ks[j]!);
          list.counts.push(cs[j]!);
        }
      }
      this.byArticle.set(article.id, positions);
      this.heldById.set(article.id, held);
      for (const [acronym, name, explicit] of prepared.acronyms) {
        const sources = this.acronymSources.get(acronym) ?? [];
        sources.push({ article: article.id, ids: name.map((w) => termOfWord[w]!).filter((id) => id >= 0), explicit });
        this.acronymSources.set(acronym, sources);
      }
      for (const token of tokenize(article.title, this.spellings)) {
        const id = token.term === null ? undefined : this.termId(token.term);
        if (id !== undefined) titleTerms.add(id);
      }
      return { added, removed: [] };
    };
    return { passages: passages.length, build, commit };
  }

  /** Removes an article's passages; false when it was not indexed. */
  remove(articleId: string): VocabularyChange | false {
    const positions = this.byArticle.get(articleId);
    const held = this.heldById.get(articleId);
    if (!positions || !held) return false;
    const prepared = preparedOf(held);
    const removed: string[] = [];
    const { owner } = held;
    const counts = owner === null ? this.sharedWords : this.ownedWords.get(owner)!;
    const seen = new Int32Array(prepared.words.length);
    for (let i = 0; i < prepared.tokens.length; i++) seen[prepared.tokens[i]!]!++;
    prepared.words.forEach((word, w) => {
      const n = seen[w]!;
      if (n === 0) return;
      decrement(counts, word, n);
      if (decrement(this.words, word, n)) removed.push(word);
    });
    if (owner !== null && counts.size === 0) this.ownedWords.delete(owner);
    for (const p of positions) {
      const entry = this.passage(p)!;
      for (const id of new Set(entry.termIds)) {
        if (id < 0) continue;
        const list = editable(this.postings[id]!);
        const at = list.passages.indexOf(p);
        list.passages.splice(at, 1);
        list.counts.splice(at, 1);
      }
      this.totalLength -= entry.length;
      this.sentenceCount -= Math.max(1, entry.sentenceTokens.length);
      this.held[p] = undefined;
      this.lengths[p] = 0;
      this.live--;
    }
    if (this.live === 0) {
      // Sums of floats drift; with nothing left, start again from exact zeros.
      this.totalLength = 0;
      this.sentenceCount = 0;
    }
    for (const [acronym, sources] of this.acronymSources) {
      const kept = sources.filter((a) => a.article !== articleId);
      if (kept.length === 0) this.acronymSources.delete(acronym);
      else if (kept.length !== sources.length) this.acronymSources.set(acronym, kept);
    }
    this.byArticle.delete(articleId);
    this.heldById.delete(articleId);
    return { added: [], removed };
  }

  /**
   * The whole index as data ({@link IndexSnapshot}): copies of what is held. Tens of milliseconds per
   * 10,000 passages; the caller serialises it. {@link snapshotSlices} makes the same a slice at a time.
   */
  snapshot(): IndexSnapshot {
    const slices = this.snapshotSlices();
    for (;;) {
      const step = slices.next();
      if (step.done) return step.value;
    }
  }

  /**
   * {@link snapshot} made a slice at a time: it yields once about `sliceMs` of work is done (checked
   * after each article, each 100 terms and each 1,000 words), so that a caller can let the event loop
   * run in between. By time, not by count: the first slices run before the code is optimised, several
   * times slower than the rest (a slice of 50 articles took 100-300 ms of CPU at the start, 10 later). The index must not change
   * before it returns (the store checks its generation and starts again if it did).
   */
  *snapshotSlices(sliceMs: number = SNAPSHOT_DEFAULTS.sliceMs): Generator<void, IndexSnapshot> {
    let since = performance.now();
    /** Whether a slice's time is up (the caller yields, and the next slice starts). */
    const due = () => {
      const now = performance.now();
      if (now - since < sliceMs) return false;
      since = now;
      return true;
    };
    const strings: string[] = [];
    const stringIds = new Map<string, number>();
    const stringId = (word: string) => {
      let id = stringIds.get(word);
      if (id === undefined) {
        id = strings.length;
        stringIds.set(word, id);
        strings.push(word);
      }
      return id;
    };
    const termList: string[] = [];
    for (const [term, id] of this.terms) termList[id] = term;
    const ids = [...this.byArticle.keys()];
    const n = ids.length;
    const starts = { word: new Uint32Array(n + 1), token: new Uint32Array(n + 1), passage: new Uint32Array(n + 1), sentence: new Uint32Array(n + 1) };
    ids.forEach((id, a) => {
      const p = preparedOf(this.heldById.get(id)!);
      starts.word[a + 1] = starts.word[a]! + p.words.length;
      starts.token[a + 1] = starts.token[a]! + p.tokens.length;
      starts.passage[a + 1] = starts.passage[a]! + p.passageEnds.length;
      starts.sentence[a + 1] = starts.sentence[a]! + p.norms.length;
    });
    yield;
    const words = new Int32Array(starts.word[n]!);
    const wordTerms = new Int32Array(starts.word[n]!);
    const tokens = new Int32Array(starts.token[n]!);
    const marks = new Uint16Array(starts.token[n]!);
    const passageEnds = new Uint32Array(starts.passage[n]!);
    const sentenceEnds = new Uint32Array(starts.passage[n]!);
    const sentences = new Uint32Array(2 * starts.sentence[n]!);
    const norms = new Float32Array(starts.sentence[n]!);
    const articles: IndexSnapshot['articles'][number][] = [];
    for (let a = 0; a < n; a++) {
      if (due()) yield;
      const id = ids[a]!;
      const held = this.heldById.get(id)!;
      const p = preparedOf(held);
      p.words.forEach((word, w) => {
        words[starts.word[a]! + w] = stringId(word);
        const term = p.terms[w];
        wordTerms[starts.word[a]! + w] = term === null || term === undefined ? -1 : this.terms.get(term)!;
      });
      tokens.set(p.tokens, starts.token[a]!);
      marks.set(p.marks, starts.token[a]!);
      passageEnds.set(p.passageEnds, starts.passage[a]!);
      sentenceEnds.set(p.sentenceEnds, starts.passage[a]!);
      sentences.set(p.sentences, 2 * starts.sentence[a]!);
      norms.set(p.norms, starts.sentence[a]!);
      articles.push({ id, owner: held.owner, base: held.base, acronyms: p.acronyms, titleTerms: Int32Array.from(held.titleTerms) });
    }
    yield;
    const postStarts = new Uint32Array(this.postings.length + 1);
    this.postings.forEach((list, t) => (postStarts[t + 1] = postStarts[t]! + list.passages.length));
    const postPassages = new Int32Array(postStarts[this.postings.length]!);
    const postCounts = new Int32Array(postStarts[this.postings.length]!);
    for (let t = 0; t < this.postings.length; t++) {
      if (t % 100 === 0 && due()) yield;
      const list = this.postings[t];
      if (!list) continue;
      postPassages.set(list.passages, postStarts[t]!);
      postCounts.set(list.counts, postStarts[t]!);
    }
    yield;
    // The vocabularies' counts, a slice at a time (the overall one holds hundreds of thousands of words).
    function* counted(counts: ReadonlyMap<string, number>): Generator<void, { words: Int32Array; counts: Float64Array }> {
      const out = { words: new Int32Array(counts.size), counts: new Float64Array(counts.size) };
      let i = 0;
      for (const [word, count] of counts) {
        if (i % 1000 === 0 && due()) yield;
        out.words[i] = stringId(word);
        out.counts[i++] = count;
      }
      return out;
    }
    const vocabulary = yield* counted(this.words);
    const shared = yield* counted(this.sharedWords);
    const owned: { owner: string; words: Int32Array; counts: Float64Array }[] = [];
    for (const [owner, counts] of this.ownedWords) owned.push({ owner, ...(yield* counted(counts)) });
    return {
      version: INDEX_VERSION, dimensions: this.vectors ? this.vectors.dimensions : 0,
      slots: this.held.length, totalLength: this.totalLength, sentenceCount: this.sentenceCount,
      strings, termList, termVectors: new Int32Array(this.termVectors), articles,
      words, wordTerms, wordStarts: starts.word, tokens, marks, tokenStarts: starts.token,
      passageEnds, sentenceEnds, passageStarts: starts.passage, sentences, norms, sentenceStarts: starts.sentence,
      postStarts, postPassages, postCounts,
      vocabulary, shared, owned,
      acronymSources: [...this.acronymSources],
    };
  }

  /**
   * Takes back a whole index written by {@link snapshot}, into this empty one: what joining every
   * article again would make, in a fraction of the time (no vocabulary map is touched per article).
   * `articles` gives each article of the snapshot by id (its passages must be those it was indexed
   * from). Everything is checked and built aside first: on any mismatch (another version, other
   * vectors, an article missing or of another length, damaged data) it throws and the index is left
   * as it was, empty.
   */
  restore(data: IndexSnapshot, articles: ReadonlyMap<string, Article>): void {
    const fail = (why: string): never => {
      throw new Error(`index: snapshot not usable: ${why}`);
    };
    if (this.held.length > 0 || this.byArticle.size > 0) fail('the index is not empty');
    if (data.version !== INDEX_VERSION) fail('another index version');
    if (data.dimensions !== (this.vectors ? this.vectors.dimensions : 0)) fail('made with other word vectors');
    const nTerms = data.termList.length;
    const n = data.articles.length;
    const within = (xs: ArrayLike<number>, from: number, to: number) => {
      for (let i = 0; i < xs.length; i++) if (!(xs[i]! >= from && xs[i]! < to)) return false;
      return true;
    };
    const ends = (xs: Uint32Array, last: number) => xs.length === n + 1 && xs[0] === 0 && xs[n] === last && xs.every((x, i) => i === 0 || x >= xs[i - 1]!);
    if (!ends(data.wordStarts, data.words.length) || data.wordTerms.length !== data.words.length) fail('word lists do not fit');
    if (!ends(data.tokenStarts, data.tokens.length) || data.marks.length !== data.tokens.length) fail('token lists do not fit');
    if (!ends(data.passageStarts, data.passageEnds.length) || data.sentenceEnds.length !== data.passageEnds.length) fail('passage lists do not fit');
    if (!ends(data.sentenceStarts, data.norms.length) || data.sentences.length !== 2 * data.norms.length) fail('sentence lists do not fit');
    if (data.postStarts.length !== nTerms + 1 || data.postStarts[nTerms] !== data.postPassages.length || data.postCounts.length !== data.postPassages.length) fail('postings do not fit');
    if (data.termVectors.length !== nTerms || !within(data.words, 0, data.strings.length) || !within(data.wordTerms, -1, nTerms)) fail('damaged word lists');
    if (!within(data.postPassages, 0, data.slots)) fail('damaged postings');
    for (const counts of [data.vocabulary, data.shared, ...data.owned]) if (counts.counts.length !== counts.words.length || !within(counts.words, 0, data.strings.length)) fail('damaged vocabulary');
    // Each article's place and lengths, checked as joining checks its prepared data; its words, terms
    // and passages are made from the snapshot's arrays when first needed (see passage()).
    const held: (Held | undefined)[] = new Array<Held | undefined>(data.slots);
    const lengths = new Array<number>(data.slots).fill(0);
    const byArticle = new Map<string, number[]>();
    const heldById = new Map<string, Held>();
    let live = 0;
    for (let a = 0; a < n; a++) {
      const { id, owner, base, acronyms, titleTerms: title } = data.articles[a]!;
      const article = articles.get(id) ?? fail(`article ${id} is not at hand`);
      if (heldById.has(id)) fail(`article ${id} twice`);
      const [w0, w1] = [data.wordStarts[a]!, data.wordStarts[a + 1]!];
      const [t0, t1] = [data.tokenStarts[a]!, data.tokenStarts[a + 1]!];
      const [p0, p1] = [data.passageStarts[a]!, data.passageStarts[a + 1]!];
      const [s0, s1] = [data.sentenceStarts[a]!, data.sentenceStarts[a + 1]!];
      const termOfWord = data.wordTerms.subarray(w0, w1);
      const arrays: PreparedArrays = {
        tokens: data.tokens.subarray(t0, t1), passageEnds: data.passageEnds.subarray(p0, p1), marks: data.marks.subarray(t0, t1),
        sentences: data.sentences.subarray(2 * s0, 2 * s1), sentenceEnds: data.sentenceEnds.subarray(p0, p1), norms: data.norms.subarray(s0, s1), acronyms,
      };
      const count = article.paragraphs.length + article.captions.length;
      if (!fitsArrays(w1 - w0, arrays, count)) fail(`article ${id} does not fit its prepared data`);
      if (!(base >= 0 && base + count <= data.slots) || !within(title, 0, nTerms)) fail(`article ${id} lies outside the index`);
      // Its words and terms as strings, made when first needed (removing it, building its passages, a snapshot).
      const prepare = (): PreparedArticle => {
        const words = new Array<string>(w1 - w0);
        const terms = new Array<string | null>(w1 - w0);
        for (let w = w0; w < w1; w++) {
          words[w - w0] = data.strings[data.words[w]!]!;
          const t = data.wordTerms[w]!;
          terms[w - w0] = t < 0 ? null : data.termList[t]!;
        }
        return { version: INDEX_VERSION, words, terms, ...arrays };
      };
      const entry: Held = { article, owner, base, titleTerms: new Set(title), prepared: prepare, termOfWord, built: [], termIds: undefined };
      const positions: number[] = [];
      const { tokens, passageEnds } = arrays;
      let tokenStart = 0;
      for (let k = 0; k < count; k++) {
        const index = base + k;
        if (held[index]) fail(`two passages at ${index}`);
        // BM25's length: the passage's index terms (tokens that are not stop words).
        const tokenEnd = passageEnds[k]!;
        let length = 0;
        for (let i = tokenStart; i < tokenEnd; i++) if (termOfWord[tokens[i]!]! >= 0) length++;
        held[index] = entry;
        lengths[index] = length;
        positions.push(index);
        live++;
        tokenStart = tokenEnd;
      }
      byArticle.set(id, positions);
      heldById.set(id, entry);
    }
    const postings: PostingList[] = [];
    for (let t = 0; t < nTerms; t++) {
      const [from, to] = [data.postStarts[t]!, data.postStarts[t + 1]!];
      postings.push({ passages: data.postPassages.subarray(from, to), counts: data.postCounts.subarray(from, to) });
    }
    const counts = (c: { readonly words: Int32Array; readonly counts: Float64Array }) => {
      const map = new Map<string, number>();
      for (let i = 0; i < c.words.length; i++) map.set(data.strings[c.words[i]!]!, c.counts[i]!);
      return map;
    };
    const vocabulary = counts(data.vocabulary);
    const shared = counts(data.shared);
    const owned = data.owned.map((o) => [o.owner, counts(o)] as const);
    // Published: nothing below can fail.
    // Loops, not push(...): spreading 100,000+ items overflows the call stack.
    for (const entry of held) this.held.push(entry);
    for (const l of lengths) this.lengths.push(l);
    data.termList.forEach((term, id) => this.terms.set(term, id));
    for (const [word, count] of vocabulary) this.words.set(word, count);
    for (const v of data.termVectors) this.termVectors.push(v);
    for (const [id, positions] of byArticle) this.byArticle.set(id, positions);
    for (const [id, entry] of heldById) this.heldById.set(id, entry);
    for (const [word, count] of shared) this.sharedWords.set(word, count);
    for (const [owner, map] of owned) this.ownedWords.set(owner, map);
    for (const [acronym, sources] of data.acronymSources) this.acronymSources.set(acronym, [...sources]);
    for (const list of postings) this.postings.push(list);
    this.totalLength = data.totalLength;
    this.sentenceCount = data.sentenceCount;
    this.live = live;
  }

  /** The `k`th passage of a held article (its paragraphs, then its captions), built from what was prepared of it. */
  private build(held: Held, k: number): IndexedPassage {
    const p = preparedOf(held);
    const { article, owner, base, titleTerms, termOfWord } = held;
    const [tokenStart, tokenEnd] = [k === 0 ? 0 : p.passageEnds[k - 1]!, p.passageEnds[k]!];
    const [sentenceStart, sentenceEnd] = [k === 0 ? 0 : p.sentenceEnds[k - 1]!, p.sentenceEnds[k]!];
    // The article's term ids in one buffer, each passage a view of it: one allocation, not one a passage.
    held.termIds ??= new Int32Array(p.tokens.length);
    const termIds = held.termIds.subarray(tokenStart, tokenEnd);
    for (let i = tokenStart; i < tokenEnd; i++) held.termIds[i] = termOfWord[p.tokens[i]!]!;
    const sentenceTokens: (readonly [number, number])[] = [];
    for (let j = sentenceStart; j < sentenceEnd; j++) sentenceTokens.push([p.sentences[2 * j]!, p.sentences[2 * j + 1]!]);
    const passage = k < article.paragraphs.length ? article.paragraphs[k]! : article.captions[k - article.paragraphs.length]!;
    return {
      article, owner, passage, index: base + k, vocab: p.words, words: p.tokens.subarray(tokenStart, tokenEnd), termIds,
      marks: p.marks.subarray(tokenStart, tokenEnd), length: this.lengths[base + k]!, sentenceTokens,
      sentenceNorms: p.norms.subarray(sentenceStart, sentenceEnd), titleTerms,
    };
  }

  /**
   * The key of what {@link prepare} makes of an article: a hash of the index version, whether word
   * vectors are on, and the passages' texts and sentence offsets (not the id: the same text under
   * two ids prepares alike).
   */
  keyOf(article: Article): string {
    const hash = createHash('sha1').update(`${INDEX_VERSION}\n${this.vectors ? this.vectors.dimensions : 0}\n`);
    for (const passage of [...article.paragraphs, ...article.captions]) {
      hash.update(passage.text).update('\u0000');
      for (const s of passage.sentences) hash.update(`${s.start},${s.end};`);
      hash.update('\u0001');
    }
    return hash.digest('hex');
  }

  /**
   * What indexing makes of an article on its own (see {@link PreparedArticle}): the costly part of
   * adding it (tokenizing, stemming, answer marks, acronyms, sentence vectors), which depends on its
   * text and sentences and on the word vectors alone, so it can be kept and given back to {@link add}.
   */
  prepare(article: Article): PreparedArticle {
    const words: string[] = [];
    const terms: (string | null)[] = [];
    const wordIds = new Map<string, number>();
    const tokens: number[] = [];
    const passageEnds: number[] = [];
    const marks: number[] = [];
    const sentences: number[] = [];
    const sentenceEnds: number[] = [];
    const norms: number[] = [];
    const acronyms: [string, number[], boolean][] = [];
    // A term's vector is that of its first word in the article that has one.
    const termVector = new Map<string, number>();
    const sum = this.vectors ? new Float32Array(this.vectors.dimensions) : null;
    for (const passage of [...article.paragraphs, ...article.captions]) {
      const found = tokenize(passage.text, this.spellings);
      const ids = found.map((token) => {
        let key = token.word;
        let w = wordIds.get(key);
        // A word with another term than its first ("us", a stop word; "US", the country) is an entry of its own.
        if (w !== undefined && terms[w] !== token.term) {
          key = `${token.word}\u0000${token.term ?? ''}`;
          w = wordIds.get(key);
        }
        if (w === undefined) {
          w = words.length;
          wordIds.set(key, w);
          words.push(token.word);
          terms.push(token.term);
          const v = this.vectors?.id(token.word) ?? -1;
          if (token.term !== null && v >= 0 && !termVector.has(token.term)) termVector.set(token.term, v);
        }
        return w;
      });
      // A loop, not push(...ids): spreading a passage of 100,000+ tokens overflows the call stack.
      for (const id of ids) tokens.push(id);
      passageEnds.push(tokens.length);
      for (const m of markTokens(passage.text, found)) marks.push(m);
      // Sentences come in order: each one's tokens are found from where the last one's began.
      let cursor = 0;
      for (const s of passage.sentences) {
        let from = cursor;
        while (from < found.length && found[from]!.start < s.start) from++;
        cursor = from;
        let to = from;
        while (to < found.length && found[to]!.end <= s.end) to++;
        sentences.push(from, to);
        let norm = 0;
        if (sum) {
          sum.fill(0);
          for (let i = from; i < to; i++) {
            const v = found[i]!.term === null ? undefined : termVector.get(found[i]!.term!);
            if (v !== undefined) this.vectors!.addTo(sum, v, this.vectors!.weight(v));
          }
          let squares = 0;
          for (const x of sum) squares += x * x;
          norm = Math.sqrt(squares);
        }
        norms.push(norm);
      }
      sentenceEnds.push(sentences.length / 2);
      for (const [acronym, at, explicit] of findAcronyms(passage.text, found)) acronyms.push([acronym, at.map((i) => ids[i]!), explicit]);
    }
    return {
      version: INDEX_VERSION, words, terms,
      tokens: Int32Array.from(tokens), passageEnds: Uint32Array.from(passageEnds), marks: Uint16Array.from(marks),
      sentences: Uint32Array.from(sentences), sentenceEnds: Uint32Array.from(sentenceEnds), norms: Float32Array.from(norms), acronyms,
    };
  }
}

/**
 * The acronym of every name of three or more capitalised words ("International Monetary Fund" → imf),
 * with the positions of the name's index-term tokens and whether "(IMF)" follows the name.
 */
function findAcronyms(text: string, tokens: readonly Token[]): [string, number[], boolean][] {
  const found: [string, number[], boolean][] = [];
  const capital = (i: number) => /^\p{Lu}/u.test(text[tokens[i]!.start] ?? '');
  for (let i = 0; i < tokens.length; i++) {
    if (!capital(i)) continue;
    let j = i;
    const initials: string[] = [];
    const at: number[] = [];
    while (j < tokens.length && (capital(j) || (NAME_JOINERS.has(tokens[j]!.word) && j + 1 < tokens.length && capital(j + 1)))) {
      if (j > i && /[.,;:!?"“”()]/u.test(text.slice(tokens[j - 1]!.end, tokens[j]!.start))) break;
      if (capital(j) && !NAME_JOINERS.has(tokens[j]!.word)) initials.push(tokens[j]!.word[0]!);
      if (tokens[j]!.term !== null) at.push(j);
      j++;
    }
    // Three letters or more: two-letter initials ("Mr Brown" → "mb") collide with too much.
    if (initials.length >= 3 && at.length >= 2) {
      const acronym = initials.join('');
      // "(IMF)" after a name confirms it; otherwise the first name with these initials wins.
      found.push([acronym, at, new RegExp(`^\\s*\\(${acronym}\\)`, 'i').test(text.slice(tokens[j - 1]!.end))]);
    }
    i = j;
  }
  return found;
}

/** The typed arrays and acronyms of a {@link PreparedArticle}: what a snapshot holds of it apart from its words as strings. */
type PreparedArrays = Omit<PreparedArticle, 'version' | 'words' | 'terms'>;

/** Whether prepared data is whole and of this version, for an article of `passages` passages (checked before the index changes). */
function fits(p: PreparedArticle, passages: number): boolean {
  return p.version === INDEX_VERSION && p.terms.length === p.words.length && fitsArrays(p.words.length, p, passages);
}

/** Whether an article's prepared arrays are whole, for `words` distinct words and `passages` passages. */
function fitsArrays(words: number, p: PreparedArrays, passages: number): boolean {
  if (p.passageEnds.length !== passages || p.sentenceEnds.length !== passages) return false;
  if ((p.passageEnds.at(-1) ?? 0) !== p.tokens.length || p.marks.length !== p.tokens.length) return false;
  if ((p.sentenceEnds.at(-1) ?? 0) * 2 !== p.sentences.length || p.norms.length * 2 !== p.sentences.length) return false;
  // An indexed loop: for…of over a typed array is several times slower, and this runs over every token at start.
  const { tokens } = p;
  for (let i = 0; i < tokens.length; i++) if (!(tokens[i]! >= 0 && tokens[i]! < words)) return false;
  return p.acronyms.every(([, name]) => name.every((w) => w >= 0 && w < words));
}

/** Lowers a word's count; true when it reached zero (and the word was dropped). */
function decrement(counts: Map<string, number>, word: string, by = 1): boolean {
  const n = (counts.get(word) ?? 0) - by;
  if (n > 0) {
    counts.set(word, n);
    return false;
  }
  counts.delete(word);
  return true;
}
