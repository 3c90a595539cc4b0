import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine, isSmallTalk, readCommand } from '../../src/engine/answers.js';
import { readQuestion } from '../../src/nlp/question.js';
import { runPilcrow } from '../cli/run.js';
import { article, SEED_ID, seedArticle, seedEngineOnce } from '../fixtures.js';
import { hasCase, REAL_CASES } from '../real-cases/site.js';
import { SHARED } from '../../src/model/scope.js';

const engine = seedEngineOnce();

describe('outcome', () => {
  // answered, reason and outcome are three ways of saying one thing: they must never disagree.
  it.each([
    'where is the summit',
    'What is the weather in Helsinki tomorrow?',
    'banana bread recipe',
    'helsinky',
    'zzzzqqq',
    '   ',
    'How tall is John Bolton?',
    'who is John Bolton',
    'what happened',
  ])('agrees with answered and reason for "%s"', async (q) => {
    for (const r of [engine.ask(q, { scope: SHARED }), await engine.answer(q, { scope: SHARED })]) {
      expect(r.answered).toBe(r.outcome === 'answer');
      expect(r.reason === 'not_sure').toBe(r.outcome === 'not sure');
      if (r.reason === 'not_covered' || r.reason === 'no_match' || r.reason === 'empty_question') expect(r.outcome).toBe('not covered');
      if (r.outcome === 'answer') expect(r.reason).toBeNull();
    }
  });

  it('calls an empty question "not covered", with the reason that says it was empty', () => {
    expect(engine.ask('  ', { scope: SHARED })).toMatchObject({ outcome: 'not covered', reason: 'empty_question', results: [] });
  });

  it('does not depend on the number of results asked for', () => {
    for (const q of ['What is the weather in Helsinki tomorrow?', 'Ushakov comfortable place', 'best pizza in Naples']) {
      expect(engine.ask(q, { scope: SHARED, top: 1 }).outcome).toBe(engine.ask(q, { scope: SHARED, top: 10 }).outcome);
    }
  });
});

describe.skipIf(!hasCase('lang-09'))('lang-09: a question about a place the article is about', () => {
  const kb = join(REAL_CASES, 'lang-09', 'kb');
  it('"What happened in Zurich?" offers ¶1 ("not sure" or "answer"), never "not covered"', async () => {
    const r = await runPilcrow(['ask', 'What happened in Zurich?', '--knowledge', kb, '--json'], {});
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { outcome: string; route: string; results: { paragraph: number; quote: string }[] };
    expect(['answer', 'not sure']).toContain(json.outcome);
    expect(json.route).toBe('ranked');
    expect(json.results[0]).toMatchObject({ paragraph: 1, quote: 'Energy ministers from eleven countries met in Zürich on Thursday to agree a plan for sharing gas reserves during the winter.' });
  }, 60_000);

  it('"Who is Ayse Yildirim?" answers from her facts card: her role, ¶2', async () => {
    const r = await runPilcrow(['ask', 'Who is Ayse Yildirim?', '--knowledge', kb], {});
    expect(r.out).toMatch(/^Ayşe Yıldırım, Turkish energy minister:\n1\. “Turkish energy minister Ayşe Yıldırım offered to route extra supplies through the southern pipeline\.”\n {3}— .* ¶2\n/);
  }, 60_000);
});

describe('isSmallTalk: a message that asks nothing', () => {
  it.each(['hi', 'hii', 'Thanks!', 'hello?', 'ok thank you pilcrow', 'good morning everyone', 'thx a lot bot', 'bye'])('is "%s"', (m) => {
    expect(isSmallTalk(m)).toBe(true);
  });

  // Each small-talk word but no greeting, thanks or yes/no ("you there"), a longer "hi", a topic word or a question.
  it.each(['you there', 'so much', 'hiii', 'hi summit', 'nice', 'thanks, where is the summit?', ''])('is not "%s"', (m) => {
    expect(isSmallTalk(m)).toBe(false);
  });

  it('asks nothing of the articles when it is small talk', () => {
    expect(engine.ask('hello pilcrow', { scope: SHARED })).toMatchObject({ answered: false, outcome: 'not covered', reason: 'not_a_question', results: [] });
  });
});

