import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../src/engine/answers.js';
import { openBundle, writeBundle, type Bundle } from '../../src/meaning/bundle.js';
import { loadMeaning, isMeaning } from '../../src/meaning/index.js';
import { WordVectors } from '../../src/meaning/vectors.js';
import { WordNet } from '../../src/meaning/wordnet.js';
import { SearchIndex, type PreparedArticle } from '../../src/search/index.js';
import { ArticleStore, STORE_DEFAULTS, type DerivedCache } from '../../src/store/store.js';
import { article, seedArticle } from '../fixtures.js';
import { SHARED } from '../../src/model/scope.js';

/** A store's derived cache keeping prepared articles in `kept`, by their index key (readings are not kept). */
function preparedIn(kept: Map<string, PreparedArticle>): DerivedCache {
  return {
    prepared: (_key, indexKey) => kept.get(indexKey),
    hasPrepared: (_key, indexKey) => kept.has(indexKey),
    keepPrepared: (_key, indexKey, p) => void kept.set(indexKey, p),
    reading: () => undefined,
    keepReading: () => undefined,
  };
}

const meaningOrNull = () => {
  const m = loadMeaning();
  return isMeaning(m) ? m : null;
};

const ARTICLES = [
  seedArticle(),
  article('parking', 'Driver loses parking fine appeal\n\nBarry Beavis, 48, lost his case at the Court of Appeal on Thursday.\n\nMr Beavis had parked his car at the Riverside Retail Park in Chelmsford in April 2013.\n\n"This is a disgrace," Mr Beavis said.'),
  article('storms', 'Storms hit the coast\n\nHeavy rain flooded the coast road in Cornwall on Monday.\n\nThe Met Office warned of more storms on Tuesday.'),
  article('fund', 'Fund warns on growth\n\nThe International Monetary Fund (IMF) cut its growth forecast for Britain.\n\nIts chief economist Gita Gopinath said the outlook was "clouded".'),
];
const QUESTIONS = ['where is the summit', 'who lost his appeal', 'what did the IMF say', 'when did rain flood the road', 'putn electon medling', 'parked in Chelmsfrd'];

/** What a user sees of an answer: where it comes from and its score, not the index's internal positions. */
const seen = (engine: Engine, q: string, owner: string | null = null) => {
  const r = engine.ask(q, { top: 5, scope: { owner } });
  return { answered: r.answered, confidence: r.confidence, corrections: r.corrections, results: r.results.map((a) => [a.articleId, a.paragraph, a.caption, a.quote, a.score]) };
};

