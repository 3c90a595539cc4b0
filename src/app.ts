import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadConfig, servesOwner, type Config } from './config.js';
import { Engine } from './engine/answers.js';
import { articleFiles, folderProblem } from './knowledge/load.js';
import { FolderSource, WATCH_DEFAULTS, type FolderSync } from './knowledge/watch.js';
import { createLogger, type Logger } from './logger.js';
import { isMeaning, loadMeaning, type Meaning } from './meaning/index.js';
import { err, ok, type Result } from './result.js';
import { ArticleRepository } from './state/articles.js';
import { hasDatabase, isDamaged, openCache, openDatabase, removeCache, type Db } from './state/db.js';
import { openPostgres, SqliteSql, type Sql } from './state/sql.js';
import { ReadingPool } from './nlp/reading-pool.js';
import { DerivedRecords } from './state/derived.js';
import { InlineWork } from './sources/work.js';
import { PooledWork } from './sources/work-pool.js';
import { AddedArticles } from './store/library.js';
import { pruneSnapshots, readSnapshot, sameFiles, SNAPSHOT_VERSION, snapshotFile, snapshotStamp, writeSnapshot, type FileStamp, type Snapshot } from './store/snapshot.js';
import { ArticleStore, derivedKey } from './store/store.js';

/** Tuning for {@link openApp}. */
export const APP_DEFAULTS = Object.freeze({
  /** From this many knowledge files, a command that opens no state database (a CLI question, the
   *  console on a machine that never stored one) keeps what it works out from the articles in
   *  DATA_DIR/cache/kept.db, so that its next start reads them instead of working them out again
   *  (40-90 s at 4,671 articles, issue 19). Fewer files are read in well under a second: nothing
   *  is written for them. */
  cacheFromFiles: 50,
});

/** Everything a front end runs on, opened once: the bot, the CLI, the console and the scripts alike. */
export interface App {
  readonly config: Config;
  readonly log: Logger;
  readonly store: ArticleStore;
  readonly engine: Engine;
  /** Articles added at run time (kept in the state database). */
  readonly library: AddedArticles;
  /** The knowledge folder's path (`knowledgeDir`, else KNOWLEDGE_DIR), as front ends name it; the
   *  folder itself (FolderSource, kept in step with the store, watched when asked for) stays inside. */
  readonly knowledgeDir: string;
  /** This machine's SQLite database in DATA_DIR (what is derived from the articles, and the state
   *  without DATABASE_URL); for a command with no state database and a large knowledge folder, the
   *  cache database (DATA_DIR/cache/kept.db: what is derived from the articles only, never state);
   *  null when neither was opened. */
  readonly db: Db | null;
  /** The shared state (articles added at run time, feeds, digests): PostgreSQL with DATABASE_URL,
   *  else the SQLite database above; null when not opened. */
  readonly state: Sql | null;
  /** Whether the store was taken back whole from its snapshot at start (store/snapshot.ts), rather
   *  than built article by article (no snapshot, made by other code, or the folder changed since). */
  readonly fromSnapshot: boolean;
  /** Knowledge files that could not be used at start, one sentence each (empty until `ready` with `background`). */
  readonly problems: readonly string[];
  /** Resolves when the knowledge folder has been read (at once, unless opened with `background`). */
  readonly ready: Promise<FolderSync>;
  /** Why the language resources are off, when they could not be loaded. */
  readonly meaningProblem: string | null;
  /** The first error met writing what is kept of the articles (readings, splits, prepared articles),
   *  or null. Those are caches: a write that fails (a full disk, a read-only file) is logged as a
   *  warning and worked out again at the next start, never a failure of the command or the bot. */
  readonly keptWriteFailure: Error | null;
  /** Stops watching, the reading threads and the database. Writing what is left of the caches cannot
   *  make it fail (see keptWriteFailure). */
  close(): Promise<void>;
}

