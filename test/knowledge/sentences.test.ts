import fc from 'fast-check';
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
    expect(texts('The physicist A. A. Michelson taught there. He left.')).toEqual(['The physicist A. A. Michelson taught there.', 'He left.']);
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
  it('does not end a sentence at an abbreviation inside it (U.S., U.N., a.m., p.m., Mr., Gov., Sen., Gen., Jan., No., St.)', () => {
    const inside = [
      'Ambassadors at the U.N. Security Council failed to agree.',
      'I work for the U.S. Government in Virginia.',
      'At 6 a.m. Mr. Haddad welcomed the convoy.',
      'The vote is at 3 p.m. Monday in Geneva.',
      'It was signed by Gov. Kathy Hochul and Sen. Chuck Schumer.',
      'Gen. Mark Milley spoke on Jan. 5 about it.',
      'He lives at No. 10 on St. James Street.',
    ];
    for (const sentence of inside) expect(texts(`${sentence} Then they left.`)).toEqual([sentence, 'Then they left.']);
  });
  it('ends a sentence at an abbreviation that ends it', () => {
    expect(texts('The talks ended at 11 p.m. Delegates from Norway said they would submit a draft.')).toEqual(['The talks ended at 11 p.m.', 'Delegates from Norway said they would submit a draft.']);
    expect(texts('I live in the U.S. How about you?')).toEqual(['I live in the U.S.', 'How about you?']);
    expect(texts('We make a good team, you and I. Did you see Albert I. Jones yesterday?')).toEqual(['We make a good team, you and I.', 'Did you see Albert I. Jones yesterday?']);
  });
  it('ends a sentence after a closing quotation mark, but keeps "X said." with the quotation it follows', () => {
    expect(texts('She turned to him, "This is great." She held the book out.')).toEqual(['She turned to him, "This is great."', 'She held the book out.']);
    expect(texts('“Why not?” Bush said. He left.')).toEqual(['“Why not?” Bush said.', 'He left.']);
  });
  it('ends a sentence before a number ("their own stock. 37% was used") but not after "No." or "Jan."', () => {
    expect(texts('Half went to buy back their own stock. 37% was used for dividends.')).toEqual(['Half went to buy back their own stock.', '37% was used for dividends.']);
    expect(texts('The court ruled on Jan. 5. It was 5-4. See No. 12.')).toEqual(['The court ruled on Jan. 5.', 'It was 5-4.', 'See No. 12.']);
  });
  it('keeps spaced ellipses, which omit words, and ends the sentence at a fourth period', () => {
    const text = 'I wasn’t really . . . well, the thing is . . . I didn’t mean it. Then a period . . . . Next sentence.';
    expect(texts(text)).toEqual(['I wasn’t really . . . well, the thing is . . . I didn’t mean it.', 'Then a period . . . .', 'Next sentence.']);
  });
  it('gives a run-in list one sentence an item, and keeps an item\'s number with its item', () => {
    expect(texts('1. The first item 2. The second item')).toEqual(['1. The first item', '2. The second item']);
    expect(texts('He loves tea. 8. Over the past year he ran daily.')).toEqual(['He loves tea.', '8. Over the past year he ran daily.']);
  });
  it('never leaves out or changes text: the sentences and the white space between them give back the paragraph', () => {
    const token = fc.constantFrom('word', 'Word', 'U.S.', 'a.m.', 'p.m.', 'Mr.', 'No.', 'Jan.', 'J.', 'I', '.', '. . .', '...', '…', '?', '!', '?!', '"', '“', '”', '’', "'", '(', ')', '[...]', '1.', '2.)', '3)', '•', '⁃9.', '37%', '2.5', 'N°.', ',', '-', '—', 'é', '中文。', 'said.');
    const space = fc.constantFrom('', ' ', '  ', '\t', '\n', '\u00a0');
    fc.assert(fc.property(fc.array(fc.tuple(token, space), { maxLength: 30 }), (parts) => {
      const paragraph = parts.map(([t, s]) => t + s).join('');
      const sentences = splitSentences(paragraph);
      let at = 0;
      for (const s of sentences) {
        expect(s.text).toBe(paragraph.slice(s.start, s.end));
        expect(s.text).toBe(s.text.trim());
        expect(s.text).not.toBe('');
        expect(paragraph.slice(at, s.start).trim()).toBe('');
        at = s.end;
      }
      expect(paragraph.slice(at).trim()).toBe('');
    }), { numRuns: 2000 });
  });
  it('does not end a sentence at a line break inside the paragraph', () => {
    expect(texts('Uptake of O\n2 from the air is essential.\nIt is.')).toEqual(['Uptake of O\n2 from the air is essential.', 'It is.']);
  });
  it('returns nothing for blank text', () => {
    expect(splitSentences('   ')).toEqual([]);
  });
});
