import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { confidenceFeatures } from '../../src/search/confidence.js';
import { CONFIDENCE_FEATURES } from '../../src/search/weights.js';
import { fitConfidence, type Asked } from '../../scripts/lib/train.js';
import { article } from '../fixtures.js';

describe('the ranker softmax share (RankStats.topShare) read by the confidence model', () => {
  const clear = new Engine([article('clear', [
    'Port reopens after storm',
    'The harbour master said the port of Valmora would reopen to cargo ships on Friday.',
    'Fishing boats stayed in the bay all week.',
    'Schools in the region closed for two days.',
  ].join('\n\n'))], { meaning: null });
  const twins = new Engine([article('twins', [
    'Port reopens after storm',
    'The harbour master said the port of Valmora would reopen to cargo ships on Friday.',
    'The harbour master said the port of Valmora would reopen to cargo ships on Friday.',
    'Schools in the region closed for two days.',
  ].join('\n\n'))], { meaning: null });
  const question = 'When will the port of Valmora reopen to cargo ships?';

  it('is the first passage\'s softmax probability over every passage scored, and the confidence feature "share" is it', () => {
    const r = clear.rankQuestion(question, { limit: 400, articleId: 'clear' });
    const z = r.ranked.reduce((s, c) => s + Math.exp(c.score - r.ranked[0]!.score), 0);
    expect(r.stats.topShare).toBeCloseTo(1 / z, 9);
    expect(r.stats.topShare).toBeGreaterThan(0.5);
    expect(confidenceFeatures(r.query, r.ranked, r.stats).share).toBe(r.stats.topShare);
  });

  it('falls when another passage scores close, whatever the number of results asked for', () => {
    const one = twins.rankQuestion(question, { limit: 1, articleId: 'twins' });
    expect(one.ranked).toHaveLength(1);
    // At most the pair's share: the runner-up alone takes 1 / (1 + e^(first - second)) of it.
    expect(one.stats.topShare).toBeLessThanOrEqual(1 / (1 + Math.exp(one.stats.runnerUp! - one.ranked[0]!.score)) + 1e-9);
    expect(one.stats.topShare).toBeLessThan(0.7);
    expect(one.stats.topShare).toBeLessThan(clear.rankQuestion(question, { limit: 1, articleId: 'clear' }).stats.topShare);
  });
});

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
