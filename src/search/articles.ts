import { bm25, bm25Idf } from './bm25.js';
import type { SearchIndex } from './index.js';

/**
 * Article-level evidence for finding a question's article among many: each article is scored as one
 * document (BM25F, Robertson, Zaragoza & Taylor 2004), its title and its opening paragraphs counting
 * more than the rest, since news names its subject in the headline and the lead. A reader asking
 * "how many ppl were on board" of a server's year of news means the article about the flight, which
 * the headline and the lead name, even when the answering sentence says only "the 150 passengers".
 */
export const ARTICLE_SEARCH_DEFAULTS = Object.freeze({
  /** A title word counts as this many occurrences in the body (BM25F field weight). */
  titleWeight: 3,
  /** A word of the first `leadParagraphs` paragraphs counts this many times (BM25F field weight). */
  leadWeight: 2,
  /** Paragraphs that make the lead. */
  leadParagraphs: 2,
  /** BM25 saturation over whole articles. */
  k1: 1.2,
  /** BM25 length normalisation over whole articles: long articles are not less relevant, mostly. */
  b: 0.5,
});

/** Each article's length in terms, kept per index and article (the passage list is replaced when the article is). */
const LENGTHS = new WeakMap<readonly number[], number>();

function articleLength(index: SearchIndex, positions: readonly number[]): number {
  let length = LENGTHS.get(positions);
  if (length === undefined) {
    length = 0;
    for (const p of positions) length += index.lengths[p] ?? 0;
    LENGTHS.set(positions, length);
  }
  return length;
}


/**
 * BM25F scores of the articles holding the question's terms: article id → score (≥ 0). `terms` are
 * index term ids with the question's weight of each (0-1). `keep` filters articles (a server sees
 * the shared ones and its own). Cost: one pass over each term's postings.
 *
 * @example articleScores(index, [{ id: index.termId('summit')!, weight: 1 }]).get('seed') // 7.9
 */
export function articleScores(
  index: SearchIndex,
  terms: readonly { readonly id: number; readonly weight: number }[],
  keep: (articleId: string) => boolean = () => true,
  options = ARTICLE_SEARCH_DEFAULTS,
): Map<string, number> {
  const scores = new Map<string, number>();
  const articles = index.byArticle.size;
  if (articles === 0) return scores;
  const average = index.averageArticleLength;
  for (const { id, weight } of terms) {
    const { passages, counts } = index.postingsOf(id);
    // Postings are in position order and an article's passages are consecutive: one run per article,
    // its term frequency summed over the run (the title counting once, at the run's start).
    const runArticles: string[] = [];
    const runTf: number[] = [];
    for (let i = 0; i < passages.length; i++) {
      // Whose the passage is, without building it (an article's paragraphs come before its captions).
      const held = index.articleAt(passages[i]!);
      if (!held) continue;
      const paragraph = held.article.paragraphs[passages[i]! - held.base];
      const lead = paragraph !== undefined && paragraph.n <= options.leadParagraphs;
      const n = counts[i]! * (lead ? options.leadWeight : 1);
      if (runArticles.at(-1) === held.article.id) runTf[runTf.length - 1]! += n;
      else {
        runArticles.push(held.article.id);
        runTf.push(n + (held.titleTerms.has(id) ? options.titleWeight : 0));
      }
    }
    const idf = bm25Idf(articles, runArticles.length);
    for (let r = 0; r < runArticles.length; r++) {
      const article = runArticles[r]!;
      if (!keep(article)) continue;
      const length = articleLength(index, index.byArticle.get(article) ?? []);
      scores.set(article, (scores.get(article) ?? 0) + bm25(runTf[r]!, weight * idf, length, average, options.k1, options.b));
    }
  }
  return scores;
}
