import { pairOf, passageAt, placeOf } from '../model/place.js';
import { distance } from 'fastest-levenshtein';
import { leansBack } from '../knowledge/sentences.js';
import type { Article, Passage } from '../model/article.js';
import { isMeaning, loadMeaning, type Meaning } from '../meaning/index.js';
import { buildDigest, type Digest, type DigestOptions } from '../digest/digest.js';
import type { FactCard, QuoteResult } from '../nlp/book.js';
import { plainQuestion } from '../nlp/casual.js';
import type { Entity } from '../nlp/entities.js';
import type { Quote } from '../nlp/quotes.js';
import { confidenceOf, outcomeOf, type Outcome } from '../search/confidence.js';
import { nameForms, nameParts } from '../search/names.js';
import type { Weights } from '../search/weights.js';
import type { IndexedPassage, SearchIndex } from '../search/index.js';
import { analyse, rank, RANK_DEFAULTS, type AnalyseContext, type Query, type RankedPassage, type RankOptions, type RankStats } from '../search/rank.js';
import { tokenize, withoutInvisible } from '../search/tokenize.js';
import { withoutTitles } from '../nlp/titles.js';
import { SMALL_TALK, SMALL_TALK_ANCHORS } from '../nlp/word-lists.js';
import { wholeOf, type Scope } from '../model/scope.js';
import { ArticleStore, type StoredArticle } from '../store/store.js';

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
 * How an answer was found: `ranked` (the passages ranked against the question: {@link Engine.ask}),
 * or, for a question that is really another command ({@link Engine.answer}), `facts` ("who is X":
 * the sentences of X's facts card), `quotes` ("what did X say about Y": X's quotations) or `latest`
 * ("what happened", "any news": the newest article's lead).
 */
export type AskRoute = 'ranked' | 'facts' | 'quotes' | 'latest';

/**
 * What {@link Engine.ask} and {@link Engine.answer} return. `outcome` is what a member is told (see
 * {@link Outcome}): `answer` (the first result answers the question), `not sure` (the results may
 * answer it: the closest passages, labelled as such) or `not covered` (the articles do not cover it;
 * no passage is shown, the results are only the nearest ones). `answered` and `reason` say the same
 * for older readers: `answered` ⇔ `answer`; `reason` is `not_sure` ⇔ `not sure`, and `not_covered`,
 * `no_match` (no word of the question is in the articles), `empty_question` or `not_a_question` ⇒
 * `not covered` (an empty question, or only a greeting or thanks such as "hi", "thanks!", "hello?",
 * asked nothing, so no passage could be about it: it is not covered, and `reason` tells the front
 * ends to show how to ask instead).
 */
export interface AskResult {
  readonly question: string;
  readonly outcome: Outcome;
  readonly answered: boolean;
  /** The calibrated probability (0-1) that the first result answers the question; 1 for a routed
   *  answer (facts, quotes, latest), which is read from the articles, not guessed by ranking. */
  readonly confidence: number;
  readonly results: readonly Answer[];
  readonly reason: 'empty_question' | 'not_a_question' | 'no_match' | 'not_sure' | 'not_covered' | null;
  /** Typed words that were corrected before searching ("sumit" → "summit"). */
  readonly corrections: readonly { readonly from: string; readonly to: string }[];
  /** How the results were found; `ranked` for every result of {@link Engine.ask}. */
  readonly route: AskRoute;
  /** Whom or what a routed answer is about: the card's entity and role (`facts`), the speaker
   *  (`quotes`, role null), the article's title (`latest`, role null); null for `ranked`. */
  readonly subject: { readonly name: string; readonly role: string | null } | null;
}

export interface AskOptions {
  /** Number of results, 1-25 (default 3). */
  readonly top?: number;
  /** Which articles may answer: the shared ones and the scope owner's, or one article of those
   *  (`scope.article`: one the owner sees; otherwise nothing is found). */
  readonly scope: Scope;
}

/** How an engine is built. */
export interface EngineOptions {
  /** Ranking constants (see RANK_DEFAULTS). */
  readonly rank?: Partial<RankOptions>;
  /** Language resources for typo checks and matching by meaning; null to match strings only.
   *  Default: the shared resources, when built (see meaning/index.ts). Ignored with `store`. */
  readonly meaning?: Meaning | null;
  /** The knowledge store to answer from (the articles given to the constructor are then added to it). */
  readonly store?: ArticleStore;
}

/** Options of {@link Engine.rankQuestion}. */
export interface RankQuestionOptions {
  /** Results kept (default: the candidate count). */
  readonly limit?: number;
  /** Which articles may answer; with `scope.article`, only that article's passages (every one of them a candidate). */
  readonly scope: Scope;
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
 * The answer engine: answers questions, quotations and facts from a {@link ArticleStore}, within a
 * scope (the shared articles and one server's), with verbatim, cited sentences. No Discord here; the
 * bot, the CLI and the console are front ends over it.
 *
 * @example
 * const engine = new Engine(articles);
 * const { answered, results } = engine.ask('where is the summit', { scope: SHARED });
 * // results[0].quote: "Russian presidential aide Yury Ushakov said the summit would take place in a third country …"
 */
export class Engine {
  readonly store: ArticleStore;
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
    this.store = options.store ?? new ArticleStore(meaning);
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

  /** The articles a scope sees, in the order they were added. */
  articlesIn(scope: Scope): readonly Article[] {
    return this.store.articles(scope);
  }

  /** One article, if the scope sees it. */
  article(articleId: string, scope: Scope): Article | undefined {
    return this.store.article(articleId, scope);
  }

  /** Articles whose title or id match what was typed (typo-tolerant), for autocomplete. */
  findArticles(typed: string, scope: Scope, limit = 25): readonly Article[] {
    return this.store.findArticles(readTyped(typed), scope, limit);
  }

  /**
   * Answers a question from the articles by ranking their passages. Never throws on any string input.
   * Synchronous (the evaluation and most tests call it); {@link answer} also routes questions that
   * are really other commands.
   */
  ask(question: string, options: AskOptions): AskResult {
    const text = readTyped(question).trim();
    const top = topOf(options);
    const base = { question: String(question ?? ''), confidence: 0, corrections: [] as { from: string; to: string }[], route: 'ranked' as const, subject: null };
    if (text === '') return { ...base, outcome: 'not covered', answered: false, results: [], reason: 'empty_question' };
    if (isSmallTalk(text)) return { ...base, outcome: 'not covered', answered: false, results: [], reason: 'not_a_question' };
    // At least the three results the outcome reads (sharesSubject), whatever the number asked for:
    // the outcome must not depend on how many results are shown.
    const { query, ranked, stats, confidence } = this.rankQuestion(text, { limit: Math.max(top, 3), scope: options.scope });
    const corrections = [...query.corrections];
    if (ranked.length === 0) return { ...base, corrections, outcome: 'not covered', answered: false, results: [], reason: 'no_match' };
    const outcome = outcomeOf(confidence, query, ranked, stats);
    const reason = outcome === 'answer' ? null : outcome === 'not sure' ? 'not_sure' : 'not_covered';
    return { ...base, confidence: Math.round(confidence * 1000) / 1000, corrections, outcome, answered: outcome === 'answer', reason, results: ranked.slice(0, top).map(toAnswer) };
  }

  /**
   * Answers a question, first reading whether it is really another command (issue 17):
   * - "who is X" (X a person or organisation the articles name, as typed: every word of X a word of
   *   its name) → the sentences of X's facts card, the one stating X's role first (`facts`);
   * - "what did X say (about Y)" (X a person the articles quote) → X's quotations, those holding most
   *   words of Y first, each as the sentence(s) of its paragraph that hold it (`quotes`);
   * - a question with no subject ("what happened", "any news", "what's new") → the lead of the newest
   *   article (its ¶1, and ¶2 when ¶1 is one sentence), or of the article asked about (`latest`).
   * Anything else, or a route that finds nothing in the scope (and article) asked about, is ranked as
   * {@link ask} does. Every result is a verbatim, cited passage as with `ask`. Never throws on any string.
   *
   * @example (await engine.answer('Who is Ayse Yildirim?')).results[0].quote // "Turkish energy minister Ayşe Yıldırım offered …"
   */
  async answer(question: string, options: AskOptions): Promise<AskResult> {
    const text = readTyped(question).trim();
    const scope = options.scope;
    const visible = scope.article === undefined || this.store.article(scope.article, scope) !== undefined;
    const command = text === '' || !visible ? null : readCommand(text);
    let routed: Routed | null = null;
    if (command?.kind === 'facts') routed = await this.factsRoute(command.name, command.types, options);
    else if (command?.kind === 'quotes') routed = await this.quotesRoute(command.speaker, command.about, options);
    else if (command?.kind === 'latest') routed = this.latestRoute(options);
    if (!routed || routed.results.length === 0) return this.ask(question, options);
    return {
      question: String(question ?? ''),
      outcome: 'answer',
      answered: true,
      confidence: 1,
      reason: null,
      corrections: [],
      route: routed.route,
      subject: routed.subject,
      results: routed.results.slice(0, topOf(options)),
    };
  }

  /** "Who is X": the sentences of X's card (in the article asked about, if one is), the role's first. */
  private async factsRoute(name: string, types: readonly string[], { scope }: AskOptions): Promise<Routed | null> {
    // The card is read across every article the owner sees (its role may be stated in another); its sentences then from the one asked about.
    const articleId = scope.article;
    const card = await this.facts(name, wholeOf(scope));
    if (!card || !types.includes(card.entity.type) || !namesAs(name, card.entity)) return null;
    const e = card.entity;
    const sentences = card.sentences.filter((s) => articleId === undefined || s.articleId === articleId);
    const role = e.role?.toLowerCase();
    const first = role ? sentences.findIndex((s) => s.text.toLowerCase().includes(role)) : -1;
    const ordered = first > 0 ? [sentences[first]!, ...sentences.filter((_, i) => i !== first)] : sentences;
    const matched = nameParts(e.name).concat(...e.aliases.map(nameParts));
    const results = ordered.flatMap((s) => {
      const passage = this.passageOf(s.articleId, s.paragraph, s.caption, scope);
      return passage ? [routedAnswer(passage.article, passage.passage, s.text, matched)] : [];
    });
    return { route: 'facts', subject: { name: e.name, role: e.role }, results };
  }

  /** "What did X say (about Y)": X's own quotations, those with most words of Y first (and only those with some). */
  private async quotesRoute(speaker: string, about: string, { scope }: AskOptions): Promise<Routed | null> {
    const articleId = scope.article;
    const whole = wholeOf(scope);
    const found = await this.quote(speaker, '', whole);
    if (!found.person || !namesAs(speaker, { name: found.person, aliases: (await this.facts(found.person, whole))?.entity.aliases ?? [] })) return null;
    const wanted = termsOf(about);
    const scored = found.quotes
      .filter((q) => q.relation === 'by' && (articleId === undefined || q.articleId === articleId))
      .flatMap((q, order) => {
        const passage = this.passageOf(q.articleId, q.paragraph, q.caption, scope);
        if (!passage) return [];
        const quote = sentencesHolding(passage.passage, q.text);
        const held = new Set(termsOf(quote));
        const hits = wanted.filter((t) => held.has(t)).length;
        // What the speaker rejected is theirs to answer with, but after what they asserted.
        return [{ hits, order: order + (q.polarity === 'rejected' ? found.quotes.length : 0), answer: routedAnswer(passage.article, passage.passage, quote, [...nameParts(found.person!), ...tokenize(about).filter((t) => t.term !== null).map((t) => t.word)]) }];
      })
      .filter((x) => wanted.length === 0 || x.hits > 0)
      .sort((a, b) => b.hits - a.hits || a.order - b.order);
    // One answer per passage: two quotations of one paragraph are one citation.
    const seen = new Set<string>();
    const results = scored.map((x) => x.answer).filter((a) => {
      const key = `${a.articleId}#${a.paragraph}#${a.caption}#${a.quote}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
    return { route: 'quotes', subject: { name: found.person, role: null }, results };
  }

  /** A question with no subject: the lead of the article asked about, else of the newest the scope sees. */
  private latestRoute({ scope }: AskOptions): Routed | null {
    const article = scope.article !== undefined ? this.store.article(scope.article, scope) : newest(this.store.stored(scope));
    if (!article || article.paragraphs.length === 0) return null;
    // News puts the story in its first paragraph; a one-sentence first paragraph is often only half of it.
    const lead = article.paragraphs.slice(0, article.paragraphs[0]!.sentences.length <= 1 ? 2 : 1);
    return { route: 'latest', subject: { name: article.title, role: null }, results: lead.map((p) => routedAnswer(article, p, p.text, [])) };
  }

  /** An article's paragraph or caption, if the scope sees the article. */
  private passageOf(articleId: string, paragraph: number | null, caption: number | null, scope: Scope): { article: Article; passage: Passage } | null {
    const article = this.store.article(articleId, scope);
    const passage = article ? passageAt(article, placeOf({ paragraph, caption })) : undefined;
    return article && passage ? { article, passage } : null;
  }

  /**
   * The question analysed and ranked, with the confidence that the first result answers it.
   * `ask` renders this; the training script reads its features.
   */
  rankQuestion(question: string, { limit = this.options.candidates, scope, weights, exclude }: RankQuestionOptions): Ranking {
    const owner = scope.owner;
    const articleId = scope.article;
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
    if (!visible) return { query, ranked: [], stats: { unknownShare: 1, terms: query.terms.length, scored: 0, runnerUp: null, termWeights: query.terms.map(() => 0) }, confidence: 0 };
    const { ranked, stats } = rank(query, this.index, this.options, limit, { meaning: this.meaning, articleId, owner, exclude, ...(weights ? { weights } : {}) });
    return { query, ranked, stats, confidence: ranked.length === 0 ? 0 : confidenceOf(query, ranked, stats, weights?.confidence) };
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
  startReading(): void {
    this.store.startReading();
  }

  /**
   * The digest of the articles a scope sees (see {@link buildDigest}): the one way a digest is made,
   * by the scheduler, `/digest now`, the CLI's `digest` and "Read more" (a one-article scope,
   * `summariesOnly`) alike. Plain data; the front ends render it.
   *
   * @example (await engine.digest({ owner: guildId }, { since: lastDigest })).articles[0]?.summary
   */
  digest(scope: Scope, options: DigestOptions = {}): Promise<Digest> {
    return buildDigest(this.store, scope, options);
  }

  /** Every quotation of the articles a scope sees, in article order. */
  async quotes(scope: Scope): Promise<readonly Quote[]> {
    return (await this.store.book(scope)).quotes;
  }

  /**
   * Quotations by or about a person, or containing words; see {@link QuoteBook.quote}.
   *
   * @example (await engine.quote('putin')).quotes.filter((q) => q.relation === 'by')
   */
  async quote(who: string, about: string, scope: Scope): Promise<QuoteResult> {
    return (await this.store.book(scope)).quote(readTyped(who), readTyped(about));
  }

  /** Every person, place, organisation and date, most mentioned first. */
  async entities(scope: Scope): Promise<readonly Entity[]> {
    return (await this.store.book(scope)).entities;
  }

  /** The card of one entity, or null when nothing of that name is known. */
  async facts(name: string, scope: Scope): Promise<FactCard | null> {
    return (await this.store.book(scope)).facts(readTyped(name));
  }

  /** People who are quoted, most quoted first. */
  async speakers(scope: Scope): Promise<readonly string[]> {
    return (await this.store.book(scope)).speakers();
  }
}

/** Whether a message is only a greeting, thanks or the like (see {@link SMALL_TALK}): nothing to search for. */
export function isSmallTalk(text: string): boolean {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length > 0 && words.length <= 8 && words.every((w) => SMALL_TALK.has(w)) && words.some((w) => SMALL_TALK_ANCHORS.has(w));
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

/** The number of results asked for, 1-25. */
function topOf(options: AskOptions): number {
  return Math.min(25, Math.max(1, Math.floor(options.top ?? ASK_DEFAULTS.top) || ASK_DEFAULTS.top));
}

/** What a route found. */
interface Routed {
  readonly route: Exclude<AskRoute, 'ranked'>;
  readonly subject: { readonly name: string; readonly role: string | null };
  readonly results: readonly Answer[];
}

/** A question that is really another command, read from its form; null for any other question. */
type Command =
  | { readonly kind: 'facts'; readonly name: string; readonly types: readonly Entity['type'][] }
  | { readonly kind: 'quotes'; readonly speaker: string; readonly about: string }
  | { readonly kind: 'latest' };

/** "Who is X", "who's X", "who was X"; "what is X" asks the same of an organisation. */
const WHO_IS = /^(who|what)(?:\s+(?:is|was)|['’]s)\s+(.+)$/iu;
/** "What did X say / tell (…) (about Y)": X's quotations. */
const WHAT_SAID = /^what\s+(?:did|does|do|has|have|had|is|was)\s+(.+?)\s+(?:say|said|saying|tell|told|telling)\b(.*)$/iu;
/** The words after "say" that name what about: "about Y", "on Y", "to the judge about Y". */
const ABOUT = /\b(?:about|on|of|regarding|concerning|over)\s+(.+)$/iu;
/**
 * A question with no subject of its own, asking what is new: "what happened", "any news", "what's
 * going on", "whats new", "what's the latest", with "today", "lately", "so far" and the like.
 */
const VAGUE = /^(?:what(?:['’]?s|\s+is|\s+has)?\s+(?:happened|happening|going\s+on|new|up|the\s+(?:news|latest|story))|what\s+is\s+the\s+(?:news|latest|story)|(?:any|latest|the)\s+(?:news|updates?)|news|anything\s+new)(?:\s+(?:today|now|lately|recently|so\s+far|then|here|at\s+the\s+moment))?$/iu;
/** A pronoun or article opening X: "who is he", "who is the new CEO" ask for no name. */
const NOT_A_NAME = /^(?:he|she|it|they|him|her|them|this|that|these|those|the|a|an|his|her|their|its|our|my|your|which|what|who|one)\b/iu;

/**
 * Which command a question really is (see {@link Engine.answer}): only its form is read here, in
 * the plain register ({@link plainQuestion}: "whos", "wat did X say abt Y", "ok so", "hey Pilcrow"),
 * as the ranked path reads it; the route then checks that the book knows the name.
 *
 * @example readCommand('Who is Ayse Yildirim?') // { kind: 'facts', name: 'Ayse Yildirim', types: ['person', 'organisation'] }
 * @example readCommand('what did Putin say about the election') // { kind: 'quotes', speaker: 'Putin', about: 'the election' }
 */
export function readCommand(question: string): Command | null {
  const q = plainQuestion(question).trim().replace(/[\s?!.…]+$/u, '').replace(/\s+/gu, ' ');
  if (VAGUE.test(q)) return { kind: 'latest' };
  const said = WHAT_SAID.exec(q);
  if (said && !NOT_A_NAME.test(said[1]!)) return { kind: 'quotes', speaker: said[1]!, about: ABOUT.exec(said[2]!)?.[1] ?? '' };
  const who = WHO_IS.exec(q);
  if (who && !NOT_A_NAME.test(who[2]!)) return { kind: 'facts', name: who[2]!, types: who[1]!.toLowerCase() === 'who' ? ['person', 'organisation'] : ['organisation'] };
  return null;
}

/**
 * Whether a typed name names this entity: every word of it (titles dropped, diacritics folded,
 * transliterated) is a word of the entity's name or of one of its aliases, or, from
 * {@link TYPO_LENGTH} letters, one edit from one ("Bolten"). The book's own lookup also takes the
 * closest name form; a route must not answer "who is X" about whoever is spelt nearest to a phrase.
 */
function namesAs(typed: string, entity: { readonly name: string; readonly aliases: readonly string[] }): boolean {
  const parts = [...new Set([entity.name, ...entity.aliases].flatMap(nameParts))];
  const known = (w: string) => parts.includes(w) || (w.length >= TYPO_LENGTH && parts.some((p) => distance(w, p) === 1));
  return nameForms(withoutTitles(typed)).some((form) => form.split(' ').every((w) => w.length > 0 && known(w)));
}

/** Letters from which a typed word of a name may be one edit from the name's (shorter words with a typo are other words). */
const TYPO_LENGTH = 5;

/** The index terms of a text (stop words dropped), once each. */
function termsOf(text: string): string[] {
  return [...new Set(tokenize(text).map((t) => t.term).filter((t): t is string => t !== null))];
}

/**
 * The sentence(s) of a passage that hold a quotation's words, verbatim; the sentence before too when
 * the first leans back on it ("He added: …"). The whole passage when the words are not found as written.
 */
function sentencesHolding(passage: Passage, words: string): string {
  const at = passage.text.indexOf(words);
  if (at < 0) return passage.text;
  const end = at + words.length;
  const inside = passage.sentences.map((s, i) => ({ s, i })).filter(({ s }) => s.end > at && s.start < end);
  if (inside.length === 0) return passage.text;
  const first = inside[0]!;
  const prev = passage.sentences[first.i - 1];
  const start = prev && leansBack(first.s.text) ? prev.start : first.s.start;
  return passage.text.slice(start, inside[inside.length - 1]!.s.end);
}

/** A routed result: verbatim text of one passage, cited like a ranked one (score 0: not ranked). */
function routedAnswer(article: Article, passage: Passage, quote: string, matched: readonly string[]): Answer {
  return {
    articleId: article.id,
    articleTitle: article.title,
    ...pairOf(passage),
    quote,
    context: passage.text,
    score: 0,
    matched: [...new Set(matched.map((w) => w.toLowerCase()))],
  };
}

/**
 * The newest of these articles: the latest publication date where it can be read (front matter or
 * feed), else the time it came; of equals, the one added last.
 */
function newest(stored: readonly StoredArticle[]): Article | undefined {
  let best: { article: Article; at: number } | undefined;
  for (const { article, addedAt } of stored) {
    const published = article.published ? Date.parse(article.published) : NaN;
    const at = Number.isNaN(published) ? addedAt.getTime() : published;
    if (!best || at >= best.at) best = { article, at };
  }
  return best?.article;
}

function toAnswer(r: RankedPassage): Answer {
  const { article, passage } = r.entry;
  return {
    articleId: article.id,
    articleTitle: article.title,
    ...pairOf(passage),
    quote: quoteOf(passage, r.sentence),
    context: passage.text,
    score: Math.round(r.score * 1000) / 1000,
    matched: r.matched,
  };
}

/** The answer sentence, with the one before it when it starts with a pronoun or connective. */
export function quoteOf(passage: Passage, index: number): string {
  const sentences = passage.sentences;
  const sentence = sentences[index];
  if (!sentence) return passage.text;
  const prev = sentences[index - 1];
  const start = prev && leansBack(sentence.text) ? prev.start : sentence.start;
  return passage.text.slice(start, sentence.end);
}
