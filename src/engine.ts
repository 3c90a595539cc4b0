import { leansBack } from './knowledge/sentences.js';
import type { Article, Passage } from './knowledge/types.js';
import { isMeaning, loadMeaning, type Meaning } from './meaning/index.js';
import type { FactCard, QuoteResult } from './nlp/book.js';
import { plainQuestion } from './nlp/casual.js';
import type { Entity } from './nlp/entities.js';
import type { Quote } from './nlp/quotes.js';
import { confidenceOf, CONFIDENCE_DEFAULTS } from './search/confidence.js';
import type { Weights } from './search/weights.js';
import type { IndexedPassage, SearchIndex } from './search/index.js';
import { analyse, rank, RANK_DEFAULTS, type AnalyseContext, type Query, type RankedPassage, type RankOptions, type RankStats } from './search/rank.js';
import { withoutInvisible } from './search/tokenize.js';
import { SHARED, type Scope } from './store/scope.js';
import { KnowledgeStore } from './store/store.js';

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
  /** Only search this article (one the scope sees; otherwise nothing is found). */
  readonly articleId?: string | undefined;
  /** Which articles may answer: the shared ones and the scope owner's (default: the shared ones). */
  readonly scope?: Scope | undefined;
}

/** How an engine is built. */
export interface EngineOptions {
  /** Ranking constants (see RANK_DEFAULTS). */
  readonly rank?: Partial<RankOptions>;
  /** Language resources for typo checks and matching by meaning; null to match strings only.
   *  Default: the shared resources, when built (see meaning/index.ts). Ignored with `store`. */
  readonly meaning?: Meaning | null;
  /** The knowledge store to answer from (the articles given to the constructor are then added to it). */
  readonly store?: KnowledgeStore;
}

