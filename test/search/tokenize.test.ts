import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, tokenize, withoutInvisible } from '../../src/search/tokenize.js';

/** The invisible characters of rel-06 and others of the same kind (bidi marks, a variation selector, the combining grapheme joiner). */
const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u2060', '\u00ad', '\ufeff', '\u200e', '\u200f', '\ufe0f', '\u034f', '\u180e'];

describe('tokenize with invisible characters inside words', () => {
  it('reads "wh\\u200bere is the su\\u200dmmit" as the words of "where is the summit"', () => {
    expect(tokenize('wh\u200bere is the su\u200dmmit').map((t) => [t.word, t.term])).toEqual(tokenize('where is the summit').map((t) => [t.word, t.term]));
  });

  it.each(INVISIBLES.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c]))('ignores %s inside a word', (_name, c) => {
    expect(tokenize(`Hel${c}sinki`).map((t) => t.word)).toEqual(['helsinki']);
  });

  it('keeps offsets into the text as written, so that the cited span holds the invisible character', () => {
    const text = 'The sum\u200bmit is in Hel\u00adsinki.';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.word)).toEqual(['the', 'summit', 'is', 'in', 'helsinki']);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['The', 'sum\u200bmit', 'is', 'in', 'Hel\u00adsinki']);
  });

  it('does not take an invisible character before or after a word into it', () => {
    const text = '\u200bsummit\u200b \ufeffVienna\u2060';
    expect(tokenize(text).map((t) => text.slice(t.start, t.end))).toEqual(['summit', 'Vienna']);
  });

  it('keeps a decomposed accented word whole ("Zu\\u0308rich" is "zurich", not "zu" and "rich")', () => {
    expect(tokenize('Zu\u0308rich and Zürich').map((t) => t.word)).toEqual(['zurich', 'and', 'zurich']);
  });

  it('keeps possessives and contractions with an invisible character after the apostrophe', () => {
    expect(tokenize('Trump’s don\'\u200bt').map((t) => t.word)).toEqual(['trump\'s', 'don\'t']);
  });

  it('gives any text with invisible characters put inside its words the words of the plain text, each spanning its original letters', () => {
    // A word: letters, each after the first maybe preceded by an invisible character.
    const word = fc.array(fc.tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'), fc.option(fc.constantFrom(...INVISIBLES))), { minLength: 1, maxLength: 8 });
    fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), (words) => {
      const plain = words.map((w) => w.map(([letter]) => letter).join('')).join(' ');
      const marked = words.map((w) => w.map(([letter, c], i) => (i > 0 && c !== null ? c : '') + letter).join('')).join(' ');
      const tokens = tokenize(marked);
      expect(tokens.map((t) => [t.word, t.term])).toEqual(tokenize(plain).map((t) => [t.word, t.term]));
      for (const t of tokens) expect(fold(marked.slice(t.start, t.end))).toBe(t.word);
    }));
  });
});

describe('withoutInvisible', () => {
  it('removes the invisible characters of a typed question and leaves other text as it is', () => {
    expect(withoutInvisible('\ufeffwh\u200bere is the su\u200dmmit\u2060?')).toBe('where is the summit?');
    const plain = 'Zürich\u00a0é – “quoted”';
    expect(withoutInvisible(plain)).toBe(plain);
  });
});

describe('tokenize: acronyms (issue 16)', () => {
  const terms = (text: string) => tokenize(text).map((t) => [t.word, t.term]);

  it('reads a dotted acronym as one word, the same as written without dots, and "U.S." is not "U.N."', () => {
    expect(terms('U.S. US N.A.T.O. NATO U.N. UN')).toEqual([['us', 'us'], ['us', 'us'], ['nato', 'nato'], ['nato', 'nato'], ['un', 'un'], ['un', 'un']]);
    const text = 'the U.S. embassy';
    expect(tokenize(text).map((t) => text.slice(t.start, t.end))).toEqual(['the', 'U.S.', 'embassy']);
    expect(terms('a.m. e.g. J.K. Rowling').map(([w]) => w)).toEqual(['am', 'eg', 'jk', 'rowling']);
  });

  it('reads "US" in capitals as the country and "us" in lower case as the stop word, in one sentence', () => {
    expect(terms('Tell us about the US embassy')).toEqual([['tell', 'tell'], ['us', null], ['about', null], ['the', null], ['us', 'us'], ['embassy', 'embassi']]);
    expect(terms('WHO warned. Who warned?')).toEqual([['who', 'who'], ['warned', 'warn'], ['who', null], ['warned', 'warn']]);
    expect(terms("the US's role")[1]).toEqual(["us's", 'us']);
  });

  it('keeps stop words as stop words in text written all in capitals ("TELL US ABOUT IT")', () => {
    expect(terms('TELL US ABOUT IT')).toEqual([['tell', 'tell'], ['us', null], ['about', null], ['it', null]]);
  });

  it('leaves words with more than one letter between dots alone ("x.com", "Ph.D.")', () => {
    expect(terms('x.com Ph.D.').map(([w]) => w)).toEqual(['x', 'com', 'ph', 'd']);
  });
});

describe('fold: letters Unicode does not decompose (issue 16)', () => {
  it.each([['Yıldırım', 'yildirim'], ['Łukasz', 'lukasz'], ['Wróbel', 'wrobel'], ['Tromsø', 'tromso'], ['Gdańsk', 'gdansk'], ['Straße', 'strasse'], ['Đorđe', 'dorde'], ['Æsop', 'aesop'], ['Œuvre', 'oeuvre'], ['Þór', 'thor']])(
    'folds %s to %s', (word, folded) => {
      expect(fold(word)).toBe(folded);
    },
  );

  it('leaves other scripts as they are', () => {
    expect(fold('Путин')).toBe('путин');
    expect(fold('王毅')).toBe('王毅');
  });
});

describe('tokenize: Chinese and Japanese (issue 16)', () => {
  it('splits a Chinese sentence into words, a name into its family and given names', () => {
    expect(tokenize('外交部长王毅周四在北京会见了记者。').map((t) => t.word)).toEqual(['外交部', '长', '王', '毅', '周四', '在', '北京', '会见', '了', '记者']);
  });

  it('splits Japanese the same way, with offsets into the text', () => {
    const text = '岸田文雄首相は東京で述べた。';
    const tokens = tokenize(text);
    expect(tokens.slice(0, 3).map((t) => text.slice(t.start, t.end))).toEqual(['岸田', '文雄', '首相']);
  });
});
