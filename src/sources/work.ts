import { buildArticle, type ArticleParts, type ParseOptions } from '../knowledge/parse.js';
import { splitRows, type SplitRow } from '../knowledge/splits.js';
import type { Article, KnowledgeError } from '../knowledge/types.js';
import { err, ok, type Result } from '../result.js';
import type { PreparedArticle, SearchIndex } from '../search/index.js';
import { readFeed, type FeedReadError, type ParsedFeed } from '../feeds/parse.js';
import { decodeFeed, decodeHtml } from './decode.js';
import { extractArticle, htmlBlocks, type ExtractedArticle, type ExtractError } from './extract.js';
import { partsOfFile, type IngestError } from './files.js';

/**
 * The heavy part of reading news, as pure functions of bytes and text: decoding and reducing a page
 * to its article, parsing a feed, parsing an article file, and making an article ready for the
 * index (sentences split, words tokenised and marked). They run on the thread that calls them (the
 * CLI, tests) or in worker threads (the bot: see work-pool.ts), where a hostile or huge page costs
 * time off the thread that answers Discord, within a time limit.
 */

/**
 * An article ready to join the store: the article (sentences split), what the index makes of it and
 * its key (SearchIndex.keyOf), and its sentence splits as the state keeps them: all made where the
 * article was made, so that the thread answering questions only joins it.
 */
export interface MadeArticle {
  readonly article: Article;
  readonly prepared: PreparedArticle;
  readonly key: string;
  readonly splits: readonly SplitRow[];
}

/** Text and paragraphs of an HTML fragment (a feed item's content). */
export interface Blocks {
  readonly paragraphs: readonly string[];
  readonly captions: readonly string[];
}

/** Why a piece of work was given up: it ran past its time limit, or its worker failed. */
export interface WorkError {
  readonly code: 'too_slow' | 'worker_failed';
  readonly message: string;
}

/**
 * Where the heavy work runs. {@link InlineWork} runs it here; the bot's pool (work-pool.ts) in worker
 * threads, each task within a time limit. Every front end (CLI, console, bot, feed polling) reads
 * news through one of these, so they all read it the same way.
 */
export interface SourceWork {
  /** A fetched page's bytes (decoded as a browser would) reduced to its article. */
  page(bytes: Uint8Array, contentType: string | null, url: string): Promise<Result<ExtractedArticle, ExtractError | WorkError>>;
  /** A fetched feed's bytes (decoded by XML's rules) read into its items. */
  feed(bytes: Uint8Array, contentType: string | null, url: string): Promise<Result<ParsedFeed, FeedReadError | WorkError>>;
  /** An HTML fragment's paragraphs and captions. */
  blocks(html: string): Promise<Result<Blocks, WorkError>>;
  /** An article file's bytes (`.txt`, `.md`, `.html`) as the parts of an article (see partsOfFile). */
  file(name: string, bytes: Uint8Array, contentType: string | null): Promise<Result<ArticleParts, IngestError | WorkError>>;
  /** Builds an article from its parts and prepares it for the index. */
  article(id: string, parts: ArticleParts): Promise<Result<MadeArticle, KnowledgeError | WorkError>>;
  /** Ends the workers, if any. */
  close(): Promise<void>;
}

/** A task for a worker, as plain data (structured-clonable). */
export type Task =
  | { readonly kind: 'page'; readonly bytes: Uint8Array; readonly contentType: string | null; readonly url: string }
  | { readonly kind: 'feed'; readonly bytes: Uint8Array; readonly contentType: string | null; readonly url: string }
  | { readonly kind: 'blocks'; readonly html: string }
  | { readonly kind: 'file'; readonly name: string; readonly bytes: Uint8Array; readonly contentType: string | null }
  | { readonly kind: 'article'; readonly id: string; readonly parts: ArticleParts };

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
      return ok(htmlBlocks(task.html));
    case 'file':
      return partsOfFile(task.name, task.bytes, task.contentType);
    case 'article':
      return makeArticle(index, task.id, task.parts, parse);
  }
}

/**
 * Builds an article from its parts (see {@link buildArticle}) and prepares it for `index` (see
 * SearchIndex.prepare): the costly part of adding an article, done before it is stored, so that an
 * article is stored only when it can be indexed.
 */
export function makeArticle(index: SearchIndex, id: string, parts: ArticleParts, parse: ParseOptions = {}): Result<MadeArticle, KnowledgeError> {
  const built = buildArticle(id, parts, parse);
  if (!built.ok) return built;
  return ok({ article: built.value, prepared: index.prepare(built.value), key: index.keyOf(built.value), splits: splitRows(built.value) });
}

/** Runs the work on this thread: the CLI and the console (one user, who waits for the answer anyway). */
export class InlineWork implements SourceWork {
  constructor(
    private readonly index: SearchIndex,
    private readonly parse: ParseOptions = {},
  ) {}

  async page(bytes: Uint8Array, contentType: string | null, url: string) {
    return runTask({ kind: 'page', bytes, contentType, url }, this.index) as Result<ExtractedArticle, ExtractError>;
  }

  async feed(bytes: Uint8Array, contentType: string | null, url: string) {
    return runTask({ kind: 'feed', bytes, contentType, url }, this.index) as Result<ParsedFeed, FeedReadError>;
  }

  async blocks(html: string) {
    return runTask({ kind: 'blocks', html }, this.index) as Result<Blocks, WorkError>;
  }

  async file(name: string, bytes: Uint8Array, contentType: string | null) {
    return runTask({ kind: 'file', name, bytes, contentType }, this.index) as Result<ArticleParts, IngestError>;
  }

  async article(id: string, parts: ArticleParts) {
    return runTask({ kind: 'article', id, parts }, this.index, this.parse) as Result<MadeArticle, KnowledgeError>;
  }

  async close(): Promise<void> {}
}

/** A work error as a result. */
export const workFailed = (code: WorkError['code'], message: string) => err<WorkError>({ code, message });