describe('the knowledge store', () => {
  const meaning = meaningOrNull();

  it('answers after any sequence of additions, replacements and removals exactly as a store built afresh', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('put', 'remove'), fc.integer({ min: 0, max: ARTICLES.length - 1 })), { maxLength: 12 }), (steps) => {
        const live = new Engine([], { meaning });
        for (const [op, i] of steps) {
          if (op === 'put') live.store.put(ARTICLES[i]!);
          else live.store.remove(ARTICLES[i]!.id);
        }
        const fresh = new Engine(live.store.all().map((s) => s.article), { meaning });
        expect(live.index.size).toBe(fresh.index.size);
        for (const q of QUESTIONS) expect(seen(live, q)).toEqual(seen(fresh, q));
      }),
      { numRuns: 25 },
    );
  });

  it('joins articles from what an earlier run prepared of them exactly as from their text', () => {
    // What a first run prepared of every article, kept (as the state keeps it) for the runs below.
    const kept = new Map<string, PreparedArticle>();
    const cache = preparedIn(kept);
    const first = new ArticleStore(meaning, { derived: cache });
    for (const a of ARTICLES) first.put(a, a.id === 'fund' ? 'guild-b' : null);
    expect(kept.size).toBe(ARTICLES.length);
    const prepare = vi.spyOn(SearchIndex.prototype, 'prepare');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('put', 'remove'), fc.integer({ min: 0, max: ARTICLES.length - 1 })), { maxLength: 12 }), (steps) => {
        const live = new Engine([], { store: new ArticleStore(meaning, { derived: cache }) });
        for (const [op, i] of steps) {
          if (op === 'put') live.store.put(ARTICLES[i]!, ARTICLES[i]!.id === 'fund' ? 'guild-b' : null);
          else live.store.remove(ARTICLES[i]!.id);
        }
        const fresh = new Engine([], { meaning });
        for (const s of live.store.all()) fresh.store.put(s.article, s.owner);
        expect(live.index.size).toBe(fresh.index.size);
        for (const q of QUESTIONS) {
          expect(seen(live, q)).toEqual(seen(fresh, q));
          expect(seen(live, q, 'guild-b')).toEqual(seen(fresh, q, 'guild-b'));
        }
      }),
      { numRuns: 25 },
    );
    // Only the fresh stores prepared anything: the live ones took every article from what was kept.
    expect(prepare.mock.calls.length).toBeLessThanOrEqual(25 * 12);
    const before = prepare.mock.calls.length;
    const again = new ArticleStore(meaning, { derived: cache });
    for (const a of ARTICLES) again.put(a);
    expect(prepare.mock.calls.length).toBe(before);
    prepare.mockRestore();
  });

  it('prepares an article again when what was kept of it is damaged, and answers the same', () => {
    const kept = new Map<string, PreparedArticle>();
    const cache = preparedIn(kept);
    new ArticleStore(meaning, { derived: cache }).put(ARTICLES[0]!);
    const [key, good] = [...kept][0]!;
    kept.set(key, { ...good, tokens: good.tokens.subarray(1) });
    const mended = new Engine([], { store: new ArticleStore(meaning, { derived: cache }) });
    mended.store.put(ARTICLES[0]!);
    const fresh = new Engine([ARTICLES[0]!], { meaning });
    for (const q of QUESTIONS) expect(seen(mended, q)).toEqual(seen(fresh, q));
    expect(kept.get(key)!.tokens.length).toBe(good.tokens.length);
  });

  it('forgets a removed article: no passage, no typo correction towards its words', () => {
    const engine = new Engine(ARTICLES.slice(0, 2), { meaning });
    expect(engine.ask('parked in Chelmsfrd', { scope: SHARED }).corrections).toEqual([{ from: 'chelmsfrd', to: 'chelmsford' }]);
    engine.store.remove('parking');
    const after = engine.ask('parked in Chelmsfrd', { scope: SHARED });
    expect(after.corrections).toEqual([]);
    expect(after.results.every((r) => r.articleId !== 'parking')).toBe(true);
    expect(engine.article('parking', SHARED)).toBeUndefined();
  });

  it('replaces an article in place: the new text answers, the old one is gone', () => {
    const engine = new Engine([ARTICLES[2]!], { meaning });
    expect(engine.store.put(article('storms', 'Storms hit the coast\n\nSnow closed the mountain pass in Wales on Friday.'))).toBe('replaced');
    expect(engine.ask('where did snow close the pass', { scope: SHARED }).results[0]!.quote).toContain('Wales');
    expect(engine.ask('flooded coast road Cornwall', { scope: SHARED }).results.some((r) => r.quote.includes('Cornwall'))).toBe(false);
  });

  it('reads a server\'s book as the shared book and its own together, answering as one book over all their articles', async () => {
    const more = [
      article('council', 'Council approves bridge\n\n"We will build it by spring," said council leader Ann Lee on Monday.\n\nMs Lee said Mr Beavis had "a point" about parking.'),
      article('bolton-again', 'Bolton returns\n\nJohn Bolton, the US national security adviser, said: "The summit will happen."\n\n"It is a good day," Mr Bolton added.'),
    ];
    const all = [...ARTICLES, ...more];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: all.length, maxLength: all.length }), async (own) => {
        const split = new ArticleStore(null);
        const shared = all.filter((_, i) => !own[i]);
        const mine = all.filter((_, i) => own[i]);
        for (const a of shared) split.put(a);
        for (const a of mine) split.put(a, 'guild-a');
        const one = new ArticleStore(null);
        for (const a of [...shared, ...mine]) one.put(a);
        const together = await split.book({ owner: 'guild-a' });
        const whole = await one.book(SHARED);
        expect(together.speakers()).toEqual(whole.speakers());
        expect(together.entities.map((e) => [e.name, e.type, e.aliases, e.role, e.mentions.length])).toEqual(whole.entities.map((e) => [e.name, e.type, e.aliases, e.role, e.mentions.length]));
        for (const who of [...whole.speakers(), 'Bolton', 'Lee', 'beavis', 'puttin', 'summit', 'parking']) {
          expect(together.quote(who)).toEqual(whole.quote(who));
          expect(together.quote(who, 'summit')).toEqual(whole.quote(who, 'summit'));
        }
        for (const e of whole.entities.slice(0, 12)) expect(together.facts(e.name)).toEqual(whole.facts(e.name));
      }),
      { numRuns: 12 },
    );
  });

  it('keeps the views (quotation book, title index) of the servers used lately, and always the shared one', async () => {
    const store = new ArticleStore(null);
    store.put(ARTICLES[1]!);
    const shared = await store.book(SHARED);
    const first = await store.book({ owner: '100000000000000000' });
    expect(await store.book({ owner: '100000000000000000' })).toBe(first);
    for (let k = 1; k <= STORE_DEFAULTS.views; k++) store.articles({ owner: String(100000000000000000n + BigInt(k)) });
    // The least recently used server's view was let go: its book is built again, the same.
    const again = await store.book({ owner: '100000000000000000' });
    expect(again).not.toBe(first);
    expect(again.quotes).toEqual(first.quotes);
    expect(await store.book(SHARED)).toBe(shared);
  });

  it('refuses to let one owner replace another owner\'s article', () => {
    const store = new ArticleStore(meaning);
    store.put(ARTICLES[1]!, 'guild-a');
    expect(() => store.put(ARTICLES[1]!, 'guild-b')).toThrow(/another owner/);
    expect(store.get('parking')?.owner).toBe('guild-a');
  });
});

