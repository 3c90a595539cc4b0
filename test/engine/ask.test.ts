import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/answers.js';
import { RANK_DEFAULTS } from '../../src/search/rank.js';
import { article, SEED_ID, SEED_TITLE, seedArticle, seedEngineOnce } from '../fixtures.js';
import { caseFile, hasCase } from '../real-cases/site.js';
import { SHARED } from '../../src/model/scope.js';

const engine = seedEngineOnce();
const top = (q: string) => engine.ask(q, { scope: SHARED }).results[0];

describe('Engine.ask on the seed article', () => {
  it('answers "where is the summit" from the third-country or the Vienna and Helsinki paragraph, not the APEC caption', () => {
    const r = engine.ask('where is the summit', { scope: SHARED });
    expect(r.answered).toBe(true);
    expect([4, 5]).toContain(r.results[0]!.paragraph);
    expect(r.results[0]!.quote).toMatch(/third country|Vienna and Helsinki/);
    expect(r.results.map((x) => x.caption)).not.toContain(2);
  });

  it('cites article id, title, ¶ number, the verbatim sentence and the whole paragraph', () => {
    const a = top('What cities were named in earlier reports?')!;
    expect(a).toMatchObject({ articleId: SEED_ID, articleTitle: SEED_TITLE, paragraph: 5, caption: null });
    expect(a.quote).toBe('Previous reports have named Vienna and Helsinki as locations for the summit.');
    expect(a.context).toBe(seedArticle().paragraphs[4]!.text);
  });

  it('includes the sentence before an answer that starts with "He"', () => {
    const a = engine.ask('Did Bolton meet Putin in the Kremlin earlier that day', { scope: SHARED, top: 5 }).results.find((x) => x.paragraph === 3)!;
    expect(a.quote).toMatch(/^The time and place .* He met with Mr Putin in the Kremlin/);
  });

  it('uses "when" to pick the sentence with the time', () => {
    expect(top('When did Bolton hold his press conference?')!.quote).toContain('on Wednesday evening');
  });

  it('uses "who" to pick the sentence naming the person', () => {
    expect(top('Who did Bolton meet during his Moscow trip besides Putin?')!.quote).toContain('Gianni Infantino');
  });

  it('cites a photo caption as a caption', () => {
    const a = engine.ask('APEC Vietnam November', { scope: SHARED }).results[0]!;
    expect(a).toMatchObject({ paragraph: null, caption: 2 });
  });
});

describe('typo tolerance', () => {
  // A bare misspelt name is a search more than a question: the passage naming it comes first, given
  // as the answer or, when the model is less sure, as a passage that may answer.
  it.each([
    ['wher is the sumit', /third country|Vienna and Helsinki/],
    ['helsinky', /Vienna and Helsinki/],
    ['infantno', /Gianni Infantino/],
    ['putn electon medling', /did not meddle in the 2016 election/],
  ])('finds %s', (q, expected) => {
    const r = engine.ask(q, { scope: SHARED });
    expect(r.reason === null || r.reason === 'not_sure').toBe(true);
    expect(r.results[0]!.quote).toMatch(expected);
  });

  // Words one letter from a word of the article ("jong" of Kim Jong-un, "bone"), which a
  // vocabulary-only corrector used to rewrite.
  it.each(['how long will the summit last', 'was it a lone decision', 'who broke a bone', 'is the lane closed', 'what did the poll say'])(
    'never rewrites the English words of "%s"',
    (q) => expect(engine.ask(q, { scope: SHARED }).corrections).toEqual([]),
  );

  it('reports the corrections it made', () => {
    expect(engine.ask('wher is the sumit', { scope: SHARED }).corrections).toEqual([{ from: 'wher', to: 'where' }, { from: 'sumit', to: 'summit' }]);
  });
});

