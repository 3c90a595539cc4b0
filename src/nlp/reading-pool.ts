import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Article, Passage, Sentence } from '../model/article.js';

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

  /**
   * What the readers make of an article, read in a worker thread, as JSON (the state keeps it so). The
   * article goes as its texts and a typed array of sentence offsets, the reading comes back as one
   * string: for an article of 40,000 paragraphs, copying objects between threads alone held this
   * thread for half a second.
   */
  read(article: Article): Promise<string> {
    return this.pool.run(packArticle(article)) as Promise<string>;
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

/** An article as a worker receives it: its texts, and each passage's sentence offsets in one typed array. */
export interface PackedArticle {
  readonly meta: Pick<Article, 'id' | 'title' | 'source' | 'published' | 'author'>;
  readonly paragraphs: readonly string[];
  readonly captions: readonly string[];
  /** For each passage (paragraphs, then captions): its sentence count, then each sentence's start and end. */
  readonly sentences: Uint32Array;
}

/** An article packed for a worker thread (see {@link unpackArticle}). Passages are numbered 1, 2… in order, as every article's are. */
export function packArticle(article: Article): PackedArticle {
  const passages = [...article.paragraphs, ...article.captions];
  let size = 0;
  for (const p of passages) size += 1 + 2 * p.sentences.length;
  const sentences = new Uint32Array(size);
  let at = 0;
  for (const p of passages) {
    sentences[at++] = p.sentences.length;
    for (const s of p.sentences) {
      sentences[at++] = s.start;
      sentences[at++] = s.end;
    }
  }
  const { id, title, source, published, author } = article;
  return { meta: { id, title, ...(source ? { source } : {}), ...(published ? { published } : {}), ...(author ? { author } : {}) }, paragraphs: article.paragraphs.map((p) => p.text), captions: article.captions.map((c) => c.text), sentences };
}

/** The article a worker received (see {@link packArticle}). */
export function unpackArticle(packed: PackedArticle): Article {
  let at = 0;
  const passages = (kind: Passage['kind'], texts: readonly string[]): Passage[] => texts.map((text, i) => {
    const count = packed.sentences[at++]!;
    const sentences: Sentence[] = [];
    for (let k = 0; k < count; k++) {
      const start = packed.sentences[at++]!;
      const end = packed.sentences[at++]!;
      sentences.push({ text: text.slice(start, end), start, end });
    }
    return { kind, n: i + 1, text, sentences };
  });
  const paragraphs = passages('paragraph', packed.paragraphs);
  const captions = passages('caption', packed.captions);
  return { ...packed.meta, paragraphs, captions };
}
