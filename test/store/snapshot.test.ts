import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { QuoteBook } from '../../src/nlp/book.js';
import { SearchIndex } from '../../src/search/index.js';
import { pruneSnapshots, readSnapshot, SNAPSHOT_VERSION, writeSnapshot, type Snapshot } from '../../src/store/snapshot.js';
import { ArticleStore } from '../../src/store/store.js';
import { article, SEED_TEXT, seedArticle, tempFolder } from '../fixtures.js';
import { SHARED } from '../../src/model/scope.js';

let cleanup = () => {};
afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
});

const FILES = {
  'trump-putin-summit.txt': SEED_TEXT,
  'fund.txt': 'Fund warns on growth\n\nThe International Monetary Fund (IMF) cut its growth forecast for Britain.\n\nIts chief economist Gita Gopinath said "the outlook is clouded", the fund said.\n',
  'rates.txt': 'Bank holds rates\n\nThe Bank of England kept interest rates at 5% on Thursday.\n\nGovernor Andrew Bailey said: "We are not there yet."\n',
};
const QUESTIONS = ['where is the summit', 'what did the IMF cut', 'putn electon medling', 'who is the chief economist', 'what did the bank keep', 'when did the bank hold rates'];

/** Opens the app as the bot does (a state database on disk), answers the questions, and says whether the store came from its snapshot. */
async function open(env: NodeJS.ProcessEnv, state: 'create' | 'existing' = 'create') {
  const opened = await openApp({ env, state, log: createLogger('silent') });
  if (!opened.ok) throw new Error(opened.error.message);
  const app = opened.value;
  return { app, got: await answersOf(app) };
}

async function answersOf(app: App) {
  const asked = QUESTIONS.map((q) => {
    const r = app.engine.ask(q, { scope: SHARED, top: 5 });
    return [r.answered, r.confidence, r.corrections, r.results.map((a) => [a.articleId, a.paragraph, a.quote, a.score])];
  });
  const quote = await app.engine.quote('Bailey', '', SHARED);
  const books = await Promise.all(['Gopinath', 'putn', 'Trump', 'IMF', 'Kremlin', 'Bank of England'].map(async (name) => [await app.engine.quote(name, '', SHARED), await app.engine.facts(name, SHARED)]));
  return { asked, quote: JSON.stringify(quote), books: JSON.stringify(books) };
}

const snapshots = (dataDir: string) => readdirSync(join(dataDir, 'cache')).filter((f) => f.endsWith('.snap')).map((f) => join(dataDir, 'cache', f));

