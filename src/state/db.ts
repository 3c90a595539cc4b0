import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * Opens (creating it and its folder on first start) the state database in `dataDir`, in WAL mode
 * (readers never wait for the writer; a crash loses no committed transaction), and applies the
 * migrations it has not seen yet, each in its own transaction. `:memory:` opens a throw-away one.
 *
 * @example const db = openDatabase('./data'); // ./data/pilcrow.db
 */
export function openDatabase(dataDir: string): Db {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, DATABASE_FILE);
  }
  const db = new Database(file);
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
