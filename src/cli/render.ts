import { citation } from '../citation.js';
import type { AskResult } from '../engine.js';
import type { Article } from '../knowledge/types.js';

/** Plain-text rendering of an answer for the terminal: the quote, then its citation. */
export function renderAnswerText(result: AskResult): string {
  const lines: string[] = [];
  if (result.corrections.length > 0) {
    lines.push(`(searched for: ${result.corrections.map((c) => `${c.from} → ${c.to}`).join(', ')})`);
  }
  if (result.reason === 'empty_question') return 'Ask a question about the articles, e.g. "where is the summit".';
  if (!result.answered) {
    lines.push('The articles do not answer this.');
    if (result.results.length === 0) return lines.join('\n');
    lines.push('Closest passages (not an answer):');
  }
  result.results.forEach((r, i) => {
    lines.push(`${i + 1}. “${r.quote}”`, `   — ${citation(r)}`);
  });
  return lines.join('\n');
}

/** Every article with its numbered paragraphs and captions, as citations number them. */
export function renderParagraphsText(articles: readonly Article[]): string {
  return articles
    .map((a) => [
      `# ${a.title}  [${a.id}]`,
      ...a.paragraphs.map((p) => `¶${p.n} ${p.text}`),
      ...a.captions.map((c) => `photo caption ${c.n}: ${c.text}`),
    ].join('\n'))
    .join('\n\n');
}
