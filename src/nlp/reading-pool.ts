import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Article } from '../knowledge/types.js';
import type { ReadingData } from '../store/store.js';

/** Tuning for {@link ReadingPool}. */
export const READING_POOL_DEFAULTS = Object.freeze({
  /** Threads reading articles: every core but the one answering questions, at least one. */
  threads: Math.max(1, availableParallelism() - 1),
});

/**
 * Reads articles (people, quotations, entities) in worker threads, with piscina's pool, so that
 * ingesting a large folder or a burst of feed items never blocks the event loop that answers Discord.
 * The worker is this project's TypeScript, loaded through tsx as the main thread is (or the compiled
 * .js next to this file).
 */
export class ReadingPool {
  private readonly pool: Piscina;

  constructor(threads: number = READING_POOL_DEFAULTS.threads) {
    const fromSource = import.meta.url.endsWith('.ts');
    this.pool = new Piscina({
      filename: new URL(fromSource ? './reading-worker.ts' : './reading-worker.js', import.meta.url).href,
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: 30_000,
      ...(fromSource ? { execArgv: [...loaderFlags(process.execArgv), '--import', 'tsx'] } : {}),
    });
  }

  /** What the readers make of an article, read in a worker thread. */
  read(article: Article): Promise<ReadingData> {
    return this.pool.run(article) as Promise<ReadingData>;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/**
 * The flags of this process that load code (--import, --require, --loader, --conditions, with their
 * values), for a worker: Node refuses a worker the per-process ones (--expose-gc, --max-old-space-size…).
 */
export function loaderFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(?:import|require|loader|experimental-loader|conditions)(=.*)?$/.exec(argv[i]!);
    if (!m) continue;
    out.push(argv[i]!);
    if (m[1] === undefined && i + 1 < argv.length) out.push(argv[++i]!);
  }
  return out;
}
