import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { articleId, ArticleRepository, contentHash } from '../../src/state/articles.js';
import { DATABASE_FILE, openDatabase, schemaVersion, stateWriteFailure } from '../../src/state/db.js';
import { openPostgres, SqliteSql } from '../../src/state/sql.js';
import { MIGRATIONS } from '../../src/state/migrations.js';
import { Engine } from '../../src/engine/answers.js';
import { AddedArticles } from '../../src/store/library.js';
import { freshPostgres, mayNotGrow, tempFolder } from '../fixtures.js';

let cleanup = () => {};
afterEach(() => cleanup());
const quiet = createLogger('silent');
const GUILD = '1123456789012345678';
const PARTS = {
  title: 'Driver loses parking fine appeal',
  paragraphs: ['Barry Beavis, 48, lost his case at the Court of Appeal on Thursday.', 'Mr Beavis had parked at the Riverside Retail Park in Chelmsford.'],
  source: 'https://news.example/parking',
};

/** A store, its library and the database in `dir`, as a restart would open them. */
function open(dir: string) {
  const db = openDatabase(dir);
  const engine = new Engine([], { meaning: null });
  const library = new AddedArticles(engine.store, new ArticleRepository(new SqliteSql(db)), quiet, { clock: () => new Date('2026-11-28T10:00:00Z') });
  return { db, engine, library };
}

describe('the state database', () => {
  it('is created with its folder on first start, in WAL mode, with every migration applied once', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const dir = join(t.dir, 'data');
    const db = openDatabase(dir);
    expect(existsSync(join(dir, DATABASE_FILE))).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
    const again = openDatabase(dir);
    expect(schemaVersion(again)).toBe(MIGRATIONS.length);
    again.close();
  });

  it('refuses a database written by a newer Pilcrow, naming the versions', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const raw = new Database(join(t.dir, DATABASE_FILE));
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openDatabase(t.dir)).toThrow(/schema version \d+, newer than this Pilcrow/);
  });
});

describe('a damaged or empty state database', () => {
  /** A database in `dir` holding one stored article, its last pages still in the write-ahead log (not checkpointed), copied while open. */
  function withPagesInLog(dir: string): void {
    const t = tempFolder({});
    const db = openDatabase(t.dir);
    db.pragma('wal_autocheckpoint = 0');
    db.prepare("INSERT INTO articles (id, owner, title, paragraphs, captions, content_hash, origin, added_at) VALUES ('a', 'local', 'A', '[\"p\"]', '[]', 'h', 'cli', '2026-01-01')").run();
    for (const f of [DATABASE_FILE, `${DATABASE_FILE}-wal`]) copyFileSync(join(t.dir, f), join(dir, f));
    db.close();
    t.cleanup();
  }

  it('refuses a 0-byte pilcrow.db, saying that the file is empty and what is lost, and leaves it as it is', () => {
    const t = tempFolder({ [DATABASE_FILE]: '' });
    cleanup = t.cleanup;
    const file = join(t.dir, DATABASE_FILE);
    expect(() => openDatabase(t.dir)).toThrow(`state: cannot open ${file}: the file is empty (0 bytes): the stored articles, feeds and digest schedules are gone. Restore it from a backup (README, "What is stored where"); or, to start a new, empty database, move pilcrow.db away.`);
    expect(statSync(file).size).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a 1-byte file, which SQLite itself would take for a new database', () => {
    const t = tempFolder({ [DATABASE_FILE]: 'x' });
    cleanup = t.cleanup;
    expect(() => openDatabase(t.dir)).toThrow(/^state: cannot open .*pilcrow\.db: the file is only 1 byte long, shorter than a database's 100-byte header/);
  });

  it('refuses a 0-byte pilcrow.db beside a write-ahead log holding pages, and leaves the log as it is for a restore', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    withPagesInLog(t.dir);
    const wal = join(t.dir, `${DATABASE_FILE}-wal`);
    const log = readFileSync(wal);
    expect(log.length).toBeGreaterThan(32);
    truncateSync(join(t.dir, DATABASE_FILE), 0);
    expect(() => openDatabase(t.dir)).toThrow(`the file is empty (0 bytes) but its write-ahead log pilcrow.db-wal holds ${log.length} bytes, the last changes only`);
    expect(readFileSync(wal).equals(log)).toBe(true);
  });

  it('refuses a missing pilcrow.db beside a write-ahead log holding pages: the log alone is not the database', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    withPagesInLog(t.dir);
    rmSync(join(t.dir, DATABASE_FILE));
    expect(() => openDatabase(t.dir)).toThrow(/^state: cannot open .*pilcrow\.db: the file is missing but its write-ahead log pilcrow\.db-wal holds \d+ bytes.* move pilcrow\.db-wal, pilcrow\.db-shm away\.$/);
    expect(existsSync(join(t.dir, DATABASE_FILE))).toBe(false);
  });

  it('opens a database whose last pages are in its log, as SQLite recovers it', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    withPagesInLog(t.dir);
    const db = openDatabase(t.dir);
    expect(db.prepare('SELECT title FROM articles').pluck().all()).toEqual(['A']);
    db.close();
  });

  it('makes a new database when only an empty log is left beside the missing file, leaving no temporary file behind', () => {
    const t = tempFolder({ [`${DATABASE_FILE}-wal`]: '' });
    cleanup = t.cleanup;
    const db = openDatabase(t.dir);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
    expect(readdirSync(t.dir).filter((f) => f.includes('.new-'))).toEqual([]);
  });

  it('reports SQLite\'s own reason for a file as long as a database that is not one', () => {
    const t = tempFolder({ [DATABASE_FILE]: Buffer.alloc(4096, 7) });
    cleanup = t.cleanup;
    expect(() => openDatabase(t.dir)).toThrow(/^state: cannot open .*pilcrow\.db: file is not a database$/);
  });
});

