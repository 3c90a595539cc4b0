import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Db } from './db.js';
import { PG_MIGRATIONS } from './migrations.js';

/** Which database a {@link Sql} speaks to. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * The shared state's database, the same for SQLite (one machine, the default) and PostgreSQL
 * (several machines, DATABASE_URL): queries are written once with `?` placeholders, in the SQL both
 * speak (ON CONFLICT, RETURNING, CAST … AS BIGINT), and run through this. Where the two differ,
 * {@link dialect} says which one it is (row locks: `FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite
 * has one writer at a time and needs none).
 */
export interface Sql {
  readonly dialect: Dialect;
  all<T>(text: string, params?: readonly unknown[]): Promise<T[]>;
  get<T>(text: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Runs a statement; resolves with the number of rows it changed. */
  run(text: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Runs `work` in one transaction on one connection (the `sql` it is given): all of it happens or
   * none. `work` should only talk to the database: a transaction holds SQLite's write lock.
   */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A connection's transaction under way: statements from outside it wait for `idle`. */
interface ConnectionLock {
  idle: Promise<void>;
  busy: boolean;
}
const LOCKS = new WeakMap<Db, ConnectionLock>();

/**
 * {@link Sql} over the SQLite state database (better-sqlite3, synchronous underneath). A transaction
 * holds the connection: statements from outside it wait until it ends, so that they never fall
 * inside it.
 */
export class SqliteSql implements Sql {
  readonly dialect = 'sqlite';
  private readonly statements = new Map<string, Database.Statement<unknown[]>>();
  /** The connection's transaction, shared by every SqliteSql over it. */
  private readonly lock: ConnectionLock;

  constructor(readonly db: Db) {
    let lock = LOCKS.get(db);
    if (!lock) {
      lock = { idle: Promise.resolve(), busy: false };
      LOCKS.set(db, lock);
    }
    this.lock = lock;
  }

  async all<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    while (this.lock.busy) await this.lock.idle;
    return this.statement(text).all(...params) as T[];
  }

  async get<T>(text: string, params: readonly unknown[] = []): Promise<T | undefined> {
    while (this.lock.busy) await this.lock.idle;
    return this.statement(text).get(...params) as T | undefined;
  }

  async run(text: string, params: readonly unknown[] = []): Promise<number> {
    while (this.lock.busy) await this.lock.idle;
    return this.statement(text).run(...params).changes;
  }

  async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    // Waiting and taking the lock happen with no await between them: no statement slips in.
    while (this.lock.busy) await this.lock.idle;
    let end!: () => void;
    this.lock.idle = new Promise((resolve) => (end = resolve));
    this.lock.busy = true;
    const inside: Sql = {
      dialect: 'sqlite',
      all: async <R>(text: string, params: readonly unknown[] = []) => this.statement(text).all(...params) as R[],
      get: async <R>(text: string, params: readonly unknown[] = []) => this.statement(text).get(...params) as R | undefined,
      run: async (text: string, params: readonly unknown[] = []) => this.statement(text).run(...params).changes,
      transaction: (more) => more(inside),
      close: async () => undefined,
    };
    try {
      // IMMEDIATE: the write lock is taken now, so that another process's writes wait, not fail midway.
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(inside);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      this.lock.busy = false;
      end();
    }
  }

  async close(): Promise<void> {
    // The database itself is the app's to close (the kept readings share it).
  }

  private statement(text: string) {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare<unknown[]>(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}

/** The shards whose servers a process serves (see config.ts, Sharding): its feeds and digests only. */
export interface ShardPart {
  readonly ids: readonly number[];
  readonly count: number;
}

/**
 * An SQL condition (to follow AND) that keeps the rows of servers a shard serves, by their `owner`
 * column: Discord's (id >> 22) % count, in SQL both databases speak. True for every row without a
 * part (one process serves all).
 */
export function servedRows(part: ShardPart | null | undefined): string {
  if (!part || part.count <= 1) return '1 = 1';
  // Both are whole numbers checked by the config: written into the SQL, they stay constant per statement.
  const ids = part.ids.filter((i) => Number.isInteger(i)).join(', ');
  return `((CAST(owner AS BIGINT) >> 22) % ${Math.trunc(part.count)}) IN (${ids})`;
}

/** `?` placeholders as PostgreSQL's `$1, $2…` (the state's queries hold no literal question marks). */
export function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** Tuning for {@link PostgresSql}. */
export const POSTGRES_DEFAULTS = Object.freeze({
  /** Connections in the pool. */
  max: 5,
  /** Milliseconds to wait for a connection before failing. */
  connectTimeoutMs: 5000,
});

/**
 * {@link Sql} over PostgreSQL through node-postgres's pool: state shared by bot processes on several
 * machines. {@link openPostgres} applies the migrations.
 */
export class PostgresSql implements Sql {
  readonly dialect = 'postgres';

  constructor(private readonly pool: pg.Pool) {}

  async all<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.pool.query(numbered(text), [...params])).rows as T[];
  }

  async get<T>(text: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(text, params))[0];
  }

  async run(text: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.pool.query(numbered(text), [...params])).rowCount ?? 0;
  }

  async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const inside: Sql = {
      dialect: 'postgres',
      all: async <R>(text: string, params: readonly unknown[] = []) => (await client.query(numbered(text), [...params])).rows as R[],
      get: async <R>(text: string, params: readonly unknown[] = []) => (await client.query(numbered(text), [...params])).rows[0] as R | undefined,
      run: async (text: string, params: readonly unknown[] = []) => (await client.query(numbered(text), [...params])).rowCount ?? 0,
      transaction: (more) => more(inside),
      close: async () => undefined,
    };
    try {
      await client.query('BEGIN');
      const result = await work(inside);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}


/**
 * Connects to PostgreSQL at `url` and applies the migrations it has not had (in one transaction
 * each, under an advisory lock, so that processes starting together apply each once).
 */
export async function openPostgres(url: string): Promise<PostgresSql> {
  // Loaded here, not at start: a CLI question or an SQLite deployment never needs the driver.
  const { default: pg } = await import('pg');
  // BIGINT ids and counts come back as numbers (they are far below 2^53), not strings.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max: POSTGRES_DEFAULTS.max, connectionTimeoutMillis: POSTGRES_DEFAULTS.connectTimeoutMs });
  // An idle connection that fails (the server restarted) must not crash the bot; the next query reconnects.
  pool.on('error', () => undefined);
  const sql = new PostgresSql(pool);
  try {
    await sql.transaction(async (tx) => {
      await tx.run('SELECT pg_advisory_xact_lock(7283001)');
      await tx.run('CREATE TABLE IF NOT EXISTS pilcrow_schema (version INTEGER NOT NULL)');
      const row = await tx.get<{ version: number }>('SELECT version FROM pilcrow_schema');
      const current = row?.version ?? 0;
      if (current > PG_MIGRATIONS.length) throw new Error(`the database is at schema version ${current}, newer than this Pilcrow (${PG_MIGRATIONS.length}); update Pilcrow`);
      for (let v = current; v < PG_MIGRATIONS.length; v++) await tx.run(PG_MIGRATIONS[v]!);
      if (!row) await tx.run('INSERT INTO pilcrow_schema (version) VALUES (?)', [PG_MIGRATIONS.length]);
      else await tx.run('UPDATE pilcrow_schema SET version = ?', [PG_MIGRATIONS.length]);
    });
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`state: cannot open PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
  }
  return sql;
}

/** A database URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured DATABASE_URL';
  }
}
