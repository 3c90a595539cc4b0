import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, type Weights } from '../../src/search/weights.js';
import { asWholeBase, figuresOf, rightRank } from '../../scripts/lib/scoped.js';
import type { ReaderQuestion } from '../../scripts/lib/cnndm.js';
import { SEED_ID, seedEngineOnce } from '../fixtures.js';

const question = (q: string, evidence: string[]): ReaderQuestion => ({ article: SEED_ID, q, evidence, casual: false, set: 'test' });

describe('figuresOf: top 1, top 3 and mean reciprocal rank of the right sentence', () => {
  it('counts first, within three and 1/(rank+1), a question never found counting 0', () => {
    const f = figuresOf([
      { article: 'a', rank: 0 },
      { article: 'a', rank: 1 },
      { article: 'b', rank: 2 },
      { article: 'b', rank: 3 },
      { article: 'c', rank: null },
    ]);
    expect(f).toEqual({ questions: 5, articles: 3, top1: 0.2, top3: 0.6, mrr: expect.closeTo((1 + 1 / 2 + 1 / 3 + 1 / 4) / 5, 12) });
  });

  it('gives zeros, not NaN, for no questions', () => {
    expect(figuresOf([])).toEqual({ questions: 0, articles: 0, top1: 0, top3: 0, mrr: 0 });
  });
});

describe('rightRank: where the sentence holding the evidence ranks in its own article', () => {
  const engine = seedEngineOnce();
  /** The quotations of a one-article ranking, first first. */
  const quotes = (q: string, weights: Weights) =>
    engine.rankQuestion(q, { limit: 400, scope: { owner: null, article: SEED_ID }, weights }).ranked.map((r) => r.entry.passage.sentences[r.sentence]?.text ?? r.entry.passage.text);

  it('is the position of the first quotation holding an evidence span', () => {
    const [first, second, third] = quotes('where is the summit', DEFAULT_WEIGHTS);
    expect(rightRank(engine, question('where is the summit', [first!]), DEFAULT_WEIGHTS)).toBe(0);
    expect(rightRank(engine, question('where is the summit', [third!]), DEFAULT_WEIGHTS)).toBe(2);
    expect(rightRank(engine, question('where is the summit', ['in Reykjavik', third!, second!]), DEFAULT_WEIGHTS)).toBe(1);
  });

  it('is null for a question without evidence or with evidence the article does not hold', () => {
    expect(rightRank(engine, question('where is the summit', []), DEFAULT_WEIGHTS)).toBeNull();
    expect(rightRank(engine, question('where is the summit', ['in Reykjavik']), DEFAULT_WEIGHTS)).toBeNull();
  });

  it('ranks with the article model, and with the whole-base model once asWholeBase puts it there', () => {
    const upsideDown: Weights = { ...DEFAULT_WEIGHTS, article: Object.fromEntries(Object.entries(DEFAULT_WEIGHTS.ranker).map(([k, v]) => [k, -v])) as Weights['article'] };
    const wholeBaseFirst = question('where is the summit', [quotes('where is the summit', asWholeBase(DEFAULT_WEIGHTS))[0]!]);
    expect(rightRank(engine, wholeBaseFirst, upsideDown)).toBeGreaterThan(0);
    expect(rightRank(engine, wholeBaseFirst, asWholeBase(upsideDown))).toBe(0);
    expect(asWholeBase(upsideDown)).toEqual({ ...upsideDown, article: DEFAULT_WEIGHTS.ranker });
  });
});
