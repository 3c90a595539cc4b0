import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/answers.js';
import { buildArticle } from '../../src/knowledge/parse.js';
import { loaderFlags, packArticle, ReadingPool, unpackArticle } from '../../src/nlp/reading-pool.js';
import { ArticleStore, STORE_DEFAULTS } from '../../src/store/store.js';
import read from '../../src/nlp/reading-worker.js';
import { seedArticle } from '../fixtures.js';
import { SHARED } from '../../src/model/scope.js';
import type { Article } from '../../src/model/article.js';

describe('reading articles in worker threads', () => {
  const pool = new ReadingPool(2);
  afterAll(async () => pool.close());

  it('finds the same people, quotations and entities as reading on the main thread', async () => {
    const here = new Engine([seedArticle()], { meaning: null });
    let calls = 0;
    const there = new Engine([seedArticle()], { store: new ArticleStore(null, { reader: (a) => (calls++, pool.read(a)) }) });
    expect(await there.quotes(SHARED)).toEqual(await here.quotes(SHARED));
    expect(await there.entities(SHARED)).toEqual(await here.entities(SHARED));
    expect((await there.quote('Bolton', '', SHARED)).quotes).toEqual((await here.quote('Bolton', '', SHARED)).quotes);
    expect(calls).toBe(1);
  });
});

describe('a quotation book built with reading threads', () => {
  it('has the next articles read while one joins the book (several in flight, at most the read-ahead), with the same quotations', async () => {
    const articles = Array.from({ length: 30 }, (_, k) => {
      const built = buildArticle(`a${k}`, { title: `Council vote ${k}`, paragraphs: [`"We will rebuild bridge ${k}," Mayor Anna Lee said on Monday.`, `The council of town ${k} voted to pay for it.`] });
      if (!built.ok) throw new Error(built.error.message);
      return built.value;
    });
    let inFlight = 0;
    let most = 0;
    const reader = async (a: Article) => {
      most = Math.max(most, ++inFlight);
      // Resolved on a later turn, as a thread's answer comes: the book must not wait for each in turn.
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return read(packArticle(a));
    };
    const there = new Engine([], { store: new ArticleStore(null, { reader }) });
    const here = new Engine([], { meaning: null });
    for (const a of articles) {
      there.store.put(a);
      here.store.put(a);
    }
    expect(await there.quotes(SHARED)).toEqual(await here.quotes(SHARED));
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(STORE_DEFAULTS.readAhead + 1);
  });
});

describe('an article packed for a reading thread', () => {
  it('is the same article once unpacked: texts, numbers, sentences and metadata', () => {
    const withCaption = buildArticle('x', { title: 'Storm hits coast', paragraphs: ['Rain fell. Roads flooded.', 'The council met on Monday.'], captions: ['A flooded road. Photo: Reuters'], source: 'https://news.example/x', published: '2026-11-01', author: 'Jane Smith' });
    for (const article of [seedArticle(), withCaption.ok ? withCaption.value : seedArticle()]) expect(unpackArticle(packArticle(article))).toEqual(article);
  });
});

describe('the flags a reading worker is started with', () => {
  it('keep what loads code and drop what Node refuses a worker', () => {
    expect(loaderFlags(['--expose-gc', '--import', 'tsx', '--max-old-space-size=4096', '--require=./a.cjs', '--conditions', 'dev', '--inspect'])).toEqual(['--import', 'tsx', '--require=./a.cjs', '--conditions', 'dev']);
  });
});
