import { leansBack } from './knowledge/sentences.js';
import type { Article, Passage } from './knowledge/types.js';
import { TypoCorrector } from './search/fuzzy.js';
import { QuoteBook, type FactCard, type QuoteResult } from './nlp/book.js';
import type { Entity } from './nlp/entities.js';
import type { AnswerType } from './nlp/question.js';
import type { Quote } from './nlp/quotes.js';
import { SearchIndex } from './search/index.js';
import { analyse, rank, RANK_DEFAULTS, type RankedPassage, type RankOptions } from './search/rank.js';

/** Defaults of {@link Engine.ask}. */
export const ASK_DEFAULTS = Object.freeze({
  /** Results returned, 1-25. */
  top: 3,
  /** Longest question read, in characters; the rest is ignored (Discord allows 6000). */
  maxQuestionLength: 1000,
});

/** One cited answer: the verbatim sentence(s) and the whole paragraph or caption they come from. */
export interface Answer {
  readonly articleId: string;
  readonly articleTitle: string;
  /** The ¶ number, or null when the answer comes from a photo caption. */
  readonly paragraph: number | null;
  /** The photo caption number, or null for a paragraph. */
  readonly caption: number | null;
  /** The answering sentence(s), verbatim. */
  readonly quote: string;
  /** The whole paragraph or caption, verbatim. */
  readonly context: string;
  readonly score: number;
  /** Words of the context that matched the question (lower-case), for highlighting. */
  readonly matched: readonly string[];
}

/** What {@link Engine.ask} returns. When `answered` is false, `results` are the closest passages, not answers. */
export interface AskResult {
  readonly question: string;
  readonly answered: boolean;
  readonly results: readonly Answer[];
  /** Why nothing was answered: an empty question, no matching words, or too little of the question found. */
  readonly reason: 'empty_question' | 'no_match' | 'not_covered' | null;
  /** Typed words that were corrected before searching ("sumit" → "summit"). */
  readonly corrections: readonly { readonly from: string; readonly to: string }[];
}

export interface AskOptions {
  /** Number of results, 1-25 (default 3). */
  readonly top?: number;
  /** Only search this article. */
  readonly articleId?: string;
}

/**
 * The answer engine: holds the articles and their index and answers questions with verbatim,
 * cited sentences. No Discord here; the bot, the CLI and the console are front ends over it.
 *
 * @example
 * const engine = new Engine(articles);
 * const { answered, results } = engine.ask('where is the summit');
 * // results[0].quote: "Russian presidential aide Yury Ushakov said the summit would take place in a third country …"
 */
export class Engine {
  readonly index: SearchIndex;
  private readonly corrector: TypoCorrector;
  private readonly options: RankOptions;
  private bookBuild: Promise<QuoteBook> | undefined;

  constructor(readonly articles: readonly Article[], options: Partial<RankOptions> = {}) {
    this.options = { ...RANK_DEFAULTS, ...options };
    this.index = new SearchIndex(articles);
    this.corrector = new TypoCorrector(this.index.words);
  }

  /** Answers a question from the articles. Never throws on any string input. */
  ask(question: string, options: AskOptions = {}): AskResult {
    const text = clip(question).trim();
    const top = Math.min(25, Math.max(1, Math.floor(options.top ?? ASK_DEFAULTS.top) || ASK_DEFAULTS.top));
    const base = { question: String(question ?? ''), corrections: [] as { from: string; to: string }[] };
    if (text === '') return { ...base, answered: false, results: [], reason: 'empty_question' };
    const query = analyse(text, this.index, this.corrector, this.options);
    const filter = options.articleId === undefined ? undefined : (p: { article: Article }) => p.article.id === options.articleId;
    const ranked = rank(query, this.index, this.options, top, filter);
    const corrections = [...query.corrections];
    if (ranked.length === 0) return { ...base, corrections, answered: false, results: [], reason: 'no_match' };
    const answered = isAnswer(ranked[0]!, query.type, this.options);
    return { ...base, corrections, answered, reason: answered ? null : 'not_covered', results: ranked.map(toAnswer) };
  }

  /**
   * The quotations and entities, extracted on first use (or after {@link prepare}) and kept.
   * Extraction reads every article once with compromise; it yields between articles.
   */
  book(): Promise<QuoteBook> {
    this.bookBuild ??= QuoteBook.build(this.articles);
    return this.bookBuild;
  }

  /** Starts extracting quotations and entities in the background, so the first /quote is fast. */
  prepare(): void {
    void this.book();
  }

  /** Every quotation of the knowledge base, in article order. */
  async quotes(): Promise<readonly Quote[]> {
    return (await this.book()).quotes;
  }

  /**
   * Quotations by or about a person, or containing words; see {@link QuoteBook.quote}.
   *
   * @example (await engine.quote('putin')).quotes.filter((q) => q.relation === 'by')
   */
  async quote(who: string, about = ''): Promise<QuoteResult> {
    return (await this.book()).quote(clip(who), clip(about));
  }

  /** Every person, place, organisation and date, most mentioned first. */
  async entities(): Promise<readonly Entity[]> {
    return (await this.book()).entities;
  }

  /** The card of one entity, or null when nothing of that name is known. */
  async facts(name: string): Promise<FactCard | null> {
    return (await this.book()).facts(clip(name));
  }

  /** People who are quoted, most quoted first. */
  async speakers(): Promise<readonly string[]> {
    return (await this.book()).speakers();
  }

  /** @internal Every re-ranked candidate passage with its features, best first. */
  candidates(question: string): RankedPassage[] {
    const query = analyse(question, this.index, this.corrector, this.options);
    return rank(query, this.index, this.options, this.options.candidates);
  }
}

/** Any input as a string no longer than the longest question read. */
function clip(text: unknown): string {
  return String(text ?? '').slice(0, ASK_DEFAULTS.maxQuestionLength);
}

/**
 * Whether the best passage answers the question rather than merely mentioning its subject: it holds
 * enough of the question's weighted words, at least one word besides the names, and, for "how many"
 * and "when" questions, a number or a time in the answer sentence.
 */
function isAnswer(best: RankedPassage, type: AnswerType, options: RankOptions): boolean {
  if (best.coverage < options.minCoverage || !best.relation) return false;
  return !((type === 'number' || type === 'date') && best.evidence === 0);
}

function toAnswer(r: RankedPassage): Answer {
  const { article, passage } = r.entry;
  return {
    articleId: article.id,
    articleTitle: article.title,
    paragraph: passage.kind === 'paragraph' ? passage.n : null,
    caption: passage.kind === 'caption' ? passage.n : null,
    quote: quoteOf(passage, r.sentence),
    context: passage.text,
    score: Math.round(r.score * 1000) / 1000,
    matched: r.matched,
  };
}

/** The answer sentence, with the one before it when it starts with a pronoun or connective. */
function quoteOf(passage: Passage, index: number): string {
  const sentences = passage.sentences;
  const sentence = sentences[index];
  if (!sentence) return passage.text;
  const prev = sentences[index - 1];
  const start = prev && leansBack(sentence.text) ? prev.start : sentence.start;
  return passage.text.slice(start, sentence.end);
}