describe('scopes', () => {
  const meaning = meaningOrNull();
  const engine = new Engine([ARTICLES[0]!], { meaning });
  engine.store.put(ARTICLES[1]!, 'guild-a');
  engine.store.put(ARTICLES[3]!, 'guild-b');
  const a = { owner: 'guild-a' };
  const b = { owner: 'guild-b' };

  it('lists the shared articles and the server\'s own, never another server\'s', () => {
    expect(engine.articlesIn(a).map((x) => x.id)).toEqual(['trump-putin-summit', 'parking']);
    expect(engine.articlesIn(b).map((x) => x.id)).toEqual(['trump-putin-summit', 'fund']);
    expect(engine.articlesIn(SHARED).map((x) => x.id)).toEqual(['trump-putin-summit']);
    expect(engine.findArticles('fund', a)).toEqual([]);
    expect(engine.findArticles('fund warns', b).map((x) => x.id)).toEqual(['fund']);
    // As typed in autocomplete: the last word half written, a typo in another.
    expect(engine.findArticles('sumit with Vlad', a).map((x) => x.id)).toEqual(['trump-putin-summit']);
  });

  it('finds a title whose words carry invisible characters (pasted from a web page), and by what is typed with them', () => {
    const engine = new Engine([article('storm', 'Storm clo\u200bses the h\u200ba\u00adr\u200db\u2060our\n\nA storm closed the harbour on Monday.')], { meaning: null });
    expect(engine.findArticles('harbour', SHARED).map((x) => x.id)).toEqual(['storm']);
    expect(engine.findArticles('har\u200dbour', SHARED).map((x) => x.id)).toEqual(['storm']);
  });

  it('answers from the server\'s own articles and never from another server\'s', () => {
    expect(engine.ask('who lost his appeal', { scope: a }).results[0]?.articleId).toBe('parking');
    for (const scope of [b, { owner: null }]) {
      expect(engine.ask('who lost his appeal at the Court of Appeal', { scope, top: 25 }).results.every((r) => r.articleId !== 'parking')).toBe(true);
    }
    expect(engine.ask('what did the IMF cut', { scope: a, top: 25 }).results.every((r) => r.articleId !== 'fund')).toBe(true);
  });

  it('completes a title from two typed letters of its last word, not from one', () => {
    expect(engine.findArticles('Donald Trump to hold s', a).map((x) => x.id)).toEqual(['trump-putin-summit']);
    expect(engine.findArticles('pa', a).map((x) => x.id)).toEqual(['parking']);
    expect(engine.findArticles('p', a)).toEqual([]);
  });

  it('treats another server\'s article, asked for by id, as unknown', () => {
    const r = engine.ask('who lost his appeal', { scope: { ...b, article: 'parking' } });
    expect(r.results).toEqual([]);
    expect(r.answered).toBe(false);
  });

  it('never corrects a typo towards a word only another server\'s articles hold', () => {
    expect(engine.ask('Beavs appeal', { scope: a }).corrections).toEqual([{ from: 'beavs', to: 'beavis' }]);
    expect(engine.ask('Beavs appeal', { scope: b }).corrections).toEqual([]);
  });

  it('keeps quotations and people to the server that owns them', async () => {
    expect((await engine.speakers(a))).toContain('Barry Beavis');
    expect((await engine.speakers(b))).not.toContain('Barry Beavis');
    expect((await engine.entities(b)).some((e) => e.name === 'Barry Beavis')).toBe(false);
    expect(await engine.facts('Beavis', b)).toBeNull();
    expect((await engine.quote('Beavis', '', a)).quotes[0]?.text).toBe('This is a disgrace');
  });

  it('rebuilds a server\'s quotation book after a change it can see, and keeps the others\'', async () => {
    const before = await engine.store.book(b);
    const shared = await engine.store.book({ owner: null });
    engine.store.put(article('more', 'Another parking case\n\n"We will appeal," said lawyer Jane Smith.'), 'guild-b');
    expect(await engine.store.book({ owner: null })).toBe(shared);
    const after = await engine.store.book(b);
    expect(after).not.toBe(before);
    expect(after.speakers()).toContain('Jane Smith');
    expect((await engine.store.book(a)).speakers()).not.toContain('Jane Smith');
  });
});

