import type { Article } from '../model/article.js';
import type { Entity } from '../engine/index.js';
import { oneArticle, type Scope } from '../model/scope.js';
import type { AnswerEngine } from './command.js';

/** Tuning of the questions suggested to members. */
export const SUGGEST_DEFAULTS = Object.freeze({
  /** Candidate questions tried per article (each one search of that article). */
  candidates: 6,
  /** Time given to trying the candidates when a form opens (it must open within Discord's 3 s), ms. */
  budgetMs: 1500,
  /** How long questions found for an article are reused, ms (the article may change, rarely). */
  rememberMs: 10 * 60_000,
  /** Articles whose questions are remembered at most. */
  remembered: 500,
  /** Longest suggestion, in characters (a modal placeholder holds 100). */
  maxChars: 60,
});

/**
 * Questions worth asking of one article, tried first: "who is <its main person>", "where is <its
 * main place>", "what did <its main person> say", "what about <its main organisation>", then the
 * opening words of its title. Only names the article itself mentions are used.
 */
export function candidateQuestions(article: Pick<Article, 'id' | 'title'>, entities: readonly Entity[]): string[] {
  const mentions = (e: Entity) => e.mentions.filter((m) => m.articleId === article.id).length;
  const main = (type: Entity['type']) => entities.filter((e) => e.type === type && mentions(e) > 0).sort((a, b) => mentions(b) - mentions(a))[0]?.name;
  const person = main('person');
  const place = main('place');
  const organisation = main('organisation');
  const titleWords = article.title.split(/\s+/).slice(0, 6).join(' ').replace(/[:;,.!?'"‘’“”]+$/, '');
  const out = [
    person ? `who is ${person}` : null,
    place ? `what happened in ${place}` : null,
    person ? `what did ${person} say` : null,
    organisation ? `what about ${organisation}` : null,
    titleWords ? `what about ${titleWords.toLowerCase()}` : null,
  ];
  return [...new Set(out.filter((q): q is string => q !== null && q.length <= SUGGEST_DEFAULTS.maxChars))].slice(0, SUGGEST_DEFAULTS.candidates);
}

/**
 * Up to `count` questions that Pilcrow answers from `article` alone (each candidate of
 * {@link candidateQuestions} asked of it, kept when the answer is an answer, not "not sure"), in
 * the order tried. Empty when none works.
 */
export async function workingQuestions(engine: Pick<AnswerEngine, 'answer' | 'entities'>, article: Pick<Article, 'id' | 'title'>, scope: Scope, count: number): Promise<string[]> {
  // Asked again for the same article (each click of its "Ask about" button): the questions found before.
  const key = `${scope?.owner ?? ''}\u0000${article.id}\u0000${count}`;
  let tried = triedBy.get(engine);
  if (!tried) triedBy.set(engine, (tried = new Map()));
  const known = tried.get(key);
  if (known && known.at > Date.now() - SUGGEST_DEFAULTS.rememberMs) return known.questions;
  const questions = await tryQuestions(engine, article, scope, count);
  tried.delete(key);
  tried.set(key, { questions, at: Date.now() });
  if (tried.size > SUGGEST_DEFAULTS.remembered) tried.delete(tried.keys().next().value!);
  return questions;
}

/** Questions found per engine, then per scope, article and count, oldest first. */
const triedBy = new WeakMap<object, Map<string, { questions: string[]; at: number }>>();

async function tryQuestions(engine: Pick<AnswerEngine, 'answer' | 'entities'>, article: Pick<Article, 'id' | 'title'>, scope: Scope, count: number): Promise<string[]> {
  const entities = await engine.entities(scope);
  const found: string[] = [];
  for (const question of candidateQuestions(article, entities)) {
    const result = await engine.answer(question, { top: 1, scope: oneArticle(scope, article.id) });
    if (result.outcome === 'answer') found.push(question);
    if (found.length >= count) break;
  }
  return found;
}
