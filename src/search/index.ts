import type { Article, Passage } from '../knowledge/types.js';
import type { WordVectors } from '../meaning/vectors.js';
import { markTokens } from '../nlp/answer-types.js';
import { tokenize, type Token } from './tokenize.js';

/** A passage as the index holds it: its article, its tokens, and where each sentence's tokens lie. */
export interface IndexedPassage {
  readonly article: Article;
  /** Who may see it: null for a shared article (the knowledge folder), else the owning server's id. */
  readonly owner: string | null;
  readonly passage: Passage;
  /** Position among all passages of the index. */
  readonly index: number;
  readonly tokens: readonly Token[];
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

/** A posting: which passage holds a term and how often. */
interface Postings {
  readonly passages: number[];
  readonly counts: number[];
}

/** Words that may stand inside a name without a capital: "Bank of England", "Centers for Disease Control and Prevention". */
const NAME_JOINERS = new Set(['of', 'for', 'and', 'the', 'de', 'on']);

/** Words that entered or left the vocabulary when an article was added or removed. */
export interface VocabularyChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
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
  /** Every passage by position; removed articles leave undefined slots. */
  readonly passages: (IndexedPassage | undefined)[] = [];
  /** Term → id. Ids are kept when the last passage holding a term goes ({@link termId} then says undefined). */
  readonly terms = new Map<string, number>();
  /** Surface word → how many times it occurs; the vocabulary that typo correction searches. */
  readonly words = new Map<string, number>();
  /** Term id → the word-vector id of its first surface form (-1 when it has none). */
  readonly termVectors: number[] = [];
  /** Article id → its passages' positions, for questions asked of one article. */
  readonly byArticle = new Map<string, number[]>();
  /** Owner (a server's id) → its articles' surface words and counts; shared articles count in {@link words} only. */
  private readonly ownedWords = new Map<string, Map<string, number>>();
  private readonly sharedWords = new Map<string, number>();
  private readonly acronymSources = new Map<string, AcronymSource[]>();
  private readonly postings: Postings[] = [];
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

  /** Mean passage length in terms; BM25's length normalisation divides by it. */
  get averageLength(): number {
    return this.live === 0 ? 1 : this.totalLength / this.live;
  }

