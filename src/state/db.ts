import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

/** The database file inside DATA_DIR. */
export const DATABASE_FILE = 'pilcrow.db';

/** Tuning for {@link openDatabase}. */
export const DATABASE_DEFAULTS = Object.freeze({
  /** Milliseconds a write waits for another connection's lock before failing (a CLI run beside the bot). */
  busyTimeoutMs: 5000,
});

export type Db = Database.Database;

/** SQLite's file format (https://www.sqlite.org/fileformat2.html), as far as opening needs it. */
const SQLITE_FILE = Object.freeze({
  /** Every database file starts with a header of this many bytes. SQLite takes a file of 0 or 1 byte
   *  for a new, empty database and writes over it; Pilcrow refuses any file shorter than the header. */
  headerBytes: 100,
  /** A write-ahead log starts with a header of this many bytes; a longer one holds committed pages
   *  not yet copied into the database file. */
  walHeaderBytes: 32,
});

/**
 * Opens (creating it and its folder on first start) the state database in `dataDir`, in WAL mode
 * (readers never wait for the writer; a crash loses no committed transaction), and applies the
 * migrations it has not seen yet, each in its own transaction. `:memory:` opens a throw-away one.
 *
 * Only a missing `pilcrow.db` means a new database. A file that is there but cannot hold one (0 bytes,
 * or shorter than SQLite's header: what a failed copy or a full disk leaves), or a missing or empty
 * file beside a write-ahead log that holds pages (the log alone is not the database), is refused
 * without touching any file, so that the operator learns that the stored articles, feeds and digest
 * schedules are gone before Pilcrow carries on without them. A new database is made under a
 * temporary name and linked into place whole, so that no process ever sees a `pilcrow.db` that is
 * being created as an empty one.
 *
 * @throws Error "state: cannot open <file>: <why>" when the file is damaged or SQLite cannot open it.
 * @example const db = openDatabase('./data'); // ./data/pilcrow.db
 */
export function openDatabase(dataDir: string): Db {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, DATABASE_FILE);
    const problem = damage(file);
    if (problem) throw new Error(`state: cannot open ${file}: ${problem}`);
  }
  let db: Db;
  try {
    if (file !== ':memory:' && sizeOf(file) === null) createDatabaseFile(file);
    // The file is there now: if it went meanwhile, that is an error, not a new database.
    db = new Database(file, { fileMustExist: file !== ':memory:' });
  } catch (e) {
    throw new Error(`state: cannot open ${file}: ${(e as Error).message}`, { cause: e });
  }
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL is durable in WAL mode except against power loss, which may undo the last commits, never corrupt.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${DATABASE_DEFAULTS.busyTimeoutMs}`);
    migrate(db);
  } catch (e) {
    db.close();
    throw new Error(`state: cannot open ${file}: ${(e as Error).message}`, { cause: e });
  }
  return db;
}

/**
 * Whether `dataDir` holds a state database, whole or damaged: its file, or a write-ahead log holding
 * pages without it. What a command that only reads opens (and reports on when it is damaged); when
 * false there is nothing to open, and nothing is created.
 */
export function hasDatabase(dataDir: string): boolean {
  const file = join(dataDir, DATABASE_FILE);
  return sizeOf(file) !== null || (sizeOf(`${file}-wal`) ?? 0) > SQLITE_FILE.walHeaderBytes;
}

const bytes = (n: number) => `${n} byte${n === 1 ? '' : 's'}`;

/** A file's size in bytes, or null when there is none. */
function sizeOf(file: string): number | null {
  return statSync(file, { throwIfNoEntry: false })?.size ?? null;
}

/**
 * Why the database file cannot be what it should be, as the end of a sentence; null when it is there
 * (SQLite checks the rest) or missing with no log: a new database.
 */
function damage(file: string): string | null {
  const size = sizeOf(file);
  const wal = sizeOf(`${file}-wal`) ?? 0;
  const name = basename(file);
  const restore = 'Restore it from a backup (README, "What is stored where")';
  if (size !== null && size >= SQLITE_FILE.headerBytes) return null;
  if (wal > SQLITE_FILE.walHeaderBytes) {
    // The log holds only the pages changed since the last checkpoint: applied to a new file, it would
    // make a database with holes in it, so it is left as it is for whoever restores the database.
    const what = size === null ? 'the file is missing' : `the file is ${size === 0 ? 'empty (0 bytes)' : `only ${bytes(size)} long`}`;
    const files = [...(size === null ? [] : [name]), `${name}-wal`, `${name}-shm`].join(', ');
    return `${what} but its write-ahead log ${name}-wal holds ${wal} bytes, the last changes only: the stored articles, feeds and digest schedules are not whole. ${restore}; or, to start a new, empty database, move ${files} away.`;
  }
  if (size === null) return null;
  const what = size === 0 ? 'the file is empty (0 bytes)' : `the file is only ${bytes(size)} long, shorter than a database's ${SQLITE_FILE.headerBytes}-byte header`;
  return `${what}: the stored articles, feeds and digest schedules are gone. ${restore}; or, to start a new, empty database, move ${name} away.`;
}

/**
 * Makes a new, empty database in WAL mode at `file`: under a temporary name first, then linked into
 * place, which fails when another process made one meanwhile (theirs stands). Where the file system
 * has no hard links, it is made in place as SQLite makes it.
 */
function createDatabaseFile(file: string): void {
  const draft = `${file}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const db = new Database(draft);
    try {
      // Writes the header (page 1): from here the file is a database, WAL mode recorded in it.
      db.pragma('journal_mode = WAL');
    } finally {
      db.close();
    }
    try {
      linkSync(draft, file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw e;
      new Database(file).close();
    }
  } finally {
    for (const f of [draft, `${draft}-wal`, `${draft}-shm`]) rmSync(f, { force: true });
  }
}

/** The caches of what is derived from articles, each a table keyed by `key` (see migrations 4-6). */
export type KeptTable = 'readings' | 'sentence_splits' | 'prepared_articles';

/**
 * Deletes the rows of a kept table whose key is not in `keep` (derived data of articles no longer
 * held), in one transaction; returns the keys deleted.
 */
export function deleteKeysNotIn(db: Db, table: KeptTable, keep: ReadonlySet<string>): string[] {
  const gone = (db.prepare(`SELECT key FROM ${table}`).pluck().all() as string[]).filter((k) => !keep.has(k));
  const drop = db.prepare(`DELETE FROM ${table} WHERE key = ?`);
  db.transaction(() => gone.forEach((k) => drop.run(k)))();
  return gone;
}

/** The schema version of a database: how many migrations it has had. */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the migrations newer than the database's `user_version`, one transaction each. */
function migrate(db: Db): void {
  const current = schemaVersion(db);
  if (current > MIGRATIONS.length) {
    throw new Error(`the database is at schema version ${current}, newer than this Pilcrow (${MIGRATIONS.length}); update Pilcrow`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    // IMMEDIATE takes the write lock first, and the version is read again under it: of several
    // processes opening the database at once (shards), one applies each migration.
    db.transaction(() => {
      if (schemaVersion(db) !== v) return;
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
