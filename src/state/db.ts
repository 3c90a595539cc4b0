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

/** The shards whose servers a process serves (see config.ts, Sharding): its feeds and digests only. */
export interface ShardPart {
  readonly ids: readonly number[];
  readonly count: number;
}

/**
 * An SQL condition (to follow AND) that keeps the rows of servers a shard serves, by their `owner`
 * column: Discord's (id >> 22) % count. True for every row without a part (one process serves all).
 */
export function servedRows(part: ShardPart | null | undefined): string {
  if (!part || part.count <= 1) return '1';
  // Both are whole numbers checked by the config: written into the SQL, they stay constant per statement.
  const ids = part.ids.filter((i) => Number.isInteger(i)).join(', ');
  return `((CAST(owner AS INTEGER) >> 22) % ${Math.trunc(part.count)}) IN (${ids})`;
}

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
