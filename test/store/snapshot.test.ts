import { readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { SearchIndex } from '../../src/search/index.js';
import { ArticleStore } from '../../src/store/store.js';
import { article, SEED_TEXT, seedArticle, tempFolder } from '../fixtures.js';
import { SHARED } from '../../src/model/scope.js';

let cleanup = () => {};
afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
});

const FILES = {
  'trump-putin-summit.txt': SEED_TEXT,
  'fund.txt': 'Fund warns on growth\n\nThe International Monetary Fund (IMF) cut its growth forecast for Britain.\n\nIts chief economist Gita Gopinath said "the outlook is clouded", the fund said.\n',
  'rates.txt': 'Bank holds rates\n\nThe Bank of England kept interest rates at 5% on Thursday.\n\nGovernor Andrew Bailey said: "We are not there yet."\n',
};
const QUESTIONS = ['where is the summit', 'what did the IMF cut', 'putn electon medling', 'who is the chief economist', 'what did the bank keep', 'when did the bank hold rates'];

/** Opens the app as the bot does (a state database on disk), answers the questions, and says whether the store came from its snapshot. */
async function open(env: NodeJS.ProcessEnv, state: 'create' | 'existing' = 'create') {
  const opened = await openApp({ env, state, log: createLogger('silent') });
  if (!opened.ok) throw new Error(opened.error.message);
  const app = opened.value;
  return { app, got: await answersOf(app) };
}

async function answersOf(app: App) {
  const asked = QUESTIONS.map((q) => {
    const r = app.engine.ask(q, { scope: SHARED, top: 5 });
    return [r.answered, r.confidence, r.corrections, r.results.map((a) => [a.articleId, a.paragraph, a.quote, a.score])];
  });
  const quote = await app.engine.quote('Bailey', '', SHARED);
  return { asked, quote: JSON.stringify(quote) };
}

const snapshots = (dataDir: string) => readdirSync(join(dataDir, 'cache')).filter((f) => f.endsWith('.snap')).map((f) => join(dataDir, 'cache', f));

describe('the snapshot of the whole store (SQLite state on disk)', () => {
  it('is taken back when nothing changed, and answers exactly as the store built article by article', async () => {
    const t = tempFolder(FILES);
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR: t.dir, DATA_DIR: join(t.dir, 'data'), LOG_LEVEL: 'silent' };
    const first = await open(env);
    expect(first.app.fromSnapshot).toBe(false);
    await first.app.close();
    expect(snapshots(env.DATA_DIR)).toHaveLength(1);

    const prepare = vi.spyOn(SearchIndex.prototype, 'prepare');
    const joining = vi.spyOn(SearchIndex.prototype, 'joining');
    const second = await open(env);
    expect(second.app.fromSnapshot).toBe(true);
    expect(prepare).not.toHaveBeenCalled();
    expect(joining).not.toHaveBeenCalled();
    expect(second.got).toEqual(first.got);
    expect(second.app.store.size).toBe(3);
    expect(second.app.problems).toEqual(first.app.problems);

    // Articles added at run time join the restored index as usual, and the next start has them.
    second.app.store.put(article('late', 'Late news\n\nThe meeting in Helsinki ended late on Monday night.\n'));
    const late = second.app.engine.ask('what ended late on Monday night', { scope: SHARED, top: 3 });
    expect(late.results[0]!.articleId).toBe('late');
    second.app.store.remove('late');
    second.app.store.put(article('later', 'Later news\n\nThe meeting in Helsinki ended late on Monday night.\n'));
    await second.app.close();
    const third = await open(env);
    expect(third.app.fromSnapshot).toBe(true);
    expect(third.app.store.article('later', SHARED)?.paragraphs[0]!.text).toBe('The meeting in Helsinki ended late on Monday night.');
    expect(third.app.engine.ask('what ended late on Monday night', { scope: SHARED, top: 3 }).results[0]!.articleId).toBe('later');
    await third.app.close();
  });

  it('is not used once an article changed, was added or removed; the answers are those of the folder as it is', async () => {
    const t = tempFolder(FILES);
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR: t.dir, DATA_DIR: join(t.dir, 'data'), LOG_LEVEL: 'silent' };
    await (await open(env)).app.close();
    const changes: [string, () => void][] = [
      ['changed', () => writeFileSync(join(t.dir, 'rates.txt'), 'Bank cuts rates\n\nThe Bank of England cut interest rates to 4% on Thursday.\n')],
      // The same size: only the content (and so the time) differs.
      ['changed, same size', () => {
        const file = join(t.dir, 'fund.txt');
        writeFileSync(file, readFileSync(file, 'utf8').replace('Britain', 'Brazil!'));
        utimesSync(file, new Date(0), new Date(0));
      }],
      ['added', () => writeFileSync(join(t.dir, 'extra.txt'), 'Extra\n\nThe summit was held in the Finnish capital.\n')],
      ['removed', () => rmSync(join(t.dir, 'trump-putin-summit.txt'))],
    ];
    for (const [what, change] of changes) {
      change();
      const after = await open(env);
      expect(after.app.fromSnapshot, what).toBe(false);
      await after.app.close();
      // What the same folder answers with no snapshot and nothing kept: built from the files alone.
      const fresh = await open({ ...env, DATA_DIR: ':memory:' });
      expect(after.got, what).toEqual(fresh.got);
      await fresh.app.close();
      // The snapshot was written again for the folder as it is now.
      const again = await open(env);
      expect(again.app.fromSnapshot, what).toBe(true);
      expect(again.got, what).toEqual(fresh.got);
      await again.app.close();
    }
  });

  it('falls back to building the store when the snapshot is damaged, and never fails the start', async () => {
    const t = tempFolder(FILES);
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR: t.dir, DATA_DIR: join(t.dir, 'data'), LOG_LEVEL: 'silent' };
    const first = await open(env);
    await first.app.close();
    const [file] = snapshots(env.DATA_DIR);
    const whole = readFileSync(file!);
    const damages: [string, Buffer][] = [
      ['truncated', whole.subarray(0, Math.floor(whole.length / 2))],
      ['empty', Buffer.alloc(0)],
      ['garbage', Buffer.from('not a snapshot at all')],
      // Bytes overwritten in the middle: v8 may still read it, and the store must check what it got.
      ['overwritten', Buffer.concat([whole.subarray(0, whole.length >> 1), Buffer.alloc(64, 0xff), whole.subarray((whole.length >> 1) + 64)])],
    ];
    for (const [what, bytes] of damages) {
      writeFileSync(file!, bytes);
      const after = await open(env);
      expect(after.got, what).toEqual(first.got);
      await after.app.close();
    }
  });

  it('keeps a command with no state database warm too (the cache folder of a large knowledge folder)', async () => {
    const files: Record<string, string> = { ...FILES };
    for (let k = 0; k < 50; k++) files[`filler-${k}.txt`] = `Filler ${k}\n\nA paragraph about item number ${k} and the weather on day ${k}.\n`;
    const t = tempFolder(files);
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR: t.dir, DATA_DIR: join(t.dir, 'data'), LOG_LEVEL: 'silent' };
    const first = await open(env, 'existing');
    expect(first.app.state).toBeNull();
    await first.app.close();
    const second = await open(env, 'existing');
    expect(second.app.fromSnapshot).toBe(true);
    expect(second.app.state).toBeNull();
    expect(second.got).toEqual(first.got);
    await second.app.close();
  });
});

