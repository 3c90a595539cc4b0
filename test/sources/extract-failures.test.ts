import { describe, expect, it, vi } from 'vitest';

// Readability failing inside, as it does on hostile pages (a stack overflow) or on a document it cannot handle.
vi.mock('@mozilla/readability', () => ({
  Readability: class {
    parse(): never {
      throw new RangeError('Maximum call stack size exceeded');
    }
  },
}));

const { extractArticle } = await import('../../src/sources/extract.js');

describe('extractArticle when Readability throws', () => {
  it('says the page has no readable article, never the library\'s own words', () => {
    const r = extractArticle('<!doctype html><html><body><article><p>Any text at all, long enough to be read as an article by anyone who tries.</p></article></body></html>', 'http://127.0.0.1/story');
    expect(r).toEqual({ ok: false, error: { code: 'unreadable', host: '127.0.0.1', message: 'The page at http://127.0.0.1/story has no readable article.' } });
  });
});
