import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/answers.js';
import { openApp } from '../../src/app.js';
import { FolderSource, WATCH_DEFAULTS } from '../../src/knowledge/watch.js';
import { PooledWork } from '../../src/sources/work-pool.js';
import { createLogger } from '../../src/logger.js';
import { tempFolder } from '../fixtures.js';
import { SHARED } from '../../src/model/scope.js';
import type { Article } from '../../src/model/article.js';
import { openDatabase } from '../../src/state/db.js';
import { DerivedRecords } from '../../src/state/derived.js';
import { ArticleStore } from '../../src/store/store.js';
import { InlineWork } from '../../src/sources/work.js';

let cleanup = () => {};
afterEach(() => cleanup());
const quiet = createLogger('silent');

/** Writes a file and moves its modification time on, so that a rewrite within the same millisecond still counts as a change. */
function write(dir: string, name: string, text: string, tick: number): void {
  const file = join(dir, name);
  writeFileSync(file, text);
  const when = new Date(Date.UTC(2026, 0, 1, 0, 0, tick));
  utimesSync(file, when, when);
}

describe('a large file in the knowledge folder, with worker threads', () => {
  it('is parsed and prepared in a worker and joined in slices: the same article, index and answers as on this thread', async () => {
    const paragraphs = Array.from({ length: 4000 }, (_, k) => `Paragraph ${k} of the report says the council met on Monday to set the budget, and the mayor spoke.`);
    const text = `A long council report\n\n${paragraphs.join('\n\n')}\n\nThe new bridge across the river will open next spring, the committee said.\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(WATCH_DEFAULTS.offThreadBytes);
    const t = tempFolder({ 'report.txt': text, 'storms.txt': 'Storms hit the coast\n\nHeavy rain flooded the coast road in Cornwall on Monday.' });
    const work = new PooledWork({ vectors: false });
    cleanup = () => {
      void work.close();
      t.cleanup();
    };
    const there = new Engine([], { meaning: null });
    const here = new Engine([], { meaning: null });
    expect(await new FolderSource(t.dir, there.store, quiet, { ...WATCH_DEFAULTS, work: { work } }).sync()).toEqual({ added: ['report', 'storms'], replaced: [], removed: [], problems: [] });
    await new FolderSource(t.dir, here.store, quiet).sync();
    expect(there.article('report', SHARED)).toEqual(here.article('report', SHARED));
    for (const q of ['when will the new bridge open', 'what did paragraph 3999 say', 'where did rain flood the road']) expect(there.ask(q, { scope: SHARED })).toEqual(here.ask(q, { scope: SHARED }));
  });
});

describe('a folder of many files read for the first time', () => {
  /** 60 short articles (the first reading of a folder of at least WATCH_DEFAULTS.prepareOffThreadFrom files). */
  const many = () => Object.fromEntries(Array.from({ length: 60 }, (_, k) => [`a${k}.txt`, `Council vote ${k}\n\nThe council of town ${k} voted on Monday to rebuild bridge ${k}.\n\nMayor Lee ${k} said the work would start in spring.`]));

  it('has each article prepared in a worker thread while this thread joins them: the same index and answers', async () => {
    expect(Object.keys(many()).length).toBeGreaterThanOrEqual(WATCH_DEFAULTS.prepareOffThreadFrom);
    const t = tempFolder(many());
    const work = new PooledWork({ vectors: false });
    cleanup = () => {
      void work.close();
      t.cleanup();
    };
    const prepared: string[] = [];
    const counting = Object.assign(Object.create(work) as PooledWork, { prepare: (a: Article) => (prepared.push(a.id), work.prepare(a)) });
    const there = new Engine([], { meaning: null });
    const here = new Engine([], { meaning: null });
    const sync = await new FolderSource(t.dir, there.store, quiet, { ...WATCH_DEFAULTS, prepare: () => counting }).sync();
    expect(sync.added).toHaveLength(60);
    await new FolderSource(t.dir, here.store, quiet).sync();
    expect(prepared).toHaveLength(60);
    expect(there.store.index.slots).toBe(here.store.index.slots);
    for (const q of ['when did town 7 vote', 'what did mayor lee 41 say', 'which bridge will town 59 rebuild']) expect(there.ask(q, { scope: SHARED })).toEqual(here.ask(q, { scope: SHARED }));
  });

  it('sends none whose prepared data is kept, and fewer files than the threshold stay on this thread', async () => {
    const files = many();
    const t = tempFolder(files);
    const data = tempFolder({});
    cleanup = () => {
      t.cleanup();
      data.cleanup();
    };
    const db = openDatabase(data.dir);
    const derived = new DerivedRecords(db, () => undefined);
    const first = new ArticleStore(null, { derived });
    const asked: string[] = [];
    const inline = (store: ArticleStore) => new InlineWork(store.index);
    await new FolderSource(t.dir, first, quiet, { ...WATCH_DEFAULTS, prepare: () => Object.assign(Object.create(inline(first)) as InlineWork, { prepare: (a: Article) => (asked.push(a.id), inline(first).prepare(a)) }) }).sync();
    expect(asked).toHaveLength(60);
    derived.flush();
    // Kept now: a second first-reading (a new process) prepares nothing off this thread.
    asked.length = 0;
    const second = new ArticleStore(null, { derived });
    await new FolderSource(t.dir, second, quiet, { ...WATCH_DEFAULTS, prepare: () => Object.assign(Object.create(inline(second)) as InlineWork, { prepare: (a: Article) => (asked.push(a.id), inline(second).prepare(a)) }) }).sync();
    expect(asked).toEqual([]);
    expect(second.index.slots).toBe(first.index.slots);
    // A handful of files: no worker is asked for.
    const few = tempFolder(Object.fromEntries(Object.entries(files).slice(0, 5)));
    let started = 0;
    await new FolderSource(few.dir, new ArticleStore(), quiet, { ...WATCH_DEFAULTS, prepare: () => (started++, inline(first)) }).sync();
    few.cleanup();
    expect(started).toBe(0);
    db.close();
  });
});

describe('the knowledge folder', () => {
  it('adds, replaces and removes articles as files come, change and go', async () => {
    const t = tempFolder({ 'storms.txt': 'Storms hit the coast\n\nHeavy rain flooded the coast road in Cornwall on Monday.' });
    cleanup = t.cleanup;
    const engine = new Engine([], { meaning: null });
    const folder = new FolderSource(t.dir, engine.store, quiet);
    expect(await folder.sync()).toEqual({ added: ['storms'], replaced: [], removed: [], problems: [] });

    write(t.dir, 'snow.md', '# Snow closes pass\n\nSnow closed the mountain pass in Wales on Friday.', 1);
    expect((await folder.sync()).added).toEqual(['snow']);
    expect(engine.ask('where did snow close the pass', { scope: SHARED }).results[0]?.articleId).toBe('snow');

    write(t.dir, 'storms.txt', 'Storms hit the coast\n\nHeavy rain flooded the coast road in Devon on Monday.', 2);
    expect((await folder.sync()).replaced).toEqual(['storms']);
    expect(engine.ask('where did rain flood the road', { scope: SHARED }).results[0]?.quote).toContain('Devon');

    rmSync(join(t.dir, 'snow.md'));
    expect((await folder.sync()).removed).toEqual(['snow']);
    expect(engine.article('snow', SHARED)).toBeUndefined();
    expect(engine.articlesIn(SHARED).map((a) => a.id)).toEqual(['storms']);
  });

  it('keeps serving the last good version of a file that turns bad, and says which file and why', async () => {
    const t = tempFolder({ 'storms.txt': 'Storms hit the coast\n\nHeavy rain flooded the coast road in Cornwall on Monday.' });
    cleanup = t.cleanup;
    const engine = new Engine([], { meaning: null });
    const folder = new FolderSource(t.dir, engine.store, quiet);
    await folder.sync();
    write(t.dir, 'storms.txt', 'Storms hit the coast', 3);
    write(t.dir, 'empty.txt', '', 3);
    const sync = await folder.sync();
    expect(sync.problems).toEqual([`${join(t.dir, 'empty.txt')}: is empty.`, `${join(t.dir, 'storms.txt')}: has a title but no paragraphs.`]);
    expect(engine.ask('where did rain flood the road', { scope: SHARED }).results[0]?.quote).toContain('Cornwall');
  });

  it('says how far along it is while reading a large folder', async () => {
    const files: Record<string, string> = {};
    for (let k = 0; k < 12; k++) files[`story-${k}.txt`] = `Story ${k}\n\nParagraph of story ${k}, about the council meeting on Monday.`;
    const t = tempFolder(files);
    cleanup = t.cleanup;
    const lines: { msg: string; read?: number; of?: number; secondsLeft?: number }[] = [];
    const log = createLogger('info', { destination: { write: (line: string) => void lines.push(JSON.parse(line)) } as never });
    await new FolderSource(t.dir, new Engine([], { meaning: null }).store, log, { debounceMs: 50, progressEveryMs: 0 }).sync();
    const progress = lines.filter((l) => l.msg === 'reading the knowledge folder');
    expect(progress.map((l) => l.read)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(progress.every((l) => l.of === 12 && typeof l.secondsLeft === 'number')).toBe(true);
  });

  it('picks up a new file by itself once watching', async () => {
    const t = tempFolder({ 'storms.txt': 'Storms hit the coast\n\nHeavy rain flooded the coast road in Cornwall on Monday.' });
    const engine = new Engine([], { meaning: null });
    const folder = new FolderSource(t.dir, engine.store, quiet, { debounceMs: 50 });
    cleanup = () => {
      folder.stop();
      t.cleanup();
    };
    await folder.sync();
    folder.start();
    writeFileSync(join(t.dir, 'snow.md'), '# Snow closes pass\n\nSnow closed the mountain pass in Wales on Friday.');
    await expect.poll(() => engine.article('snow', SHARED)?.title, { timeout: 5000 }).toBe('Snow closes pass');
  });
});

describe('opening with the folder read in the background (the bot)', () => {
  it('returns before the folder is read, and has every article once ready', async () => {
    const files: Record<string, string> = {};
    for (let k = 0; k < 40; k++) files[`story-${k}.txt`] = `Story ${k}\n\nParagraph of story ${k}, about the council meeting on Monday.`;
    const t = tempFolder(files);
    cleanup = t.cleanup;
    const opened = await openApp({ env: { KNOWLEDGE_DIR: t.dir, DATA_DIR: join(t.dir, 'data'), MEANING: 'off' }, state: 'create', background: true, log: createLogger('silent') });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    // The bot can log in now; nothing of the folder is read yet.
    expect(opened.value.store.size).toBe(0);
    const sync = await opened.value.ready;
    expect(sync.added).toHaveLength(40);
    expect(opened.value.store.size).toBe(40);
    expect(opened.value.engine.ask('council meeting story 7', { scope: SHARED }).results.length).toBeGreaterThan(0);
    await opened.value.close();
  });
});

describe('files skipped in the knowledge folder', () => {
  const GOOD = 'Storms hit the coast\n\nHeavy rain flooded the coast road in Cornwall on Monday.';
  // Latin-1 "café": not UTF-8.
  const BAD = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a, 0x0a, 0x43, 0x61, 0x66, 0xe9, 0x2e]);

  it('stay reported through later readings and a snapshot\'s file list; a new one is told when the folder is read again', async () => {
    const t = tempFolder({ 'storms.txt': GOOD, 'old.txt': BAD });
    cleanup = t.cleanup;
    const told: string[] = [];
    const folder = new FolderSource(t.dir, new Engine([], { meaning: null }).store, quiet, { ...WATCH_DEFAULTS, onProblem: (p) => told.push(p) });
    const first = await folder.sync();
    expect(first.problems).toHaveLength(1);
    expect(told).toEqual([]); // the first reading's are in its result
    writeFileSync(join(t.dir, 'new.txt'), BAD);
    const second = await folder.sync();
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('new.txt');
    // The old file was not read again, and is still skipped.
    expect(second.problems).toEqual(told);
    expect(folder.problems().map((p) => p.includes('old.txt') || p.includes('new.txt'))).toEqual([true, true]);
    // Read again unchanged: not told twice. Fixed: no longer reported.
    await folder.sync();
    expect(told).toHaveLength(1);
    write(t.dir, 'old.txt', GOOD.replace('Storms', 'Gales'), 7);
    await folder.sync();
    expect(folder.problems()).toEqual([told[0]]);
    // A later start taking the snapshot back gets them from its file list.
    const later = new FolderSource(t.dir, new Engine([], { meaning: null }).store, quiet);
    later.seed(folder.files());
    expect(later.problems()).toEqual(folder.problems());
  });

  it('a file skipped while the app watches the folder is in the next start\'s problems (taken from the snapshot)', async () => {
    const t = tempFolder({ 'storms.txt': GOOD });
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR: t.dir, DATA_DIR: join(t.dir, 'data'), MEANING: 'off' };
    let said: (problem: string) => void = () => {};
    const told = new Promise<string>((resolve) => (said = resolve));
    const first = await openApp({ env, state: 'create', watch: true, log: quiet, onProblem: (p) => said(p) });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.problems).toEqual([]);
    writeFileSync(join(t.dir, 'bad.txt'), BAD);
    expect(await told).toContain('bad.txt');
    await first.value.close();
    const second = await openApp({ env, state: 'existing', log: quiet });
    if (!second.ok) throw new Error(second.error.message);
    expect(second.value.fromSnapshot).toBe(true);
    expect(second.value.problems).toEqual([await told]);
    await second.value.close();
  });
});