export interface AppOptions {
  /** The environment to configure from (default: `.env` and `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** The knowledge folder instead of KNOWLEDGE_DIR (the CLI's --knowledge). */
  readonly knowledgeDir?: string | undefined;
  /**
   * The state database: `create` opens it, creating DATA_DIR on first start (the bot, `ingest`);
   * `existing` opens it only if it is there (CLI reads: a question never creates files); `none` skips it.
   */
  readonly state: 'create' | 'existing' | 'none';
  /** Watch the knowledge folder for changes (the bot and the console). */
  readonly watch?: boolean;
  /** Read the knowledge folder in the background (the bot: it logs in and answers from what is read so far). */
  readonly background?: boolean;
  /** Once the folder is read, drop what is kept of articles no longer held (the bot,
   *  which holds every article of the state; not a CLI run on another folder). */
  readonly prune?: boolean;
  /** Read articles' people and quotations, and pages, feeds and files, in worker threads (the bot:
   *  its event loop stays free). */
  readonly workers?: boolean;
  /** Where pages, feeds and files are read and articles made ready: worker threads (the default with
   *  `workers`) or this thread (the default without; `npm run bench-ingest` compares the two). */
  readonly sourceWork?: 'threads' | 'inline';
  /** Without `workers`: read articles' people and quotations in this many worker threads when the
   *  knowledge folder holds {@link APP_DEFAULTS.cacheFromFiles} files or more (the CLI's `quote`, `facts`
   *  and `digest`, which wait for every article to be read: every core then reads). */
  readonly readingThreads?: number;
  /** A logger instead of a new one at LOG_LEVEL on stderr. */
  readonly log?: Logger;
  /** Told after each knowledge file read: how many of how many (the CLI's progress bar). */
  readonly onProgress?: (read: number, of: number) => void;
  /** Told of each knowledge file skipped while the folder is watched, after the first reading (the console). */
  readonly onProblem?: (problem: string) => void;
}

/** Why the app could not open; `message` is one line for people, `exitCode` for the CLI. */
export interface AppError {
  readonly code: 'invalid_config' | 'missing_dir' | 'not_a_dir' | 'state';
  readonly message: string;
  readonly exitCode: number;
  /** For `state`, the error met, so that a front end can tell a full disk (stateWriteFailure). */
  readonly cause?: unknown;
}

/**
 * Opens config, logger, state and knowledge: the articles of the knowledge folder (shared by every
 * server) and those stored at run time (each its server's own). The one start-up path of Pilcrow.
 */
