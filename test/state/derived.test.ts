import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openApp } from '../../src/app.js';
import { Engine } from '../../src/engine/answers.js';
import { splitSentences } from '../../src/knowledge/sentences.js';
import { createLogger } from '../../src/logger.js';
import { SHARED } from '../../src/model/scope.js';
import { SearchIndex } from '../../src/search/index.js';
import { CACHE_FILE, DATABASE_FILE, openCache, openDatabase, schemaVersion } from '../../src/state/db.js';
import { DerivedRecords } from '../../src/state/derived.js';
import { MIGRATIONS } from '../../src/state/migrations.js';
import { ArticleStore, DERIVED_VERSION, derivedKey, READING_VERSION } from '../../src/store/store.js';
import { article, mayNotGrow, SEED_TEXT, seedArticle, tempFolder } from '../fixtures.js';

let cleanup = () => {};
afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
});

const fail = (e: unknown) => {
  throw e;
};

/** An engine over a store whose derived data is kept in the database in `dir`, as after a restart. */
function open(dir: string) {
  const db = openDatabase(dir);
  const derived = new DerivedRecords(db, fail);
  const store = new ArticleStore(null, { derived });
  const engine = new Engine([seedArticle()], { store });
  derived.flush();
  return { db, derived, store, engine };
}

describe('derived data: one record per article', () => {
  it('has one version made of the readers\', the splitter\'s and the index\'s versions', () => {
    expect(DERIVED_VERSION).toBe(`r${READING_VERSION}.s2.i3`);
  });

  it('holds the splits, the prepared index data and the reading in one row, the reading filled in later', async () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const { db, derived, store, engine } = open(join(t.dir, 'data'));
    const key = derivedKey(seedArticle());
    const before = derived.record(key)!;
    expect(before.version).toBe(DERIVED_VERSION);
    const passages = [...seedArticle().paragraphs, ...seedArticle().captions];
    expect(before.splits!.map(([, offsets]) => offsets)).toEqual(passages.map((p) => p.sentences.map((s) => [s.start, s.end])));
    expect(before.indexKey).toBe(store.index.keyOf(seedArticle()));
    expect(before.prepared!.words.length).toBeGreaterThan(0);
    expect(before.reading).toBeNull();
    await engine.quotes(SHARED);
    const after = derived.record(key)!;
    expect(after.reading!.quotes.length).toBeGreaterThan(0);
    // Filling one part in left the others as they were.
    expect({ ...after, reading: null }).toEqual(before);
    expect(db.prepare('SELECT COUNT(*) FROM derived').pluck().get()).toBe(1);
    db.close();
  });

  it('uses nothing of a row of another version, and writing one part of it empties the others', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const dir = join(t.dir, 'data');
    const first = open(dir);
    const key = derivedKey(seedArticle());
    const indexKey = first.store.index.keyOf(seedArticle());
    first.derived.keepReading(key, { people: { people: [] } as never, quotes: [], sightings: [] });
    first.db.close();

    const db = openDatabase(dir);
    const older = new DerivedRecords(db, fail, undefined, 'r3.s2.i3');
    expect(older.splits).toBe(0);
    expect(older.prepared(key, indexKey)).toBeUndefined();
    expect(older.reading(key)).toBeUndefined();
    older.keepReading(key, { people: { people: [] } as never, quotes: [], sightings: [] });
    expect(older.record(key)).toMatchObject({ version: 'r3.s2.i3', splits: null, indexKey: null, prepared: null });
    const current = new DerivedRecords(db, fail);
    expect(current.reading(key)).toBeUndefined();
    expect(current.prepared(key, indexKey)).toBeUndefined();
    // Pruned though its article is held: nothing in it can be used.
    expect(current.prune(new Set([key]))).toBe(1);
    expect(current.record(key)).toBeNull();
    db.close();
  });
});

