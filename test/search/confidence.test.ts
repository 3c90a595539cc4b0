import { describe, expect, it } from 'vitest';
import { CONFIDENCE_FEATURES } from '../../src/search/weights.js';
import { fitConfidence, type Asked } from '../../scripts/lib/train.js';

describe('fitConfidence source weights', () => {
  // SQuAD says feature 0 marks a right answer, the reader questions say it marks a wrong one.
  const at = (j: number, v: number) => {
    const x = new Float64Array(CONFIDENCE_FEATURES.length);
    x[j] = v;
    return x;
  };
  const terms = CONFIDENCE_FEATURES.indexOf('terms'); // free sign: either direction can be learned
  const asked: Asked[] = [];
  for (let i = 0; i < 40; i++) {
    asked.push({ x: at(terms, 1), right: true, top3: true, answerable: true, source: 'squad-in', article: 's' });
    asked.push({ x: at(terms, 0), right: false, top3: false, answerable: true, source: 'squad-in', article: 's' });
    asked.push({ x: at(terms, 1), right: false, top3: false, answerable: true, source: 'reader', article: 'r' });
    asked.push({ x: at(terms, 0), right: true, top3: true, answerable: true, source: 'reader', article: 'r' });
  }

  it('follows the reader questions when they weigh more in total than SQuAD\'s, and SQuAD when they weigh less', () => {
    expect(fitConfidence(asked, { reader: 10, seed: 1 }).terms).toBeLessThan(-0.5);
    expect(fitConfidence(asked, { reader: 0.1, seed: 1 }).terms).toBeGreaterThan(0.5);
  });
});
