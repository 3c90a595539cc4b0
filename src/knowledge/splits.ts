import { createHash } from 'node:crypto';
import type { Article } from '../model/article.js';

/**
 * The version of the sentence splitter (sentences.ts and its repairs). Bump it when the splitter
 * changes how it splits, so that kept splits are made again.
 * 2: Unicode's sentence breaks (Intl.Segmenter) judged with pySBD's abbreviation rules, instead of sentence-splitter.
 */
export const SPLIT_VERSION = 2;

/** The key under which a passage's split is kept (state/sentences.ts): its text and the splitter's version, hashed. */
export function splitKey(text: string): string {
  return createHash('sha1').update(`${SPLIT_VERSION}\n${text}`).digest('hex');
}

/** A kept split: the passage's key, and its sentences' `[start, end]` offsets as JSON. */
export type SplitRow = readonly [key: string, offsets: string];

/** The splits of an article's passages, as the state keeps them (made where the article was split: a worker thread). */
export function splitRows(article: Article): SplitRow[] {
  const rows: SplitRow[] = [];
  for (const passage of [...article.paragraphs, ...article.captions]) rows.push([splitKey(passage.text), JSON.stringify(passage.sentences.map((s) => [s.start, s.end]))]);
  return rows;
}
