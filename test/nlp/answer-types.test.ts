import { describe, expect, it } from 'vitest';
import { answerEvidence, MARK, markTokens } from '../../src/nlp/answer-types.js';
import { readQuestion } from '../../src/nlp/question.js';
import { tokenize } from '../../src/search/tokenize.js';

describe('readQuestion (what kind of answer a question wants)', () => {
  it.each([
    ['Where did he get the ticket?', 'place'],
    ['Who says Greece will pay up?', 'person'],
    ['Which company was he fighting?', 'organisation'],
    ['When is the payment due?', 'date'],
    ['How many residents are taking part?', 'number'],
    ['How much does Greece owe the IMF?', 'amount'],
    ['How long will the talks last?', 'duration'],
    ['Why might Greece not be able to pay?', 'reason'],
    ['What caused the crash?', 'reason'],
    ['What did Bolton say about Ukraine?', 'other'],
    ['Who was the leader when the Franks entered the valley?', 'person'],
    ['What was the colour of the jerseys when Elway played?', 'other'],
    ['During what period did the basin split?', 'date'],
    ['For how long will the talks last?', 'duration'],
  ])('%s → %s', (q, type) => expect(readQuestion(q).type).toBe(type));

  it('names the kind of thing asked for when the question does', () => {
    expect(readQuestion('In which city did they meet?')).toEqual({ type: 'place', head: 'city' });
    expect(readQuestion('What is the reason for the delay?').head).toBeNull();
  });
});

describe('markTokens (what each word may be as an answer)', () => {
  const marksOf = (text: string) => {
    const tokens = tokenize(text);
    const marks = markTokens(text, tokens);
    return (word: string) => marks[tokens.findIndex((t) => t.word === word)]!;
  };

  it('marks people, places, dates, money and causes', () => {
    const m = marksOf('Mr Bolton met Vladimir Putin in Vienna on May 7 because the £330million loan was due, said the Census Bureau.');
    expect(m('bolton') & MARK.person).toBeTruthy();
    expect(m('putin') & MARK.person).toBeTruthy();
    expect(m('vienna') & MARK.place).toBeTruthy();
    expect(m('may') & MARK.date).toBeTruthy();
    expect(m('7') & MARK.date).toBeTruthy();
    expect(m('330million') & MARK.money).toBeTruthy();
    expect(m('because') & MARK.cause).toBeTruthy();
    expect(m('bureau') & MARK.organisation).toBeTruthy();
  });

  it('does not take "may" the verb for a month', () => {
    expect(marksOf('Talks may resume soon.')('may') & MARK.date).toBeFalsy();
  });

  it('finds the kind of answer asked for, but not in the question\'s own words', () => {
    const text = 'Previous reports have named Vienna and Helsinki as locations for the summit.';
    const tokens = tokenize(text);
    const marks = markTokens(text, tokens);
    expect(answerEvidence(marks, (i) => tokens[i]!.word, 0, tokens.length, 'place', new Set(['summit']))).toBe(1);
    expect(answerEvidence(marks, (i) => tokens[i]!.word, 0, tokens.length, 'place', new Set(['vienna', 'helsinki', 'locations']))).toBeLessThan(1);
    expect(answerEvidence(marks, (i) => tokens[i]!.word, 0, tokens.length, 'date', new Set())).toBe(0);
  });
});
