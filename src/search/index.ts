import type { Article, Passage } from '../knowledge/types.js';
import type { WordVectors } from '../meaning/vectors.js';
import { markTokens } from '../nlp/answer-types.js';
import { tokenize, type Token } from './tokenize.js';

/** A passage as the index holds it: its article, its tokens, and where each sentence's tokens lie. */
export interface IndexedPassage {
  readonly article: Article;
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

/**
 * An inverted index over every paragraph and caption of a set of articles, keeping term
 * positions and sentence boundaries so that the ranker can score sentences and phrases, not just
 * bags of words. Built once per knowledge base; queries never scan all passages.
 *
 * Written here rather than taken from MiniSearch (which `npm run eval` runs as a baseline) because
 * ranking needs per-passage positions and sentence spans, which MiniSearch does not expose.
 */
export class SearchIndex {
  readonly passages: IndexedPassage[] = [];
  /** Term → id. */
  readonly terms = new Map<string, number>();
  /** Surface word → how many times it occurs; the vocabulary that typo correction searches. */
  readonly words = new Map<string, number>();
  /** Term id → the word-vector id of its first surface form (-1 when it has none). */
  readonly termVectors: number[] = [];
  /**
   * Acronym → the terms of the name it stands for, from the articles themselves: "International
   * Monetary Fund" (or "International Monetary Fund (IMF)") gives "imf" → [international, monetary, fund].
   */
  readonly acronyms = new Map<string, readonly number[]>();
  /** Article id → its passages' positions, for questions asked of one article. */
  readonly byArticle = new Map<string, number[]>();
  private readonly postings: Postings[] = [];
  private totalLength = 0;
  private sentenceCount = 0;

  /** With `vectors`, each term gets its word's vector (see meaning/vectors.ts); without, none has one. */
  constructor(articles: readonly Article[], private readonly vectors: WordVectors | null = null) {
    for (const article of articles) {
      const titleTerms = new Set<number>();
      for (const passage of [...article.paragraphs, ...article.captions]) this.add(article, passage, titleTerms);
      for (const token of tokenize(article.title)) {
        const id = token.term === null ? undefined : this.terms.get(token.term);
        if (id !== undefined) titleTerms.add(id);
      }
    }
  }

  /** Mean sentence length in terms. */
  get averageSentenceLength(): number {
    return this.sentenceCount === 0 ? 1 : this.totalLength / this.sentenceCount;
  }

  /** Mean passage length in terms; BM25's length normalisation divides by it. */
  get averageLength(): number {
    return this.passages.length === 0 ? 1 : this.totalLength / this.passages.length;
  }

  /** Inverse document frequency (BM25's, floored at a small positive value), 0 for unknown terms. */
  idf(termId: number): number {
    const df = this.postings[termId]?.passages.length ?? 0;
    if (df === 0) return 0;
    const n = this.passages.length;
    return Math.max(0.05, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }

  /** The IDF of a term no passage holds: the most a word can weigh. */
  get maxIdf(): number {
    return Math.log(1 + (this.passages.length + 0.5) / 0.5);
  }

  /** The id of a term, or undefined when no passage contains it. */
  termId(term: string): number | undefined {
    return this.terms.get(term);
  }

  /** Passages containing a term, with its count in each. */
  postingsOf(termId: number): Postings {
    return this.postings[termId] ?? { passages: [], counts: [] };
  }

  private add(article: Article, passage: Passage, titleTerms: ReadonlySet<number>): void {
    const index = this.passages.length;
    const tokens = tokenize(passage.text);
    const termIds = new Int32Array(tokens.length).fill(-1);
    const counts = new Map<number, number>();
    let length = 0;
    tokens.forEach((token, i) => {
      this.words.set(token.word, (this.words.get(token.word) ?? 0) + 1);
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
    const sentenceTokens = passage.sentences.map((s) => {
      let from = tokens.findIndex((t) => t.start >= s.start);
      if (from < 0) from = tokens.length;
      let to = from;
      while (to < tokens.length && tokens[to]!.end <= s.end) to++;
      return [from, to] as const;
    });
    this.findAcronyms(passage.text, tokens, termIds);
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
    const list = this.byArticle.get(article.id) ?? [];
    list.push(index);
    this.byArticle.set(article.id, list);
    this.passages.push({ article, passage, index, tokens, termIds, marks: markTokens(passage.text, tokens), length, sentenceTokens, sentenceNorms, titleTerms });
  }

  /** Records the acronym of every name of three or more capitalised words. */
  private findAcronyms(text: string, tokens: readonly Token[], termIds: Int32Array): void {
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
        if (explicit || !this.acronyms.has(acronym)) this.acronyms.set(acronym, ids);
      }
      i = j;
    }
  }
}