  /** Inverse document frequency (BM25's, floored at a small positive value), 0 for unknown terms. */
  idf(termId: number): number {
    const df = this.postings[termId]?.passages.length ?? 0;
    if (df === 0) return 0;
    const n = this.live;
    return Math.max(0.05, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }

  /** The IDF of a term no passage holds: the most a word can weigh. */
  get maxIdf(): number {
    return Math.log(1 + (this.live + 0.5) / 0.5);
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

  /**
   * Adds an article's paragraphs and captions (an article of the same id must have been removed
   * first). `owner` is null for a shared article, else the id of the server it belongs to.
   */
  add(article: Article, owner: string | null): VocabularyChange {
    if (this.byArticle.has(article.id)) throw new Error(`index: article ${article.id} is already indexed`);
    const added: string[] = [];
    const titleTerms = new Set<number>();
    const positions: number[] = [];
    this.byArticle.set(article.id, positions);
    for (const passage of [...article.paragraphs, ...article.captions]) positions.push(this.addPassage(article, owner, passage, titleTerms, added));
    for (const token of tokenize(article.title)) {
      const id = token.term === null ? undefined : this.termId(token.term);
      if (id !== undefined) titleTerms.add(id);
    }
    return { added, removed: [] };
  }

  /** Removes an article's passages; false when it was not indexed. */
  remove(articleId: string): VocabularyChange | false {
    const positions = this.byArticle.get(articleId);
    if (!positions) return false;
    const removed: string[] = [];
    for (const p of positions) {
      const entry = this.passages[p]!;
      const counts = entry.owner === null ? this.sharedWords : this.ownedWords.get(entry.owner)!;
      for (const token of entry.tokens) {
        decrement(counts, token.word);
        if (decrement(this.words, token.word)) removed.push(token.word);
      }
      for (const id of new Set(entry.termIds)) {
        if (id < 0) continue;
        const list = this.postings[id]!;
        const at = list.passages.indexOf(p);
        list.passages.splice(at, 1);
        list.counts.splice(at, 1);
      }
      this.totalLength -= entry.length;
      this.sentenceCount -= Math.max(1, entry.sentenceTokens.length);
      this.passages[p] = undefined;
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
    return { added: [], removed };
  }

  private addPassage(article: Article, owner: string | null, passage: Passage, titleTerms: ReadonlySet<number>, added: string[]): number {
    const index = this.passages.length;
    const tokens = tokenize(passage.text, this.spellings);
    const termIds = new Int32Array(tokens.length).fill(-1);
    const counts = new Map<number, number>();
    let ownerWords = this.sharedWords;
    if (owner !== null) {
      ownerWords = this.ownedWords.get(owner) ?? new Map<string, number>();
      this.ownedWords.set(owner, ownerWords);
    }
    let length = 0;
    tokens.forEach((token, i) => {
      const seen = this.words.get(token.word) ?? 0;
      if (seen === 0) added.push(token.word);
      this.words.set(token.word, seen + 1);
      ownerWords.set(token.word, (ownerWords.get(token.word) ?? 0) + 1);
      if (token.term === null) return;
      let id = this.terms.get(token.term);
      if (id === undefined) {
        id = this.postings.length;
        this.terms.set(token.term, id);
        this.postings.push({ passages: [], counts: [] });
        this.termVectors.push(this.vectors?.id(token.word) ?? -1);
      } else if (this.termVectors[id] === -1) {
        this.termVectors[id] = this.vectors?.id(token.word) ?? -1;
      }
      termIds[i] = id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
      length++;
    });
    for (const [id, count] of counts) {
      this.postings[id]!.passages.push(index);
      this.postings[id]!.counts.push(count);
    }
    // Sentences come in order: each one's tokens are found from where the last one's began.
    let cursor = 0;
    const sentenceTokens = passage.sentences.map((s) => {
      let from = cursor;
      while (from < tokens.length && tokens[from]!.start < s.start) from++;
      cursor = from;
      let to = from;
      while (to < tokens.length && tokens[to]!.end <= s.end) to++;
      return [from, to] as const;
    });
    this.findAcronyms(article.id, passage.text, tokens, termIds);
    const sentenceNorms = new Float32Array(sentenceTokens.length);
    if (this.vectors) {
      const sum = new Float32Array(this.vectors.dimensions);
      sentenceTokens.forEach(([from, to], k) => {
        sum.fill(0);
        for (let i = from; i < to; i++) {
          const v = termIds[i]! < 0 ? -1 : this.termVectors[termIds[i]!]!;
          if (v >= 0) this.vectors!.addTo(sum, v, this.vectors!.weight(v));
        }
        sentenceNorms[k] = Math.hypot(...sum);
      });
    }
    this.totalLength += length;
    this.sentenceCount += Math.max(1, sentenceTokens.length);
    this.live++;
    this.passages.push({ article, owner, passage, index, tokens, termIds, marks: markTokens(passage.text, tokens), length, sentenceTokens, sentenceNorms, titleTerms });
    return index;
  }

  /** Records the acronym of every name of three or more capitalised words. */
  private findAcronyms(articleId: string, text: string, tokens: readonly Token[], termIds: Int32Array): void {
    const capital = (i: number) => /^\p{Lu}/u.test(text[tokens[i]!.start] ?? '');
    for (let i = 0; i < tokens.length; i++) {
      if (!capital(i)) continue;
      let j = i;
      const initials: string[] = [];
      const ids: number[] = [];
      while (j < tokens.length && (capital(j) || (NAME_JOINERS.has(tokens[j]!.word) && j + 1 < tokens.length && capital(j + 1)))) {
        if (j > i && /[.,;:!?"“”()]/u.test(text.slice(tokens[j - 1]!.end, tokens[j]!.start))) break;
        if (capital(j) && !NAME_JOINERS.has(tokens[j]!.word)) initials.push(tokens[j]!.word[0]!);
        if (termIds[j]! >= 0) ids.push(termIds[j]!);
        j++;
      }
      // Three letters or more: two-letter initials ("Mr Brown" → "mb") collide with too much.
      if (initials.length >= 3 && ids.length >= 2) {
        const acronym = initials.join('');
        // "(IMF)" after a name confirms it; otherwise the first name with these initials wins.
        const explicit = new RegExp(`^\\s*\\(${acronym}\\)`, 'i').test(text.slice(tokens[j - 1]!.end));
        const sources = this.acronymSources.get(acronym) ?? [];
        sources.push({ article: articleId, ids, explicit });
        this.acronymSources.set(acronym, sources);
      }
      i = j;
    }
  }
}

/** Lowers a word's count; true when it reached zero (and the word was dropped). */
function decrement(counts: Map<string, number>, word: string): boolean {
  const n = (counts.get(word) ?? 0) - 1;
  if (n > 0) {
    counts.set(word, n);
    return false;
  }
  counts.delete(word);
  return true;
}
