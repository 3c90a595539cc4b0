import pLimit, { type LimitFunction } from 'p-limit';
import { Piscina } from 'piscina';
import type { ArticleParts } from '../knowledge/parse.js';
import type { KnowledgeError } from '../model/article.js';
import { loaderFlags } from '../nlp/reading-pool.js';
import { err, type Result } from '../result.js';
import type { FeedReadError, ParsedFeed } from '../feeds/parse.js';
import type { ExtractedArticle, ExtractError } from './extract.js';
import type { IngestError } from './files.js';
import type { Article } from '../model/article.js';
import type { PreparedArticle } from '../search/index.js';
import type { Blocks, MadeArticle, SourceWork, Task, WorkError } from './work.js';

/** Tuning for {@link PooledWork}; see each field. */
export const WORK_POOL_DEFAULTS = Object.freeze({
  /** Worker threads reading news (1-4): one keeps the main thread free; pages are read one after another. */
  threads: 1,
  /** Time a page may take to be decoded and reduced to its article, in ms; past it the worker is
   *  stopped and the page reads as too slow (a hostile page costs at most this). 1,000-120,000. */
  pageMs: 20_000,
  /** Time a feed document may take to be parsed, in ms. */
  feedMs: 20_000,
  /** Time an article may take to be made ready (sentences split, words tokenised), in ms: a
   *  5 MB article file of 38,000 paragraphs takes about 10 s on a quiet machine. */
  articleMs: 120_000,
  /** A worker thread with nothing to do ends after this many ms (and is started again when needed). */
  idleMs: 60_000,
});

export type WorkPoolOptions = { -readonly [K in keyof typeof WORK_POOL_DEFAULTS]: number } & {
  /** Whether articles are prepared with the word vectors (the app's MEANING setting): they must match the main index's. */
  readonly vectors: boolean;
};

/**
 * Reads news in worker threads (piscina): pages, feeds, files, and articles made ready for the index.
 * Each task has a time limit; a task that runs past it stops its worker (piscina ends the thread) and
 * fails as `too_slow`, so a hostile page or a pathological feed costs a bounded time on another
 * thread and never stalls the bot's answers. A thread that crashes fails its task as `worker_failed`.
 */
export class PooledWork implements SourceWork {
  private readonly pool: Piscina;
  private readonly options: WorkPoolOptions;
  /** Tasks handed to piscina at once: one a thread, so that a task's time limit runs from when it starts, not while it waits. */
  private readonly started: LimitFunction;

  constructor(options: Partial<WorkPoolOptions> & { readonly vectors: boolean }) {
    this.options = { ...WORK_POOL_DEFAULTS, ...options };
    this.started = pLimit(this.options.threads);
    const fromSource = import.meta.url.endsWith('.ts');
    this.pool = new Piscina({
      filename: new URL(fromSource ? './work-worker.ts' : './work-worker.js', import.meta.url).href,
      minThreads: 0,
      maxThreads: this.options.threads,
      idleTimeout: this.options.idleMs,
      workerData: { vectors: this.options.vectors },
      ...(fromSource ? { execArgv: [...loaderFlags(process.execArgv), '--import', 'tsx'] } : {}),
    });
  }

  page(bytes: Uint8Array, contentType: string | null, url: string): Promise<Result<ExtractedArticle, ExtractError | WorkError>> {
    return this.run({ kind: 'page', bytes, contentType, url }, this.options.pageMs, `The page at ${url.slice(0, 200)}`);
  }

  feed(bytes: Uint8Array, contentType: string | null, url: string): Promise<Result<ParsedFeed, FeedReadError | WorkError>> {
    return this.run({ kind: 'feed', bytes, contentType, url }, this.options.feedMs, `The feed at ${url.slice(0, 200)}`);
  }

  blocks(html: string): Promise<Result<Blocks, WorkError>> {
    return this.run({ kind: 'blocks', html }, this.options.pageMs, 'The feed item\'s text');
  }

  file(name: string, bytes: Uint8Array, contentType: string | null): Promise<Result<ArticleParts, IngestError | WorkError>> {
    return this.run({ kind: 'file', name, bytes, contentType }, this.options.articleMs, name.slice(0, 100));
  }

  article(id: string, parts: ArticleParts): Promise<Result<MadeArticle, KnowledgeError | WorkError>> {
    return this.run({ kind: 'article', id, parts }, this.options.articleMs, `"${parts.title.slice(0, 100)}"`);
  }

  knowledge(file: string, bytes: Uint8Array): Promise<Result<MadeArticle, KnowledgeError | WorkError>> {
    return this.run({ kind: 'knowledge', file, bytes }, this.options.articleMs, file.slice(-100));
  }

  prepare(article: Article): Promise<Result<PreparedArticle, WorkError>> {
    return this.run({ kind: 'prepare', article }, this.options.articleMs, `"${article.title.slice(0, 100)}"`);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }

  /** Runs a task within `ms`; `what` names it in a failure ("The page at …"). */
  private run<T>(task: Task, ms: number, what: string): Promise<T | { ok: false; error: WorkError }> {
    return this.started(async () => {
      const signal = AbortSignal.timeout(ms);
      try {
        return (await this.pool.run(task, { signal })) as T;
      } catch (e) {
        if (signal.aborted) return err({ code: 'too_slow', seconds: Math.round(ms / 1000), message: `${what} took more than ${Math.round(ms / 1000)} s to read; it was given up.` });
        return err({ code: 'worker_failed', message: `${what} could not be read (${String((e as Error).message ?? e).slice(0, 100)}).` });
      }
    });
  }
}

