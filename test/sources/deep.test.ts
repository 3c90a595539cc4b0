import * as linkedom from 'linkedom';
import { describe, expect, it, vi } from 'vitest';
import { BLOCKS_DEFAULTS, nestingDepth } from '../../src/sources/blocks.js';

// Records every HTML text given to the parser: hostile nesting must be refused before it is parsed
// (linkedom takes 20 s to parse 100,000 levels, Readability minutes to read them).
vi.mock('linkedom', async (original) => {
  const real = await original<typeof linkedom>();
  return { ...real, parseHTML: vi.fn(real.parseHTML) };
});

const { extractArticle, htmlBlocks } = await import('../../src/sources/extract.js');
const deepest = () => vi.mocked(linkedom.parseHTML).mock.calls.reduce((max, [html]) => Math.max(max, nestingDepth(String(html))), 0);
const deep = `<p>The opening line of the item, which any reader can read.</p>${'<div><span>'.repeat(50_000)}Words at the bottom.${'</span></div>'.repeat(50_000)}`;

describe('hostile nesting never reaches the parser', () => {
  it('htmlBlocks reads it as plain text', () => {
    vi.mocked(linkedom.parseHTML).mockClear();
    expect(htmlBlocks(deep).paragraphs).toEqual(['The opening line of the item, which any reader can read.', 'Words at the bottom.']);
    expect(deepest()).toBeLessThanOrEqual(BLOCKS_DEFAULTS.maxDepth);
  });

  it('extractArticle refuses the page', () => {
    vi.mocked(linkedom.parseHTML).mockClear();
    expect(extractArticle(`<!doctype html><html><body>${deep}</body></html>`, 'http://127.0.0.1/deep')).toMatchObject({ ok: false, error: { code: 'unreadable' } });
    expect(deepest()).toBeLessThanOrEqual(BLOCKS_DEFAULTS.maxDepth);
  });
});
