import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.js';
import { bundleSectionReads, openBundle, writeBundle } from '../../src/meaning/bundle.js';
import { isMeaning, loadMeaning, MEANING_CACHE, meaningLateProblem } from '../../src/meaning/index.js';
import { createLogger } from '../../src/logger.js';
import { SHARED } from '../../src/model/scope.js';
import { SEED_TEXT, tempFolder } from '../fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'pilcrow-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a bundle opened lazily', () => {
  it('reads only its header when opened, and its sections once, at the first one asked for', () => {
    const file = join(dir, 'a.bin');
    writeBundle(file, { dimensions: 3 }, { v: Int8Array.from([1, 2, 3]), words: ['a', 'b'] });
    const before = bundleSectionReads();
    const b = openBundle(file);
    expect(b.meta).toEqual({ dimensions: 3 });
    expect(bundleSectionReads()).toBe(before);
    expect([...b.array('v', 'Int8Array')]).toEqual([1, 2, 3]);
    expect(b.strings('words')).toEqual(['a', 'b']);
    expect(bundleSectionReads()).toBe(before + 1);
  });

  it('refuses sections of a file replaced after it was opened, and a file that is no bundle', () => {
    const file = join(dir, 'b.bin');
    writeBundle(file, { n: 1 }, { v: Int8Array.from([1]) });
    const b = openBundle(file);
    writeBundle(file, { n: 22 }, { v: Int8Array.from([1, 2]) });
    expect(() => b.array('v', 'Int8Array')).toThrow(/^bundle: .* changed since it was opened/);
    const other = join(dir, 'c.bin');
    writeFileSync(other, 'hello');
    expect(() => openBundle(other)).toThrow(/^bundle: .* is not a Pilcrow bundle/);
  });
});

describe.skipIf(!isMeaning(loadMeaning()))('the language resources, loaded when a question needs them', () => {
  it('match no word, and say why, when their file is damaged after start rather than failing a question', () => {
    const copy = join(dir, 'meaning.bin');
    copyFileSync(MEANING_CACHE, copy);
    const meaning = loadMeaning(copy);
    if (!isMeaning(meaning)) throw new Error(meaning.message);
    expect(meaning.vectors.dimensions).toBeGreaterThan(0);
    truncateSync(copy, 4096);
    expect(meaning.vectors.id('election')).toBe(-1);
    expect(meaning.wordnet.lemmasOf('went')).toEqual([]);
    expect(meaningLateProblem()).toMatch(/^meaning: .* cannot be read .*truncated.*npm run build-meaning/);
  });

  it('are not read by a warm start that only looks up quotations and facts; the first question reads them once', async () => {
    const t = tempFolder({
      'trump-putin-summit.txt': SEED_TEXT,
      'fund.txt': 'Fund warns on growth\n\nThe International Monetary Fund (IMF) cut its growth forecast for Britain.\n\nIts chief economist Gita Gopinath said "the outlook is clouded", the fund said.\n',
      'rates.txt': 'Bank holds rates\n\nThe Bank of England kept interest rates at 5% on Thursday.\n\nGovernor Andrew Bailey said: "We are not there yet."\n',
    });
    try {
      const env = { KNOWLEDGE_DIR: t.dir, DATA_DIR: join(t.dir, 'data'), LOG_LEVEL: 'silent' };
      // The first start builds the store and its quotation book, and writes the snapshot at close.
      const opened = await openApp({ env, state: 'create', log: createLogger('silent') });
      if (!opened.ok) throw new Error(opened.error.message);
      const quote = JSON.stringify(await opened.value.engine.quote('Bailey', '', SHARED));
      const facts = JSON.stringify(await opened.value.engine.facts('Gopinath', SHARED));
      const answer = opened.value.engine.ask('where is the summit', { scope: SHARED }).results[0]?.quote;
      await opened.value.close();
      // A start of its own, as `pilcrow quote` after it.
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'warm-start.ts')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d));
      child.stderr.on('data', (d: Buffer) => (err += d));
      const code = await new Promise((resolve) => child.on('exit', resolve));
      expect(code, err).toBe(0);
      const steps = JSON.parse(out) as Record<string, unknown>;
      expect(steps).toEqual({ fromSnapshot: true, opened: 0, quote, facts, afterQuoteAndFacts: 0, answer, afterAsk: 1, afterClose: 1 });
      expect(JSON.parse(quote).quotes.length).toBeGreaterThan(0);
    } finally {
      t.cleanup();
    }
  });
});
