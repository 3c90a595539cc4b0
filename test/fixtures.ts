import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../src/engine/answers.js';
import { parseArticle } from '../src/knowledge/parse.js';
import type { Article } from '../src/model/article.js';
import type { Db } from '../src/state/db.js';

export const ROOT = join(import.meta.dirname, '..');
export const KNOWLEDGE_DIR = join(ROOT, 'knowledge');
export const SEED_ID = 'trump-putin-summit';
export const SEED_TITLE = 'Donald Trump to hold summit with Vladimir Putin';
export const SEED_TEXT = readFileSync(join(KNOWLEDGE_DIR, `${SEED_ID}.txt`), 'utf8');

/** Parses an article from text or fails the test with the parser's message. */
export function article(id: string, text: string): Article {
  const r = parseArticle(id, text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

export const seedArticle = (): Article => article(SEED_ID, SEED_TEXT);

let seedEngine: Engine | undefined;
/** One engine over the seed article, shared by the tests that only read from it. */
export const seedEngineOnce = (): Engine => (seedEngine ??= new Engine([seedArticle()]));

/** A temporary folder with the given files; removed by the returned cleanup. */
export function tempFolder(files: Record<string, string | Buffer>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pilcrow-test-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Resolves once `check` holds (polled every 50 ms); rejects after `timeoutMs`. Prefer an event: a
 * {@link ChildLog} line, `FakeDiscord.waitForRequest`, a child's exit; poll only what sends no event.
 */
export async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`until: not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The PostgreSQL server of the project's machines (trust auth); TEST_DATABASE_URL points elsewhere. */
/**
 * Makes a SQLite database unable to grow, as on a full disk: its free pages (left by dropped tables)
 * are given back first (VACUUM), then PRAGMA max_page_count is set to its size, so a write that needs
 * one page more fails with SQLITE_FULL.
 */
export function mayNotGrow(db: Db): void {
  db.exec('VACUUM');
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
}

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A schema of its own on the test PostgreSQL server, as a DATABASE_URL whose search_path is that
 * schema; null (and a line saying why the tests skip) when no server answers.
 */
export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch (e) {
    console.warn(`PostgreSQL is not reachable at ${POSTGRES_URL} (${(e as Error).message}): its tests are skipped.`);
    return null;
  }
  const schema = `pilcrow_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

/** One JSON log line of a child process (pino), parsed; lines that are not JSON are kept as `{ msg: line, raw: true }`. */
export type LogLine = Record<string, unknown> & { msg?: unknown };

/**
 * The log of a child process as it is written (its pino JSON lines on `stream`, usually stderr), with
 * waits that wake on each new line, not on a timer: what a test waits for is an event the child reports.
 */
export class ChildLog {
  readonly lines: LogLine[] = [];
  private text = '';
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  constructor(stream: Readable) {
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      this.text += chunk;
      const parts = this.text.split('\n');
      this.text = parts.pop()!;
      for (const line of parts.filter(Boolean)) {
        try {
          this.lines.push(JSON.parse(line) as LogLine);
        } catch {
          this.lines.push({ msg: line, raw: true });
        }
      }
      this.waiters = this.waiters.filter((w) => (w.check() ? (w.resolve(), false) : true));
    });
  }

  /** The lines with this message (and these fields, when given). */
  find(msg: string, fields: Record<string, unknown> = {}): LogLine[] {
    return this.lines.filter((l) => l.msg === msg && Object.entries(fields).every(([k, v]) => l[k] === v));
  }

  /**
   * Resolves once `check` holds over the lines logged so far (checked at once, then at each new
   * line); rejects after `timeoutMs` with `what` and the last lines, so a failure says what never came.
   */
  waitFor(what: string, check: (lines: readonly LogLine[]) => boolean, timeoutMs: number): Promise<void> {
    if (check(this.lines)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`ChildLog: no ${what} within ${timeoutMs} ms; last lines:\n${this.lines.slice(-5).map((l) => JSON.stringify(l)).join('\n')}`));
      }, timeoutMs);
      const waiter = { check: () => check(this.lines), resolve: () => (clearTimeout(timer), resolve()) };
      this.waiters.push(waiter);
    });
  }
}