describe('SearchIndex.restore', () => {
  it('takes back an index with removed articles exactly, and adds and removes articles after it as before', () => {
    const a = seedArticle();
    const b = article('b', 'Other\n\nThe fund cut its forecast.\n');
    const c = article('c', SEED_TEXT);
    const built = new SearchIndex([], null);
    built.add(a, null);
    built.add(b, '42');
    built.add(c, null);
    built.remove('c');
    const restored = new SearchIndex([], null);
    restored.restore(structuredClone(built.snapshot()), new Map([a, b].map((x) => [x.id, x])));
    for (const index of [built, restored]) {
      index.add(c, null);
      index.remove('a');
    }
    expect(restored.size).toBe(built.size);
    expect(restored.averageLength).toBe(built.averageLength);
    expect([...restored.words]).toEqual([...built.words]);
    expect(restored.hasWord('fund', '42')).toBe(true);
    expect(restored.hasWord('fund', null)).toBe(built.hasWord('fund', null));
    for (const [term, id] of built.terms) {
      expect(restored.terms.get(term)).toBe(id);
      expect(Array.from(restored.postingsOf(id).passages)).toEqual(built.postingsOf(id).passages);
      expect(Array.from(restored.postingsOf(id).counts)).toEqual(built.postingsOf(id).counts);
      expect(restored.idf(id)).toBe(built.idf(id));
    }
    expect(restored.snapshot()).toEqual(built.snapshot());
  });

  it('refuses data that does not fit, leaving the index empty', () => {
    const a = seedArticle();
    const built = new SearchIndex([a], null);
    const data = built.snapshot();
    const index = new SearchIndex([], null);
    expect(() => index.restore({ ...data, postPassages: Int32Array.from(data.postPassages, () => 1e6) }, new Map([[a.id, a]]))).toThrow(/damaged postings/);
    expect(() => index.restore(data, new Map())).toThrow(/not at hand/);
    expect(() => index.restore(data, new Map([[a.id, { ...a, paragraphs: a.paragraphs.slice(1) }]]))).toThrow(/does not fit/);
    expect(index.size).toBe(0);
    expect(index.terms.size).toBe(0);
    const store = new ArticleStore();
    const snap = new ArticleStore();
    snap.put(a);
    expect(() => store.restore({ ...snap.snapshot(), texts: [] })).toThrow(/do not fit/);
    expect(store.size).toBe(0);
  });
});