describe('abstention', () => {
  it.each(['What is the capital of France?', 'banana bread recipe', 'What is the weather in Helsinki tomorrow?', 'best pizza in Naples'])(
    'does not answer %s',
    (q) => expect(engine.ask(q, { scope: SHARED }).answered).toBe(false),
  );

  // Questions about the article's people and places that the article does not answer.
  it.each([
    'How tall is John Bolton?',
    'How many nuclear weapons does North Korea have?',
    'When was Vladimir Putin born?',
    'What is the population of Moscow?',
    'Who won the 2018 World Cup?',
  ])('does not pretend to answer %s from a passage that only names its subject', (q) => {
    expect(engine.ask(q, { scope: SHARED }).answered).toBe(false);
  });

  it.each([
    ['How many times have the two presidents met?', 'met twice'],
    ['What did Putin tell the US envoy?', 'did not meddle in the 2016 election'],
    ['What treaty did Bolton discuss with Putin?', 'anti-ballistic missile treaty'],
    ['When will the time and place be announced?', 'on Thursday'],
  ])('still answers %s', (q, evidence) => {
    const r = engine.ask(q, { scope: SHARED });
    expect(r.answered).toBe(true);
    expect(r.results[0]!.quote).toContain(evidence);
  });

  // Issue 17: a passage that holds a name the question types shares its subject, so it is offered as
  // "not sure", never hidden as "not covered" (search/confidence.ts outcomeOf).
  it('offers the closest passage for a partly matching question, marked as not an answer', () => {
    const r = engine.ask('What is the weather in Helsinki tomorrow?', { scope: SHARED });
    expect(r).toMatchObject({ answered: false, outcome: 'not sure', reason: 'not_sure' });
    expect(r.results[0]!.paragraph).toBe(5);
  });

  it('is as confident whatever the number of results asked for', () => {
    for (const q of ['where is the summit', 'Who did Bolton meet during his Moscow trip besides Putin?', 'best pizza in Naples']) {
      const one = engine.ask(q, { scope: SHARED, top: 1 });
      expect(one.confidence).toBe(engine.ask(q, { scope: SHARED, top: 10 }).confidence);
      expect(one.answered).toBe(engine.ask(q, { scope: SHARED, top: 10 }).answered);
    }
  });

  it('says an empty question is empty', () => {
    expect(engine.ask('   ', { scope: SHARED })).toMatchObject({ answered: false, results: [], reason: 'empty_question' });
  });
});

describe('a knowledge base of many articles', () => {
  const other = article('world-cup-2026', 'World Cup 2026 venues chosen\n\nFifa picked sixteen host cities across the United States, Canada and Mexico for the 2026 World Cup.\n\nThe final will be played in New Jersey.');
  const many = new Engine([seedArticle(), other]);

  it('names the article each result comes from', () => {
    const a = many.ask('where will the World Cup final be played', { scope: SHARED }).results[0]!;
    expect(a).toMatchObject({ articleId: 'world-cup-2026', articleTitle: 'World Cup 2026 venues chosen', paragraph: 2 });
  });

  it('restricts the search to one article when asked', () => {
    const r = many.ask('World Cup', { scope: { owner: null, article: SEED_ID }, top: 5 });
    expect(r.results.length).toBeGreaterThan(0);
    expect(r.results.every((x) => x.articleId === SEED_ID)).toBe(true);
  });
});

