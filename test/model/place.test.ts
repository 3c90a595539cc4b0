import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pairOf, parsePlace, passageAt, placeKey, placeOf, printPlace, sentenceLink, textFragment } from '../../src/model/place.js';
import { article } from '../fixtures.js';

describe('a place', () => {
  it('is read from an engine record\'s paragraph/caption pair, even one with a `kind` of its own (a quotation)', () => {
    expect(placeOf({ paragraph: 5, caption: null })).toEqual({ kind: 'paragraph', n: 5 });
    const quoted = { paragraph: null, caption: 2, kind: 'direct' as const };
    expect(placeOf(quoted)).toEqual({ kind: 'caption', n: 2 });
    expect(placeOf({ kind: 'caption', n: 3 })).toEqual({ kind: 'caption', n: 3 });
    expect(pairOf({ kind: 'caption', n: 3 })).toEqual({ paragraph: null, caption: 3 });
    expect(placeOf(pairOf({ kind: 'paragraph', n: 4 }))).toEqual({ kind: 'paragraph', n: 4 });
  });

  it('prints as a reader checks it', () => {
    expect(printPlace({ kind: 'paragraph', n: 5 })).toBe('¶5');
    expect(printPlace({ paragraph: null, caption: 2 })).toBe('photo caption 2');
  });

  it('has one key, read back to the same place, and no key names a place it does not hold', () => {
    fc.assert(fc.property(fc.constantFrom('paragraph' as const, 'caption' as const), fc.integer({ min: 1, max: 99_999 }), (kind, n) => {
      expect(parsePlace(placeKey({ kind, n }))).toEqual({ kind, n });
    }));
    for (const bad of ['', 'p', 'p0', 'x5', 'p5x', 'p-1', 'c05']) expect(parsePlace(bad)).toBeNull();
  });

  it('finds its passage in an article, or none', () => {
    const a = article('a', 'Title\n\nFirst paragraph.\n\nSecond paragraph.');
    expect(passageAt(a, { kind: 'paragraph', n: 2 })?.text).toBe('Second paragraph.');
    expect(passageAt(a, { kind: 'paragraph', n: 3 })).toBeUndefined();
    expect(passageAt(a, { kind: 'caption', n: 1 })).toBeUndefined();
  });
});

describe('a link to the quoted sentence', () => {
  it('percent-encodes the text directive, "-", "&" and "," included', () => {
    expect(textFragment('Vienna-Helsinki, rock & roll')).toBe(':~:text=Vienna%2DHelsinki%2C%20rock%20%26%20roll');
  });

  it('matches a long sentence by its first and last words (textStart,textEnd)', () => {
    const long = 'Previous reports have named Vienna and Helsinki as locations for the summit, officials said on Wednesday.';
    expect(textFragment(long)).toBe(':~:text=Previous%20reports%20have%20named%20Vienna,summit%2C%20officials%20said%20on%20Wednesday.');
  });

  it('is the article\'s address with the fragment; none for an article without a web address', () => {
    expect(sentenceLink({ source: 'https://news.example/a' }, 'named Vienna (and Helsinki)')).toBe('https://news.example/a#:~:text=named%20Vienna%20%28and%20Helsinki%29');
    expect(sentenceLink({ source: 'https://news.example/a#top' }, 'Vienna')).toBe('https://news.example/a#top:~:text=Vienna');
    expect(sentenceLink({ source: 'The Times, page 4' }, 'Vienna')).toBeNull();
    expect(sentenceLink({}, 'Vienna')).toBeNull();
  });

  it('fits a length limit by shortening the directive, then dropping it', () => {
    const words = Array.from({ length: 10 }, (_, i) => `word${i}`).join(' ');
    const link = sentenceLink({ source: 'https://news.example/a' }, words, 60)!;
    expect(link).toBe('https://news.example/a#:~:text=word0%20word1,word8%20word9');
    expect(sentenceLink({ source: 'https://news.example/a' }, words, 30)).toBe('https://news.example/a');
    expect(sentenceLink({ source: 'https://news.example/a' }, words, 10)).toBeNull();
  });
});
