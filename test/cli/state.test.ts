import { runPilcrow } from './run.js';
import { copyFileSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/state/db.js';
import { KNOWLEDGE_DIR, tempFolder } from '../fixtures.js';
import { caseFile, hasCase } from '../real-cases/site.js';

/** Runs the CLI as `pilcrow` would, with this environment. */
const cli = (args: string[], env: NodeJS.ProcessEnv) => runPilcrow(args, { KNOWLEDGE_DIR, ...env });

let cleanup = () => {};
afterEach(() => cleanup());

const COUNCIL = 'Council approves the budget\n\nThe city council approved the budget on Monday after a long debate, the mayor said.\n\nResidents had waited years for the money to arrive, officials said on Tuesday.\n';

/**
 * Three DATA_DIRs made from one database that holds an article stored with `pilcrow ingest`: `data`
 * as it is, `half` cut to half its length, `zero` emptied to 0 bytes (what a failed copy leaves).
 */
async function damagedCopies(article: string): Promise<{ data: string; half: string; zero: string }> {
  const t = tempFolder({ 'article.txt': article });
  cleanup = t.cleanup;
  const data = join(t.dir, 'data');
  const stored = await cli(['ingest', join(t.dir, 'article.txt')], { DATA_DIR: data });
  expect(stored.code).toBe(0);
  const file = join(data, DATABASE_FILE);
  const dirs = { data, half: join(t.dir, 'half'), zero: join(t.dir, 'zero') };
  for (const dir of [dirs.half, dirs.zero]) {
    mkdirSync(dir);
    copyFileSync(file, join(dir, DATABASE_FILE));
  }
  truncateSync(join(dirs.half, DATABASE_FILE), Math.floor(statSync(file).size / 2));
  writeFileSync(join(dirs.zero, DATABASE_FILE), '');
  return dirs;
}

/** The three copies asked the same question: the whole one answers from its stored article, the damaged ones are refused in one line. */
async function expectRefusedWhenDamaged(dirs: { data: string; half: string; zero: string }, question: string, storedTitle: string) {
  const whole = await cli(['ask', question, '--json'], { DATA_DIR: dirs.data });
  expect(whole.code).toBe(0);
  expect(JSON.parse(whole.out).results[0].articleTitle).toBe(storedTitle);

  const half = await cli(['ask', question], { DATA_DIR: dirs.half });
  expect([half.code, half.out]).toEqual([1, '']);
  expect(half.err).toMatch(new RegExp(`^pilcrow: state: cannot open ${dirs.half}/pilcrow\\.db: (database disk image is malformed|file is not a database)\\n$`));

  const zero = await cli(['ask', question], { DATA_DIR: dirs.zero });
  expect([zero.code, zero.out]).toEqual([1, '']);
  expect(zero.err).toBe(`pilcrow: state: cannot open ${dirs.zero}/pilcrow.db: the file is empty (0 bytes): the stored articles, feeds and digest schedules are gone. Restore it from a backup (README, "What is stored where"); or, to start a new, empty database, move pilcrow.db away.\n`);
  // Refused, not made into a new database.
  expect(statSync(join(dirs.zero, DATABASE_FILE)).size).toBe(0);
}

describe('a 0-byte state database', () => {
  it('is refused by a question and by ingest with one line and exit code 1, like a half-truncated one', async () => {
    const dirs = await damagedCopies(COUNCIL);
    await expectRefusedWhenDamaged(dirs, 'what did the council approve', 'Council approves the budget');
    const t = tempFolder({ 'more.txt': COUNCIL.replace('budget', 'bridge') });
    const ingest = await cli(['ingest', join(t.dir, 'more.txt')], { DATA_DIR: dirs.zero });
    t.cleanup();
    expect([ingest.code, ingest.out, ingest.err.split('\n').length]).toEqual([1, '', 2]);
    expect(ingest.err).toMatch(/^pilcrow: state: cannot open .*: the file is empty \(0 bytes\)/);
  });

  it('is refused beside a write-ahead log, which is left as it is', async () => {
    const dirs = await damagedCopies(COUNCIL);
    const wal = join(dirs.zero, `${DATABASE_FILE}-wal`);
    writeFileSync(wal, Buffer.alloc(4096 + 32, 1));
    const r = await cli(['ask', 'what did the council approve'], { DATA_DIR: dirs.zero });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^pilcrow: state: cannot open .*pilcrow\.db: the file is empty \(0 bytes\) but its write-ahead log pilcrow\.db-wal holds 4128 bytes, the last changes only: .*\n$/);
    expect(readFileSync(wal).equals(Buffer.alloc(4096 + 32, 1))).toBe(true);
  });
});

describe('a write-ahead log without its database', () => {
  it('is reported by a question, not passed over as if DATA_DIR held no database', async () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    mkdirSync(join(t.dir, 'data'));
    writeFileSync(join(t.dir, 'data', `${DATABASE_FILE}-wal`), Buffer.alloc(4096 + 32, 1));
    const r = await cli(['ask', 'where is the summit'], { DATA_DIR: join(t.dir, 'data') });
    expect([r.code, r.out]).toEqual([1, '']);
    expect(r.err).toMatch(/^pilcrow: state: cannot open .*pilcrow\.db: the file is missing but its write-ahead log pilcrow\.db-wal holds 4128 bytes/);
  });
});

describe.skipIf(!hasCase('rel-07'))('rel-07: the case\'s article stored, then the database as it is, half-truncated and emptied', () => {
  it('answers from the whole one, and refuses the half-truncated and the 0-byte one in one line each', async () => {
    const dirs = await damagedCopies(caseFile('rel-07', 'article.txt').toString('utf8'));
    await expectRefusedWhenDamaged(dirs, 'what did the council approve', 'Council approves the budget');
  });
});
