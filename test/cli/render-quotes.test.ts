import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quoted, renderFactCardText, renderQuoteText } from '../../src/cli/render.js';
import type { Quote } from '../../src/nlp/quotes.js';
import { KNOWLEDGE_DIR, tempFolder } from '../fixtures.js';
import { runPilcrow } from './run.js';

const quote = (over: Partial<Quote> = {}): Quote => ({
  speaker: 'John Bolton', speakerRole: null, text: 'sanctions will stay in place', kind: 'direct', cue: 'insisted',
  articleId: 'a', paragraph: 12, caption: null, mentions: [], speakerIsPerson: true, polarity: 'asserted', ...over,
});
const nexus = quote({ text: 'prove some nexus between the Trump campaign and the Kremlin', cue: 'dismissed', paragraph: 8, polarity: 'rejected' });
const reported = quote({ text: 'the summit would take place in a third country', kind: 'reported', cue: 'according to', paragraph: 4 });
const titleOf = () => 'Summit';

describe('pilcrow quote and facts label how each quotation was said', () => {
  it('lists what the person rejected under its own heading, labelled, never under "Said by"', () => {
    const text = renderQuoteText({ query: 'bolton', person: 'John Bolton', quotes: [quote(), nexus].map((q) => ({ ...q, relation: 'by' as const })) }, titleOf);
    const [said, rejected] = text.split('Rejected by John Bolton');
    expect(said).toContain('John Bolton insisted: “sanctions will stay in place”');
    expect(said).not.toContain('nexus');
    expect(rejected).toContain('John Bolton rejected (dismissed): “prove some nexus between the Trump campaign and the Kremlin”');
  });

  it('labels reported speech, and reads cues as words ("according to", "said")', () => {
    const text = renderFactCardText({ entity: { name: 'John Bolton', type: 'person', role: null, aliases: [], gender: null, mentions: [] }, sentences: [], quotes: [reported, quote({ cue: 'says', kind: 'reported', text: 'talks went well' })] }, titleOf);
    expect(text).toContain('According to John Bolton [reported speech]: the summit would take place in a third country');
    expect(text).toContain('John Bolton said [reported speech]: talks went well');
  });
});

describe('pilcrow digest', () => {
  it('never quotes words a speaker denied as what they said', async () => {
    const t = tempFolder({ 'depot.txt': 'Depot to close\n\nThe bus depot in Easterford will close next spring, the company said on Friday.\n\nThe depot has served the town and its villages since 1962 and employs 140 drivers.\n\nServices will run from a larger depot in Westbrook from April, with new timetables.\n\nOperations director Graham Bell denied that the company “had planned the closure for years without telling anyone”.\n\n“We will find every driver a job at another depot before the doors shut,” Graham Bell said.\n' });
    try {
      const r = await runPilcrow(['digest', '--json', '--knowledge', t.dir], { DATA_DIR: join(t.dir, 'data') });
      const quotes = (JSON.parse(r.out) as { articles: { quotes: { text: string; polarity: string }[] }[] }).articles[0]!.quotes;
      expect(quotes.map((q) => q.text)).toEqual(['We will find every driver a job at another depot before the doors shut']);
      const all = JSON.parse((await runPilcrow(['quotes', '--json', '--knowledge', t.dir], { DATA_DIR: join(t.dir, 'data') })).out) as { quotes: { text: string; polarity: string }[] };
      expect(all.quotes.find((q) => q.text.startsWith('had planned the closure'))).toMatchObject({ polarity: 'rejected' });
    } finally {
      t.cleanup();
    }
  });
});

describe('answers that are themselves quotations', () => {
  it('"what did bolton say" shows ¶9, which opens with its own quotation mark, without a second one', async () => {
    const r = await runPilcrow(['ask', 'what did bolton say'], { KNOWLEDGE_DIR });
    expect(r.out).toContain('1. “The president determined that despite the political ploys');
    expect(r.out).not.toMatch(/““|””/);
  });

  it('puts words in quotation marks only when they have none of their own at either end', () => {
    expect(quoted('Vienna and Helsinki')).toBe('“Vienna and Helsinki”');
    expect(quoted('“We will win,” he said.')).toBe('“We will win,” he said.');
    expect(quoted("'We will win,' he said.")).toBe("'We will win,' he said.");
    expect(quoted('He called it an “act of war.”')).toBe('He called it an “act of war.”');
    expect(quoted('the “sanctions will stay in place” line')).toBe('“the “sanctions will stay in place” line”');
  });
});
