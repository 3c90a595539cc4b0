/**
 * How many words a text holds, for thresholds ("a page with fewer than 20 words holds no article",
 * "the feed carries more of the article than the page"): runs of letters and digits between spaces,
 * and in Chinese and Japanese, written without spaces, one word for every two characters (the mean
 * length of a word in both). Counted without splitting the text, which may be megabytes long.
 *
 * @example wordCount('The council met on Monday.') // 5
 * @example wordCount('市议会周一批准了新的预算。') // 6
 */
export function wordCount(text: string): number {
  let words = 0;
  let cjk = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isCjk(c)) {
      cjk++;
      inWord = false;
      continue;
    }
    const space = c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x3000 || c === 0x3001 || c === 0x3002 || c === 0xff0c;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words + Math.ceil(cjk / 2);
}

/** The words of several paragraphs (see {@link wordCount}). */
export function wordsIn(paragraphs: readonly string[]): number {
  let n = 0;
  for (const p of paragraphs) n += wordCount(p);
  return n;
}

/** Han ideographs, hiragana and katakana (and their halfwidth forms): scripts written without spaces. */
function isCjk(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff66 && c <= 0xff9f);
}
