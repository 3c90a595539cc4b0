import { describe, expect, it } from 'vitest';
import { cleanParts, cleanText } from '../../src/knowledge/clean.js';

describe('cleanText', () => {
  it('drops NUL and the other control characters, keeping tab and newline', () => {
    expect(cleanText('Beta\u0000story')).toBe('Betastory');
    expect(cleanText('a\u0001b\u0007c\u001bd\u007fe')).toBe('abcde');
    expect(cleanText('one\ttwo\nthree')).toBe('one\ttwo\nthree');
  });

  it('drops C1 controls (U+0080-U+009F), a line-separating one becoming a space', () => {
    expect(cleanText('caf\u0080e\u009f')).toBe('cafe');
    expect(cleanText('first\u0085second')).toBe('first second');
  });

  it('turns CR and CRLF into newlines, and vertical tab and form feed into spaces, so words stay apart', () => {
    expect(cleanText('one\r\ntwo\rthree\u000bfour\ffive\u0000')).toBe('one\ntwo\nthree four five');
  });

  it('drops lone surrogates but keeps pairs (emoji, rare CJK)', () => {
    expect(cleanText('x\ud800y\udc00z')).toBe('xyz');
    expect(cleanText('😀 \u{20000}\u0000')).toBe('😀 \u{20000}');
    expect(cleanText('end\ud83d')).toBe('end');
  });

  it('drops noncharacters: U+FFFE, U+FFFF, U+FDD0-U+FDEF and the last two of other planes', () => {
    expect(cleanText('a\ufffeb\uffffc\ufdd0d\ufdefe\u{1fffe}f\u{10ffff}g')).toBe('abcdefg');
  });

  it('keeps invisible format characters, no-break spaces and U+FFFD: cited text is verbatim', () => {
    const text = 'wh\u200bere\u00a0is the su\u200dmmit \ufeff\u00ad\ufffd';
    expect(cleanText(text)).toBe(text);
  });
});

describe('cleanParts', () => {
  it('cleans every text of an article: title, paragraphs, captions, source, date and author', () => {
    const parts = cleanParts({ title: 'Beta\u0000story', paragraphs: ['The vote\u0000 was close.'], captions: ['A crowd\u0001 - Photo: AP'], source: 'https://news.example/b\u0000', published: '2026-05-01\u0000', author: 'Ann\u0000 Lee' });
    expect(parts).toEqual({ title: 'Betastory', paragraphs: ['The vote was close.'], captions: ['A crowd - Photo: AP'], source: 'https://news.example/b', published: '2026-05-01', author: 'Ann Lee' });
  });

  it('leaves absent parts absent', () => {
    const parts = cleanParts({ title: 'T', paragraphs: ['P.'] });
    expect(parts.captions ?? null).toBeNull();
    expect(parts.author ?? null).toBeNull();
  });
});