describe('any input (property tests)', () => {
  // A fixed amount of work (numRuns questions, some of 10,000 characters), with no speed claim:
  // 2-5 s on a quiet machine, four or more times that on two busy cores; the limit only catches a hang.
  const PROPERTY_MS = 60_000;
  const nasty = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.string({ minLength: 10_000, maxLength: 10_000 }),
    fc.constantFrom('', '   ', '🙂🔥🇺🇸', '.*+?^${}()|[]\\', '(a+)+$', 'שלום עולם where is the summit', '\u0000\u0007\u001b[31m', '\u202Eevil', 'summit '.repeat(2000)),
    fc.array(fc.constantFrom('summit', 'putin', 'wher', 'the', 'Helsinky', '¶', '"', '“'), { maxLength: 30 }).map((w) => w.join(' ')),
  );

  it('never throws and always returns well-formed results', () => {
    fc.assert(
      fc.property(nasty, (q) => {
        const r = engine.ask(q, { scope: SHARED });
        expect(typeof r.answered).toBe('boolean');
        for (const a of r.results) {
          expect(a.context).toContain(a.quote);
          expect(Number.isFinite(a.score)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  }, PROPERTY_MS);

  // What the old wall-clock bound guarded, counted instead of timed (speed is `npm run bench`'s job):
  // an answer never scores every passage of a large knowledge base, and a pasted essay is not read as a
  // thousand-word query.
  it('scores at most the candidate limit of passages and reads at most 40 terms, whatever the input', () => {
    const passages = Array.from({ length: 120 }, (_, i) => `The summit number ${i} was held in Vienna, Helsinki and Moscow with Putin and Trump.`);
    const big = new Engine([seedArticle(), article('many', `Many summits\n\n${passages.join('\n\n')}`)], { meaning: null });
    fc.assert(
      fc.property(nasty, (q) => {
        const { stats, query } = big.rankQuestion(q.slice(0, 1000), { scope: SHARED });
        expect(stats.scored).toBeLessThanOrEqual(RANK_DEFAULTS.candidates);
        expect(query.terms.length).toBeLessThanOrEqual(RANK_DEFAULTS.maxTerms);
      }),
      { numRuns: 200 },
    );
    expect(big.rankQuestion('summit vienna helsinki moscow putin trump', { scope: SHARED }).stats.scored).toBe(RANK_DEFAULTS.candidates);
  }, PROPERTY_MS);
});

/** What an answer is, for comparing two questions' answers: the outcome and every result as cited. */
const outcome = (q: string, e: Engine = engine) => {
  const r = e.ask(q, { scope: SHARED });
  return { answered: r.answered, confidence: r.confidence, reason: r.reason, corrections: r.corrections, results: r.results };
};

describe('invisible characters inside words (rel-06)', () => {
  it.skipIf(!hasCase('rel-06'))('answers every line of rel-06/questions.txt as the plain "where is the summit" (answered, ~0.83)', () => {
    const questions = caseFile('rel-06', 'questions.txt').toString('utf8').split('\n').filter((l) => l.trim() !== '');
    expect(questions.length).toBeGreaterThan(1);
    const plain = outcome('where is the summit');
    expect(plain.answered).toBe(true);
    expect(plain.confidence).toBeGreaterThan(0.8);
    for (const q of questions) expect(outcome(q), JSON.stringify(q)).toEqual(plain);
  });

  it.each([
    ['a zero-width space', 'wh\u200bere is the sum\u200bmit'],
    ['a zero-width non-joiner', 'whe\u200cre is the summ\u200cit'],
    ['a zero-width joiner', 'where is the su\u200dmmit'],
    ['a word joiner', 'w\u2060here is the summi\u2060t'],
    ['a soft hyphen', 'where is the sum\u00admit'],
    ['a BOM', 'wher\ufeffe is the \ufeffsummit'],
    ['a left-to-right mark and a variation selector', 'where\u200e is the sum\ufe0fmit'],
  ])('answers a question with %s inside words as the plain one', (_kind, q) => {
    expect(outcome(q)).toEqual(outcome('where is the summit'));
  });

  it('corrects a typo in a word that also holds an invisible character', () => {
    expect(engine.ask('wher is the su\u200bmit', { scope: SHARED }).corrections).toEqual([{ from: 'wher', to: 'where' }, { from: 'sumit', to: 'summit' }]);
  });

  it('matches words of an article written with invisible characters inside them, and cites them verbatim', () => {
    const text = 'The sum\u200bmit will be held in Hel\u00adsinki on Monday, Kremlin officials said.';
    const e = new Engine([article('pasted', `Leaders to meet in Finland\n\n${text}\n\nThe two leaders last met in Paris.`)], { meaning: null });
    const where = e.ask('where is the summit', { scope: SHARED });
    expect(where.results[0]).toMatchObject({ articleId: 'pasted', paragraph: 1, quote: text, context: text });
    expect(where.results[0]!.matched).toContain('summit');
    expect(e.ask('Helsinki', { scope: SHARED }).results[0]?.paragraph).toBe(1);
  });

  // Typo tolerance forgives one invisible character in a long name; a zero-width space between every letter it does not.
  const spaced = (word: string) => [...word].join('\u200b');

  it('finds quotations, fact cards and article titles by names typed with invisible characters', async () => {
    const quoted = await engine.quote(spaced('Bolton'), `World\u200b Cup`, SHARED);
    expect(quoted.person).toBe('John Bolton');
    expect(quoted.quotes).toEqual((await engine.quote('Bolton', 'World Cup', SHARED)).quotes);
    expect((await engine.facts(spaced('Ushakov'), SHARED))?.entity.name).toBe('Yury Ushakov');
    expect(engine.findArticles(spaced('Vladimir'), SHARED).map((a) => a.id)).toEqual([SEED_ID]);
  });

  it('reads a "he" typed with an invisible character as the article\'s main person', () => {
    const options = { scope: { owner: null, article: SEED_ID } };
    expect(engine.ask('what did h\u200be say about the summit', options)).toEqual({ ...engine.ask('what did he say about the summit', options), question: 'what did h\u200be say about the summit' });
  });
});