describe('the word vectors, read when first needed', () => {
  /** A store over real word vectors of a small bundle file whose string reads are recorded (`strings`: the first read of its sections). */
  const dir = mkdtempSync(join(tmpdir(), 'pilcrow-vectors-first-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let files = 0;

  /** A store over real word vectors of a small bundle file whose string reads are recorded (`strings`: the first read of its sections). */
  function storeWithVectors(derived?: DerivedCache) {
    const file = join(dir, `meaning-${++files}.bin`);
    const words = ['summit', 'putin', 'trump', 'helsinki', 'meeting'];
    writeBundle(file, { dimensions: 2 }, { vectors: Int8Array.from(words.flatMap((_, i) => [127 - i, i])), vectorWords: words });
    const opened = openBundle(file);
    const bundle: Bundle = { meta: opened.meta, array: opened.array, strings: vi.fn(opened.strings) };
    const store = new ArticleStore({ wordnet: new WordNet(bundle), vectors: new WordVectors(bundle) }, { derived });
    return { store, strings: vi.mocked(bundle.strings), join: vi.spyOn(store.index, 'joining') };
  }

  it('are read before the first article\'s index work begins, never from inside it (put, kept data, joining)', async () => {
    // Read from inside the first join, V8 kept that join's short-lived arrays in the old generation for
    // the rest of the process: +160 MB of peak RSS at 4,671 articles (see ArticleStore.vectorsFirst).
    const kept = new Map<string, PreparedArticle>();
    const keptIndex = new SearchIndex();
    kept.set(keptIndex.keyOf(seedArticle()), keptIndex.prepare(seedArticle()));
    const derived = preparedIn(kept);
    const prepared = vi.spyOn(derived, 'prepared');
    const a = storeWithVectors(derived);
    expect(a.strings).not.toHaveBeenCalled();
    a.store.put(seedArticle());
    expect(prepared).toHaveBeenCalled();
    expect(a.strings.mock.invocationCallOrder[0]).toBeLessThan(prepared.mock.invocationCallOrder[0]!);
    expect(a.strings.mock.invocationCallOrder[0]).toBeLessThan(a.join.mock.invocationCallOrder[0]!);
    expect(a.store.index.termVectors.some((v) => v >= 0)).toBe(true);

    const b = storeWithVectors();
    const join = b.store.joining(seedArticle(), null, new SearchIndex().prepare(seedArticle()));
    expect(b.strings.mock.invocationCallOrder[0]).toBeLessThan(b.join.mock.invocationCallOrder[0]!);
    await join.build();
    join.commit(new Date());
    expect(b.store.size).toBe(1);
  });
});
