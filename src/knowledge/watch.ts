import { watch, type FSWatcher, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import type { Result } from '../result.js';
import type { PreparedArticle } from '../search/index.js';
import type { SourceWork, WorkError } from '../sources/work.js';
import type { ArticleStore } from '../store/store.js';
import { articleFiles, articleOfBytes, readArticleBytes } from './load.js';
import type { ParseOptions } from './parse.js';
import type { Article, KnowledgeError } from '../model/article.js';

/** Tuning for {@link FolderSource}. */
export const WATCH_DEFAULTS = Object.freeze({
  /** Milliseconds of quiet after a change before the folder is read again: editors write a file in
   *  several steps (a temporary file, a rename), and a copy of many files comes as many events. 50-5000. */
  debounceMs: 300,
  /** While reading many files, a progress line (count and time left) at most this often, ms. */
  progressEveryMs: 5000,
  /** Files stat'ed and read ahead of the one being indexed. 1-64. */
  readAhead: 16,
  /** A file larger than this (bytes) is parsed and prepared off this thread when worker threads are
   *  given, and joined to the index in slices: a news article is a few kilobytes, a 5 MB file
   *  would hold the bot's answers for seconds. */
  offThreadBytes: 256 * 1024,
  /** A reading of at least this many files (a folder read for the first time) has each article that is
   *  not kept prepared off this thread (FolderOptions.prepare) while this thread joins the ones before it:
   *  on 2 cores, a first start of 4,671 articles in about two thirds of the time. 1-100,000. */
  prepareOffThreadFrom: 50,
});

/** Tuning and hooks for {@link FolderSource}. */
export interface FolderOptions {
  readonly debounceMs: number;
  readonly progressEveryMs?: number;
  /** Told after each file read of a reading of the folder: how many of how many (a progress bar). */
  readonly onProgress?: (read: number, of: number) => void;
  /** Told of each file skipped by a reading after the first (the folder watched: the console), in
   *  words; the first reading's are in its {@link FolderSync.problems}. */
  readonly onProblem?: (problem: string) => void;
  /** Where large files are parsed and prepared (the bot's worker threads). */
  readonly work?: { readonly work: SourceWork };
  /** Where the articles of a reading of many files are prepared for the index (worker threads), asked
   *  for only when such a reading has an article to prepare: see {@link WATCH_DEFAULTS.prepareOffThreadFrom}. */
  readonly prepare?: () => SourceWork;
}

/** What one reading of the folder changed in the store. */
export interface FolderSync {
  readonly added: readonly string[];
  readonly replaced: readonly string[];
  readonly removed: readonly string[];
  /** Files that could not be used, with why (one sentence each). */
  readonly problems: readonly string[];
}

/**
 * The knowledge folder as a source of shared articles, kept in step with the {@link ArticleStore}: every article file is a shared article; a file
 * added, edited or deleted takes effect without a restart. A file that turns bad is logged and its
 * last good version keeps answering until it is fixed or deleted; the other files are not touched.
 */
export class FolderSource {
  /** File name → what was last read of it (so that only changed files are read again). */
  private readonly seen = new Map<string, { mtimeMs: number; ctimeMs: number; size: number; id: string | null }>();
  /** File name → why it is skipped now (a file read again, fixed or gone loses its entry). */
  private readonly problemOf = new Map<string, string>();
  /** Readings of the folder finished. */
  private readings = 0;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<FolderSync> | undefined;
  private again = false;

  constructor(
    readonly dir: string,
    private readonly store: ArticleStore,
    private readonly log: Logger,
    private readonly options: FolderOptions = WATCH_DEFAULTS,
    private readonly parse: ParseOptions = {},
  ) {}

  /** Reads the folder and brings the store in step with it; overlapping calls run one after another. */
  async sync(): Promise<FolderSync> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.readFolder();
    try {
      const sync = await this.running;
      this.readings++;
      return sync;
    } finally {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    }
  }

  /**
   * The files as last read: name, modification time (ms), size and the id of the article read from
   * it (null when it could not be used). What a snapshot of the store records (store/snapshot.ts).
   */
  files(): { name: string; mtimeMs: number; ctimeMs: number; size: number; id: string | null; problem: string | null }[] {
    return [...this.seen].map(([name, f]) => ({ name, ...f, problem: this.problemOf.get(name) ?? null }));
  }

  /** Records why a file is skipped, telling {@link FolderOptions.onProblem} when it is news (not the first reading's, not said before). */
  private skipped(name: string, problem: string): void {
    if (this.readings > 0 && this.problemOf.get(name) !== problem) this.options.onProblem?.(problem);
    this.problemOf.set(name, problem);
  }

  /** Why each file skipped now is, in words: of every reading so far, not only the last. */
  problems(): string[] {
    return [...this.problemOf.values()];
  }

  /**
   * Takes `files` as read already (their articles are in the store, restored from a snapshot): the
   * next {@link sync} reads only files changed, added or removed since. Before the first sync only.
   */
  seed(files: readonly { readonly name: string; readonly mtimeMs: number; readonly ctimeMs: number; readonly size: number; readonly id: string | null; readonly problem?: string | null }[]): void {
    for (const { name, mtimeMs, ctimeMs, size, id, problem } of files) {
      this.seen.set(name, { mtimeMs, ctimeMs, size, id });
      if (problem) this.problemOf.set(name, problem);
    }
    this.readings++;
  }

  /** Starts watching (after a first {@link sync}); changes are picked up after {@link WATCH_DEFAULTS.debounceMs}. */
  start(): void {
    if (this.watcher) return;
    try {
      this.watcher = watch(this.dir, { persistent: false }, () => this.schedule());
      this.watcher.on('error', (error) => this.log.warn({ err: error, dir: this.dir }, 'knowledge folder watch failed; changes need a restart'));
    } catch (error) {
      this.log.warn({ err: error, dir: this.dir }, 'knowledge folder cannot be watched; changes need a restart');
    }
  }

  /** Stops watching. */
  stop(): void {
    this.watcher?.close();
    this.watcher = undefined;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.sync().catch((error: unknown) => this.log.error({ err: error, dir: this.dir }, 'knowledge folder could not be read'));
    }, this.options.debounceMs);
    this.timer.unref();
  }

  private async readFolder(): Promise<FolderSync> {
    const added: string[] = [];
    const replaced: string[] = [];
    const removed: string[] = [];
    const problems: string[] = [];
    const names = await articleFiles(this.dir);
    const present = new Set(names);
    const started = performance.now();
    let lastReport = started;
    let read = 0;
    for (const [name, known] of this.seen) {
      if (present.has(name)) continue;
      this.seen.delete(name);
      this.problemOf.delete(name);
      if (known.id !== null && this.store.get(known.id)?.owner === null && this.store.remove(known.id)) removed.push(known.id);
    }
    // Many files (a first reading): each article is parsed as it is read ahead, and prepared off this
    // thread unless what indexing makes of it is kept, while this thread joins the ones before it.
    const many = this.options.prepare !== undefined && names.length >= WATCH_DEFAULTS.prepareOffThreadFrom;
    let preparer: SourceWork | undefined;
    const prepareOffThread = (article: Article): Promise<Result<PreparedArticle, WorkError> | null> | null => {
      try {
        if (this.store.hasPrepared(article)) return null;
        preparer ??= this.options.prepare!();
        return preparer.prepare(article).catch(() => null);
      } catch {
        return null; // prepared on this thread, as without worker threads
      }
    };
    // Files are stat'ed and read a few ahead of the one being parsed and indexed, so that the disk and
    // the thread pool work while this thread does.
    const load = async (name: string): Promise<Loaded> => {
      const file = join(this.dir, name);
      let info;
      try {
        info = await stat(file);
      } catch {
        return { file, info: null }; // gone between the listing and now: the next event reads the folder again
      }
      const known = this.seen.get(name);
      if (known && known.mtimeMs === info.mtimeMs && known.ctimeMs === info.ctimeMs && known.size === info.size) return { file, info: null };
      const bytes = await readArticleBytes(file);
      if (!many || !bytes.ok || (this.options.work !== undefined && bytes.value.byteLength > WATCH_DEFAULTS.offThreadBytes)) return { file, info, bytes };
      const parsed = articleOfBytes(file, bytes.value, this.parse);
      return { file, info, bytes, parsed, preparing: parsed.ok ? prepareOffThread(parsed.value) : null };
    };
    for await (const [name, loaded] of inOrder(names, WATCH_DEFAULTS.readAhead, load)) {
      if (!loaded.info) continue;
      const { file, info, bytes } = loaded;
      const known = this.seen.get(name);
      const large = bytes.ok && this.options.work !== undefined && bytes.value.byteLength > WATCH_DEFAULTS.offThreadBytes;
      const made = large ? await this.options.work!.work.knowledge(file, (bytes as { value: Uint8Array }).value) : null;
      const parsed = made ? (made.ok ? { ok: true as const, value: made.value.article } : { ok: false as const, error: { message: made.error.message } }) : loaded.parsed ?? (bytes.ok ? articleOfBytes(file, bytes.value, this.parse) : bytes);
      read++;
      this.options.onProgress?.(read, names.length);
      // A large folder read for the first time takes a while: say how far along it is.
      const now = performance.now();
      if (now - lastReport >= (this.options.progressEveryMs ?? WATCH_DEFAULTS.progressEveryMs) && read < names.length) {
        lastReport = now;
        const perFile = (now - started) / read;
        this.log.info({ dir: this.dir, read, of: names.length, secondsLeft: Math.round((perFile * (names.length - read)) / 1000) }, 'reading the knowledge folder');
      }
      if (!parsed.ok) {
        problems.push(parsed.error.message);
        this.skipped(name, parsed.error.message);
        this.seen.set(name, { mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, size: info.size, id: known?.id ?? null });
        const kept = known?.id != null && this.store.get(known.id) !== undefined;
        this.log.warn({ file, problem: parsed.error.message, keptPrevious: kept }, 'knowledge file skipped');
        continue;
      }
      const owner = this.store.get(parsed.value.id)?.owner;
      if (owner !== undefined && owner !== null) {
        const taken = `${file}: the id "${parsed.value.id}" is taken by an article a server added; rename the file.`;
        problems.push(taken);
        this.skipped(name, taken);
        this.log.warn({ file, article: parsed.value.id }, 'knowledge file skipped: id taken');
        continue;
      }
      let result: 'added' | 'replaced';
      if (made?.ok) {
        // Joined a slice at a time, then at once: the bot answers meanwhile.
        const join = this.store.joining(made.value.article, null, made.value.prepared, made.value.key);
        await join.build();
        result = join.commit(info.mtime);
      } else {
        // Prepared off this thread (a failure there: prepared here, as without it).
        const ready = loaded.preparing ? await loaded.preparing : null;
        result = this.store.put(parsed.value, null, info.mtime, ready?.ok ? ready.value : undefined);
      }
      (result === 'added' ? added : replaced).push(parsed.value.id);
      this.seen.set(name, { mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, size: info.size, id: parsed.value.id });
      this.problemOf.delete(name);
    }
    if (added.length + replaced.length + removed.length > 0) this.log.info({ dir: this.dir, added, replaced, removed }, 'knowledge folder changed');
    return { added, replaced, removed, problems };
  }
}

/** A knowledge file stat'ed and read ahead (its bytes, or why they could not be read); no `info` when it is gone or unchanged. */
type Loaded =
  | { readonly file: string; readonly info: null }
  | {
      readonly file: string;
      readonly info: Stats;
      readonly bytes: Result<Uint8Array, KnowledgeError>;
      /** Parsed while read ahead (a reading of many files), and being prepared off this thread unless kept. */
      readonly parsed?: Result<Article, KnowledgeError>;
      readonly preparing?: Promise<Result<PreparedArticle, WorkError> | null> | null;
    };

/** `load` of each item, yielded in the items' order, with up to `depth` loads running ahead. `load` must not reject. */
async function* inOrder<T, R>(items: readonly T[], depth: number, load: (item: T) => Promise<R>): AsyncGenerator<[T, R]> {
  const running: Promise<R>[] = [];
  let next = 0;
  for (let i = 0; i < items.length; i++) {
    while (next < items.length && running.length < depth) running.push(load(items[next++]!));
    yield [items[i]!, await running.shift()!];
  }
}
