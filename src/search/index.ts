import type { Article, Passage } from '../knowledge/types.js';
import { tokenize, type Token } from './tokenize.js';

/** A passage as the index holds it: its article, its tokens, and where each sentence's tokens lie. */
export interface IndexedPassage {
  readonly article: Article;
  readonly passage: Passage;
  readonly tokens: readonly Token[];
  /** Term id at each token position, -1 for stop words. */
  readonly termIds: Int32Array;
  /** Number of index terms (non-stop tokens) in the passage, its BM25 length. */
  readonly length: number;
  /** For sentence i, the token range [from, to). */
  readonly sentenceTokens: readonly (readonly [number, number])[];
  /** Ids of the article title's terms (those that occur in some passage). */
  readonly titleTerms: ReadonlySet<number>;
}

/** A posting: which passage holds a term and how often. */
interface Postings {
  readonly passages: number[];
  readonly counts: number[];
}

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
  private readonly postings: Postings[] = [];
  private totalLength = 0;
  private sentenceCount = 0;

  constructor(articles: readonly Article[]) {
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
    this.totalLength += length;
    this.sentenceCount += Math.max(1, sentenceTokens.length);
    this.passages.push({ article, passage, tokens, termIds, length, sentenceTokens, titleTerms });
  }
}
