import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../src/engine/answers.js';
import { parseArticle } from '../src/knowledge/parse.js';
import type { Article } from '../src/model/article.js';

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

/** Resolves once `check` holds (polled every 50 ms); rejects after `timeoutMs`. For tests that wait on another process. */
export async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`until: not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The PostgreSQL server of the project's machines (trust auth); TEST_DATABASE_URL points elsewhere. */
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