describe('readings kept in the state', () => {
  it('are taken back after a restart, giving the same quotations, people and entities', async () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const dir = join(t.dir, 'data');
    const first = open(dir);
    const quotes = await first.engine.quote('Bolton', '', SHARED);
    const entities = await first.engine.entities(SHARED);
    const people = first.store.peopleOf('trump-putin-summit')!.main();
    first.db.close();

    const second = open(dir);
    expect(await second.engine.quote('Bolton', '', SHARED)).toEqual(quotes);
    expect(await second.engine.entities(SHARED)).toEqual(entities);
    await second.store.reading('trump-putin-summit');
    expect(second.store.peopleOf('trump-putin-summit')!.main()).toEqual(people);
    expect(second.store.peopleOf('trump-putin-summit')!.person('John Bolton')?.role).toBe('US national security adviser');
    second.db.close();
  });

  it('are read from the state, not made again, and made again when the article changes', async () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const dir = join(t.dir, 'data');
    const first = open(dir);
    await first.engine.quotes(SHARED);
    // Mark the kept reading, to see whether the next run uses it.
    const key = derivedKey(seedArticle());
    const data = JSON.parse(first.db.prepare('SELECT reading FROM derived WHERE key = ?').pluck().get(key) as string) as { quotes: { text: string }[] };
    data.quotes[0]!.text = 'MARKED';
    first.db.prepare('UPDATE derived SET reading = ? WHERE key = ?').run(JSON.stringify(data), key);
    first.db.close();

    const second = open(dir);
    expect((await second.engine.quotes(SHARED))[0]!.text).toBe('MARKED');
    // The same id with other text: another key, a fresh reading.
    second.store.put(article('trump-putin-summit', `${seedArticle().title}\n\n"We will meet soon," said Mr Bolton on Wednesday.`));
    expect((await second.engine.quotes(SHARED)).map((q) => q.text)).toEqual(['We will meet soon']);
    second.db.close();
  });

  it('that cannot be written are reported, not thrown (a full disk is a warning)', async () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const db = openDatabase(join(t.dir, 'data'));
    mayNotGrow(db);
    const failures: unknown[] = [];
    const engine = new Engine([seedArticle()], { store: new ArticleStore(null, { derived: new DerivedRecords(db, (e) => failures.push(e)) }) });
    expect((await engine.quotes(SHARED)).length).toBeGreaterThan(0);
    expect(failures.map((e) => (e as { code?: string }).code)).toEqual(['SQLITE_FULL']);
    db.close();
  });
});

describe('sentence splits kept in the state', () => {
  const paragraphs = SEED_TEXT.split(/\n\s*\n/).filter((p) => p.trim() !== '');

  it('split exactly as the splitter does, and are taken back after a restart instead of split again', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const dir = join(t.dir, 'data');
    const first = open(dir);
    for (const p of paragraphs) expect(first.derived.split(p)).toEqual(splitSentences(p));
    // Mark every kept split, to see that the next run uses them rather than splitting again.
    const key = derivedKey(seedArticle());
    const splits = JSON.parse(first.db.prepare('SELECT splits FROM derived WHERE key = ?').pluck().get(key) as string) as [string, unknown][];
    first.db.prepare('UPDATE derived SET splits = ?').run(JSON.stringify(splits.map(([k]) => [k, [[0, 5]]])));
    first.db.close();

    const again = openDatabase(dir);
    const reopened = new DerivedRecords(again, fail);
    expect(reopened.splits).toBe(new Set([...seedArticle().paragraphs, ...seedArticle().captions].map((p) => p.text)).size);
    const passage = seedArticle().paragraphs[1]!.text;
    expect(reopened.split(passage)).toEqual([{ text: passage.slice(0, 5), start: 0, end: 5 }]);
    again.close();
  });

  it('and prepared articles: a batch that cannot be written (a full disk) is dropped and said, without failing the flush', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const db = openDatabase(join(t.dir, 'data'));
    // A database that may not grow (its free pages, left by the tables migration 11 dropped, given back
    // first): SQLite fails the write with SQLITE_FULL, as on a full disk.
    mayNotGrow(db);
    const failures: unknown[] = [];
    const kept = new DerivedRecords(db, (e) => failures.push(e));
    const index = new SearchIndex([], null);
    const a = seedArticle();
    kept.keepPrepared(derivedKey(a), index.keyOf(a), index.prepare(a), a);
    expect(() => kept.flush()).not.toThrow();
    expect(failures.map((e) => (e as { code?: string }).code)).toEqual(['SQLITE_FULL']);
    expect(kept.prepared(derivedKey(a), index.keyOf(a))).toBeUndefined();
    // Dropped, not written again at the next flush.
    kept.flush();
    expect(failures).toHaveLength(1);
    expect(db.prepare('SELECT COUNT(*) FROM derived').pluck().get()).toBe(0);
    db.close();
  });
});

const FILES = {
  'trump-putin-summit.txt': SEED_TEXT,
  'fund.txt': 'Fund warns on growth\n\nThe International Monetary Fund (IMF) cut its growth forecast for Britain.\n\nIts chief economist Gita Gopinath said the outlook was "clouded".\n',
};
const QUESTIONS = ['where is the summit', 'what did the IMF cut', 'putn electon medling', 'who is the chief economist'];

