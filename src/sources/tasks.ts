import { readFeed } from '../feeds/parse.js';
import { buildArticle, type ArticleParts, type ParseOptions } from '../knowledge/parse.js';
import { articleOfBytes } from '../knowledge/load.js';
import type { Article, KnowledgeError } from '../model/article.js';
import { ok, type Result } from '../result.js';
import type { SearchIndex } from '../search/index.js';
import { decodeFeed, decodeHtml } from './decode.js';
import { feedItemBlocks } from './body.js';
import { extractArticle } from './extract.js';
import { partsOfFile } from './files.js';
import type { MadeArticle, Task } from './work.js';

/**
 * The tasks of sources/work.ts, run on the thread that loads this module: a worker thread in the bot
 * (work-worker.ts), the main thread in the CLI (loaded at its first task).
 */

/**
 * Runs one task. `index` prepares articles (its word vectors decide their sentence vectors; it is
 * not changed); `parse` may remember sentence splits (the main thread's cache).
 */
export function runTask(task: Task, index: SearchIndex, parse: ParseOptions = {}): unknown {
  switch (task.kind) {
    case 'page':
      return extractArticle(decodeHtml(task.bytes, task.contentType).text, task.url);
    case 'feed':
      return readFeed(decodeFeed(task.bytes, task.contentType).text, task.url);
    case 'blocks':
      // A feed item's own HTML: its paragraphs without the furniture feeds add (WordPress's share and "more" lines…).
      return ok(feedItemBlocks(task.html));
    case 'file':
      return partsOfFile(task.name, task.bytes, task.contentType);
    case 'article':
      return makeArticle(index, task.id, task.parts, parse);
    case 'knowledge': {
      const parsed = articleOfBytes(task.file, task.bytes, parse);
      return parsed.ok ? ok(made(index, parsed.value)) : parsed;
    }
    case 'prepare':
      return ok(index.prepare(task.article));
  }
}

/** An article made ready: its index entries and index key. */
function made(index: SearchIndex, article: Article): MadeArticle {
  return { article, prepared: index.prepare(article), key: index.keyOf(article) };
}

/**
 * Builds an article from its parts (see {@link buildArticle}) and prepares it for `index` (see
 * SearchIndex.prepare): the costly part of adding an article, done before it is stored, so that an
 * article is stored only when it can be indexed.
 */
export function makeArticle(index: SearchIndex, id: string, parts: ArticleParts, parse: ParseOptions = {}): Result<MadeArticle, KnowledgeError> {
  const built = buildArticle(id, parts, parse);
  return built.ok ? ok(made(index, built.value)) : built;
}

