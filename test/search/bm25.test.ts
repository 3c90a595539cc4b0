import { describe, expect, it } from 'vitest';
import { bm25, bm25Idf } from '../../src/search/bm25.js';

describe('bm25 (Robertson & Zaragoza 2009)', () => {
  it('equals the textbook form idf·tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl))', () => {
    for (const tf of [0, 1, 2, 5, 40]) {
      for (const length of [1, 10, 80, 500]) {
        const textbook = (2.3 * tf * 2.2) / (tf + 1.2 * (1 - 0.75 + (0.75 * length) / 80));
        expect(bm25(tf, 2.3, length, 80, 1.2, 0.75)).toBeCloseTo(textbook, 12);
      }
    }
  });

  it('saturates: repeats add less and less, never past idf·(k1+1)', () => {
    const at = (tf: number) => bm25(tf, 1, 80, 80, 1.2, 0.75);
    expect(at(2) - at(1)).toBeLessThan(at(1) - at(0));
    expect(at(1000)).toBeLessThan(2.2);
    expect(at(1000)).toBeGreaterThan(2.19);
  });

  it('penalises a long document by b, and not at all with b = 0', () => {
    expect(bm25(1, 1, 400, 80, 1.2, 0.75)).toBeLessThan(bm25(1, 1, 20, 80, 1.2, 0.75));
    expect(bm25(1, 1, 400, 80, 1.2, 0)).toBe(bm25(1, 1, 20, 80, 1.2, 0));
  });

  it('idf: rarer terms weigh more, a term in every document still weighs a little', () => {
    expect(bm25Idf(1000, 1)).toBeGreaterThan(bm25Idf(1000, 100));
    expect(bm25Idf(1000, 1000)).toBeGreaterThan(0);
    expect(bm25Idf(1000, 0)).toBeCloseTo(Math.log(1 + 1000.5 / 0.5), 12);
  });
});
