import type { Answer } from './engine.js';
import type { Article } from './knowledge/types.js';

/**
 * Where an answer comes from, as a reader checks it: "¶5" for a paragraph, "photo caption 2" for a caption.
 *
 * @example place({ paragraph: 5, caption: null }) // '¶5'
 */
export function place(answer: Pick<Answer, 'paragraph' | 'caption'>): string {
  return answer.paragraph !== null ? `¶${answer.paragraph}` : `photo caption ${answer.caption}`;
}

/**
 * The full citation: article title and place.
 *
 * @example citation(answer) // 'Donald Trump to hold summit with Vladimir Putin ¶5'
 */
export function citation(answer: Pick<Answer, 'articleTitle' | 'paragraph' | 'caption'>): string {
  return `${answer.articleTitle} ${place(answer)}`;
}

/**
 * Article id → title, for citing quotations and mentions (the id itself if the article is gone).
 *
 * @example titleOf(articles)('trump-putin-summit') // 'Donald Trump to hold summit with Vladimir Putin'
 */
export function titleOf(articles: readonly Article[]): (id: string) => string {
  const titles = new Map(articles.map((a) => [a.id, a.title]));
  return (id) => titles.get(id) ?? id;
}

/**
 * The article's web address, when its source is one (a knowledge file's `source:` may be any text):
 * what an embed may link to and a digest lists.
 *
 * @example webAddress({ source: 'https://news.example/a' }) // 'https://news.example/a'
 */
export function webAddress(article: Pick<Article, 'source'>): string | null {
  return article.source && /^https?:\/\//.test(article.source) ? article.source : null;
}
