import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.js';
import { Engine } from '../../src/engine/answers.js';
import { createLogger } from '../../src/logger.js';
import { openDatabase } from '../../src/state/db.js';
import { ReadingRepository } from '../../src/state/readings.js';
import { ArticleStore, readingKey } from '../../src/store/store.js';
import { article, seedArticle, tempFolder } from '../fixtures.js';
import { SHARED } from '../../src/model/scope.js';

let cleanup = () => {};
afterEach(() => cleanup());

/** An engine over a store whose readings are kept in the database in `dir`, as after a restart. */
function open(dir: string) {
  const db = openDatabase(dir);
  const store = new ArticleStore(null, { readings: new ReadingRepository(db) });
  const engine = new Engine([seedArticle()], { store });
  return { db, store, engine };
}

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
    const key = readingKey(seedArticle());
    const row = first.db.prepare('SELECT data FROM readings WHERE key = ?').get(key) as { data: string };
    const data = JSON.parse(row.data) as { quotes: { text: string }[] };
    data.quotes[0]!.text = 'MARKED';
    first.db.prepare('UPDATE readings SET data = ? WHERE key = ?').run(JSON.stringify(data), key);
    first.db.close();

    const second = open(dir);
    expect((await second.engine.quotes(SHARED))[0]!.text).toBe('MARKED');
    // The same id with other text: another key, a fresh reading.
    second.store.put(article('trump-putin-summit', `${seedArticle().title}\n\n"We will meet soon," said Mr Bolton on Wednesday.`));
    expect((await second.engine.quotes(SHARED)).map((q) => q.text)).toEqual(['We will meet soon']);
    second.db.close();
  });
});

describe('pruning kept readings, splits and prepared articles (the bot, at start)', () => {
  it('drops what no article has any more and keeps the rest', async () => {
    const t = tempFolder({ 'seed.txt': `${seedArticle().title}\n\n${seedArticle().paragraphs.map((p) => p.text).join('\n\n')}\n` });
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR: t.dir, DATA_DIR: join(t.dir, 'data'), MEANING: 'off' };
    const first = await openApp({ env, state: 'create', log: createLogger('silent') });
    if (!first.ok) throw new Error(first.error.message);
    await first.value.engine.quotes(SHARED);
    first.value.db!.prepare("INSERT INTO readings (key, data, at) VALUES ('stale', '{}', '2026-01-01')").run();
    first.value.db!.prepare("INSERT INTO sentence_splits (key, offsets) VALUES ('stale', '[]')").run();
    first.value.db!.prepare("INSERT INTO prepared_articles (key, data, at) VALUES ('stale', x'00', '2026-01-01')").run();
    await first.value.close();

    const second = await openApp({ env, state: 'create', prune: true, log: createLogger('silent') });
    if (!second.ok) throw new Error(second.error.message);
    await second.value.ready;
    await new Promise((resolve) => setImmediate(resolve));
    const db = second.value.db!;
    expect(db.prepare("SELECT COUNT(*) AS n FROM readings WHERE key = 'stale'").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT COUNT(*) AS n FROM sentence_splits WHERE key = 'stale'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT key FROM prepared_articles').pluck().all()).toEqual(second.value.store.all().map((s) => second.value.store.index.keyOf(s.article)));
    expect((db.prepare('SELECT COUNT(*) AS n FROM readings').get() as { n: number }).n).toBe(1);
    expect((db.prepare('SELECT COUNT(*) AS n FROM sentence_splits').get() as { n: number }).n).toBe(seedArticle().paragraphs.length);
    await second.value.close();
  });
});