describe('the snapshot of the whole store (SQLite state on disk)', () => {
  it('is taken back when nothing changed, and answers exactly as the store built article by article', async () => {
    const t = tempFolder(FILES);
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR: t.dir, DATA_DIR: join(t.dir, 'data'), LOG_LEVEL: 'silent' };
    const first = await open(env);
    expect(first.app.fromSnapshot).toBe(false);
    await first.app.close();
    expect(snapshots(env.DATA_DIR)).toHaveLength(1);

    const prepare = vi.spyOn(SearchIndex.prototype, 'prepare');
    const joining = vi.spyOn(SearchIndex.prototype, 'joining');
    const create = vi.spyOn(QuoteBook, 'create');
    const second = await open(env);
    expect(second.app.fromSnapshot).toBe(true);
    expect(prepare).not.toHaveBeenCalled();
    expect(joining).not.toHaveBeenCalled();
    // The quotation book came with it: /quote and /facts read no article's quotations again.
    expect(create).not.toHaveBeenCalled();
    expect(second.got).toEqual(first.got);
    expect(second.app.store.size).toBe(3);
    expect(second.app.problems).toEqual(first.app.problems);

    // Articles added at run time join the restored index as usual, and the next start has them.
    second.app.store.put(article('late', 'Late news\n\nThe meeting in Helsinki ended late on Monday night.\n'));
    const late = second.app.engine.ask('what ended late on Monday night', { scope: SHARED, top: 3 });
    expect(late.results[0]!.articleId).toBe('late');
    second.app.store.remove('late');
    second.app.store.put(article('later', 'Later news\n\nThe meeting in Helsinki ended late on Monday night.\n'));
    await second.app.close();
    const third = await open(env);
    expect(third.app.fromSnapshot).toBe(true);
    expect(third.app.store.article('later', SHARED)?.paragraphs[0]!.text).toBe('The meeting in Helsinki ended late on Monday night.');
    expect(third.app.engine.ask('what ended late on Monday night', { scope: SHARED, top: 3 }).results[0]!.articleId).toBe('later');
    await third.app.close();
  });

  it('is not used once an article changed, was added or removed; the answers are those of the folder as it is', async () => {
    const t = tempFolder(FILES);
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR: t.dir, DATA_DIR: join(t.dir, 'data'), LOG_LEVEL: 'silent' };
    // A time a file's stamp holds exactly (whole seconds), to be put back after an edit.
    const WHOLE_SECOND = 1_700_000_000;
    utimesSync(join(t.dir, 'trump-putin-summit.txt'), WHOLE_SECOND, WHOLE_SECOND);
    await (await open(env)).app.close();
    const changes: [string, () => void][] = [
      ['changed', () => writeFileSync(join(t.dir, 'rates.txt'), 'Bank cuts rates\n\nThe Bank of England cut interest rates to 4% on Thursday.\n')],
      // The same size: only the content (and so the time) differs.
      ['changed, same size', () => {
        const file = join(t.dir, 'fund.txt');
        writeFileSync(file, readFileSync(file, 'utf8').replace('Britain', 'Brazil!'));
        utimesSync(file, new Date(0), new Date(0));
      }],
      // The same size and its modification time put back, as `cp -p`, `rsync -t` or an archive leave it:
      // only the file system's change time tells.
      ['changed, same size and time', () => {
        const file = join(t.dir, 'trump-putin-summit.txt');
        const { mtimeMs, size } = statSync(file);
        writeFileSync(file, readFileSync(file, 'utf8').replaceAll('Helsinki', 'Helsinka'));
        utimesSync(file, WHOLE_SECOND, WHOLE_SECOND);
        expect(statSync(file)).toMatchObject({ mtimeMs, size });
      }],
      ['added', () => writeFileSync(join(t.dir, 'extra.txt'), 'Extra\n\nThe summit was held in the Finnish capital.\n')],
      ['removed', () => rmSync(join(t.dir, 'trump-putin-summit.txt'))],
    ];
    const create = vi.spyOn(QuoteBook, 'create');
    for (const [what, change] of changes) {
      change();
      create.mockClear();
      const after = await open(env);
      expect(after.app.fromSnapshot, what).toBe(false);
      // The book kept with the stale snapshot is not used: it is built again from the articles as they are.
      expect(create, what).toHaveBeenCalled();
      await after.app.close();
      // What the same folder answers with no snapshot and nothing kept: built from the files alone.
      const fresh = await open({ ...env, DATA_DIR: ':memory:' });
      expect(after.got, what).toEqual(fresh.got);
      await fresh.app.close();
      // The snapshot was written again for the folder as it is now.
      const again = await open(env);
      expect(again.app.fromSnapshot, what).toBe(true);
      expect(again.got, what).toEqual(fresh.got);
      await again.app.close();
    }
  });

  it('falls back to building the store when the snapshot is damaged, and never fails the start', async () => {
    const t = tempFolder(FILES);
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR: t.dir, DATA_DIR: join(t.dir, 'data'), LOG_LEVEL: 'silent' };
    const first = await open(env);
    await first.app.close();
    const [file] = snapshots(env.DATA_DIR);
    const whole = readFileSync(file!);
    const damages: [string, Buffer][] = [
      ['truncated', whole.subarray(0, Math.floor(whole.length / 2))],
      ['empty', Buffer.alloc(0)],
      ['garbage', Buffer.from('not a snapshot at all')],
      // Bytes overwritten in the middle: v8 may still read it, and the store must check what it got.
      ['overwritten', Buffer.concat([whole.subarray(0, whole.length >> 1), Buffer.alloc(64, 0xff), whole.subarray((whole.length >> 1) + 64)])],
    ];
    for (const [what, bytes] of damages) {
      writeFileSync(file!, bytes);
      const after = await open(env);
      expect(after.got, what).toEqual(first.got);
      await after.app.close();
    }
  });

  it('keeps a command with no state database warm too (the cache folder of a large knowledge folder)', async () => {
    const files: Record<string, string> = { ...FILES };
    for (let k = 0; k < 50; k++) files[`filler-${k}.txt`] = `Filler ${k}\n\nA paragraph about item number ${k} and the weather on day ${k}.\n`;
    const t = tempFolder(files);
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR: t.dir, DATA_DIR: join(t.dir, 'data'), LOG_LEVEL: 'silent' };
    const first = await open(env, 'existing');
    expect(first.app.state).toBeNull();
    await first.app.close();
    const second = await open(env, 'existing');
    expect(second.app.fromSnapshot).toBe(true);
    expect(second.app.state).toBeNull();
    expect(second.got).toEqual(first.got);
    await second.app.close();
  });
});

