import type { ProblemFacts } from '../model/problems.js';
import type { FeedReadError, ParsedFeed } from '../feeds/parse.js';
import type { ArticleParts, ParseOptions } from '../knowledge/parse.js';
import type { Article, KnowledgeError } from '../model/article.js';
import type { Result } from '../result.js';
import type { PreparedArticle, SearchIndex } from '../search/index.js';
import type { ExtractedArticle, ExtractError } from './extract.js';
import type { IngestError } from './files.js';
import type * as Tasks from './tasks.js';

/**
 * The heavy part of reading news, as pure functions of bytes and text: decoding and reducing a page
 * to its article, parsing a feed, parsing an article file, and making an article ready for the
 * index (sentences split, words tokenised and marked): tasks.ts. They run on the thread that calls them (the
 * CLI, tests) or in worker threads (the bot: see work-pool.ts), where a hostile or huge page costs
 * time off the thread that answers Discord, within a time limit.
 */

/**
 * An article ready to join the store: the article (sentences split), what the index makes of it and
 * its key (SearchIndex.keyOf), made where the article was made, so that the thread answering
 * questions only joins it (its splits are kept with its derived record when it joins the store).
 */
export interface MadeArticle {
  readonly article: Article;
  readonly prepared: PreparedArticle;
  readonly key: string;
}

/** Text and paragraphs of an HTML fragment (a feed item's content). */
export interface Blocks {
  readonly paragraphs: readonly string[];
  readonly captions: readonly string[];
}

/** Why a piece of work was given up: it ran past its time limit, or its worker failed. */
export interface WorkError extends ProblemFacts {
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
  /** Parses a knowledge folder's file (its id is its name) and prepares it for the index. */
  knowledge(file: string, bytes: Uint8Array): Promise<Result<MadeArticle, KnowledgeError | WorkError>>;
  /** Prepares an article already parsed for the index (a folder read for the first time, many files at once):
   *  SearchIndex.prepare, its key being the caller's (the store has hashed it to look for kept data). */
  prepare(article: Article): Promise<Result<PreparedArticle, WorkError>>;
  /** Ends the workers, if any. */
  close(): Promise<void>;
}

/** A task for a worker, as plain data (structured-clonable). */
export type Task =
  | { readonly kind: 'page'; readonly bytes: Uint8Array; readonly contentType: string | null; readonly url: string }
  | { readonly kind: 'feed'; readonly bytes: Uint8Array; readonly contentType: string | null; readonly url: string }
  | { readonly kind: 'blocks'; readonly html: string }
  | { readonly kind: 'file'; readonly name: string; readonly bytes: Uint8Array; readonly contentType: string | null }
  | { readonly kind: 'article'; readonly id: string; readonly parts: ArticleParts }
  | { readonly kind: 'knowledge'; readonly file: string; readonly bytes: Uint8Array }
  | { readonly kind: 'prepare'; readonly article: Article };

/**
 * Runs the work on this thread: the CLI and the console (one user, who waits for the answer anyway).
 * The readers (tasks.ts: the decoders, the HTML and feed parsers, date reading) are loaded at the
 * first task, so that a command that reads no page or feed does not spend its start loading them.
 */
export class InlineWork implements SourceWork {
  private tasks: Promise<typeof Tasks> | undefined;

  constructor(
    private readonly index: SearchIndex,
    private readonly parse: ParseOptions = {},
  ) {}

  private async run(task: Task, parse: ParseOptions = {}): Promise<unknown> {
    this.tasks ??= import('./tasks.js');
    return (await this.tasks).runTask(task, this.index, parse);
  }

  async page(bytes: Uint8Array, contentType: string | null, url: string) {
    return this.run({ kind: 'page', bytes, contentType, url }) as Promise<Result<ExtractedArticle, ExtractError>>;
  }

  async feed(bytes: Uint8Array, contentType: string | null, url: string) {
    return this.run({ kind: 'feed', bytes, contentType, url }) as Promise<Result<ParsedFeed, FeedReadError>>;
  }

  async blocks(html: string) {
    return this.run({ kind: 'blocks', html }) as Promise<Result<Blocks, WorkError>>;
  }

  async file(name: string, bytes: Uint8Array, contentType: string | null) {
    return this.run({ kind: 'file', name, bytes, contentType }) as Promise<Result<ArticleParts, IngestError>>;
  }

  async article(id: string, parts: ArticleParts) {
    return this.run({ kind: 'article', id, parts }, this.parse) as Promise<Result<MadeArticle, KnowledgeError>>;
  }

  async knowledge(file: string, bytes: Uint8Array) {
    return this.run({ kind: 'knowledge', file, bytes }, this.parse) as Promise<Result<MadeArticle, KnowledgeError>>;
  }

  async prepare(article: Article) {
    return this.run({ kind: 'prepare', article }) as Promise<Result<PreparedArticle, WorkError>>;
  }

  async close(): Promise<void> {}
}
