import { runPilcrow } from '../cli/run.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/knowledge/sentences.js';
import { caseFile, hasCase, REAL_CASES } from './site.js';

interface Answer { answered: boolean; question: string; results: { paragraph: number; quote: string }[] }

/** Asks one question of a case's kb/ through the CLI, in this process, as `npm run cli -- ask "<q>" --knowledge <kb> --json` does. */
async function ask(name: string, question: string): Promise<Answer> {
  const r = await runPilcrow(['ask', question, '--knowledge', join(REAL_CASES, name, 'kb'), '--json'], {});
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Answer;
}

/** pySBD's English Golden Rules (tests/lang/test_english.py): a paragraph and the sentences it must split into. */
const rules: [string, string[]][] = hasCase('lang-01') ? JSON.parse(caseFile('lang-01', 'golden.json').toString('utf8')) : [];

describe.skipIf(!hasCase('lang-01'))('lang-01: the English Golden Rules (pySBD, from pragmatic_segmenter)', () => {
  it('has the 48 rules', () => expect(rules).toHaveLength(48));
  it.each(rules.map(([text, want], i) => ({ rule: i + 1, text, want })))('rule $rule: $text', ({ text, want }) => {
    expect(splitSentences(text).map((s) => s.text)).toEqual(want);
  });
  it('"Who sent her an email?" is answered from ¶1 with "I sent her an email."', async () => {
    const answer = await ask('lang-01', 'Who sent her an email?');
    expect(answer.results[0]).toMatchObject({ paragraph: 1, quote: 'I sent her an email.' });
  }, 60_000);
});

describe.skipIf(!hasCase('lang-02'))('lang-02: abbreviations with periods inside a sentence and at its end, seen through ask', () => {
  const expected: [string, number, string][] = [
    ['What did ambassadors at the Security Council fail to do?', 2, 'Ambassadors at the U.N. Security Council failed to agree on the wording after a six-hour session.'],
    ['Who welcomed the first aid convoy?', 4, 'At 6 a.m. Mr. Haddad, the local mayor, welcomed the first aid convoy to the town.'],
    ['When did the talks end?', 3, 'The talks ended at 11 p.m.'],
    ['When did Mr. Haddad welcome the convoy?', 4, 'At 6 a.m. Mr. Haddad, the local mayor, welcomed the first aid convoy to the town.'],
  ];
  it('asks the questions of questions.txt, those of expected.txt', () => {
    expect(caseFile('lang-02', 'questions.txt').toString('utf8').trim().split('\n')).toEqual(expected.map(([q]) => q));
  });
  it.each(expected.map(([question, paragraph, quote]) => ({ question, paragraph, quote })))('"$question" -> ¶$paragraph, the whole sentence', async ({ question, paragraph, quote }) => {
    const answer = await ask('lang-02', question);
    expect(answer.answered).toBe(true);
    expect(answer.results[0]).toMatchObject({ paragraph, quote });
  }, 60_000);
});
