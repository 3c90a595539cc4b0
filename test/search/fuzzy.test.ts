import { describe, expect, it } from 'vitest';
import { functionWordTypo, swapDistance, TypoCorrector } from '../../src/search/fuzzy.js';
import { FUNCTION_WORDS } from '../../src/nlp/word-lists.js';
import { STOP_WORDS } from '../../src/search/tokenize.js';
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

describe('functionWordTypo', () => {
  it.each([
    ['teh', 'the'], ['hte', 'the'], ['waht', 'what'], ['whta', 'what'], ['becuase', 'because'], ['beacuse', 'because'],
    ['wher', 'where'], ['wht', 'what'], ['wich', 'which'], ['thier', 'their'], ['tehy', 'they'], ['taht', 'that'], ['adn', 'and'],
  ])('reads %s as %s', (typed, meant) => expect(functionWordTypo(typed)).toBe(meant));

  it.each(['kim', 'tom', 'bob', 'jon', 'thw', 'summit', 'bolton', 'xyz', 'the', 'what'])('leaves %s alone: a name, a changed letter in three, a content word or the word itself', (w) => {
    expect(functionWordTypo(w)).toBeNull();
  });

  it('reads only onto stop words, which the question then drops as it drops the words they misspell', () => {
    for (const w of FUNCTION_WORDS) expect(STOP_WORDS.has(w), w).toBe(true);
  });

  it('counts a swap of neighbouring letters as one edit', () => {
    expect(swapDistance('teh', 'the')).toBe(1);
    expect(swapDistance('kitten', 'sitting')).toBe(3);
    expect(swapDistance('abc', 'abc')).toBe(0);
    expect(swapDistance('becuase', 'because', 1)).toBe(1);
    expect(swapDistance('summit', 'the', 1)).toBe(2);
  });
});
