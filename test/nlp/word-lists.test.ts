import { describe, expect, it } from 'vitest';
import { DATE_RE } from '../../src/nlp/entities.js';
import { lexicon } from '../../src/nlp/lexicon.js';
import { findPeople } from '../../src/nlp/people.js';
import { isTitle, titleOf } from '../../src/nlp/titles.js';
import { ANSWER_PLACES, BUILDING_PLACES, COURTESY_ABBREVIATIONS, FUNCTION_WORDS, MONTHS, MORE_ROLE_NOUNS, NAME_HONORIFICS, QUESTION_TITLES, QUESTION_WORDS, ROLE_NOUNS, SMALL_TALK, SMALL_TALK_ANCHORS, WEEKDAYS } from '../../src/nlp/word-lists.js';

describe('the word lists of src/nlp/word-lists.ts', () => {
  it('build the date pattern news is read with, month and week-day names capitalised as before', () => {
    // The pattern as it was written out by hand before the lists moved here.
    const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
    const expected = `\\b(?:(?:on\\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\\s+(?:morning|afternoon|evening|night))?|${MONTH}\\s+\\d{1,2}(?:,\\s*\\d{4})?|\\d{1,2}\\s+${MONTH}(?:\\s+\\d{4})?|${MONTH}\\s+\\d{4}|(?:in|since|by|until)\\s+${MONTH}|(?:in|since|by|until|of)\\s+(?:1[89]\\d\\d|20\\d\\d)|(?:earlier|later|next|last)\\s+(?:this\\s+)?(?:week|month|year)|this\\s+(?:week|month|year))\\b`;
    expect(DATE_RE.source).toBe(new RegExp(expected, 'g').source);
    expect('The talks resumed on Tuesday evening and end 3 March 2025.'.match(DATE_RE)).toEqual(['on Tuesday evening', '3 March 2025']);
  });

  it('give the lexicon its months, and keep months, week days and courtesy titles out of names', () => {
    expect([...lexicon().months]).toEqual([...MONTHS]);
    expect(MONTHS).toHaveLength(12);
    expect(WEEKDAYS).toHaveLength(7);
    expect(findPeople('Monday Rosa Delaney met Dr Felix Amsel in March.').map((m) => m.name)).toEqual(['Rosa Delaney', 'Felix Amsel']);
    expect(findPeople('Dr Felix Amsel spoke on Friday.').map((m) => m.name)).toEqual(['Felix Amsel']);
  });

  it('cannot be changed by one of their readers', () => {
    for (const list of [ROLE_NOUNS, MORE_ROLE_NOUNS, QUESTION_TITLES, NAME_HONORIFICS, BUILDING_PLACES, ANSWER_PLACES, SMALL_TALK, SMALL_TALK_ANCHORS]) {
      expect(() => (list as Set<string>).add('tyrant')).toThrow(TypeError);
      expect(() => (list as Set<string>).delete([...list][0]!)).toThrow(TypeError);
      expect(() => (list as Set<string>).clear()).toThrow(TypeError);
    }
    expect(ROLE_NOUNS.has('tyrant')).toBe(false);
    expect(() => (MONTHS as string[]).push('smarch')).toThrow(TypeError);
    expect(() => (FUNCTION_WORDS as string[]).push('teh')).toThrow(TypeError);
  });

  it('hold titles that the one table of titles knows, save the documented saints', () => {
    expect([...QUESTION_TITLES].filter((w) => !isTitle(w))).toEqual([]);
    expect([...NAME_HONORIFICS].filter((w) => !isTitle(w))).toEqual(['saint', 'st']);
    for (const w of COURTESY_ABBREVIATIONS) expect(titleOf(w)?.office, w).toBe(false);
  });

  it('are lower case and without duplicates', () => {
    for (const list of [MONTHS, WEEKDAYS, COURTESY_ABBREVIATIONS, QUESTION_WORDS, FUNCTION_WORDS, [...SMALL_TALK], [...SMALL_TALK_ANCHORS], [...ROLE_NOUNS], [...MORE_ROLE_NOUNS], [...QUESTION_TITLES], [...NAME_HONORIFICS], [...BUILDING_PLACES], [...ANSWER_PLACES]]) {
      expect(list.filter((w) => w !== w.toLowerCase())).toEqual([]);
      expect(new Set(list).size).toBe(list.length);
    }
  });

  it('anchor small talk with its own words only, and hold every question word among the function words', () => {
    expect([...SMALL_TALK_ANCHORS].filter((w) => !SMALL_TALK.has(w))).toEqual([]);
    expect(QUESTION_WORDS.filter((w) => !FUNCTION_WORDS.includes(w))).toEqual([]);
  });
});
