/**
 * Shared by the search index's and the ranker's unit tests (index.test.ts, rank.test.ts): real
 * articles (the seed article of knowledge/ and short news stories), a query analysed as the engine
 * analyses it, and an index's statistics keyed by article and passage rather than by position, so
 * that two indexes built differently can be compared.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildArticle, parseArticle } from '../../src/knowledge/parse.js';
import { TypoCorrector } from '../../src/search/fuzzy.js';
import type { IndexedPassage, SearchIndex } from '../../src/search/index.js';
import { analyse, rank, RANK_DEFAULTS, type Query, type RankOptions } from '../../src/search/rank.js';
import type { Weights } from '../../src/search/weights.js';

export type Article = IndexedPassage['article'];

const ROOT = join(import.meta.dirname, '..', '..');

/** The seed article (knowledge/trump-putin-summit.txt), parsed as the knowledge folder parses it. */
export function seed(): Article {
  const r = parseArticle('trump-putin-summit', readFileSync(join(ROOT, 'knowledge', 'trump-putin-summit.txt'), 'utf8'));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** An article from its parts, or the test fails with the parser's message. */
export function make(id: string, title: string, paragraphs: readonly string[], captions: readonly string[] = []): Article {
  const r = buildArticle(id, { title, paragraphs, captions });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Short news stories, written as agencies write them. */
export const FLOODS = make('valencia-floods', 'Floods sweep Valencia after record rainfall', [
  'Rescue teams in Valencia pulled 43 people from flooded homes on Tuesday after torrential rain swept through eastern Spain.',
  'The river Turia burst its banks overnight, the regional government said, and schools across the province will stay closed until Friday.',
  'Meteorologists said more rain had fallen in eight hours than in the previous twelve months.',
], ['Residents wade through a flooded street in Valencia on Tuesday - Credit: Reuters']);

export const BANK = make('snb-rates', 'Swiss central bank cuts interest rates again', [
  'The Swiss National Bank (SNB) cut its main interest rate to 0.5% on Thursday, citing inflation that has fallen faster than expected.',
  'Economists in Zürich had expected the cut, the third this year, as the strong franc weighs on exporters.',
  'The bank said it stood ready to intervene in currency markets if necessary.',
]);

export const STRIKE = make('sao-paulo-strike', 'Metro workers strike in São Paulo', [
  'Metro workers in São Paulo walked out on Monday, leaving millions of commuters to find other ways to work.',
  'The union said the strike would continue until the state government dropped its plan to privatise three lines.',
]);

export const CHINESE = make('talks-zh', '外长会谈在日内瓦举行', [
  '中国外交部长王毅周四在日内瓦与各国代表举行会谈。',
  '谈判代表李明华表示，双方已经签署了停火协议。',
]);

/** A passage's name that does not depend on where it lies in an index. */
export const keyOf = (e: IndexedPassage): string => `${e.article.id} ${e.passage.kind} ${e.passage.n}`;

/** A question analysed as the engine analyses it, strings only (no word vectors, no WordNet). */
export function ask(index: SearchIndex, question: string, owner: string | null = null): Query {
  return analyse(question, { index, corrector: new TypoCorrector(index.words), options: RANK_DEFAULTS, meaning: null, owner });
}

/** The ranking of a question, as data keyed by passage (see {@link keyOf}). */
export function ranking(index: SearchIndex, question: string, scope: { owner?: string | null; articleId?: string; weights?: Weights; options?: RankOptions } = {}, limit = 100) {
  const query = ask(index, question, scope.owner ?? null);
  const { ranked, stats } = rank(query, index, scope.options ?? RANK_DEFAULTS, limit, { meaning: null, owner: scope.owner ?? null, articleId: scope.articleId, ...(scope.weights ? { weights: scope.weights } : {}) });
  return {
    query,
    ranked,
    stats,
    rows: ranked.map((r) => ({ key: keyOf(r.entry), score: r.score, sentence: r.sentence, features: r.features, termMatch: r.termMatch, matched: [...r.matched].sort() })),
  };
}

/**
 * What an index holds, by term and by passage name: every live term's IDF and postings, every
 * passage's length, the vocabulary (overall and as each owner sees it), the averages and acronyms.
 * Equal for two indexes that answer every question alike.
 */
export function statistics(index: SearchIndex, owners: readonly (string | null)[] = [null], acronyms: readonly string[] = []) {
  const terms: Record<string, { idf: number; postings: [string, number][] }> = {};
  for (const term of [...index.terms.keys()].sort()) {
    const id = index.termId(term);
    if (id === undefined) continue;
    const { passages, counts } = index.postingsOf(id);
    terms[term] = { idf: index.idf(id), postings: Array.from(passages, (p, i) => [keyOf(index.passage(p)!), counts[i]!] as [string, number]).sort() };
  }
  const lengths: Record<string, number> = {};
  for (let p = 0; p < index.slots; p++) {
    const entry = index.passage(p);
    if (entry) lengths[keyOf(entry)] = index.lengths[entry.index]!;
  }
  const words = [...index.words].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const visible = Object.fromEntries(owners.map((o) => [String(o), words.filter(([w]) => index.hasWord(w, o)).map(([w]) => w)]));
  return {
    size: index.size,
    articles: [...index.byArticle.keys()].sort(),
    averageLength: index.averageLength,
    averageSentenceLength: index.averageSentenceLength,
    maxIdf: index.maxIdf,
    terms,
    lengths,
    words,
    visible,
    acronyms: Object.fromEntries(acronyms.map((a) => [a, index.acronym(a)?.map((id) => [...index.terms].find(([, i]) => i === id)?.[0])])),
  };
}
