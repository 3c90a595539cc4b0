import { describe, expect, it } from 'vitest';
import { TypoCorrector } from '../../src/search/fuzzy.js';
import { seedEngineOnce } from '../fixtures.js';

const corrector = new TypoCorrector(seedEngineOnce().index.words);

describe('TypoCorrector', () => {
  it.each([
    ['sumit', 'summit'],
    ['infantno', 'infantino'],
    ['kremln', 'kremlin'],
    ['electon', 'election'],
    ['denuclearization', 'denuclearisation'],
    ['bolotn', 'bolton'],
    ['denuclearizaton', 'denuclearisation'],
    ['annexaton', 'annexation'],
  ])('corrects %s to %s', (typed, known) => expect(corrector.correct(typed)).toBe(known));

  it.each(['banana', 'bread', 'pizza', 'france', 'tomorrow'])('does not force %s onto an unrelated word', (w) => {
    expect(corrector.correct(w)).toBeNull();
  });

  it('leaves known words and short words alone', () => {
    expect(corrector.correct('summit')).toBe('summit');
    expect(corrector.correct('cat')).toBeNull();
  });
});
