import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/knowledge/sentences.js';

const texts = (s: string) => splitSentences(s).map((x) => x.text);

describe('splitSentences', () => {
  it('does not split after "Mr", "Mr." or "Dr."', () => {
    expect(texts('Mr. Bolton met Mr Putin. Dr. Smith agreed.')).toEqual(['Mr. Bolton met Mr Putin.', 'Dr. Smith agreed.']);
  });
  it('does not split inside "U.S." or a decimal', () => {
    expect(texts('The U.S. economy grew 2.5 percent. It slowed.')).toEqual(['The U.S. economy grew 2.5 percent.', 'It slowed.']);
  });
  it('keeps initials with the name', () => {
    expect(texts('J. R. R. Tolkien wrote it. Then he left.')).toEqual(['J. R. R. Tolkien wrote it.', 'Then he left.']);
  });
  it('keeps a quotation that spans sentences in one sentence', () => {
    expect(texts('He said “We will win. Then we go home,” he said. Next.')).toEqual(['He said “We will win. Then we go home,” he said.', 'Next.']);
  });
  it('keeps "p.m. on Monday" in its sentence', () => {
    expect(texts('It starts at 3 p.m. on Monday. Bring tea.')).toEqual(['It starts at 3 p.m. on Monday.', 'Bring tea.']);
  });
  it('gives offsets that slice the original text', () => {
    const text = '  First one.   Second “quoted” one!  ';
    for (const s of splitSentences(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
  it('returns nothing for blank text', () => {
    expect(splitSentences('   ')).toEqual([]);
  });
});
