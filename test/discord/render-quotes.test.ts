import { describe, expect, it } from 'vitest';
import { renderFactCardPages, renderQuotePages } from '../../src/discord/render-answers.js';
import type { Quote } from '../../src/nlp/quotes.js';

const quote = (over: Partial<Quote> = {}): Quote => ({
  speaker: 'John Bolton', speakerRole: 'US national security adviser', text: 'sanctions will stay in place', kind: 'direct', cue: 'insisted',
  articleId: 'a', paragraph: 12, caption: null, mentions: [], speakerIsPerson: true, polarity: 'asserted', ...over,
});
const nexus = quote({ text: 'prove some nexus between the Trump campaign and the Kremlin', cue: 'dismissed', paragraph: 8, polarity: 'rejected' });
const reported = quote({ text: 'Russia did not meddle in the 2016 election', kind: 'reported', cue: 'says', paragraph: 13 });
const titleOf = () => 'Summit';

describe('/quote and /facts label how each quotation was said', () => {
  const description = renderQuotePages({ query: 'bolton', person: 'John Bolton', quotes: [quote(), reported, nexus].map((q) => ({ ...q, relation: 'by' as const })) }, titleOf, () => undefined, 'k')[0]!.embeds[0]!.description!;

  it('lists what the person rejected apart from what they said, never as their claim', () => {
    const [said, rejected] = description.split('**Rejected by John Bolton');
    expect(said).toContain('sanctions will stay in place');
    expect(said).not.toContain('prove some nexus');
    expect(rejected).toContain('“prove some nexus between the Trump campaign and the Kremlin”\n— rejected by John Bolton, US national security adviser (rejected: dismissed) · ¶8');
  });

  it('labels reported speech as reported, with the cue as a reader reads it ("said", not "says")', () => {
    expect(description).toContain('> Russia did not meddle in the 2016 election\n— John Bolton, US national security adviser (said, reported speech) · ¶13');
    expect(description).toContain('(insisted) · ¶12');
  });

  it('the /facts card says the same of each quotation', () => {
    const card = renderFactCardPages({ entity: { name: 'John Bolton', type: 'person', role: null, aliases: [], mentions: [] }, sentences: [], quotes: [quote(), reported, nexus] }, titleOf, () => undefined)[0]!;
    const field = card.embeds[0]!.fields!.find((f) => f.name.startsWith('Quotations'))!.value;
    expect(field).toContain('“prove some nexus between the Trump campaign and the Kremlin” (rejected: dismissed · ¶8)');
    expect(field).toContain('• Russia did not meddle in the 2016 election (said, reported speech · ¶13)');
  });
});
