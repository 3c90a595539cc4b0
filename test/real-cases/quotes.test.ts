import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPilcrow } from '../cli/run.js';
import { tempFolder } from '../fixtures.js';
import { hasCase, REAL_CASES } from './site.js';

/** A quotation as `pilcrow quotes|quote --json` prints it. */
interface JsonQuote {
  speaker: string | null;
  speakerRole: string | null;
  text: string;
  kind: 'direct' | 'reported';
  cue: string | null;
  paragraph: number | null;
  polarity: 'asserted' | 'rejected';
  relation?: 'by' | 'mentions';
}

/** `pilcrow <args> --json --knowledge <case>/kb`, with a fresh DATA_DIR so that no earlier reading is reused. */
async function run(name: string, args: readonly string[]): Promise<JsonQuote[]> {
  const t = tempFolder({});
  const r = await runPilcrow([...args, '--json', '--knowledge', join(REAL_CASES, name, 'kb')], { DATA_DIR: join(t.dir, 'data') }).finally(t.cleanup);
  expect(r.code, r.err).toBe(0);
  return (JSON.parse(r.out) as { quotes: JsonQuote[] }).quotes;
}

/** The quotation of a paragraph whose text starts with these words (trailing comma or not). */
const at = (quotes: readonly JsonQuote[], paragraph: number, start: string) => quotes.find((q) => q.paragraph === paragraph && q.text.startsWith(start));

describe.skipIf(!hasCase('lang-03'))('lang-03: British single quotation marks', () => {
  it('reads ‘…’ as quotation marks, not the apostrophes of "harbour’s", with each speaker', async () => {
    const quotes = await run('lang-03', ['quotes']);
    expect(at(quotes, 2, 'We have waited far too long for this decision')).toMatchObject({ kind: 'direct', speaker: 'Morwenna Trelawny', text: expect.stringMatching(/^We have waited far too long for this decision,?$/) });
    expect(at(quotes, 2, 'The winter storms')).toMatchObject({ kind: 'direct', speaker: 'Morwenna Trelawny', text: 'The winter storms will not wait for us.' });
    expect(at(quotes, 3, 'Nobody in this chamber')).toMatchObject({ kind: 'direct', speaker: 'Peter Gask', text: expect.stringMatching(/^Nobody in this chamber can tell me who pays if it doubles again,?$/) });
    expect(at(quotes, 4, 'It is the best news')).toMatchObject({ kind: 'direct', speaker: 'Alan Pascoe', text: 'It is the best news the harbour has had in twenty years.' });
    expect(at(quotes, 3, 'the cost had doubled')).toMatchObject({ kind: 'reported', speaker: 'Peter Gask', text: 'the cost had doubled since the first estimate' });
    // No quotation keeps a mark, nor is cut at an apostrophe.
    for (const q of quotes) expect(q.text).not.toMatch(/^[‘’]|‘/u);
  });

  it('quote Trelawny lists her two ¶2 direct quotations', async () => {
    const quotes = await run('lang-03', ['quote', 'Trelawny']);
    const by = quotes.filter((q) => q.relation === 'by');
    expect(by.map((q) => [q.paragraph, q.kind, q.speaker])).toEqual([[2, 'direct', 'Morwenna Trelawny'], [2, 'direct', 'Morwenna Trelawny']]);
  });
});

