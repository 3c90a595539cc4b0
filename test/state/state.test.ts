import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { articleId, ArticleRepository, contentHash } from '../../src/state/articles.js';
import { DATABASE_FILE, openDatabase, schemaVersion } from '../../src/state/db.js';
import { SqliteSql } from '../../src/state/sql.js';
import { MIGRATIONS } from '../../src/state/migrations.js';
import { Engine } from '../../src/engine.js';
import { Library } from '../../src/store/library.js';
import { tempFolder } from '../fixtures.js';

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
  const library = new Library(engine.store, new ArticleRepository(new SqliteSql(db)), quiet, { clock: () => new Date('2026-11-28T10:00:00Z') });
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