describe('the snapshot file', () => {
  // A large folder's files: a long list, cut out of the skeleton like the others.
  const files = Array.from({ length: 500 }, (_, i) => ({ name: `a${i}.txt`, mtimeMs: 1e12 + i, ctimeMs: 1e12 + i, size: 100 + i, id: `a${i}` }));
  const snapshot = (store: object): Snapshot => ({ version: SNAPSHOT_VERSION, stamp: 's', dir: '/k', files, problems: [], store: store as Snapshot['store'] });

  it('is written a frame at a time, letting the event loop run between frames, and read back whole', async () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const file = join(t.dir, 'cache', 'index-0123456789abcdef.snap');
    // Long arrays of strings and objects, and typed arrays of every kind kept, some far longer than a frame.
    const data = {
      texts: Array.from({ length: 30_000 }, (_, i) => `passage ${i} ${'é'.repeat(i % 7)}`),
      items: Array.from({ length: 9_000 }, (_, i) => ({ id: `a${i}`, owner: i % 3 ? null : '42', list: [i, i + 1] })),
      nested: { numbers: Uint32Array.from({ length: 3_000_000 }, (_, i) => i * 7), norms: Float32Array.from({ length: 40_000 }, (_, i) => i / 3), small: Int32Array.of(-1, 2), marks: new Uint16Array(100_000).fill(9) },
      map: new Map([['x', [1, 2]]]),
      empty: [],
    };
    const turns: number[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const bytes = await writeSnapshot(file, snapshot(data), async () => {
      turns.push(ticks);
      await new Promise((resolve) => setTimeout(resolve, 1));
    });
    clearInterval(timer);
    expect(bytes).toBe(readFileSync(file).length);
    // One pause after each piece: the skeleton, 4 slices of texts, 2 of items, 3 of the 12 MB typed array, the norms, the marks.
    expect(turns.length).toBeGreaterThanOrEqual(10);
    expect(turns.at(-1)).toBeGreaterThan(turns[0]!);
    expect(readdirSync(join(t.dir, 'cache'))).toEqual(['index-0123456789abcdef.snap']);
    const back = readSnapshot(file, 's', '/k') as Snapshot & { store: typeof data };
    // The long typed array compared as bytes (an element-wise deep equal takes a minute).
    const { numbers, ...nested } = back.store.nested;
    expect(numbers).toBeInstanceOf(Uint32Array);
    expect(Buffer.from(numbers.buffer, numbers.byteOffset, numbers.byteLength).equals(Buffer.from(data.nested.numbers.buffer))).toBe(true);
    // Taken as a view of the bytes read, not copied (the file's typed arrays are aligned for it).
    expect(numbers.buffer.byteLength).toBeGreaterThan(numbers.byteLength);
    expect(back.store.nested.norms.buffer).toBe(numbers.buffer);
    const sent: Partial<typeof data.nested> = { ...data.nested };
    delete sent.numbers;
    expect({ ...back, store: { ...back.store, nested } }).toEqual(snapshot({ ...data, nested: sent }));
    expect(readSnapshot(file, 'other', '/k')).toBe('other code or version');
    writeFileSync(file, readFileSync(file).subarray(0, bytes - 1000));
    expect(readSnapshot(file, 's', '/k')).toBe('unreadable');
  });

  it('leaves no temporary file when it cannot be written', async () => {
    const t = tempFolder({ cache: 'a file where the folder should be' });
    cleanup = t.cleanup;
    await expect(writeSnapshot(join(t.dir, 'cache', 'index-0123456789abcdef.snap'), snapshot({ texts: ['x'] }))).rejects.toThrow();
    const u = tempFolder({});
    const file = join(u.dir, 'index-0123456789abcdef.snap');
    mkdirSync(file); // the rename fails: a folder is in its place
    await expect(writeSnapshot(file, snapshot({ texts: Array.from({ length: 20_000 }, String) }))).rejects.toThrow();
    expect(readdirSync(u.dir)).toEqual(['index-0123456789abcdef.snap']);
    u.cleanup();
  });
});