describe.skipIf(!hasCase('lang-05'))('lang-05: inverted attributions with verbs of manner', () => {
  it.each([
    [2, 'The rosters are impossible', 'Kofi Mensah', 'grumbled'],
    [3, 'We didn\'t want it to come to this', 'Helen Roe', 'sighed'],
    [4, 'I don\'t think the company', 'Lucy Farrant', 'added'],
    [5, 'We will meet the union on Monday', 'Graham Bell', 'said'],
    [5, 'Our door is open.', 'Graham Bell', 'said'],
  ])('¶%i “%s…” is %s’s (%s)', async (paragraph, start, speaker, cue) => {
    const quotes = await run('lang-05', ['quotes']);
    expect(at(quotes, paragraph, start)).toMatchObject({ kind: 'direct', speaker, cue });
  });

  it('¶5 reports Graham Bell’s statement as reported speech', async () => {
    const quotes = await run('lang-05', ['quotes']);
    expect(at(quotes, 5, 'the new rosters')).toMatchObject({ kind: 'reported', speaker: 'Graham Bell', text: 'the new rosters were needed to keep the timetable' });
  });

  it.each([
    [2, 'The rosters are impossible', /^driver$/],
    [4, 'I don\'t think the company', /^apprentice driver$/],
    [5, 'We will meet the union on Monday', /operations director$/],
  ])('¶%i “%s…” carries the role written beside the name', async (paragraph, start, role) => {
    const quotes = await run('lang-05', ['quotes']);
    expect(at(quotes, paragraph, start)?.speakerRole).toMatch(role);
  });

  it('gives Helen Roe the role "union steward" written before her name', async () => {
    const quotes = await run('lang-05', ['quotes']);
    expect(at(quotes, 3, 'We didn\'t want it')?.speakerRole).toBe('union steward');
  });
});

describe.skipIf(!hasCase('lang-07'))('lang-07: a role noun as the speaker', () => {
  it('gives “…,” the minister said to the article’s one minister, Leyla Aksoy', async () => {
    const quotes = await run('lang-07', ['quotes']);
    expect(at(quotes, 2, 'Villages are pitted against villages')).toMatchObject({ kind: 'direct', speaker: 'Leyla Aksoy', cue: 'said', text: 'Villages are pitted against villages, and the allied aircraft just circle overhead without doing anything' });
    expect(at(quotes, 3, 'the ministry would ask')).toMatchObject({ kind: 'reported', speaker: 'Emre Kaya', text: 'the ministry would ask the alliance for an emergency meeting' });
  });

  it('quote Aksoy lists the ¶2 quotation with relation "by"', async () => {
    const quotes = await run('lang-07', ['quote', 'Aksoy']);
    expect(quotes[0]).toMatchObject({ paragraph: 2, relation: 'by', speaker: 'Leyla Aksoy', text: expect.stringMatching(/^Villages are pitted/) });
  });
});

describe.skipIf(!hasCase('lang-15'))('lang-15: speakers introduced with titles, roles and party labels (quotations)', () => {
  it.each([
    [2, 'the company had broken no law', 'Felix Amsel'],
    [3, 'the search could take a week', 'Will Carver'],
    [6, 'she would call the firm\'s founders to testify', 'Maria Lopez'],
    [6, 'his state would review its contracts', 'Tom Reilly'],
  ])('¶%i reports “%s” as %s’s', async (paragraph, text, speaker) => {
    const quotes = await run('lang-15', ['quotes']);
    expect(quotes.find((q) => q.paragraph === paragraph && q.text === text)).toMatchObject({ kind: 'reported', speaker });
  });

  it('¶4 reports the judge, Mr Justice Hartley', async () => {
    const quotes = await run('lang-15', ['quotes']);
    expect(quotes.find((q) => q.paragraph === 4 && q.text === 'the warrant had been properly issued')).toMatchObject({ kind: 'reported', speaker: expect.stringMatching(/Hartley$/) });
  });

  it('¶5 quotes Sgt Dan Okoro directly', async () => {
    const quotes = await run('lang-15', ['quotes']);
    expect(at(quotes, 5, 'Nobody has been arrested')).toMatchObject({ kind: 'direct', speaker: expect.stringMatching(/Dan Okoro$/), text: 'Nobody has been arrested at this stage.' });
  });

  it('names the ¶5 speaker "Dan Okoro", the title Sgt kept as his role', async () => {
    const quotes = await run('lang-15', ['quotes']);
    expect(at(quotes, 5, 'Nobody has been arrested')).toMatchObject({ speaker: 'Dan Okoro', speakerRole: 'sergeant' });
  });
});