describe('what says that the state cannot be written', () => {
  /** The error a call throws (fails the test when it throws none). */
  const thrown = (call: () => unknown): unknown => {
    try {
      call();
    } catch (e) {
      return e;
    }
    throw new Error('expected the call to throw');
  };
  /** An error as Node's file system throws it. */
  const errno = (code: string, message: string) => Object.assign(new Error(`${code}: ${message}, write`), { code, syscall: 'write' });

  it('reads SQLite\'s "database or disk is full" as a full disk, also behind an error that wraps it', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const db = openDatabase(t.dir);
    // A database that may not grow: SQLite fails a write that needs a page more exactly as on a full disk.
    mayNotGrow(db);
    const full = thrown(() => db.prepare("INSERT INTO derived (key, version, splits, at) VALUES (?, 'v', ?, '')").run('k', 'x'.repeat(100_000)));
    db.close();
    expect(stateWriteFailure(full, t.dir)).toEqual({ code: 'disk_full', database: 'sqlite', detail: 'database or disk is full' });
    expect(stateWriteFailure(new Error('state: cannot store', { cause: full }), t.dir)?.code).toBe('disk_full');
  });

  it('reads a write to a read-only database as read-only', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    openDatabase(t.dir).close();
    const db = new Database(join(t.dir, DATABASE_FILE), { readonly: true });
    const readonly = thrown(() => db.prepare('DELETE FROM articles').run());
    db.close();
    expect(stateWriteFailure(readonly, t.dir)).toEqual({ code: 'read_only', database: 'sqlite', detail: 'attempt to write a readonly database' });
  });

  it('reads the file system\'s no space, quota, read-only and permission errors', () => {
    expect(stateWriteFailure(errno('ENOSPC', 'no space left on device'), null)?.code).toBe('disk_full');
    expect(stateWriteFailure(errno('EDQUOT', 'disk quota exceeded'), null)?.code).toBe('disk_full');
    expect(stateWriteFailure(errno('EROFS', 'read-only file system'), null)?.code).toBe('read_only');
    expect(stateWriteFailure(errno('EACCES', 'permission denied'), null)).toEqual({ code: 'read_only', database: 'sqlite', detail: 'EACCES: permission denied, write' });
  });

  it('takes an I/O error from SQLite for a disk failure where the disk has room', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const ioerr = new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_SHMSIZE');
    expect(stateWriteFailure(ioerr, t.dir)).toEqual({ code: 'io_error', database: 'sqlite', detail: 'disk I/O error' });
  });

  it('is null for any other error: a constraint, a bug, an error without a code', () => {
    expect(stateWriteFailure(new Database.SqliteError('UNIQUE constraint failed: articles.id', 'SQLITE_CONSTRAINT_PRIMARYKEY'), null)).toBeNull();
    expect(stateWriteFailure(new TypeError('x is undefined'), null)).toBeNull();
    expect(stateWriteFailure(Object.assign(new Error('no such file'), { code: 'ENOENT', syscall: 'open' }), null)).toBeNull();
    expect(stateWriteFailure('a string', null)).toBeNull();
  });

  it('reads PostgreSQL\'s read-only transaction as read-only, and its disk_full code as a full disk', async (ctx) => {
    const postgres = await freshPostgres();
    if (!postgres) return ctx.skip();
    const sql = await openPostgres(postgres.url);
    try {
      const refused = await sql.transaction(async (tx) => {
        await tx.run('SET TRANSACTION READ ONLY');
        return tx.run("DELETE FROM feeds WHERE owner = 'x'").then(() => null, (e: unknown) => e);
      });
      expect(stateWriteFailure(refused, null)).toMatchObject({ code: 'read_only', database: 'postgres' });
      // What the server sends when it cannot extend a file (SQLSTATE 53100), as pg hands it over.
      const { DatabaseError } = (await import('pg')).default;
      const full = Object.assign(new DatabaseError('could not extend file "base/16384/16385": No space left on device', 0, 'error'), { code: '53100', severity: 'ERROR' });
      expect(stateWriteFailure(full, null)).toMatchObject({ code: 'disk_full', database: 'postgres' });
    } finally {
      await sql.close();
      await postgres.drop();
    }
  });
});

