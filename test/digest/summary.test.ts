import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rougeN } from '../../src/digest/rouge.js';
import { standsAlone, summarise } from '../../src/digest/summary.js';
import { cnndmFile } from '../../scripts/lib/cnndm.js';
import { readJsonl } from '../../scripts/lib/squad.js';
import { article } from '../fixtures.js';

describe('ROUGE', () => {
  it('counts clipped n-gram overlap as F1 over lower-cased ASCII tokens', () => {
    expect(rougeN('the cat sat', 'the cat sat down', 1).f1).toBeCloseTo(6 / 7, 6);
    expect(rougeN('the the the', 'the cat', 1).precision).toBeCloseTo(1 / 3, 6);
    expect(rougeN('The cat, sat!', 'the cat sat', 2).f1).toBe(1);
    expect(rougeN('', 'the cat', 1).f1).toBe(0);
  });

  it.skipIf(!existsSync(cnndmFile))('gives the published Lead-3 and BART figures on the 250 CNN/DM articles', () => {
    const rows = readJsonl<{ sentences: string[]; reference: string; system_summaries: { bart: string } }>(cnndmFile);
    const mean = (pick: (r: (typeof rows)[number]) => string, n: number) => (100 * rows.reduce((s, r) => s + rougeN(pick(r), r.reference, n).f1, 0)) / rows.length;
    expect(mean((r) => r.sentences.slice(0, 3).join(' '), 1).toFixed(2)).toBe('39.77');
    expect(mean((r) => r.sentences.slice(0, 3).join(' '), 2).toFixed(2)).toBe('18.09');
    expect(mean((r) => r.system_summaries.bart, 1).toFixed(2)).toBe('43.85');
    expect(mean((r) => r.system_summaries.bart, 2).toFixed(2)).toBe('21.99');
  });
});

describe('summarise', () => {
  const story = article('ferry', [
    'Ferry services cancelled',
    'By Jane Smith, Transport Correspondent',
    'PUBLISHED: 08:00 GMT, 27 November 2026 | UPDATED: 09:00 GMT, 27 November 2026',
    'He said the storm was the worst in ten years.',
    'All ferry services to the Scottish islands were cancelled on Thursday because of winds of up to 90mph.',
    'The move left hundreds of passengers stranded at Oban and Ullapool overnight.',
    'Scroll down for video',
    'A stranded passenger poses for a picture at Oban harbour on Thursday',
    'All ferry services to the Scottish islands were cancelled on Thursday due to the winds.',
    'The operator CalMac said sailings would resume on Saturday if the weather improved.',
    'Forecasters expect the winds to ease by Friday evening.',
  ].join('\n\n'));

  it('takes three sentences that stand alone, in article order, each with its paragraph', () => {
    expect(summarise(story)).toEqual([
      { text: 'All ferry services to the Scottish islands were cancelled on Thursday because of winds of up to 90mph.', paragraph: 4 },
      // "The move" refers to the sentence before, which is in the summary right before it.
      { text: 'The move left hundreds of passengers stranded at Oban and Ullapool overnight.', paragraph: 5 },
      { text: 'The operator CalMac said sailings would resume on Saturday if the weather improved.', paragraph: 9 },
    ]);
  });

  it('never uses a byline, a dateline, a caption, "Scroll down for video", a repeat, or a "He" with nothing before it', () => {
    const texts = summarise(story, { sentences: 5 }).map((s) => s.text);
    expect(texts.join(' ')).not.toMatch(/By Jane|PUBLISHED|Scroll down|poses for|He said the storm/);
    expect(texts.filter((t) => t.startsWith('All ferry services'))).toHaveLength(1);
  });

  it('knows a sentence that leans on the one before', () => {
    expect(standsAlone('The move angered Moscow.')).toBe(false);
    expect(standsAlone('This decision was criticised.')).toBe(false);
    expect(standsAlone('But the talks failed.')).toBe(false);
    expect(standsAlone('The White House said the talks failed.')).toBe(true);
  });
});
