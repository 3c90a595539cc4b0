import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/discord/limits.js';
import { renderAnswerText } from '../../src/cli/render.js';
import { COLOURS, fitEmbeds, highlight, questionText, renderAsk, renderPassage, renderSources, truncate } from '../../src/discord/render.js';
import type { Answer, AskResult } from '../../src/engine.js';
import { article } from '../fixtures.js';

const answer = (over: Partial<Answer> = {}): Answer => ({
  articleId: 'a',
  articleTitle: 'Title',
  paragraph: 5,
  caption: null,
  quote: 'Previous reports have named Vienna and Helsinki as locations for the summit.',
  context: 'ctx',
  score: 1,
  matched: ['summit'],
  ...over,
});
const result = (results: Answer[], over: Partial<AskResult> = {}): AskResult => ({ question: 'where is the summit', outcome: 'answer', answered: true, confidence: 0.9, results, reason: null, corrections: [], route: 'ranked', subject: null, ...over });

describe('truncate', () => {
  it('cuts at a word boundary and adds an ellipsis', () => {
    expect(truncate('one two three', 9)).toBe('one two…');
    expect(truncate('short', 10)).toBe('short');
  });
  it('never leaves a dangling escape', () => {
    expect(truncate('abc \\*\\*def', 7)).not.toMatch(/\\…$/);
  });
});

describe('questionText', () => {
  it('drops mentions of everyone, members, roles and channels, and keeps the words', () => {
    expect(questionText('@everyone where is the summit <@1145678901234567890> <@!12345> <@&1123456789012345678> <#998877> @here')).toBe('where is the summit');
    expect(questionText('what did Bolton say about email@here.com')).toBe('what did Bolton say about email@here.com');
  });
});

describe('highlight', () => {
  it('bolds the matched words and escapes the rest', () => {
    expect(highlight('The *summit* in Helsinki', ['summit', 'helsinki'])).toBe('The \\***summit**\\* in **Helsinki**');
  });
});

