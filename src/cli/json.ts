import type { AskResult } from '../engine.js';
import type { Article } from '../knowledge/types.js';

/**
 * The public JSON shapes of `pilcrow ask --json` and `pilcrow paragraphs --json`. Other tools
 * parse them: add nothing, rename nothing. Fields are listed explicitly so that an engine change
 * cannot leak into them.
 */
export function askJson(r: AskResult) {
  return {
    question: r.question,
    answered: r.answered,
    results: r.results.map((a) => ({
      articleId: a.articleId,
      articleTitle: a.articleTitle,
      paragraph: a.paragraph,
      caption: a.caption,
      quote: a.quote,
      context: a.context,
      score: a.score,
    })),
  };
}

export function paragraphsJson(articles: readonly Article[]) {
  return {
    articles: articles.map((a) => ({
      id: a.id,
      title: a.title,
      paragraphs: a.paragraphs.map((p) => ({ n: p.n, text: p.text })),
      captions: a.captions.map((c) => ({ n: c.n, text: c.text })),
    })),
  };
}
