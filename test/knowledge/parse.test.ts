import { describe, expect, it } from 'vitest';
import { buildArticle, parseArticle, PARSE_DEFAULTS, pieces } from '../../src/knowledge/parse.js';
import { article, SEED_TITLE, seedArticle } from '../fixtures.js';

describe('parseArticle on the seed article', () => {
  const seed = seedArticle();

  it('takes the first line as the title', () => {
    expect(seed.title).toBe(SEED_TITLE);
  });

  it('recognises the three photo captions and drops their printed-twice duplicates', () => {
    expect(seed.captions.map((c) => c.n)).toEqual([1, 2, 3]);
    expect(seed.captions[0]!.text).toBe("Donald Trump's national security adviser John Bolton greets Vladimir Putin in the Kremlin on Wednesday - AP POOL");
    expect(seed.captions[1]!.text).toBe('Donald Trump speaks with Vladimir Putin at the APEC Summit in Vietnam in November - Credit: Sputnik/Reuters');
    expect(seed.captions[2]!.text).toContain('Alexander Zemlianichenko/AP');
  });

  it('numbers the 17 body paragraphs in order, skipping title and captions', () => {
    expect(seed.paragraphs).toHaveLength(17);
    expect(seed.paragraphs.map((p) => p.n)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(seed.paragraphs[0]!.text).toMatch(/^Donald Trump will hold a summit/);
    expect(seed.paragraphs[4]!.text).toBe('Previous reports have named Vienna and Helsinki as locations for the summit.');
    expect(seed.paragraphs[16]!.text).toMatch(/^During the open part of his talks/);
  });

  it('trims the no-break spaces that end some paragraphs', () => {
    expect(seed.paragraphs.every((p) => !/[\s\u00a0]$/.test(p.text))).toBe(true);
  });

  it('splits ¶3 into two sentences, the second starting "He met"', () => {
    expect(seed.paragraphs[2]!.sentences.map((s) => s.text.slice(0, 6))).toEqual(['The ti', 'He met']);
  });
});

describe('parseArticle formats', () => {
  it('reads front matter: title, source, published date and author', () => {
    const a = article('x', '---\ntitle: "Summit set"\nsource: https://example.com/a\npublished: 2018-06-27\nauthor: A. Writer\n---\n\nFirst paragraph.\n\nSecond paragraph.\n');
    expect(a).toMatchObject({ title: 'Summit set', source: 'https://example.com/a', published: '2018-06-27', author: 'A. Writer' });
    expect(a.paragraphs.map((p) => p.text)).toEqual(['First paragraph.', 'Second paragraph.']);
  });

  it('drops a leading "# " from a Markdown title and does not count sub-headings as paragraphs', () => {
    const a = article('md', '# Markdown title\n\n## Background\n\nBody one.\n\nBody two.');
    expect(a.title).toBe('Markdown title');
    expect(a.paragraphs.map((p) => p.text)).toEqual(['Body one.', 'Body two.']);
  });

  it('joins the lines of a hard-wrapped paragraph with single spaces and accepts CRLF', () => {
    const a = article('w', 'Title\r\n\r\nOne line\r\nwrapped here.\r\n');
    expect(a.paragraphs[0]!.text).toBe('One line wrapped here.');
  });

  it('treats a front matter title with a repeated first line as one title', () => {
    const a = article('t', '---\ntitle: Same\n---\nSame\n\nBody.');
    expect(a.title).toBe('Same');
    expect(a.paragraphs).toHaveLength(1);
  });
});

describe('parseArticle errors name the file and the problem', () => {
  const cases: [string, string, string][] = [
    ['empty', '  \n\n ', 'is empty'],
    ['unclosed front matter', '---\ntitle: x\n\nBody', 'never closes'],
    ['a malformed front matter line', '---\njust words\n---\nT\n\nBody', 'not "key: value"'],
    ['a bad date', '---\npublished: someday\n---\nT\n\nBody', 'not a date'],
    ['a title only', 'Only a title\n', 'no paragraphs'],
    ['binary content', 'abc\u0000def', 'not a text file'],
  ];
  it.each(cases)('%s', (_, text, problem) => {
    const r = parseArticle('bad', text, 'knowledge/bad.txt');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toContain('knowledge/bad.txt');
      expect(r.error.message).toContain(problem);
    }
  });
});

describe('a paragraph longer than any news paragraph (a malformed page, a file without blank lines)', () => {
  const sentence = 'The committee said on Tuesday that the new bridge across the river would open next spring after delays.';
  const long = Array.from({ length: 1000 }, () => sentence).join(' ');

  it('is cited in pieces of at most 20,000 characters, each cut where a sentence ends, the text whole and in order', () => {
    const r = buildArticle('long', { title: 'Long', paragraphs: ['Before it.', long, 'After it.'] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const texts = r.value.paragraphs.map((p) => p.text);
    expect(texts[0]).toBe('Before it.');
    expect(texts.at(-1)).toBe('After it.');
    expect(texts.slice(1, -1).join(' ')).toBe(long);
    expect(texts.length).toBe(2 + Math.ceil(long.length / PARSE_DEFAULTS.maxPassageChars));
    for (const t of texts.slice(1, -1)) {
      expect(t.length).toBeLessThanOrEqual(PARSE_DEFAULTS.maxPassageChars);
      expect(t.endsWith('delays.')).toBe(true);
    }
    expect(r.value.paragraphs.map((p) => p.n)).toEqual(texts.map((_, i) => i + 1));
  });

  it('is cut the same way in a knowledge file, and between words, or at the limit, when no sentence ends', () => {
    const file = parseArticle('long', `Long\n\n${long}\n`);
    const built = buildArticle('long', { title: 'Long', paragraphs: [long] });
    expect(file.ok && file.value.paragraphs.map((p) => p.text)).toEqual(built.ok && built.value.paragraphs.map((p) => p.text));
    const words = 'word '.repeat(9000).trim();
    expect(pieces(words).join(' ')).toBe(words);
    expect(pieces(words).every((p) => p.length <= PARSE_DEFAULTS.maxPassageChars && !p.startsWith(' ') && !p.endsWith(' '))).toBe(true);
    const solid = 'x'.repeat(45_000);
    expect(pieces(solid).map((p) => p.length)).toEqual([20_000, 20_000, 5_000]);
    expect(pieces(sentence)).toEqual([sentence]);
  });
});

