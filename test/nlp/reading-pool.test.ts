import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/answers.js';
import { buildArticle } from '../../src/knowledge/parse.js';
import { loaderFlags, packArticle, ReadingPool, unpackArticle } from '../../src/nlp/reading-pool.js';
import { ArticleStore } from '../../src/store/store.js';
import { seedArticle } from '../fixtures.js';
import { SHARED } from '../../src/model/scope.js';

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