describe('readCommand: questions that are other commands, by their form', () => {
  it.each([
    ['Who is Ayse Yildirim?', { kind: 'facts', name: 'Ayse Yildirim' }],
    ["who's Infantino", { kind: 'facts', name: 'Infantino' }],
    ['what is Fifa', { kind: 'facts', name: 'Fifa', types: ['organisation'] }],
    ['what did Putin say about the election?', { kind: 'quotes', speaker: 'Putin', about: 'the election' }],
    ['What did Bolton tell reporters', { kind: 'quotes', speaker: 'Bolton', about: '' }],
    ['what happened', { kind: 'latest' }],
    ['any news?', { kind: 'latest' }],
    ["so what's going on", { kind: 'latest' }],
    ['whats new', { kind: 'latest' }],
    ['what is the latest', { kind: 'latest' }],
    // Read in the plain register, as the ranked path reads questions.
    ['whos john bolton', { kind: 'facts', name: 'john bolton' }],
    ['hey Pilcrow, who is Bolton?', { kind: 'facts', name: 'Bolton' }],
    ['wat did putin say abt the election', { kind: 'quotes', speaker: 'putin', about: 'the election' }],
    ['ok so whats going on rn', { kind: 'latest' }],
  ])('"%s" is %o', (q, want) => expect(readCommand(q)).toMatchObject(want));

  it.each([
    'who is the new CEO',
    'who is he',
    'What happened in Zurich?',
    'what happened to the driver',
    'what did the mayor say about it',
    'did the mayor say anything about it',
    'is the driver gonna be ok',
  ])('"%s" is a question to rank', (q) => expect(readCommand(q)).toBeNull());
});

