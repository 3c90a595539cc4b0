import { leansBack } from './knowledge/sentences.js';
import type { Article, Passage } from './knowledge/types.js';
import { isMeaning, loadMeaning, type Meaning } from './meaning/index.js';
import { QuoteBook, type FactCard, type QuoteResult } from './nlp/book.js';
import { ArticlePeople, type Entity } from './nlp/entities.js';
import type { Quote } from './nlp/quotes.js';
import { confidenceOf, CONFIDENCE_DEFAULTS } from './search/confidence.js';
import { TypoCorrector } from './search/fuzzy.js';
import type { Weights } from './search/weights.js';
import { SearchIndex, type IndexedPassage } from './search/index.js';
import { analyse, rank, RANK_DEFAULTS, type AnalyseContext, type Query, type RankedPassage, type RankOptions, type RankStats } from './search/rank.js';

/** Defaults of {@link Engine.ask}. */
export const ASK_DEFAULTS = Object.freeze({
  /** Results returned, 1-25. */
  top: 3,
  /** Longest question read, in characters; the rest is ignored (Discord allows 6000). */
  maxQuestionLength: 1000,
  /** A question's "he" or "she" about one article means a person named in its first this-many
   *  paragraphs (news introduces its subject there); 1-10. */
  mainPersonParagraphs: 3,
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

/**
 * What {@link Engine.ask} returns: one of three honest outcomes. `answered` is true when the first
 * result answers the question. Otherwise `reason` says why: `not_sure` (the results may answer it:
 * the closest passages, labelled as such), `not_covered` (the articles do not cover it; the results are
 * only the nearest passages), `no_match` (no word of the question is in the articles) or
 * `empty_question`.
 */
export interface AskResult {
  readonly question: string;
  readonly answered: boolean;
  /** The calibrated probability (0-1) that the first result answers the question. */
  readonly confidence: number;
  readonly results: readonly Answer[];
  readonly reason: 'empty_question' | 'no_match' | 'not_sure' | 'not_covered' | null;
  /** Typed words that were corrected before searching ("sumit" → "summit"). */
  readonly corrections: readonly { readonly from: string; readonly to: string }[];
}

export interface AskOptions {
  /** Number of results, 1-25 (default 3). */
  readonly top?: number;
  /** Only search this article. */
  readonly articleId?: string | undefined;
}

/** How an engine is built. */
export interface EngineOptions {
  /** Ranking constants (see RANK_DEFAULTS). */
  readonly rank?: Partial<RankOptions>;
  /** Language resources for typo checks and matching by meaning; null to match strings only.
   *  Default: the shared resources, when built (see meaning/index.ts). */
  readonly meaning?: Meaning | null;
}

/** Options of {@link Engine.rankQuestion}. */
export interface RankQuestionOptions {
  /** Results kept (default: the candidate count). */
  readonly limit?: number;
  /** Only this article's passages (every one of them a candidate). */
  readonly articleId?: string | undefined;
  /** Weights to rank with instead of the learned ones (training tries its candidates). */
  readonly weights?: Weights | undefined;
  /** Passages to leave out, as if absent (training: a question whose answer is gone). */
  readonly exclude?: ((p: IndexedPassage) => boolean) | undefined;
}

/** A question ranked, with what the confidence model and the training script read. */
export interface Ranking {
  readonly query: Query;
  readonly ranked: readonly RankedPassage[];
  readonly stats: RankStats;
  readonly confidence: number;
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
  /** The language resources in use, or null (strings only). */
  readonly meaning: Meaning | null;
  /** Why the language resources could not be loaded, for the start-up log; null when they are in use or were turned off. */
  readonly meaningProblem: string | null;
  private readonly corrector: TypoCorrector;
  private readonly options: RankOptions;
  private readonly people = new Map<string, ArticlePeople>();
  private bookBuild: Promise<QuoteBook> | undefined;

  constructor(readonly articles: readonly Article[], options: EngineOptions = {}) {
    this.options = { ...RANK_DEFAULTS, ...options.rank };
    if (options.meaning !== undefined) {
      this.meaning = options.meaning;
      this.meaningProblem = null;
    } else {
      const loaded = loadMeaning();
      this.meaning = isMeaning(loaded) ? loaded : null;
      this.meaningProblem = isMeaning(loaded) ? null : loaded.message;
    }
    this.index = new SearchIndex(articles, this.meaning?.vectors ?? null);
    this.corrector = new TypoCorrector(this.index.words);
  }

  /** Answers a question from the articles. Never throws on any string input. */
  ask(question: string, options: AskOptions = {}): AskResult {
    const text = clip(question).trim();
    const top = Math.min(25, Math.max(1, Math.floor(options.top ?? ASK_DEFAULTS.top) || ASK_DEFAULTS.top));
    const base = { question: String(question ?? ''), confidence: 0, corrections: [] as { from: string; to: string }[] };
    if (text === '') return { ...base, answered: false, results: [], reason: 'empty_question' };
    const { query, ranked, confidence } = this.rankQuestion(text, { limit: top, articleId: options.articleId });
    const corrections = [...query.corrections];
    if (ranked.length === 0) return { ...base, corrections, answered: false, results: [], reason: 'no_match' };
    const outcome = confidence >= CONFIDENCE_DEFAULTS.answer ? null : confidence >= CONFIDENCE_DEFAULTS.notSure ? 'not_sure' : 'not_covered';
    return { ...base, confidence: Math.round(confidence * 1000) / 1000, corrections, answered: outcome === null, reason: outcome, results: ranked.map(toAnswer) };
  }

  /**
   * The question analysed and ranked, with the confidence that the first result answers it.
   * `ask` renders this; the training script reads its features.
   */
  rankQuestion(question: string, { limit = this.options.candidates, articleId, weights, exclude }: RankQuestionOptions = {}): Ranking {
    const ctx: AnalyseContext = {
      index: this.index,
      corrector: this.corrector,
      options: this.options,
      meaning: this.meaning,
      people: articleId !== undefined && PRONOUN.test(question) ? this.mainPeople(articleId) : undefined,
    };
    const query = analyse(question, ctx);
    const { ranked, stats } = rank(query, this.index, this.options, limit, { meaning: this.meaning, articleId, exclude, ...(weights ? { weights } : {}) });
    return { query, ranked, stats, confidence: ranked.length === 0 ? 0 : confidenceOf(query, ranked, stats) };
  }

  /** The people of one article (names, gender, role), read once with compromise and kept. */
  peopleOf(article: Article): ArticlePeople {
    let p = this.people.get(article.id);
    if (!p) {
      p = new ArticlePeople(article);
      this.people.set(article.id, p);
    }
    return p;
  }

  /**
   * Whom a question's "he" or "she" about one article means: its people named in the opening
   * paragraphs (news introduces its subject there), most mentioned first. A person first named
   * further down (a lawyer, a spokesman) is not the subject of the story.
   */
  private mainPeople(articleId: string): { name: string; gender: 'male' | 'female' | null }[] {
    const article = this.articles.find((a) => a.id === articleId);
    return article ? this.peopleOf(article).main().filter((p) => p.firstParagraph <= ASK_DEFAULTS.mainPersonParagraphs) : [];
  }

  /**
   * The quotations and entities, extracted on first use (or after {@link prepare}) and kept.
   * Extraction reads every article once with compromise; it yields between articles.
   */
  book(): Promise<QuoteBook> {
    this.bookBuild ??= QuoteBook.build(this.articles, (a) => this.peopleOf(a));
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

}

/** A pronoun that may stand for an article's main person. */
const PRONOUN = /\b(?:he|him|his|she|her|hers|they|them|their)\b/i;

/** Any input as a string no longer than the longest question read. */
function clip(text: unknown): string {
  return String(text ?? '').slice(0, ASK_DEFAULTS.maxQuestionLength);
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