describe('articles added at run time', () => {
  it('answer at once, and again after a restart, for their own server only', async () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const first = open(t.dir);
    const added = await first.library.add(PARTS, { owner: GUILD, origin: 'ingest', user: '1145678901234567890' });
    expect(added.ok && added.value.stored).toBe(true);
    const id = added.ok ? added.value.article.id : '';
    expect(id).toBe(articleId(PARTS.title, GUILD, contentHash(PARTS)));
    expect(first.engine.ask('who lost his appeal', { scope: { owner: GUILD } }).results[0]?.articleId).toBe(id);
    first.db.close();

    const second = open(t.dir);
    expect(await second.library.loadStored()).toBe(1);
    const answer = second.engine.ask('who lost his appeal', { scope: { owner: GUILD } });
    expect(answer.results[0]?.quote).toBe('Barry Beavis, 48, lost his case at the Court of Appeal on Thursday.');
    expect(answer.results[0]?.paragraph).toBe(1);
    expect(second.engine.article(id, { owner: GUILD })?.source).toBe('https://news.example/parking');
    expect(second.engine.ask('who lost his appeal', { scope: { owner: '999999999999999999' } }).results).toEqual([]);
    second.db.close();
  });

  it('keep one copy of the same text per server, whatever link it came from', async () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const { db, library } = open(t.dir);
    const once = await library.add(PARTS, { owner: GUILD, origin: 'ingest' });
    const twice = await library.add({ ...PARTS, source: 'https://other.example/copy', paragraphs: PARTS.paragraphs.map((p) => ` ${p}  `) }, { owner: GUILD, origin: 'feed' });
    expect(twice.ok && twice.value.stored).toBe(false);
    expect(twice.ok && once.ok && twice.value.article.id).toBe(once.ok && once.value.article.id);
    const elsewhere = await library.add(PARTS, { owner: '999999999999999999', origin: 'ingest' });
    expect(elsewhere.ok && elsewhere.value.stored).toBe(true);
    expect(await new ArticleRepository(new SqliteSql(db)).list()).toHaveLength(2);
    db.close();
  });

  it('refuses an article with no paragraphs, with a sentence, and stores nothing', async () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const { db, library } = open(t.dir);
    const r = await library.add({ title: 'Only a title', paragraphs: ['  ', ''] }, { owner: GUILD, origin: 'ingest' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toBe('The article has a title but no paragraphs.');
    expect(await new ArticleRepository(new SqliteSql(db)).list()).toEqual([]);
    db.close();
  });

  it('are removed from the state and the store by their owner only', async () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const { db, engine, library } = open(t.dir);
    const added = await library.add(PARTS, { owner: GUILD, origin: 'ingest' });
    const id = added.ok ? added.value.article.id : '';
    expect(await library.remove(id, '999999999999999999')).toBe(false);
    expect(await library.remove(id, GUILD)).toBe(true);
    expect(engine.article(id, { owner: GUILD })).toBeUndefined();
    expect(await new ArticleRepository(new SqliteSql(db)).get(id)).toBeUndefined();
    db.close();
  });
});