describe('ArticleStore.snapshotInTurns', () => {
  it('takes the same data as snapshot() a slice at a time, and starts again when an article comes meanwhile', async () => {
    const store = new ArticleStore();
    store.put(seedArticle());
    // 2,400 passages: the store's own part alone takes two slices.
    for (let k = 0; k < 60; k++) store.put(article(`a${k}`, `Story ${k}\n\n${Array.from({ length: 40 }, (_, p) => `Vote ${p + k}.`).join('\n\n')}\n`));
    await store.book(SHARED);
    let pauses = 0;
    const data = await store.snapshotInTurns(async () => {
      pauses++;
      await new Promise((resolve) => setImmediate(resolve));
    });
    expect(pauses).toBeGreaterThan(5);
    expect(data.book).not.toBeNull();
    expect(data).toEqual(store.snapshot());
    // An article added after the third pause: the data taken is that of the store with it.
    let n = 0;
    const withLate = await store.snapshotInTurns(async () => {
      if (++n === 3) store.put(article('late', 'Late news\n\nThe meeting in Helsinki ended late on Monday night.\n'));
      await new Promise((resolve) => setImmediate(resolve));
    });
    // Without starting again, the article list (taken in the first two slices) would lack it.
    expect(withLate.articles.map((a) => a.meta.id)).toContain('late');
    expect(withLate.book).toBeNull(); // the shared book is not built for the store as it is now
    expect(withLate).toEqual(store.snapshot());
  });
});

