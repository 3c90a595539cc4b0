import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

/** The database file inside DATA_DIR. */
export const DATABASE_FILE = 'pilcrow.db';

/**
 * Where a command that opens no state database keeps what it works out from the articles (the
 * `derived` table: state/derived.ts), inside DATA_DIR: a cache, deleted at no cost but time. Only
 * those tables are written there; nothing in it is state.
 */
export const CACHE_FILE = join('cache', 'kept.db');

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
 * `name` is the file inside `dataDir` ({@link CACHE_FILE} for the cache of a command with no state).
 *
 * @throws Error "state: cannot open <file>: <why>" when the file is damaged or SQLite cannot open it.
 * @example const db = openDatabase('./data'); // ./data/pilcrow.db
 */
export function openDatabase(dataDir: string, name: string = DATABASE_FILE): Db {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    if (statSync(dataDir, { throwIfNoEntry: false })?.isDirectory() === false) throw new Error(`state: DATA_DIR ${dataDir} is a file, not a folder; set DATA_DIR to a folder`);
    file = join(dataDir, name);
    mkdirSync(dirname(file), { recursive: true });
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

/** A file's size in bytes, or null when there is none (nor a folder to hold it: a path through a file). */
function sizeOf(file: string): number | null {
  try {
    return statSync(file, { throwIfNoEntry: false })?.size ?? null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw e;
  }
}

/**
 * Opens the cache database of a command with no state ({@link CACHE_FILE}) as {@link openDatabase}
 * does, except that a cache found damaged (cut short, a torn log, not a database, corrupt pages) is
 * deleted and made again: it holds nothing that cannot be worked out again from the articles. `remade`
 * says why it was, null when it was not. Throws as openDatabase for anything else (a read-only or
 * full disk, DATA_DIR a file).
 */
export function openCache(dataDir: string): { readonly db: Db; readonly remade: string | null } {
  let remade = dataDir === ':memory:' ? null : damage(join(dataDir, CACHE_FILE));
  if (remade === null) {
    try {
      return { db: openDatabase(dataDir, CACHE_FILE), remade: null };
    } catch (e) {
      if (!isDamaged(e)) throw e;
      remade = (e as Error).message;
    }
  }
  removeCache(dataDir);
  return { db: openDatabase(dataDir, CACHE_FILE), remade };
}

/** Deletes the cache database and its log files (see {@link openCache}); a file already gone is no error. */
export function removeCache(dataDir: string): void {
  const file = join(dataDir, CACHE_FILE);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/** Whether an error (or its cause) is SQLite finding a database damaged: not a database, or corrupt pages. */
export function isDamaged(e: unknown): boolean {
  for (let at: unknown = e; at instanceof Error; at = at.cause) {
    const code = (at as { code?: unknown }).code;
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT_'))) return true;
  }
  return false;
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

/**
 * What kept the state from being written: the disk is full (`disk_full`), the database or its folder
 * may not be written (`read_only`: a read-only file or file system, permission denied), or the disk
 * failed (`io_error`).
 */
export interface StateWriteFailure {
  readonly code: 'disk_full' | 'read_only' | 'io_error';
  /** Whose: the SQLite file in DATA_DIR (or a file beside it), or the PostgreSQL server of DATABASE_URL. */
  readonly database: 'sqlite' | 'postgres';
  /** The error's own words, e.g. "attempt to write a readonly database". */
  readonly detail: string;
}

/** Tuning for {@link stateWriteFailure}. */
export const STATE_WRITE_DEFAULTS = Object.freeze({
  /** Bytes left to unprivileged users on DATA_DIR's file system below which an I/O error from SQLite
   *  is taken for a full disk: on a full disk SQLite fails with SQLITE_FULL when a write comes up
   *  short, but with SQLITE_IOERR_SHMSIZE or _WRITE when it cannot even start one (opening a database
   *  needs its 32 KB -shm file). 1 MiB: a few WAL frames more than a database write needs, far less
   *  than any disk that is not full has free. */
  nearlyFullBytes: 1024 * 1024,
});

/** PostgreSQL's SQLSTATE codes that say the state cannot be written (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const POSTGRES_CODES: Readonly<Record<string, StateWriteFailure['code']>> = Object.freeze({
  '53100': 'disk_full', // disk_full
  '25006': 'read_only', // read_only_sql_transaction (a standby, default_transaction_read_only)
  '42501': 'read_only', // insufficient_privilege
});

/** File-system error codes (errno) that say the state cannot be written. */
const ERRNO_CODES: Readonly<Record<string, StateWriteFailure['code']>> = Object.freeze({
  ENOSPC: 'disk_full',
  EDQUOT: 'disk_full', // a quota is as full as a disk
  EROFS: 'read_only',
  EACCES: 'read_only',
  EPERM: 'read_only',
  EIO: 'io_error',
});

/**
 * Whether an error (or one of its causes) says that the state cannot be written, and why; null for any
 * other error (a bug, a constraint). Reads better-sqlite3's SqliteError codes (SQLITE_FULL,
 * SQLITE_READONLY*, SQLITE_CANTOPEN, SQLITE_IOERR*), PostgreSQL's SQLSTATE codes and errno codes.
 * `dataDir` (null with none) tells a full disk behind an I/O error (see STATE_WRITE_DEFAULTS).
 *
 * @example stateWriteFailure(sqliteFullError, './data') // { code: 'disk_full', database: 'sqlite', detail: 'database or disk is full' }
 */
export function stateWriteFailure(error: unknown, dataDir: string | null): StateWriteFailure | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    const detail = e.message;
    if (e instanceof Database.SqliteError) {
      if (code === 'SQLITE_FULL') return { code: 'disk_full', database: 'sqlite', detail };
      // SQLITE_CANTOPEN mid-run: the -wal or -shm file cannot be made beside the database.
      if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') return { code: 'read_only', database: 'sqlite', detail };
      if (code.startsWith('SQLITE_IOERR')) return { code: nearlyFull(dataDir) ? 'disk_full' : 'io_error', database: 'sqlite', detail };
      continue;
    }
    // pg's DatabaseError carries the server's severity beside its SQLSTATE code.
    if ('severity' in e && POSTGRES_CODES[code]) return { code: POSTGRES_CODES[code], database: 'postgres', detail };
    if (ERRNO_CODES[code] && 'syscall' in e) return { code: ERRNO_CODES[code], database: 'sqlite', detail };
  }
  return null;
}

/** Whether DATA_DIR's file system has next to nothing left (false when it cannot be told). */
function nearlyFull(dataDir: string | null): boolean {
  if (dataDir === null || dataDir === ':memory:') return false;
  try {
    const fs = statfsSync(dataDir);
    return fs.bavail * fs.bsize < STATE_WRITE_DEFAULTS.nearlyFullBytes;
  } catch {
    return false;
  }
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
