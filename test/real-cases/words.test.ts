import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPilcrow } from '../cli/run.js';
import { tempFolder } from '../fixtures.js';
import { hasCase, REAL_CASES } from './site.js';

// Issue 16, "Words in questions": acronyms with and without dots (lang-13), names asked without their
// diacritics (lang-09), hyphenated names and words asked without the hyphen (lang-11).

interface AskLine {
  question: string;
  answered: boolean;
  confidence: number;
  corrections: { from: string; to: string }[];
  results: { paragraph: number | null; quote: string }[];
}
interface QuoteJson {
  quotes: { speaker: string | null; text: string; kind: string; relation: string; paragraph: number | null }[];
}
interface FactsJson {
  entities: { type: string; name: string; role: string | null }[];
}

let data: { dir: string; cleanup: () => void };
beforeAll(() => {
  data = tempFolder({});
});
afterAll(() => data.cleanup());

const kb = (name: string) => join(REAL_CASES, name, 'kb');
const env = () => ({ DATA_DIR: join(data.dir, 'data') });

/** Every question of a case asked in one `ask --batch`, by question. */
async function askAll(name: string, questions: readonly string[]): Promise<Map<string, AskLine>> {
  const run = await runPilcrow(['ask', '--batch', '--json', '--knowledge', kb(name)], env(), questions.join('\n'));
  expect(run.code).toBe(0);
  const lines = run.out.trim().split('\n').map((l) => JSON.parse(l) as AskLine);
  return new Map(lines.map((l) => [l.question, l]));
}

async function quote(name: string, who: string): Promise<QuoteJson> {
  const run = await runPilcrow(['quote', who, '--json', '--knowledge', kb(name)], env());
  expect(run.code).toBe(0);
  return JSON.parse(run.out) as QuoteJson;
}

async function facts(name: string, who?: string): Promise<FactsJson> {
  const run = await runPilcrow(['facts', ...(who === undefined ? [] : [who]), '--json', '--knowledge', kb(name)], env());
  expect(run.code).toBe(0);
  return JSON.parse(run.out) as FactsJson;
}

describe.skipIf(!hasCase('lang-13'))('lang-13: acronyms with and without dots', () => {
  const US = 'The US embassy in Nairobi will close its consular section until Monday.';
  const UN = 'The U.N. refugee agency said 3,000 people had crossed the border since Sunday.';
  const NATO = 'NATO has no role in the region, but Britain said it would send two medical teams.';
  const cases: [string, number, string][] = [
    ['What will the US embassy do?', 2, US],
    ['What will the U.S. embassy do?', 2, US],
    ['What did the UN refugee agency say?', 3, UN],
    ['What did the United Nations refugee agency say?', 3, UN],
    ['Does N.A.T.O. have a role in the region?', 4, NATO],
    ['What will the American embassy do?', 2, US],
  ];
  let answers: Map<string, AskLine>;
  beforeAll(async () => {
    answers = await askAll('lang-13', cases.map(([q]) => q));
  });

  it.each(cases)('answers "%s" from ¶%i first (never the U.N. sentence for the U.S.), answered, nothing corrected', (question, paragraph, sentence) => {
    const a = answers.get(question)!;
    expect(a.results[0]).toMatchObject({ paragraph, quote: sentence });
    expect(a.answered).toBe(true);
    expect(a.corrections).toEqual([]);
  });
});

describe.skipIf(!hasCase('lang-09'))('lang-09: names and places asked without their diacritics', () => {
  const ZURICH = 'Energy ministers from eleven countries met in Zürich on Thursday to agree a plan for sharing gas reserves during the winter.';
  const YILDIRIM = 'Turkish energy minister Ayşe Yıldırım offered to route extra supplies through the southern pipeline.';
  const TROMSO = 'A new wind farm off Tromsø will supply 300,000 homes from next spring, the Norwegian delegation announced.';
  const WROBEL = 'Polish deputy minister Łukasz Wróbel warned that storage in Gdańsk was already 90 percent full.';
  const cases: [string, number, string][] = [
    ['Who is Ayse Yildirim?', 2, YILDIRIM],
    ['What did Yildirim offer?', 2, YILDIRIM],
    ['What will the wind farm off Tromso supply?', 3, TROMSO],
    ['What did Lukasz Wrobel warn?', 4, WROBEL],
    ['How full is storage in Gdansk?', 4, WROBEL],
  ];
  let answers: Map<string, AskLine>;
  beforeAll(async () => {
    answers = await askAll('lang-09', [...cases.map(([q]) => q), 'What happened in Zurich?']);
  });

  it.each(cases)('answers "%s" from ¶%i first, answered, no word corrected into another', (question, paragraph, sentence) => {
    const a = answers.get(question)!;
    expect(a.results[0]).toMatchObject({ paragraph, quote: sentence });
    expect(a.answered).toBe(true);
    expect(a.corrections).toEqual([]);
  });

  it('ranks ¶1 first for "What happened in Zurich?" (whether it abstains is the confidence model\'s, issue 17)', () => {
    const a = answers.get('What happened in Zurich?')!;
    expect(a.results[0]).toMatchObject({ paragraph: 1, quote: ZURICH });
    expect(a.corrections).toEqual([]);
  });

  it.each(['Yildirim', 'Ayse Yildirim'])('quote %s: the ¶2 direct quotation, speaker Ayşe Yıldırım', async (who) => {
    const q = await quote('lang-09', who);
    expect(q.quotes[0]).toMatchObject({ paragraph: 2, kind: 'direct', relation: 'by', speaker: 'Ayşe Yıldırım', text: 'We can deliver within a week if the contracts are signed' });
  });

  it('quote Lukasz Wrobel: the ¶4 reported speech, speaker Łukasz Wróbel', async () => {
    const q = await quote('lang-09', 'Lukasz Wrobel');
    expect(q.quotes[0]).toMatchObject({ paragraph: 4, kind: 'reported', relation: 'by', speaker: 'Łukasz Wróbel', text: 'storage in Gdańsk was already 90 percent full' });
  });

  it('facts Yildirim: the person Ayşe Yıldırım, Turkish energy minister', async () => {
    const f = await facts('lang-09', 'Yildirim');
    expect(f.entities).toEqual([expect.objectContaining({ type: 'person', name: 'Ayşe Yıldırım', role: 'Turkish energy minister' })]);
  });

  it('facts Zuerich and Gdansk: the places Zürich and Gdańsk (German transliteration, ń)', async () => {
    expect((await facts('lang-09', 'Zuerich')).entities).toEqual([expect.objectContaining({ type: 'place', name: 'Zürich' })]);
    expect((await facts('lang-09', 'Gdansk')).entities).toEqual([expect.objectContaining({ type: 'place', name: 'Gdańsk' })]);
  });
});