/** Options of {@link Engine.rankQuestion}. */
export interface RankQuestionOptions {
  /** Results kept (default: the candidate count). */
  readonly limit?: number;
  /** Only this article's passages (every one of them a candidate). */
  readonly articleId?: string | undefined;
  /** Which articles may answer (default: the shared ones). */
  readonly scope?: Scope | undefined;
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
 * The answer engine: answers questions, quotations and facts from a {@link KnowledgeStore}, within a
 * scope (the shared articles and one server's), with verbatim, cited sentences. No Discord here; the
 * bot, the CLI and the console are front ends over it.
 *
 * @example
 * const engine = new Engine(articles);
 * const { answered, results } = engine.ask('where is the summit');
 * // results[0].quote: "Russian presidential aide Yury Ushakov said the summit would take place in a third country …"
 */
export class Engine {
  readonly store: KnowledgeStore;
  /** Why the language resources could not be loaded, for the start-up log; null when they are in use or were turned off. */
  readonly meaningProblem: string | null;
  private readonly options: RankOptions;

  /** An engine over `options.store` (or a new store), with `articles` added to it as shared articles. */
  constructor(articles: readonly Article[] = [], options: EngineOptions = {}) {
    this.options = { ...RANK_DEFAULTS, ...options.rank };
    let meaning: Meaning | null;
    if (options.store || options.meaning !== undefined) {
      meaning = options.store ? options.store.meaning : options.meaning!;
      this.meaningProblem = null;
    } else {
      const loaded = loadMeaning();
      meaning = isMeaning(loaded) ? loaded : null;
      this.meaningProblem = isMeaning(loaded) ? null : loaded.message;
    }
    this.store = options.store ?? new KnowledgeStore(meaning);
    for (const article of articles) this.store.put(article);
  }

  /** The language resources in use, or null (strings only). */
  get meaning(): Meaning | null {
    return this.store.meaning;
  }

  /** The search index over every article of the store. */
  get index(): SearchIndex {
    return this.store.index;
  }

  /** The shared articles (those of the knowledge folder); {@link articlesIn} for a server's view. */
  get articles(): readonly Article[] {
    return this.store.articles(SHARED);
  }

  /** The articles a scope sees, in the order they were added. */
  articlesIn(scope: Scope = SHARED): readonly Article[] {
    return this.store.articles(scope);
  }

  /** One article, if the scope sees it. */
  article(articleId: string, scope: Scope = SHARED): Article | undefined {
    return this.store.article(articleId, scope);
  }

  /** Articles whose title or id match what was typed (typo-tolerant), for autocomplete. */
  findArticles(typed: string, scope: Scope = SHARED, limit = 25): readonly Article[] {
    return this.store.findArticles(readTyped(typed), scope, limit);
  }

  /** Answers a question from the articles. Never throws on any string input. */
  ask(question: string, options: AskOptions = {}): AskResult {
    const text = readTyped(question).trim();
    const top = Math.min(25, Math.max(1, Math.floor(options.top ?? ASK_DEFAULTS.top) || ASK_DEFAULTS.top));
    const base = { question: String(question ?? ''), confidence: 0, corrections: [] as { from: string; to: string }[] };
    if (text === '') return { ...base, answered: false, results: [], reason: 'empty_question' };
    const { query, ranked, confidence } = this.rankQuestion(text, { limit: top, articleId: options.articleId, scope: options.scope });
    const corrections = [...query.corrections];
    if (ranked.length === 0) return { ...base, corrections, answered: false, results: [], reason: 'no_match' };
    const outcome = confidence >= CONFIDENCE_DEFAULTS.answer ? null : confidence >= CONFIDENCE_DEFAULTS.notSure ? 'not_sure' : 'not_covered';
    return { ...base, confidence: Math.round(confidence * 1000) / 1000, corrections, answered: outcome === null, reason: outcome, results: ranked.map(toAnswer) };
  }

  /**
   * The question analysed and ranked, with the confidence that the first result answers it.
   * `ask` renders this; the training script reads its features.
   */
  rankQuestion(question: string, { limit = this.options.candidates, articleId, scope = SHARED, weights, exclude }: RankQuestionOptions = {}): Ranking {
    const owner = scope.owner;
    // Chat register read as the plain question ("whos running the bank rn"); the AskResult keeps what was typed.
    question = plainQuestion(question);
    // An article the scope does not see is as good as absent: nothing from it, not even its people.
    const visible = articleId === undefined || this.store.article(articleId, scope) !== undefined;
    const ctx: AnalyseContext = {
      index: this.index,
      corrector: this.store.corrector,
      options: this.options,
      meaning: this.meaning,
      owner,
      people: articleId !== undefined && visible && PRONOUN.test(question) ? this.mainPeople(articleId) : undefined,
    };
    const query = analyse(question, ctx);
    if (!visible) return { query, ranked: [], stats: { unknownShare: 1, terms: query.terms.length, scored: 0, runnerUp: null }, confidence: 0 };
    const { ranked, stats } = rank(query, this.index, this.options, limit, { meaning: this.meaning, articleId, owner, exclude, ...(weights ? { weights } : {}) });
    return { query, ranked, stats, confidence: ranked.length === 0 ? 0 : confidenceOf(query, ranked, stats) };
  }

  /**
   * Whom a question's "he" or "she" about one article means: its people named in the opening
   * paragraphs (news introduces its subject there), most mentioned first. A person first named
   * further down (a lawyer, a spokesman) is not the subject of the story.
   */
  private mainPeople(articleId: string): { name: string; gender: 'male' | 'female' | null }[] {
    return this.store.peopleOf(articleId)?.main().filter((p) => p.firstParagraph <= ASK_DEFAULTS.mainPersonParagraphs) ?? [];
  }

  /** Starts reading every article's quotations and entities in the background, so the first /quote is fast. */
  prepare(): void {
    this.store.prepare();
  }

  /** Every quotation of the articles a scope sees, in article order. */
  async quotes(scope: Scope = SHARED): Promise<readonly Quote[]> {
    return (await this.store.book(scope)).quotes;
  }

  /**
   * Quotations by or about a person, or containing words; see {@link QuoteBook.quote}.
   *
   * @example (await engine.quote('putin')).quotes.filter((q) => q.relation === 'by')
   */
  async quote(who: string, about = '', scope: Scope = SHARED): Promise<QuoteResult> {
    return (await this.store.book(scope)).quote(readTyped(who), readTyped(about));
  }

  /** Every person, place, organisation and date, most mentioned first. */
  async entities(scope: Scope = SHARED): Promise<readonly Entity[]> {
    return (await this.store.book(scope)).entities;
  }

  /** The card of one entity, or null when nothing of that name is known. */
  async facts(name: string, scope: Scope = SHARED): Promise<FactCard | null> {
    return (await this.store.book(scope)).facts(readTyped(name));
  }

  /** People who are quoted, most quoted first. */
  async speakers(scope: Scope = SHARED): Promise<readonly string[]> {
    return (await this.store.book(scope)).speakers();
  }
}

/** A pronoun that may stand for an article's main person. */
const PRONOUN = /\b(?:he|him|his|she|her|hers|they|them|their)\b/i;

/**
 * What someone typed (a question, a name, words, a title being typed), as every entry reads it: any
 * input as a string no longer than the longest question read, without the invisible characters that
 * text pasted from web pages and chat apps carries inside words ("wh\u200bere"), which would otherwise
 * split a word for the tokenizer and hide it from the patterns that read a question's form.
 */
function readTyped(text: unknown): string {
  return withoutInvisible(String(text ?? '').slice(0, ASK_DEFAULTS.maxQuestionLength));
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
