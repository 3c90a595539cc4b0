import { runPilcrow } from './run.js';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE } from '../../src/state/db.js';
import { KNOWLEDGE_DIR, SEED_TEXT, tempFolder } from '../fixtures.js';
import { caseFile, hasCase } from '../real-cases/site.js';

/**
 * A full disk without root or a small file system: while `disk.full` is set, every connection the CLI
 * opens to pilcrow.db may not grow the database (PRAGMA max_page_count at its size), so SQLite itself
 * fails each write that needs a page more with SQLITE_FULL, "database or disk is full", as on a full
 * disk. The mock wraps the real driver, in this file only; production code has no hook for it.
 */
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('better-sqlite3', async (importOriginal) => {
  const Real = (await importOriginal<{ default: typeof Database }>()).default;
  class OnAFullDisk extends Real {
    constructor(file: string, options?: Database.Options) {
      super(file, options);
      if (disk.full && basename(file) === DATABASE_FILE) this.pragma(`max_page_count = ${this.pragma('page_count', { simple: true }) as number}`);
    }
  }
  return { default: OnAFullDisk };
});

const cli = (args: string[], env: NodeJS.ProcessEnv) => runPilcrow(args, env);

let cleanup = () => {};
afterEach(() => {
  disk.full = false;
  cleanup();
});

/** An article of `n` paragraphs, numbered so that no two are alike (a few pages of the database). */
const story = (title: string, n: number) => `${title}\n\n${Array.from({ length: n }, (_, k) => `Report ${k}: the council said on day ${k} that the bridge, the port and the river road would be repaired before the winter.`).join('\n\n')}\n`;

/** The stored articles' titles and SQLite's integrity check, read with the real driver once the disk has room again. */
function stateOf(dataDir: string): { titles: string[]; integrity: string } {
  const db = new Database(join(dataDir, DATABASE_FILE));
  const titles = db.prepare('SELECT title FROM articles ORDER BY rowid').pluck().all() as string[];
  const integrity = db.pragma('integrity_check', { simple: true }) as string;
  db.close();
  return { titles, integrity };
}

/** Stores `first`, then with the disk full tries `second`: one line on stderr, exit 1, the database whole with `first` only. */
async function expectSecondRefused(first: string, second: string) {
  const t = tempFolder({ 'first.txt': first, 'second.txt': second });
  cleanup = t.cleanup;
  const env = { KNOWLEDGE_DIR, DATA_DIR: join(t.dir, 'data') };
  const stored = await cli(['ingest', join(t.dir, 'first.txt')], env);
  expect([stored.code, stored.err]).toEqual([0, '']);

  disk.full = true;
  const refused = await cli(['ingest', join(t.dir, 'second.txt')], env);
  expect(refused).toEqual({ code: 1, out: '', err: `pilcrow: state: the disk holding DATA_DIR (${env.DATA_DIR}) is full; nothing was stored.\n` });

  disk.full = false;
  expect(stateOf(env.DATA_DIR)).toEqual({ titles: [first.split('\n')[0]], integrity: 'ok' });
  return env;
}

describe('pilcrow ingest on a full disk (SQLite: database or disk is full)', () => {
  it('says so in one line, exits 1 and stores nothing, though the kept caches cannot be written at close either', async () => {
    const env = await expectSecondRefused(story('Council repairs the bridge', 60), story('Council closes the port', 60));
    // With room again, the same file is stored.
    const again = await cli(['ingest', join(env.DATA_DIR, '..', 'second.txt')], env);
    expect([again.code, again.err]).toEqual([0, '']);
  });

  it('answers a question from what is stored, with one warning that what it worked out could not be kept', async () => {
    const t = tempFolder({ 'summit.txt': SEED_TEXT });
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR: t.dir, DATA_DIR: join(t.dir, 'data') };
    expect((await cli(['ingest', join(t.dir, 'summit.txt')], env)).code).toBe(0);
    // A new knowledge file: its sentence splits and prepared index are written once the folder is read.
    writeFileSync(join(t.dir, 'bridge.txt'), story('Council repairs the bridge', 80));
    disk.full = true;
    const r = await cli(['ask', 'when will the river road be repaired'], env);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Council repairs the bridge');
    expect(r.err).toBe(`pilcrow: warning: what was worked out from the articles could not be kept (the disk holding DATA_DIR (${env.DATA_DIR}) is full); it will be worked out again next time.\n`);
  });
});

describe('a cache that cannot be opened', () => {
  it('answers a question on a large folder when DATA_DIR is a file, with one warning saying so', async () => {
    const t = tempFolder(Object.fromEntries(Array.from({ length: 60 }, (_, k) => [`a${k}.txt`, story(`Council vote ${k}`, 2)])));
    cleanup = t.cleanup;
    const file = join(t.dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const r = await cli(['ask', 'when will the river road be repaired'], { KNOWLEDGE_DIR: t.dir, DATA_DIR: file });
    expect(r.code).toBe(0);
    expect(r.out).toContain('Council vote');
    expect(r.err).toBe(`pilcrow: warning: what was worked out from the articles could not be kept (state: DATA_DIR ${file} is a file, not a folder; set DATA_DIR to a folder); it will be worked out again next time.\n`);
  });
});

describe('reading quotations on a full disk', () => {
  it('lists them, with one warning that the people and quotations read could not be kept', async () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR: t.dir, DATA_DIR: join(t.dir, 'data') };
    writeFileSync(join(t.dir, 'bridge.txt'), story('Council repairs the bridge', 3));
    expect((await cli(['ingest', join(t.dir, 'bridge.txt')], env)).code).toBe(0);
    // A new article: who is quoted in it is read now, and cannot be kept.
    writeFileSync(join(t.dir, 'summit.txt'), SEED_TEXT);
    disk.full = true;
    const r = await cli(['quote', 'Putin'], env);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Vladimir Putin');
    expect(r.err).toMatch(/^pilcrow: warning: what was worked out from the articles could not be kept \(the disk holding DATA_DIR \(.*\) is full\); it will be worked out again next time\.\n$/);
  });
});

describe.skipIf(!hasCase('rel-10'))('rel-10: a0 stored, then a1 on a full disk', () => {
  it('refuses a1 in one line and keeps a0, the database intact', async () => {
    await expectSecondRefused(caseFile('rel-10', 'a0.txt').toString('utf8'), caseFile('rel-10', 'a1.txt').toString('utf8'));
  });
});