describe.skipIf(!hasCase('lang-11'))('lang-11: hyphenated words and names asked without the hyphen', () => {
  const CEASEFIRE = 'Negotiators from both sides agreed on Saturday to a 30-day cease-fire along the river border, the first pause in the fighting since March.';
  const PARK = 'South Korean mediator Park Seo-yeon, who chaired the talks in Geneva, said both delegations had signed the text.';
  const TOWN = 'Aid agencies said the truce would let them reach 12,000 people in Saint-Étienne-du-Lac, a lakeside town cut off for six weeks.';
  const cases: [string, number, string][] = [
    ['When did negotiators agree to a ceasefire?', 1, CEASEFIRE],
    ['Who is Park Seo yeon?', 2, PARK],
    ['Who is Seoyeon Park?', 2, PARK],
    ['Which town will aid agencies reach?', 3, TOWN],
    ['How many people in Saint Etienne du Lac will aid reach?', 3, TOWN],
  ];
  let answers: Map<string, AskLine>;
  beforeAll(async () => {
    answers = await askAll('lang-11', cases.map(([q]) => q));
  });

  it.each(cases)('answers "%s" from ¶%i first, answered, nothing corrected', (question, paragraph, sentence) => {
    const a = answers.get(question)!;
    expect(a.results[0]!.paragraph).toBe(paragraph);
    expect(a.results[0]!.quote.startsWith(sentence)).toBe(true);
    expect(a.answered).toBe(true);
    expect(a.corrections).toEqual([]);
  });

  it('quote Kim Jong-un: his reported "the talks were useful"', async () => {
    const q = await quote('lang-11', 'Kim Jong-un');
    expect(q.quotes[0]).toMatchObject({ kind: 'reported', relation: 'by', speaker: 'Kim Jong-un', text: 'the talks were useful' });
  });

  it.each(['Park Seo-yeon', 'Park Seo Yeon', 'Park'])('quote %s: speaker Park Seo-yeon, her direct and reported words', async (who) => {
    const q = await quote('lang-11', who);
    expect(q.quotes.map((x) => [x.kind, x.relation, x.speaker, x.text])).toEqual([
      ['direct', 'by', 'Park Seo-yeon', 'This is a pause, not yet a peace'],
      ['reported', 'by', 'Park Seo-yeon', 'both delegations had signed the text'],
    ]);
  });

  // Two articles name a Seo-yeon (Park and Lee) equally often: the given name alone may find either.
  it('quote Seoyeon: a Seo-yeon and her direct words', async () => {
    const q = await quote('lang-11', 'Seoyeon');
    expect(q.quotes[0]).toMatchObject({ kind: 'direct', relation: 'by', speaker: expect.stringMatching(/^(?:Park|Lee) Seo-yeon$/), text: 'This is a pause, not yet a peace' });
  });

  it('quote Lee Seo-yeon: "…," Lee said is hers', async () => {
    const q = await quote('lang-11', 'Lee Seo-yeon');
    expect(q.quotes.map((x) => [x.kind, x.speaker, x.text])).toEqual([
      ['direct', 'Lee Seo-yeon', 'This is a pause, not yet a peace'],
      ['reported', 'Lee Seo-yeon', 'both delegations had signed the text'],
    ]);
  });

  it('facts: whole hyphenated names with their roles, Saint-Étienne-du-Lac a place, no fragments', async () => {
    const run = await runPilcrow(['facts', '--json', '--knowledge', kb('lang-11')], env());
    const entities = (JSON.parse(run.out) as { entities: { type: string; name: string; role: string | null }[] }).entities.filter((e) => e.type !== 'date');
    expect(entities).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: 'person', name: 'Park Seo-yeon', role: 'South Korean mediator' }),
      expect.objectContaining({ type: 'person', name: 'Lee Seo-yeon' }),
      expect.objectContaining({ type: 'person', name: 'Kim Jong-un', role: 'North Korean leader' }),
      expect.objectContaining({ type: 'place', name: 'Saint-Étienne-du-Lac' }),
      expect.objectContaining({ type: 'place', name: 'Geneva' }),
    ]));
    expect(entities.filter((e) => e.type === 'person').map((e) => e.name).sort()).toEqual(['Kim Jong-un', 'Lee Seo-yeon', 'Park Seo-yeon']);
  });

  it.each(['Kim Jong un', 'Jong-un', 'Jongun Kim'])('quote %s: the same speaker as "Kim Jong-un"', async (who) => {
    const q = await quote('lang-11', who);
    expect(q.quotes[0]).toMatchObject({ speaker: 'Kim Jong-un', text: 'the talks were useful' });
  });
});
