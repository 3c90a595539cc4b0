import { runPilcrow } from '../cli/run.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/answers.js';
import { createLogger } from '../../src/logger.js';
import { PooledWork } from '../../src/sources/work-pool.js';
import { ArticleRepository } from '../../src/state/articles.js';
import { openDatabase } from '../../src/state/db.js';
import { SqliteSql } from '../../src/state/sql.js';
import { AddedArticles } from '../../src/store/library.js';
import { KNOWLEDGE_DIR, tempFolder } from '../fixtures.js';
import { caseFile, hasCase, REAL_CASES } from './site.js';

const cli = (args: string[], env: NodeJS.ProcessEnv) => runPilcrow(args, { KNOWLEDGE_DIR, ...env });

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

describe.skipIf(!hasCase('rel-02'))('rel-02: a text file whose one paragraph is a megabyte', () => {
  it('pilcrow ingest stores it, answerable at once and after a restart, with no stack trace; database and index agree', async () => {
    const t = tempFolder({});
    cleanup.push(t.cleanup);
    const env = { DATA_DIR: join(t.dir, 'data') };
    const stored = await cli(['ingest', join(REAL_CASES, 'rel-02', 'one-paragraph-1mb.txt')], env);
    expect(stored.err).toBe('');
    expect(stored.code).toBe(0);
    // One paragraph of a megabyte is cited in pieces of at most 20,000 characters (PARSE_DEFAULTS).
    expect(stored.out).toMatch(/^Stored: "One long paragraph" \(one-long-paragraph-[0-9a-f]{8}\), 51 paragraphs\.\n$/);
    const asked = await cli(['ask', 'when will the new bridge across the river open', '--json', '--top', '1'], env);
    expect(asked.code).toBe(0);
    const answer = JSON.parse(asked.out) as { results: { articleId: string; quote: string }[] };
    expect(answer.results[0]!.articleId).toMatch(/^one-long-paragraph-/);
    expect(answer.results[0]!.quote).toBe('The committee said on Tuesday that the new bridge across the river would open next spring after delays.');
    const db = new Database(join(t.dir, 'data', 'pilcrow.db'), { readonly: true });
    try {
      expect(db.prepare("SELECT COUNT(*) FROM articles WHERE id LIKE 'one-long-paragraph-%'").pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  }, 120_000);
});

describe('an article too large to make ready in its time, in the bot\'s worker threads', () => {
  it('is refused with one line and not stored: stored means answerable', async () => {
    const t = tempFolder({});
    cleanup.push(t.cleanup);
    const db = openDatabase(join(t.dir, 'data'));
    cleanup.push(() => db.close());
    const engine = new Engine([], { meaning: null });
    const work = new PooledWork({ vectors: false, articleMs: 50 });
    cleanup.push(() => void work.close());
    const library = new AddedArticles(engine.store, new ArticleRepository(new SqliteSql(db)), createLogger('silent'), { work });
    const paragraphs = Array.from({ length: 20_000 }, (_, k) => `Paragraph ${k} says the council met on Monday to set the budget for the coming year.`);
    const added = await library.add({ title: 'A very long report', paragraphs }, { owner: '1123456789012345678', origin: 'ingest' });
    expect(added).toEqual({ ok: false, error: { code: 'too_slow', message: '"A very long report" took more than 0 s to read; it was given up.' } });
    expect(db.prepare('SELECT COUNT(*) FROM articles').pluck().get()).toBe(0);
    expect(engine.store.size).toBe(0);
  }, 60_000);
});

describe.skipIf(!hasCase('rel-08'))('rel-08: 3,000 bytes of binary named .txt', () => {
  it('pilcrow ingest refuses it in one line, storing nothing', async () => {
    const t = tempFolder({});
    cleanup.push(t.cleanup);
    const file = join(t.dir, 'garbage.txt');
    writeFileSync(file, caseFile('rel-08', 'garbage.txt'));
    const r = await cli(['ingest', file], { DATA_DIR: join(t.dir, 'data') });
    expect(r).toEqual({ code: 1, out: '', err: 'pilcrow: garbage.txt is not a text file.\n' });
  });
});
