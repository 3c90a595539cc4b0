import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { SearchIndex } from '../../src/search/index.js';
import { openDatabase } from '../../src/state/db.js';
import { PreparedArticles } from '../../src/state/prepared.js';
import { SEED_TEXT, seedArticle, tempFolder } from '../fixtures.js';
import { SHARED } from '../../src/model/scope.js';

let cleanup = () => {};
afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
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
    expect(first.app.db!.prepare('SELECT COUNT(*) FROM prepared_articles').pluck().get()).toBe(2);
    await first.app.close();

    prepare.mockClear();
    const second = await answers(env);
    expect(prepare).not.toHaveBeenCalled();
    expect(second.got).toEqual(first.got);

    // A damaged row: that article is prepared again, and written back whole.
    second.app.db!.prepare("UPDATE prepared_articles SET data = x'ff0d00' WHERE key = ?").run(second.app.store.index.keyOf(second.app.store.article('fund', SHARED)!));
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
});

describe('prepared articles that cannot be written', () => {
  it('are dropped and reported, without failing the flush (a full disk is a warning, not a failure)', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const db = openDatabase(join(t.dir, 'data'));
    // A database that may not grow: SQLite fails the write with SQLITE_FULL, as on a full disk.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const failures: unknown[] = [];
    const kept = new PreparedArticles(db, (e) => failures.push(e));
    const index = new SearchIndex([], null);
    const article = seedArticle();
    kept.put(index.keyOf(article), index.prepare(article));
    expect(() => kept.flush()).not.toThrow();
    expect(failures.map((e) => (e as { code?: string }).code)).toEqual(['SQLITE_FULL']);
    expect(kept.get(index.keyOf(article))).toBeUndefined();
    db.close();
  });
});