describe('pruneSnapshots', () => {
  it('keeps the snapshots used most lately and the current one, and removes interrupted writes', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const now = Date.parse('2026-06-01T12:00:00Z');
    const at = (name: string, minutesAgo: number) => {
      writeFileSync(join(t.dir, name), 'x');
      const when = new Date(now - minutesAgo * 60_000);
      utimesSync(join(t.dir, name), when, when);
    };
    at('index-000000000000000a.snap', 50);
    at('index-000000000000000b.snap', 10);
    at('index-000000000000000c.snap', 30);
    at('index-000000000000000d.snap', 5);
    at('index-000000000000000e.snap', 1000); // the one just written, however old its time says
    // A write whose process is gone, one of this process under way, one of this process left for an hour.
    at('index-000000000000000a.snap.new-999999999-1', 1);
    at(`index-000000000000000b.snap.new-${process.pid}-7`, 1);
    at(`index-000000000000000c.snap.new-${process.pid}-8`, 60);
    at('kept.db', 5000);
    at('notes.txt', 5000);
    const gone = pruneSnapshots(t.dir, join(t.dir, 'index-000000000000000e.snap'), { keep: 3, now });
    expect(gone.sort()).toEqual(['index-000000000000000a.snap', 'index-000000000000000a.snap.new-999999999-1', 'index-000000000000000c.snap', `index-000000000000000c.snap.new-${process.pid}-8`]);
    expect(readdirSync(t.dir).sort()).toEqual([`index-000000000000000b.snap`, `index-000000000000000b.snap.new-${process.pid}-7`, 'index-000000000000000d.snap', 'index-000000000000000e.snap', 'kept.db', 'notes.txt']);
    expect(pruneSnapshots(join(t.dir, 'absent'), null)).toEqual([]);
  });

  it('runs after each write: commands on many folders keep a bounded cache, the folder used last kept warm', async () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const dataDir = join(t.dir, 'data');
    const folders = Array.from({ length: 6 }, (_, k) => {
      const dir = join(t.dir, `k${k}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'a.txt'), `Story ${k}\n\nThe council met on day ${k} to vote on the budget.\n`);
      return dir;
    });
    for (const dir of folders) await (await open({ KNOWLEDGE_DIR: dir, DATA_DIR: dataDir, LOG_LEVEL: 'silent' })).app.close();
    expect(snapshots(dataDir)).toHaveLength(4);
    const again = await open({ KNOWLEDGE_DIR: folders[5]!, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    expect(again.app.fromSnapshot).toBe(true);
    await again.app.close();
    const first = await open({ KNOWLEDGE_DIR: folders[0]!, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    expect(first.app.fromSnapshot).toBe(false);
    await first.app.close();
    expect(existsSync(join(dataDir, 'pilcrow.db'))).toBe(true);
  });
});

describe('SearchIndex.snapshotSlices', () => {
  it('yields by time, not by count: after every article when a slice may take no time, only between phases when it may take all', () => {
    const index = new SearchIndex();
    for (let k = 0; k < 12; k++) index.add(article(`a${k}`, `Title ${k}\n\nParagraph ${k} about the fund and the summit.\n`), null);
    const run = (sliceMs: number) => {
      const slices = index.snapshotSlices(sliceMs);
      let yields = 0;
      for (let step = slices.next(); !step.done; step = slices.next()) yields++;
      return yields;
    };
    const whole = run(Infinity);
    expect(whole).toBeLessThanOrEqual(4);
    expect(run(0)).toBeGreaterThanOrEqual(whole + 12);
  });
});

describe('SearchIndex.restore', () => {
  it('takes back an index with removed articles exactly, and adds and removes articles after it as before', () => {
    const a = seedArticle();
    const b = article('b', 'Other\n\nThe fund cut its forecast.\n');
    const c = article('c', SEED_TEXT);
    const built = new SearchIndex([], null);
    built.add(a, null);
    built.add(b, '42');
    built.add(c, null);
    built.remove('c');
    const restored = new SearchIndex([], null);
    restored.restore(structuredClone(built.snapshot()), new Map([a, b].map((x) => [x.id, x])));
    for (const index of [built, restored]) {
      index.add(c, null);
      index.remove('a');
    }
    expect(restored.size).toBe(built.size);
    expect(restored.averageLength).toBe(built.averageLength);
    expect([...restored.words]).toEqual([...built.words]);
    expect(restored.hasWord('fund', '42')).toBe(true);
    expect(restored.hasWord('fund', null)).toBe(built.hasWord('fund', null));
    for (const [term, id] of built.terms) {
      expect(restored.terms.get(term)).toBe(id);
      expect(Array.from(restored.postingsOf(id).passages)).toEqual(built.postingsOf(id).passages);
      expect(Array.from(restored.postingsOf(id).counts)).toEqual(built.postingsOf(id).counts);
      expect(restored.idf(id)).toBe(built.idf(id));
    }
    expect(restored.snapshot()).toEqual(built.snapshot());
  });

  it('refuses data that does not fit, leaving the index empty', () => {
    const a = seedArticle();
    const built = new SearchIndex([a], null);
    const data = built.snapshot();
    const index = new SearchIndex([], null);
    expect(() => index.restore({ ...data, postPassages: Int32Array.from(data.postPassages, () => 1e6) }, new Map([[a.id, a]]))).toThrow(/damaged postings/);
    expect(() => index.restore(data, new Map())).toThrow(/not at hand/);
    expect(() => index.restore(data, new Map([[a.id, { ...a, paragraphs: a.paragraphs.slice(1) }]]))).toThrow(/does not fit/);
    expect(index.size).toBe(0);
    expect(index.terms.size).toBe(0);
    const store = new ArticleStore();
    const snap = new ArticleStore();
    snap.put(a);
    expect(() => store.restore({ ...snap.snapshot(), texts: [] })).toThrow(/do not fit/);
    expect(store.size).toBe(0);
  });
});