async function answers(env: NodeJS.ProcessEnv) {
  // The per-article path: without the snapshot of the whole store (test/store/snapshot.test.ts).
  rmSync(join(env.DATA_DIR!, 'cache'), { recursive: true, force: true });
  const opened = await openApp({ env, state: 'create', log: createLogger('silent') });
  if (!opened.ok) throw new Error(opened.error.message);
  const app = opened.value;
  const got = QUESTIONS.map((q) => {
    const r = app.engine.ask(q, { scope: SHARED, top: 5 });
    return [r.answered, r.confidence, r.corrections, r.results.map((a) => [a.articleId, a.paragraph, a.quote, a.score])];
  });
  return { app, got };
}

describe('prepared articles kept in the state (SQLite)', () => {
  it('join the index after a restart without tokenizing the articles again, answering exactly the same', async () => {
    const t = tempFolder(FILES);
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR: t.dir, DATA_DIR: join(t.dir, 'data'), LOG_LEVEL: 'silent' };
    const prepare = vi.spyOn(SearchIndex.prototype, 'prepare');
    const first = await answers(env);
    expect(prepare).toHaveBeenCalledTimes(2);
    expect(first.app.db!.prepare('SELECT COUNT(*) FROM derived WHERE prepared IS NOT NULL').pluck().get()).toBe(2);
    await first.app.close();

    prepare.mockClear();
    const second = await answers(env);
    expect(prepare).not.toHaveBeenCalled();
    expect(second.got).toEqual(first.got);

    // A damaged row: that article is prepared again, and written back whole.
    second.app.db!.prepare("UPDATE derived SET prepared = x'ff0d00' WHERE key = ?").run(derivedKey(second.app.store.article('fund', SHARED)!));
    await second.app.close();
    const third = await answers(env);
    expect(prepare).toHaveBeenCalledTimes(1);
    expect(third.got).toEqual(first.got);
    await third.app.close();
    prepare.mockClear();
    const fourth = await answers(env);
    expect(prepare).not.toHaveBeenCalled();
    await fourth.app.close();
  });

  it('are prepared again for an index of another key (word vectors on or off)', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const { db, derived, store } = open(join(t.dir, 'data'));
    const key = derivedKey(seedArticle());
    expect(derived.prepared(key, store.index.keyOf(seedArticle()))).toBeDefined();
    expect(derived.prepared(key, 'another index key')).toBeUndefined();
    db.close();
  });
});

describe('pruning what is kept of articles (the bot, at start)', () => {
  it('drops the records no article has any more and those of another version, and keeps the rest', async () => {
    const t = tempFolder({ 'seed.txt': `${seedArticle().title}\n\n${seedArticle().paragraphs.map((p) => p.text).join('\n\n')}\n` });
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR: t.dir, DATA_DIR: join(t.dir, 'data'), MEANING: 'off' };
    const first = await openApp({ env, state: 'create', log: createLogger('silent') });
    if (!first.ok) throw new Error(first.error.message);
    await first.value.engine.quotes(SHARED);
    first.value.db!.prepare("INSERT INTO derived (key, version, reading, at) VALUES ('stale', ?, '{}', '2026-01-01')").run(DERIVED_VERSION);
    await first.value.close();
    const kept = first.value.store.all().map((s) => derivedKey(s.article));
    const raw = new Database(join(t.dir, 'data', DATABASE_FILE));
    raw.prepare("INSERT INTO derived (key, version, reading, at) VALUES ('old', 'r1.s1.i1', '{}', '2026-01-01')").run();
    raw.close();

    const second = await openApp({ env, state: 'create', prune: true, log: createLogger('silent') });
    if (!second.ok) throw new Error(second.error.message);
    await second.value.ready;
    await new Promise((resolve) => setImmediate(resolve));
    const db = second.value.db!;
    expect(db.prepare('SELECT key FROM derived').pluck().all()).toEqual(kept);
    expect(db.prepare('SELECT COUNT(*) FROM derived WHERE splits IS NOT NULL AND prepared IS NOT NULL AND reading IS NOT NULL').pluck().get()).toBe(1);
    await second.value.close();
  });
});