describe('Engine.answer', () => {
  it('answers "who is X" from X\'s card: the sentence with the role first, then the others about X, cited', async () => {
    const r = await engine.answer('Who is Bolton?', { scope: SHARED });
    expect(r).toMatchObject({ outcome: 'answer', route: 'facts', subject: { name: 'John Bolton', role: 'US national security adviser' } });
    expect(r.results[0]).toMatchObject({ articleId: SEED_ID, paragraph: 3 });
    expect(r.results[0]!.quote).toContain('US national security adviser John Bolton said');
    for (const a of r.results) expect(a.context).toContain(a.quote);
  });

  it('takes a name typed with one slip ("Bolten") as the name, but not a longer phrase', async () => {
    expect(await engine.answer('who is Bolten', { scope: SHARED })).toMatchObject({ route: 'facts', subject: { name: 'John Bolton' } });
    expect(await engine.answer('what did Bolten say', { scope: SHARED })).toMatchObject({ route: 'quotes', subject: { name: 'John Bolton' } });
    expect((await engine.answer('who is Bolten Smith', { scope: SHARED })).route).toBe('ranked');
  });

  it('ranks "who is" a description, or a name the articles do not have', async () => {
    for (const q of ['who is the national security adviser', 'who is Boltonn Smith', 'Who is Moscow?', 'Who was shot outside the Kremlin?', 'who is Putin meeting']) {
      expect((await engine.answer(q, { scope: SHARED })).route).toBe('ranked');
    }
    expect((await engine.answer('who is the national security adviser', { scope: SHARED })).results).toEqual(engine.ask('who is the national security adviser', { scope: SHARED }).results);
  });

  it('answers "what did X say about Y" with X\'s quotation holding Y, as the sentence that holds it', async () => {
    const r = await engine.answer('What did Bolton say about Ukraine concessions?', { scope: SHARED });
    expect(r).toMatchObject({ outcome: 'answer', route: 'quotes', subject: { name: 'John Bolton' } });
    expect(r.results[0]).toMatchObject({ paragraph: 12 });
    expect(r.results[0]!.quote).toMatch(/^Asked whether Mr Trump might offer concessions around the Ukraine crisis, he insisted .*“sanctions will stay in place”\.$/);
  });

  it('ranks "what did X say about Y" when none of X\'s quotations holds a word of Y', async () => {
    expect((await engine.answer('what did Putin say about bananas', { scope: SHARED })).route).toBe('ranked');
  });

  it('answers a question with no subject with the newest article\'s lead, or the one asked about', async () => {
    const older = { ...article('cup', 'World Cup venues chosen\n\nFifa picked sixteen host cities for the 2026 World Cup.\n\nThe final will be played in New Jersey.'), published: '2018-06-01' };
    const newer = { ...article('rates', 'Bank holds rates\n\nThe central bank held interest rates at 5 percent on Thursday. Markets had expected a cut.\n\nThe decision was unanimous.'), published: '2018-06-28' };
    const many = new Engine([newer, older, { ...seedArticle(), published: '2018-06-27' }], { meaning: null });
    const latest = await many.answer('any news?', { scope: SHARED });
    expect(latest).toMatchObject({ outcome: 'answer', route: 'latest', subject: { name: 'Bank holds rates' } });
    // Two sentences in ¶1: the lead is ¶1 alone.
    expect(latest.results.map((a) => [a.articleId, a.paragraph])).toEqual([['rates', 1]]);
    // One sentence in ¶1: ¶2 completes the lead.
    const cup = await many.answer('what happened?', { scope: { owner: null, article: 'cup' } });
    expect(cup.results.map((a) => [a.articleId, a.paragraph, a.quote])).toEqual([['cup', 1, 'Fifa picked sixteen host cities for the 2026 World Cup.'], ['cup', 2, 'The final will be played in New Jersey.']]);
  });

  it('keeps to the scope and the article asked about', async () => {
    const server = new Engine([seedArticle()], { meaning: null });
    server.store.put(article('secret', 'Secret talks\n\nMaria Lopez, the council leader, said the bridge would open in May.'), 'guild-1');
    // Only the server that owns it sees its article, its people and its lead.
    expect((await server.answer('who is Maria Lopez', { scope: SHARED })).route).toBe('ranked');
    expect((await server.answer('who is Maria Lopez', { scope: { owner: 'guild-1' } })).route).toBe('facts');
    expect((await server.answer('what happened', { scope: SHARED })).results[0]!.articleId).toBe(SEED_ID);
    expect((await server.answer('what happened', { scope: { owner: 'guild-1', article: 'secret' } })).results[0]!.articleId).toBe('secret');
    expect(await server.answer('what happened', { scope: { owner: null, article: 'secret' } })).toMatchObject({ outcome: 'not covered', results: [] });
    // Bolton's card is about the seed article: asked of another article, the question is ranked there.
    const scoped = await server.answer('who is John Bolton', { scope: { owner: 'guild-1', article: 'secret' } });
    expect(scoped.route).toBe('ranked');
  });

  it('never throws, whatever the input', async () => {
    for (const q of ['', '?', 'who is', 'who is ?', 'what did say', 'what did  say about', '\u200b', 'x'.repeat(5000)]) {
      const r = await engine.answer(q, { scope: SHARED });
      expect(typeof r.outcome).toBe('string');
    }
  });
});

describe('yes/no questions are ranked as statements', () => {
  it.each([
    'is there a reward for info on where he is',
    'has the vet who did it been fired',
    'Did Bolton say when the summit would be?',
    "isn't it where the talks were held",
  ])('"%s" asks for no kind of thing', (q) => expect(readQuestion(q)).toEqual({ type: 'other', head: null }));

  it('still reads a question word that opens the question', () => {
    expect(readQuestion('Who is the driver?').type).toBe('person');
    expect(readQuestion('Where is it?').type).toBe('place');
  });

  it('answers from the passage with the content words, not one with a place', () => {
    const missing = new Engine([article('missing', 'Search goes on for missing climber\n\nPolice said the climber was last seen near a hut in Zermatt on Sunday morning.\n\nHis family has offered a reward of 5,000 francs for information that helps find him.\n\nThe driver who crashed into the barrier is going to be okay, doctors said on Tuesday.')]);
    expect(missing.ask('is there a reward for info on where he is', { scope: SHARED }).results[0]!.paragraph).toBe(2);
    expect(missing.ask('is the driver going to be ok', { scope: SHARED }).results[0]!.paragraph).toBe(3);
  });
});
