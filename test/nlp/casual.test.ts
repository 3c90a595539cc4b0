import { describe, expect, it } from 'vitest';
import { plainQuestion, readCasual } from '../../src/nlp/casual.js';
import { seedEngineOnce } from '../fixtures.js';
import { SHARED } from '../../src/model/scope.js';

describe('plainQuestion', () => {
  it.each([
    // contractions typed without their apostrophe, and with it
    ['whos running the bank now', 'who is running the bank now'],
    // the bot addressed by its name before the question
    ['Pilcrow, where is the summit?', 'where is the summit?'],
    ['hey pilcrow whos the mayor', 'who is the mayor'],
    ['whens their next court date', 'when is their next court date'],
    ['why hasnt the contract been signed yet', 'why has not the contract been signed yet'],
    ['why\'d chris christie\'s wife quit her job', 'why did chris christie\'s wife quit her job'],
    ['when is christie supposed to announce hes running', 'when is christie supposed to announce he is running'],
    ['Whats the plan?', 'What is the plan?'],
    // chat forms
    ['how many ppl were on board rn', 'how many people were on board now'],
    ['wat did ur mayor say tho', 'what did your mayor say'],
    ['ur going to jail?', 'you are going to jail?'],
    ['how many times did a 5 yr old win', 'how many times did a 5 year old win'],
    ['what did the govt say abt the plan', 'what did the government say about the plan'],
    ['who did he go w/ to the game', 'who did he go with to the game'],
    ['has barcelona seen the vid', 'has barcelona seen the video'],
    // fillers
    ['whats the new drug even called', 'what is the new drug called'],
    ['So what actually kicked off the fight?', 'what kicked off the fight?'],
    ['ok, who won bro?', 'who won?'],
    ['is it like safe', 'is it safe'],
    ['what like happened', 'what happened'],
    ['how old is the mummy like roughly', 'how old is the mummy roughly'],
    ['why is ian wright giving him the trophy lol', 'why is ian wright giving him the trophy'],
    ['why was he doing push ups, kinda weird', 'why was he doing push ups, weird'],
    ['whats the govt planning to do about housing then', 'what is the government planning to do about housing'],
    // question shapes
    ['how come the flight was late', 'why the flight was late'],
    ['what\'s the deal with the embryos', 'what about the embryos'],
    ['whats up with the embryos', 'what happened with the embryos'],
    ['any news on the summit?', 'the summit?'],
    ['is the driver gonna be ok', 'will the driver be ok'],
    ['how long is copeland gonna be out for', 'how long will copeland be out for'],
    ['they r gonna win', 'they are going to win'],
    ['how did he end up in jail', 'how did he get in jail'],
    ['how did casey end up as the very last guy to qualify', 'how did casey become the very last guy to qualify'],
    ['u know where the summit is', 'where is the summit'],
    ['hey guys does anyone know if the driver is ok?', 'is the driver ok?'],
  ])('%s → %s', (typed, plain) => {
    expect(plainQuestion(typed)).toBe(plain);
  });

  it.each([
    'Where is the summit?',
    'What does he like?',
    'What was the weather like?',
    'Is it like a bomb?',
    'Who is Justin Bieber?',
    'Is the US envoy ok?',
    'Who met Jony Ive in Cos?',
    'What has he done since then?',
    'Was the verdict just?',
    'What kind of shot was it?',
    'Is the score even?',
    'lol',
  ])('leaves %s as typed', (q) => {
    expect(readCasual(q)).toEqual({ plain: q, rewrites: [] });
  });

  it('never rewrites inside quoted text, curly or straight', () => {
    expect(plainQuestion('did Trump say \'whats up with u\' to them')).toBe('did Trump say \'whats up with u\' to them');
    expect(plainQuestion('who said “we r gonna win  tho” lol')).toBe('who said “we r gonna win  tho”');
    expect(plainQuestion('whos the guy who wrote "u"?')).toBe('who is the guy who wrote "u"?');
  });

  it('keeps the capitals of kept words: the ranker reads them as names', () => {
    expect(plainQuestion('whats Loeb even fighting for in the US')).toBe('what is Loeb fighting for in the US');
  });

  it('is idempotent', () => {
    for (const q of ['whos gonna referee the fight lol', 'u know where the summit is', 'how come ppl love it rn']) {
      expect(plainQuestion(plainQuestion(q))).toBe(plainQuestion(q));
    }
  });

  it('says which rewrites fired', () => {
    expect(readCasual('how many ppl were on board rn').rewrites).toEqual([
      { rule: 'chat', from: 'ppl', to: 'people' },
      { rule: 'chat', from: 'rn', to: 'now' },
    ]);
  });
});

describe('Engine.ask reads a casual question as its plain form', () => {
  const engine = seedEngineOnce();
  it.each([
    ['u know where the summit is', 'Where is the summit?'],
    ['wheres the summit even gonna be lol', 'Where will the summit be?'],
    ['whats the deal with the summit', 'What about the summit?'],
  ])('"%s" finds the sentence "%s" finds, and answers as it does', (casual, tidy) => {
    const a = engine.ask(casual, { scope: SHARED });
    const b = engine.ask(tidy, { scope: SHARED });
    expect(a.results[0]!.quote).toBe('Previous reports have named Vienna and Helsinki as locations for the summit.');
    expect(a.results[0]!.quote).toBe(b.results[0]!.quote);
    expect(a.answered).toBe(b.answered);
    expect(a.question).toBe(casual);
  });
});