describe('migration 11', () => {
  it('replaces the three caches of a database of schema version 10 by the one table, keeping the state', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const raw = new Database(join(t.dir, DATABASE_FILE));
    for (const m of MIGRATIONS.slice(0, 10)) raw.exec(m);
    raw.pragma('user_version = 10');
    raw.prepare("INSERT INTO readings (key, data, at) VALUES ('k', '{}', '2026-01-01')").run();
    raw.prepare("INSERT INTO sentence_splits (key, offsets) VALUES ('k', '[]')").run();
    raw.prepare("INSERT INTO prepared_articles (key, data, at) VALUES ('k', x'00', '2026-01-01')").run();
    raw.prepare("INSERT INTO feeds (owner, url, added_at, next_poll_at) VALUES ('g', 'http://127.0.0.1/feed', '2026-01-01', '2026-01-01')").run();
    raw.close();

    const db = openDatabase(t.dir);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toContain('derived');
    expect(tables.filter((n) => ['readings', 'sentence_splits', 'prepared_articles'].includes(n as string))).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) FROM derived').pluck().get()).toBe(0);
    expect(db.prepare('SELECT url FROM feeds').pluck().all()).toEqual(['http://127.0.0.1/feed']);
    db.close();
  });
});

describe('the cache of a command with no state (DATA_DIR/cache/kept.db), damaged', () => {
  /** A folder of 60 articles (a cache is kept from 50 files), and an empty DATA_DIR. */
  const folder = () => {
    const files = Object.fromEntries(Array.from({ length: 60 }, (_, k) => [`a${k}.txt`, `Council vote ${k}\n\nThe council of town ${k} voted on Monday to rebuild bridge ${k}.\n\nMayor Lee ${k} said the work would start in spring.`]));
    const knowledge = tempFolder(files);
    const data = tempFolder({});
    cleanup = () => {
      knowledge.cleanup();
      data.cleanup();
    };
    return { env: { KNOWLEDGE_DIR: knowledge.dir, DATA_DIR: data.dir, MEANING: 'off' }, data: data.dir };
  };
  const answer = async (env: Record<string, string>) => {
    const opened = await openApp({ env, state: 'existing', log: createLogger('silent') });
    if (!opened.ok) throw new Error(opened.error.message);
    const found = opened.value.engine.ask('when did town 41 vote', { scope: SHARED });
    await opened.value.close();
    return found.results.map((a) => `${a.articleId} ¶${a.paragraph}: ${a.quote}`);
  };
  const cacheFile = (data: string) => join(data, CACHE_FILE);
  const snapshots = (data: string) => readdirSync(join(data, 'cache')).filter((f) => f.endsWith('.snap')).map((f) => join(data, 'cache', f));

  it('is made again when it is not a database or cut short, and kept when whole', () => {
    const { data } = folder();
    const whole = openCache(data);
    expect(whole.remade).toBeNull();
    whole.db.prepare('CREATE TABLE IF NOT EXISTS probe (x)').run();
    whole.db.close();
    expect(openCache(data).remade).toBeNull();
    for (const damage of [(f: string) => writeFileSync(f, randomBytes(64 * 1024)), (f: string) => truncateSync(f, 40)]) {
      damage(cacheFile(data));
      const again = openCache(data);
      expect(again.remade).not.toBeNull();
      // A working database again, with the schema.
      expect(again.db.prepare("SELECT count(*) AS n FROM derived").get()).toEqual({ n: 0 });
      again.db.close();
    }
  });

  it('with damaged pages: the same answers, worked out again, and a whole cache from the next start', async () => {
    const { env, data } = folder();
    const before = await answer(env);
    expect(before.length).toBeGreaterThan(0);
    // The second half of the file overwritten: the schema (its first pages) opens, the records' pages are garbage.
    const file = cacheFile(data);
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(64 * 1024);
    const half = Math.floor(size / 2 / 4096) * 4096;
    const fd = openSync(file, 'r+');
    writeSync(fd, randomBytes(size - half), 0, size - half, half);
    closeSync(fd);
    for (const snap of snapshots(data)) rmSync(snap);
    expect(await answer(env)).toEqual(before);
    // Deleted at close, so that the next start that reads the folder (no snapshot) makes it whole again.
    for (const snap of snapshots(data)) rmSync(snap);
    expect(await answer(env)).toEqual(before);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    expect((db.prepare('SELECT count(*) AS n FROM derived').get() as { n: number }).n).toBe(60);
    db.close();
  });

  it('DATA_DIR a file: a question is answered without a cache, and ingest says what is wrong', async () => {
    const { env, data } = folder();
    const file = join(data, 'not-a-folder');
    writeFileSync(file, 'x');
    expect(await answer({ ...env, DATA_DIR: file })).toEqual(await answer(env));
    expect(() => openDatabase(file)).toThrow(/DATA_DIR .*not-a-folder is a file, not a folder/);
  });
});