export async function openApp(options: AppOptions): Promise<Result<App, AppError>> {
  const configured = loadConfig(options.env);
  if (!configured.ok) return err({ code: 'invalid_config', message: configured.error.problems.join('\n'), exitCode: 1 });
  const config = configured.value;
  const log = options.log ?? createLogger(config.logLevel, { secrets: [config.discordToken] });
  const dir = options.knowledgeDir ?? config.knowledgeDir;
  const problem = await folderProblem(dir);
  if (problem) return err({ ...problem, exitCode: 1 });

  let meaning: Meaning | null = null;
  let meaningProblem: string | null = null;
  if (config.meaning) {
    const loaded = loadMeaning();
    if (isMeaning(loaded)) meaning = loaded;
    else meaningProblem = loaded.message;
  }
  let db: Db | null = null;
  const wanted = options.state === 'create' || (options.state === 'existing' && (config.dataDir === ':memory:' || hasDatabase(config.dataDir)));
  if (wanted) {
    try {
      db = openDatabase(config.dataDir);
    } catch (e) {
      return err({ code: 'state', message: (e as Error).message, exitCode: 1, cause: e });
    }
  }
  /** The first failure to keep what is worked out of the articles (a cache): the CLI warns of it. */
  let keptWriteFailure: Error | null = null;
  // A large folder (listed once, if asked): its derived data is kept, and readers may have threads.
  let listed: boolean | undefined;
  const large = async () => (listed ??= (await articleFiles(dir)).length >= APP_DEFAULTS.cacheFromFiles);
  // No state database: a large folder's derived data is still kept, in a cache of its own.
  const cacheOnly = !wanted && options.state === 'existing' && (await large());
  if (cacheOnly) {
    try {
      const cache = openCache(config.dataDir);
      db = cache.db;
      if (cache.remade) log.warn({ dataDir: config.dataDir, problem: cache.remade }, 'the cache of what is worked out from the articles was damaged; it was made again');
    } catch (e) {
      // A cache that cannot be opened (a full disk, a read-only DATA_DIR) only costs time; the CLI says so.
      keptWriteFailure = e instanceof Error ? e : new Error(String(e));
      log.warn({ err: e, dataDir: config.dataDir }, 'the cache of what is worked out from the articles cannot be opened; working without it');
    }
  }
  const keptNotWritten = (e: unknown) => {
    if (keptWriteFailure) return;
    keptWriteFailure = e instanceof Error ? e : new Error(String(e));
    log.warn({ err: e, dataDir: config.dataDir }, 'kept data of articles not written; it will be worked out again');
  };
  const readingThreads = !options.workers && options.readingThreads && (await large()) ? options.readingThreads : 0;
  const pool = options.workers ? new ReadingPool() : readingThreads > 0 ? new ReadingPool(readingThreads) : null;
  // What is derived from each article (splits, prepared index data, reading): one record per article.
  // Damaged pages found while reading: the records read as missing (worked out again); a cache of its
  // own is deleted at close, to be made whole by the next start.
  let cacheDamaged = false;
  let unreadable = false;
  const keptUnreadable = (e: unknown) => {
    if (cacheOnly && isDamaged(e)) cacheDamaged = true;
    if (unreadable) return;
    unreadable = true;
    log.warn({ err: e, dataDir: config.dataDir, cacheOnly }, 'kept data of articles cannot be read; it is worked out again');
  };
  const derived = db ? new DerivedRecords(db, keptNotWritten, undefined, undefined, keptUnreadable) : null;
  /** Told when the shared quotation book has been built (set below for the bot). */
  let bookBuilt = () => {};
  const store = new ArticleStore(meaning, { derived: derived ?? undefined, reader: pool ? (article) => pool.read(article) : undefined, onBook: (scope) => scope.owner === null && bookBuilt() });
  const parse = derived ? { split: derived.split } : {};
  // Splits and prepared articles are written in batches; this writes what is left of one.
  const flushKept = () => derived?.flush();
  // Pages, feeds and files are read, and articles made ready for the index, in worker threads in the
  // bot (a huge or hostile page never stalls its answers); on this thread in the CLI.
  const threads = (options.sourceWork ?? (options.workers ? 'threads' : 'inline')) === 'threads';
  const work = threads ? new PooledWork({ vectors: meaning !== null }) : new InlineWork(store.index, parse);
  // A folder read for the first time has its articles prepared for the index in a worker thread while
  // this one joins them (knowledge/watch.ts): the bot's pool, or one started for the CLI only then.
  let preparer: PooledWork | null = null;
  const prepare = threads ? () => work : () => (preparer ??= new PooledWork({ vectors: meaning !== null }));
  const closePreparer = async () => {
    const done = preparer;
    preparer = null;
    await done?.close();
  };
  const folder = new FolderSource(dir, store, log, { ...WATCH_DEFAULTS, ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.onProblem ? { onProblem: options.onProblem } : {}), ...(threads ? { work: { work } } : {}), prepare }, parse);
  // The bot reads a large folder in the background and answers from what is ready; the CLI waits for all.
  const problems: string[] = [];
  let closed = false;
  // With a database on disk, the whole store is kept in one snapshot file beside it and taken back in
  // one read when the code and every knowledge file are as they were (store/snapshot.ts); otherwise
  // it is built article by article, from what is kept of each.
  const snapFile = db ? snapshotFile(config.dataDir, dir) : null;
  const stamp = snapFile ? snapshotStamp(meaning?.vectors?.dimensions ?? 0) : '';
  let restored = false;
  if (snapFile) {
    const began = performance.now();
    const snap = readSnapshot(snapFile, stamp, dir);
    if (typeof snap === 'string') log.debug({ file: snapFile, why: snap }, 'no snapshot of the store to take back');
    else if (!sameFiles(await fileStamps(dir), snap.files)) log.debug({ file: snapFile }, 'the knowledge folder changed since the snapshot; building the store article by article');
    else {
      try {
        store.restore(snap.store);
        folder.seed(snap.files);
        problems.push(...folder.problems());
        restored = true;
        log.debug({ file: snapFile, articles: store.size, passages: store.index.size, ms: Math.round(performance.now() - began) }, 'store taken back from its snapshot');
      } catch (e) {
        log.warn({ err: e, file: snapFile }, 'the snapshot of the store is damaged; building the store article by article');
      }
    }
  }
  /** What the snapshot file holds now (written, or taken back): the store's generation, and whether with the shared quotation book. */
  let snapshotAt = restored ? store.generation : -1;
  let snapshotBook = restored && store.sharedBook() !== undefined;
  /** The write under way, if any: one at a time. */
  let writing: Promise<void> | null = null;
  /**
   * Writes the snapshot when the store changed since the last one, or its shared quotation book has
   * been built since: a frame at a time between turns of the event loop (store/snapshot.ts). The
   * store's data is taken at once (copies), so articles may come and go meanwhile; a change is
   * written by the next call.
   */
  const keepSnapshot = (): Promise<void> => {
    if (writing) return writing.then(keepSnapshot);
    if (!snapFile) return Promise.resolve();
    const withBook = store.sharedBook() !== undefined;
    if (store.generation === snapshotAt && (snapshotBook || !withBook)) return Promise.resolve();
    const began = performance.now();
    let generation = store.generation;
    let snapshot: Snapshot;
    writing = (async () => {
      const data = await store.snapshotInTurns();
      // The folder's files and problems as they are when the store's data was taken.
      generation = store.generation;
      snapshot = { version: SNAPSHOT_VERSION, stamp, dir: resolve(dir), files: folder.files(), problems: folder.problems(), store: data };
      return writeSnapshot(snapFile, snapshot);
    })().then((bytes) => {
      snapshotAt = generation;
      snapshotBook = snapshot.store.book !== null;
      log.debug({ file: snapFile, bytes, book: snapshotBook, ms: Math.round(performance.now() - began) }, 'snapshot of the store written');
      const pruned = pruneSnapshots(dirname(snapFile), snapFile);
      if (pruned.length > 0) log.debug({ files: pruned }, 'older snapshots removed');
    }, keptNotWritten).finally(() => {
      writing = null;
    });
    return writing;
  };
  // Taken back from the snapshot, the folder was just found as it was: nothing to read.
  const synced = restored ? Promise.resolve<FolderSync>({ added: [], replaced: [], removed: [], problems: [] }) : folder.sync();
  const ready = synced.then(async (sync) => {
    problems.push(...sync.problems);
    // The CLI's preparing thread has done its work (a later reading of many files starts it again).
    await closePreparer();
    if (closed) return sync;
    flushKept();
    if (options.watch) folder.start();
    return sync;
  });
  if (!options.background) await ready;
  // The language resources are read when a question first needs them (meaning/index.ts): a CLI
  // `quote` or `facts` never does. The bot's first question should not wait for them.
  if (options.background && meaning) {
    void ready.then(() => setImmediate(() => {
      meaning.wordnet.warm();
      meaning.vectors.warm();
    }), () => undefined);
  }

  // The shared state: PostgreSQL with DATABASE_URL (whether or not this machine has a DATA_DIR yet), else the SQLite file.
  let state: Sql | null = db && !cacheOnly ? new SqliteSql(db) : null;
  if (config.databaseUrl && options.state !== 'none') {
    try {
      state = await openPostgres(config.databaseUrl);
    } catch (e) {
      closed = true;
      folder.stop();
      await pool?.close();
      await work.close();
      await closePreparer();
      db?.close();
      return err({ code: 'state', message: (e as Error).message, exitCode: 1, cause: e });
    }
  }
  const library = new AddedArticles(store, state ? new ArticleRepository(state) : null, log, { parse, work });
  // A shard holds the shared articles and its own servers' (config.ts, Sharding).
  const stored = await library.loadStored((owner) => servesOwner(config.sharding, owner), restored);
  flushKept();
  // The bot writes the snapshot once the folder is read, and again once the shared quotation book is
  // built (every article read for quotations: minutes at a few thousand articles) so that a restart
  // has /quote and /facts at once; a command that waits for the folder, at close.
  if (options.background && snapFile) {
    void ready.then(() => setImmediate(() => void (closed || keepSnapshot())), () => undefined);
    bookBuilt = () => setImmediate(() => void (closed || keepSnapshot()));
  }
  // A shard holds only its servers' articles, so it cannot tell what no shard needs any more: shards never prune.
  if (options.prune && derived && config.sharding.mode !== 'shard') {
    void ready.then(() => {
      if (closed) return;
      try {
        const dropped = derived.prune(new Set(store.all().map((s) => derivedKey(s.article))));
        if (dropped > 0) log.info({ records: dropped }, 'kept data of articles gone dropped');
      } catch (e) {
        // Deleting needs room in the log too: on a full disk the rows stay until a later start.
        keptNotWritten(e);
      }
    }, () => undefined);
  }
  log.debug({ dir, shared: store.size - stored, stored, dataDir: db ? config.dataDir : null }, 'knowledge opened');
  return ok({
    config,
    log,
    store,
    engine: new Engine([], { store }),
    library,
    knowledgeDir: dir,
    db,
    state,
    problems,
    fromSnapshot: restored,
    ready,
    meaningProblem,
    get keptWriteFailure() {
      return keptWriteFailure;
    },
    async close() {
      closed = true;
      folder.stop();
      await pool?.close();
      await work.close();
      await closePreparer();
      flushKept();
      await keepSnapshot();
      // PostgreSQL's pool ends here; SQLite's connection is `db`, closed below.
      await state?.close();
      db?.close();
      if (cacheDamaged) {
        try {
          removeCache(config.dataDir);
        } catch {
          // Left as it is: the next start finds it damaged and makes it again.
        }
      }
    },
  });
}

/** Each knowledge file's name, modification and change times and size, as the folder compares them (files gone meanwhile are left out). */
async function fileStamps(dir: string): Promise<FileStamp[]> {
  const out: FileStamp[] = [];
  for (const name of await articleFiles(dir)) {
    const info = statSync(join(dir, name), { throwIfNoEntry: false });
    if (info) out.push({ name, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, size: info.size });
  }
  return out;
}
