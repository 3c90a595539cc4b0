import { execFile, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/state/db.js';
import { KNOWLEDGE_DIR, ROOT } from '../fixtures.js';
import { caseFile, hasCase } from '../real-cases/site.js';

/**
 * A real full disk: DATA_DIR on a small tmpfs mounted for these tests, filled up with a file. Mounting
 * needs root on Linux (and, in a container, CAP_SYS_ADMIN); elsewhere these tests skip, and
 * disk-full.test.ts covers the same paths with SQLite's own SQLITE_FULL.
 */
const DISK_SIZE = '4m';
const disk = mkdtempSync(join(tmpdir(), 'pilcrow-full-'));
const mounted = process.platform === 'linux' && process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_SIZE}`, 'tmpfs', disk]).status === 0;
if (!mounted) console.warn('Cannot mount a small tmpfs here (needs root on Linux): the real full-disk tests are skipped.');

/** Each test runs bin/pilcrow.js two or three times, each a whole start (about 4 s of CPU; one test
 *  took 82 s on two cores at load 12 with two `yes` running): a limit that only a hang reaches. */
const PROCESS_TESTS_MS = 240_000;
/** The CLI runs under way: a test that failed early leaves none writing on the next test's disk. */
const running = new Set<ChildProcess>();

afterEach(async () => {
  await Promise.all([...running].filter((c) => c.exitCode === null && c.signalCode === null).map((child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGKILL')))));
  if (!mounted) return;
  spawnSync('mount', ['-o', 'remount,rw', disk]);
  for (const f of readdirSync(disk)) rmSync(join(disk, f), { recursive: true, force: true });
});
afterAll(() => {
  if (mounted) spawnSync('umount', [disk]);
  rmSync(disk, { recursive: true, force: true });
});

/** Runs bin/pilcrow.js with DATA_DIR on the small disk; its exit code and output. */
function pilcrow(args: string[], dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['bin/pilcrow.js', ...args], { cwd: ROOT, env: { ...process.env, KNOWLEDGE_DIR, DATA_DIR: dataDir, DATABASE_URL: '', ...env } }, (error, out, err) => {
      running.delete(child);
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out, err });
    });
    running.add(child);
  });
}

/** Fills the small disk to the last byte with a file; returns the file, to delete for room again. */
function fill(): string {
  const filler = join(disk, 'filler');
  const fd = openSync(filler, 'w');
  try {
    for (const size of [1 << 20, 1 << 16, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      }
    }
  } finally {
    closeSync(fd);
  }
  return filler;
}

/** What the database holds, read once the disk has room again: titles stored and SQLite's integrity check. */
function stateOf(dataDir: string): { titles: string[]; integrity: string } {
  const db = new Database(join(dataDir, DATABASE_FILE));
  const state = { titles: db.prepare('SELECT title FROM articles ORDER BY rowid').pluck().all() as string[], integrity: db.pragma('integrity_check', { simple: true }) as string };
  db.close();
  return state;
}

const story = (title: string, n: number) => `${title}\n\n${Array.from({ length: n }, (_, k) => `Report ${k}: the council said on day ${k} that the bridge, the port and the river road would be repaired before the winter.`).join('\n\n')}\n`;
const FULL = (dataDir: string) => `pilcrow: state: the disk holding DATA_DIR (${dataDir}) is full; nothing was stored.\n`;

describe.skipIf(!mounted)(`pilcrow ingest with DATA_DIR on a ${DISK_SIZE} tmpfs`, () => {
  /** Stores `first`, fills the disk, tries `second`: one line, exit 1; with room again, only `first` is there, intact. */
  async function expectRefusedWhenFull(first: string, second: string) {
    const files = mkdtempSync(join(tmpdir(), 'pilcrow-articles-'));
    try {
      writeFileSync(join(files, 'first.txt'), first);
      writeFileSync(join(files, 'second.txt'), second);
      const dataDir = join(disk, 'data');
      expect(await pilcrow(['ingest', join(files, 'first.txt')], dataDir)).toMatchObject({ code: 0, err: '' });
      const filler = fill();
      expect(await pilcrow(['ingest', join(files, 'second.txt')], dataDir)).toEqual({ code: 1, out: '', err: FULL(dataDir) });
      rmSync(filler);
      expect(stateOf(dataDir)).toEqual({ titles: [first.split('\n')[0]], integrity: 'ok' });
    } finally {
      rmSync(files, { recursive: true, force: true });
    }
  }

  it('says in one line that the disk is full when it filled up between two runs, and the database stays intact', async () => {
    await expectRefusedWhenFull(story('Council repairs the bridge', 60), story('Council closes the port', 60));
  }, PROCESS_TESTS_MS);

  it.skipIf(!hasCase('rel-10'))('rel-10: stores a0, then refuses a1 in one line, a0 intact', async () => {
    await expectRefusedWhenFull(caseFile('rel-10', 'a0.txt').toString('utf8'), caseFile('rel-10', 'a1.txt').toString('utf8'));
  }, PROCESS_TESTS_MS);

  it('says the same when the disk fills up while the page is being fetched (the write itself fails)', async () => {
    const dataDir = join(disk, 'data');
    const paragraphs = Array.from({ length: 40 }, (_, k) => `<p>Report ${k}: the harbour board said on day ${k} that the ferries would run every twenty minutes from June.</p>`).join('');
    let filler = '';
    const server: Server = createServer((_req, res) => {
      filler = fill();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<html><head><title>Ferries every twenty minutes</title></head><body><article>${paragraphs}</article></body></html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const files = mkdtempSync(join(tmpdir(), 'pilcrow-articles-'));
    try {
      // The database is there and opens: the disk is full only once the command is under way.
      writeFileSync(join(files, 'first.txt'), story('Council repairs the bridge', 3));
      expect((await pilcrow(['ingest', join(files, 'first.txt')], dataDir)).code).toBe(0);
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ferries`;
      expect(await pilcrow(['ingest', url], dataDir, { ALLOW_PRIVATE_URLS: 'true' })).toEqual({ code: 1, out: '', err: FULL(dataDir) });
      rmSync(filler);
      expect(stateOf(dataDir)).toEqual({ titles: ['Council repairs the bridge'], integrity: 'ok' });
    } finally {
      rmSync(files, { recursive: true, force: true });
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, PROCESS_TESTS_MS);

  it('says in one line that DATA_DIR cannot be written when its file system is read-only', async () => {
    const dataDir = join(disk, 'data');
    const t = mkdtempSync(join(tmpdir(), 'pilcrow-articles-'));
    try {
      writeFileSync(join(t, 'a.txt'), story('Council repairs the bridge', 3));
      writeFileSync(join(t, 'b.txt'), story('Council closes the port', 3));
      expect((await pilcrow(['ingest', join(t, 'a.txt')], dataDir)).code).toBe(0);
      expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0);
      const r = await pilcrow(['ingest', join(t, 'b.txt')], dataDir);
      expect([r.code, r.out]).toEqual([1, '']);
      // SQLite cannot make the log beside the database (the last run removed it), or opens it read-only.
      expect(r.err).toMatch(new RegExp(`^pilcrow: state: DATA_DIR \\(${dataDir}\\) cannot be written \\((unable to open database file|attempt to write a readonly database)\\); nothing was stored\\.\\n$`));
    } finally {
      rmSync(t, { recursive: true, force: true });
    }
  }, PROCESS_TESTS_MS);
});