describe('renderAsk', () => {
  it('puts the citation under each quote and a "Show ¶" button per result', () => {
    const p = renderAsk(result([answer(), answer({ paragraph: null, caption: 2 })]), 0, 'k');
    expect(p.embeds[0]!.description).toBe('> Previous reports have named Vienna and Helsinki as locations for the **summit**.\n— ¶5 · Title\n\n> Previous reports have named Vienna and Helsinki as locations for the **summit**.\n— photo caption 2 · Title');
    expect(p.components[0]!.components.map((b) => (b as { label: string }).label)).toEqual(['Show ¶5', 'Show photo caption 2']);
    expect(p.allowedMentions).toEqual({ parse: [] });
  });

  it('labels passages that may answer as such when not sure, with the confidence', () => {
    const p = renderAsk(result([answer()], { outcome: 'not sure', answered: false, reason: 'not_sure', confidence: 0.31 }), 0, 'k');
    const e = p.embeds[0]!;
    expect(e.title).toBe('Not sure: where is the summit');
    expect(e.description).toMatch(/^\*\*I'm not sure these answer it\.\*\* The passages that may:\n\n> Previous reports/);
    expect(e.footer!.text).toContain('Confidence 31%');
    expect(p.components[0]!.components.map((b) => (b as { label: string }).label)).toEqual(['Show ¶5']);
  });

  it('says plainly that the articles do not cover a question, and shows no passage', () => {
    const p = renderAsk(result([answer(), answer({ paragraph: 2 })], { outcome: 'not covered', answered: false, reason: 'not_covered', confidence: 0.04 }), 0, 'k');
    const e = p.embeds[0]!;
    expect(e.title).toBe('Not covered: where is the summit');
    expect(e.description).toContain('The articles do not cover this.');
    expect(e.description).not.toContain('Vienna');
    expect(p.components).toEqual([]);
  });

  it('opens a routed answer with what it is, and says where it was read from instead of a confidence', () => {
    const p = renderAsk(result([answer({ paragraph: 3 })], { question: 'who is John Bolton', route: 'facts', subject: { name: 'John Bolton', role: 'US national security adviser' }, confidence: 1 }), 0, 'k');
    const e = p.embeds[0]!;
    expect(e.title).toBe('who is John Bolton');
    expect(e.description).toMatch(/^\*\*John Bolton, US national security adviser:\*\*\n\n> Previous reports .*\n— ¶3 · Title$/);
    expect(e.footer!.text).toBe('Results 1-1 of 1 · From the facts about them (/facts)');
    expect(e.color).toBe(COLOURS.answer);
    const quotes = renderAsk(result([answer()], { route: 'quotes', subject: { name: 'Vladimir Putin', role: null } }), 0, 'k').embeds[0]!;
    expect(quotes.description).toMatch(/^\*\*What Vladimir Putin said:\*\*\n\n> /);
    const latest = renderAsk(result([answer()], { route: 'latest', subject: { name: 'Bank holds rates', role: null } }), 0, 'k').embeds[0]!;
    expect(latest.description).toMatch(/^\*\*The latest, from “Bank holds rates”:\*\*\n\n> /);
  });

  it('shows each outcome as the CLI does: the same words, passages only for "answer" and "not sure"', () => {
    const texts = (over: Partial<AskResult>) => {
      const r = result([answer()], over);
      return { discord: renderAsk(r, 0, 'k').embeds[0]!.description!, cli: renderAnswerText(r) };
    };
    const unsure = texts({ outcome: 'not sure', answered: false, reason: 'not_sure' });
    expect(unsure.cli.split('\n')[0]).toBe("I'm not sure these answer it. The passages that may:");
    expect(unsure.discord.split('\n')[0]!.replace(/\*\*/g, '')).toBe("I'm not sure these answer it. The passages that may:");
    expect(unsure.cli).toContain('Vienna');
    const none = texts({ outcome: 'not covered', answered: false, reason: 'not_covered' });
    expect(none.cli).toBe('The articles do not cover this.');
    expect(none.discord).toMatch(/^\*\*The articles do not cover this\.\*\*/);
    expect(none.discord).not.toContain('Vienna');
  });

  it('offers "More results" only when there are more', () => {
    const four = [1, 2, 3, 4].map((n) => answer({ paragraph: n }));
    const labels = (r: AskResult, page: number) => renderAsk(r, page, 'k').components[0]!.components.map((b) => (b as { label: string }).label);
    expect(labels(result(four), 0)).toContain('More results');
    expect(labels(result(four), 1)).toEqual(['Show ¶4']);
  });

  it('keeps every citation whole when quotes are huge, within all limits', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 0, maxLength: 9000 }), { minLength: 1, maxLength: 3 }), fc.string({ maxLength: 7000 }), (quotes, question) => {
        const p = renderAsk(result(quotes.map((q, i) => answer({ quote: q, articleTitle: 'T'.repeat(300), paragraph: i + 1 })), { question }), 0, 'k');
        const e = p.embeds[0]!;
        expect(e.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
        expect(e.title!.length).toBeLessThanOrEqual(LIMITS.embedTitle);
        for (let i = 1; i <= quotes.length; i++) expect(e.description).toContain(`— ¶${i} · ${'T'.repeat(300)}`);
        for (const b of p.components.flatMap((r) => r.components)) expect((b as { custom_id: string }).custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
      }),
      { numRuns: 100 },
    );
  });
});

describe('fitEmbeds', () => {
  it('enforces field, count and 6000-character total limits', () => {
    expect(fitEmbeds([{ fields: Array.from({ length: 30 }, () => ({ name: 'n', value: 'v' })) }])[0]!.fields).toHaveLength(LIMITS.fields);
    const big = 'word '.repeat(3000);
    const out = fitEmbeds([
      { title: big, description: big, fields: Array.from({ length: 30 }, () => ({ name: big, value: big })) },
      { description: big },
    ]);
    for (const f of out[0]!.fields!) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(out[0]!.title!.length).toBeLessThanOrEqual(LIMITS.embedTitle);
    const total = out.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0), 0);
    expect(total).toBeLessThanOrEqual(LIMITS.embedsTotal);
    expect(out[0]!.fields!.length).toBeGreaterThan(0);
  });
});

describe('renderSources', () => {
  it('lists title, date and counts, escaped', () => {
    const a = article('x', '---\npublished: 2018-06-27\n---\n# *Big* news\n\nOne.\n\nTwo.');
    expect(renderSources([a]).embeds[0]!.description).toBe('• **\\*Big\\* news** (2018-06-27): 2 paragraphs');
  });
});

describe('renderPassage', () => {
  it('links the paragraph to its page only when the source is a web address (Discord refuses other links)', () => {
    const page = article('a', '---\nsource: https://news.example/a\n---\nTitle\n\nFirst paragraph.');
    const print = article('b', '---\nsource: The Times, page 4\n---\nTitle\n\nFirst paragraph.');
    expect(renderPassage(page, 'p', 1).embeds[0]!.url).toBe('https://news.example/a');
    expect(renderPassage(print, 'p', 1).embeds[0]!.url).toBeUndefined();
  });
});
