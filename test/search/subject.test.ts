import { describe, expect, it } from 'vitest';
import { sharesSubject } from '../../src/search/confidence.js';
import type { Query, QueryTerm } from '../../src/search/query.js';
import type { RankedPassage } from '../../src/search/rank.js';

/** A question of these words (capitalised = a name the member typed). */
function query(words: readonly string[]): Query {
  const terms = words.map((w, position): QueryTerm => ({
    id: position, typed: w, word: w.toLowerCase(), weight: 1, position, head: false,
    name: w[0] !== w[0]!.toLowerCase(), pronoun: false, related: [], vector: -1,
  }));
  return { text: words.join(' '), type: 'other', terms, words: new Set(terms.map((t) => t.word)), corrections: [] };
}

/** A result holding each question word this closely (1 exact, 0.8 WordNet, below: word vectors). */
function result(termMatch: readonly number[], meaningCoverage: number): RankedPassage {
  return { termMatch, features: { meaningCoverage } } as unknown as RankedPassage;
}

describe('sharesSubject: is a first result about what the question is about?', () => {
  // "What happened in Zurich": happened (IDF 1.5), Zurich (a name, IDF 2.6).
  const zurich = query(['happened', 'Zurich']);
  const zurichWeights = { termWeights: [1.5, 2.6] };

  it('a name the question types, held exactly, is its subject', () => {
    expect(sharesSubject(zurich, [result([0, 1], 0.6)], zurichWeights)).toBe(true);
  });

  it('a word vector\'s neighbour of the name ("Geneva" for "Zurich") is another subject', () => {
    expect(sharesSubject(zurich, [result([1, 0.7], 0.5)], zurichWeights)).toBe(false);
  });

  // "when will the ministers sign the vaccine deal": vaccine is the rarest word.
  const deal = query(['ministers', 'sign', 'vaccine', 'deal']);
  const dealWeights = { termWeights: [1.0, 2.0, 5.0, 2.0] };

  it('half the question held, but not its rarest word, is not its subject', () => {
    expect(sharesSubject(deal, [result([1, 1, 0, 1], 0.6)], dealWeights)).toBe(false);
  });

  it('the rarest word with half of the question is', () => {
    expect(sharesSubject(deal, [result([0, 0, 1, 1], 0.7)], dealWeights)).toBe(true);
  });

  it('the rarest word alone, with little else of the question, is not enough', () => {
    expect(sharesSubject(deal, [result([0, 0, 1, 0], 0.3)], dealWeights)).toBe(false);
  });

  it('a word nearly as rare as the rarest counts as the subject too', () => {
    const nearly = { termWeights: [1.0, 4.5, 5.0, 2.0] };
    expect(sharesSubject(deal, [result([1, 1, 0, 1], 0.6)], nearly)).toBe(true);
  });

  it('any of the first three results may share it; later ones do not count', () => {
    const off = result([1, 1, 0, 0], 0.4);
    expect(sharesSubject(deal, [off, off, result([0, 0, 1, 1], 0.7)], dealWeights)).toBe(true);
    expect(sharesSubject(deal, [off, off, off, result([0, 0, 1, 1], 0.7)], dealWeights)).toBe(false);
  });
});
