import { describe, expect, it } from 'vitest';
import { htmlText, looksLikeHtml, plainText, textToHtml } from '../../src/feeds/text.js';

describe('a feed\'s short texts as plain text', () => {
  it('reduces an Atom type="html" title to its text', () => {
    expect(plainText('Review: <em>Blue Harbour</em> is a quiet triumph', 'html')).toBe('Review: Blue Harbour is a quiet triumph');
    expect(plainText('Fish &amp; Chips <b>tonight</b>', 'html')).toBe('Fish & Chips tonight');
  });

  it('reduces an Atom type="xhtml" title to the text of its div', () => {
    expect(plainText('Review: <em>Blue Harbour</em> wins the festival prize', 'xhtml')).toBe('Review: Blue Harbour wins the festival prize');
  });

  it('separates words at block edges and line breaks, not at inline tags', () => {
    expect(plainText('<p>One</p><p>Two</p>', 'html')).toBe('One Two');
    expect(plainText('Line<br>break', 'html')).toBe('Line break');
    expect(plainText('<b>Blue</b>bird', 'html')).toBe('Bluebird');
    expect(plainText('Title<script>alert(1)</script>', 'html')).toBe('Title');
  });

  it('keeps an Atom type="text" title literal, angle brackets and all', () => {
    expect(plainText('Issue 8311: builder rejects <col> inside <colgroup>', 'text')).toBe('Issue 8311: builder rejects <col> inside <colgroup>');
    expect(plainText('Why <b>bold</b> tags matter', 'text')).toBe('Why <b>bold</b> tags matter');
  });

  it('decodes entities a feed encoded twice (WordPress, CDATA)', () => {
    expect(plainText('It&#8217;s here', 'loose')).toBe('It’s here');
    expect(plainText('Don&#039;t panic', 'loose')).toBe('Don\'t panic');
    expect(plainText('Fish &amp; Chips', 'loose')).toBe('Fish & Chips');
    expect(plainText('Fish &amp;amp; Chips', 'loose')).toBe('Fish & Chips');
    expect(plainText('Tom &amp; Jerry', 'text')).toBe('Tom & Jerry');
    expect(plainText('AT&amp;amp;T', 'html')).toBe('AT&T');
  });

  it('leaves an ampersand that is not an entity alone', () => {
    expect(plainText('AT&T and R&D; budgets', 'loose')).toBe('AT&T and R&D; budgets');
  });

  it('takes markup out of an RSS title, decoded or not', () => {
    expect(plainText('<b>Breaking</b>: storm hits coast', 'loose')).toBe('Breaking: storm hits coast');
    expect(plainText('&lt;b&gt;Breaking&lt;/b&gt;: storm hits coast', 'loose')).toBe('Breaking: storm hits coast');
    expect(plainText('Review: <em>Blue Harbour</em>', 'loose')).toBe('Review: Blue Harbour');
    expect(plainText('Storm<br/>warning', 'loose')).toBe('Storm warning');
    expect(plainText('<!-- generated -->Storm warning', 'loose')).toBe('Storm warning');
  });

  it('keeps a literal "<" in an RSS title that holds no markup', () => {
    expect(plainText('Profits < 5% as costs > sales', 'loose')).toBe('Profits < 5% as costs > sales');
    expect(plainText('I <3 Paris', 'loose')).toBe('I <3 Paris');
    expect(plainText('Issue 8311: builder rejects &lt;col&gt; inside &lt;colgroup&gt;', 'loose')).toBe('Issue 8311: builder rejects <col> inside <colgroup>');
    expect(plainText('Use <b> for bold', 'loose')).toBe('Use <b> for bold');
  });

  it('collapses white space, and gives null for nothing', () => {
    expect(plainText('  Storm \n\t warning&nbsp;now ', 'loose')).toBe('Storm warning now');
    expect(plainText('   ', 'loose')).toBeNull();
    expect(plainText('<b> </b>', 'html')).toBeNull();
    expect(plainText(undefined, 'text')).toBeNull();
  });
});

describe('telling HTML from text', () => {
  it('sees HTML in a closing tag or a standalone element', () => {
    expect(looksLikeHtml('<p>The council met.</p>')).toBe(true);
    expect(looksLikeHtml('<table><tr><td>1</td></tr></table>')).toBe(true);
    expect(looksLikeHtml('A photo: <img src="a.png">')).toBe(true);
  });

  it('sees text in a literal "<"', () => {
    expect(looksLikeHtml('x < y and y > z')).toBe(false);
    expect(looksLikeHtml('rejects <col> inside <colgroup>')).toBe(false);
    expect(looksLikeHtml('Plain text.')).toBe(false);
  });
});

describe('plain text as HTML paragraphs', () => {
  it('escapes the text and makes a paragraph of each block', () => {
    expect(textToHtml('a < b & c\n\nNext one\nsame paragraph')).toBe('<p>a &lt; b &amp; c</p><p>Next one<br>same paragraph</p>');
  });

  it('gives null for empty text', () => {
    expect(textToHtml(' \n ')).toBeNull();
  });

  it('reads the text of an HTML fragment as a browser shows it', () => {
    expect(htmlText('<p>A &amp; B</p><p>C</p>').replace(/\s+/g, ' ').trim()).toBe('A & B C');
  });
});
