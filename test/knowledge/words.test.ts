import { describe, expect, it } from 'vitest';
import { wordCount, wordsIn } from '../../src/knowledge/words.js';

describe('counting words for thresholds', () => {
  it('counts runs between spaces, whatever the spaces are', () => {
    expect(wordCount('The council met on Monday.')).toBe(5);
    expect(wordCount('  one\u00a0two\tthree\nfour\u2009five  ')).toBe(5);
    expect(wordCount('')).toBe(0);
    expect(wordsIn(['Two words.', 'And three more.'])).toBe(5);
  });

  it('counts Chinese and Japanese, written without spaces, a word for every two characters', () => {
    expect(wordCount('市议会周一批准了新的预算。')).toBe(6);
    expect(wordCount('東京都は月曜日、新しい予算を承認した。')).toBe(9);
    // Mixed: the Latin words and the characters both count.
    expect(wordCount('The Nikkei 225 指数が上昇した')).toBe(3 + 4);
    // Korean is written with spaces: counted as words.
    expect(wordCount('서울시 의회는 월요일 예산을 승인했다')).toBe(5);
  });
});
