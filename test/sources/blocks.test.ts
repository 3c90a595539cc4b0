import { describe, expect, it } from 'vitest';
import { BLOCKS_DEFAULTS, blocksOf, documentOf, domDepth, htmlBlocks, htmlUnits, markParagraphBreaks, nestingDepth, type DomNode } from '../../src/sources/blocks.js';

/** A DOM built by hand, for shapes no parser should be asked to build (100,000 levels deep). */
const text = (value: string): DomNode => ({ nodeType: 3, textContent: value, childNodes: [] });
const element = (tagName: string, childNodes: DomNode[]): DomNode => ({ nodeType: 1, tagName, textContent: null, childNodes });

describe('paragraphs from <br>', () => {
  it('splits at <br><br> inside inline elements (<b>, <span><font>)', () => {
    expect(htmlBlocks('<div><b>The ferry will run on Sunday.<br><br>Fares will not change.</b></div>').paragraphs).toEqual(['The ferry will run on Sunday.', 'Fares will not change.']);
    expect(htmlBlocks('<div><span><font size="3">One paragraph here.<br><br>Another one here.<br><br>A third.</font></span></div>').paragraphs).toHaveLength(3);
  });

  it('counts a run of <br> with white space between them, and across inline tags', () => {
    expect(htmlBlocks('<div><span>First paragraph<br>\n  <br></span><i>second paragraph</i></div>').paragraphs).toEqual(['First paragraph', 'second paragraph']);
  });

  it('reads a lone <br> inside a <p> as a space, even after a full stop', () => {
    expect(htmlBlocks('<p>The council will meet on Monday evening<br>to set the budget.</p><p>It met.<br>It voted.</p>').paragraphs).toEqual(['The council will meet on Monday evening to set the budget.', 'It met. It voted.']);
  });

  it('in a <div> of text, ends a paragraph at a lone <br> only after the end of a sentence', () => {
    expect(htmlBlocks('<div>The council will meet<br>on Monday. It will vote.<br>“The mayor agreed.”<br>So did the clerk.</div>').paragraphs).toEqual(['The council will meet on Monday. It will vote.', '“The mayor agreed.”', 'So did the clerk.']);
  });

  it('doubles, for Readability, each lone <br> it reads as a paragraph\'s end, and no other', () => {
    const document = documentOf('<!doctype html><html><body><div>The pier reopens today.<br>Tickets cost £2<br>for adults.<br><br>Children go free.</div><p>It rained.<br>It stopped.</p></body></html>');
    expect(markParagraphBreaks(document.body)).toBe(1);
    expect((document.body as unknown as { innerHTML: string }).innerHTML).toBe('<div>The pier reopens today.<br><br>Tickets cost £2<br>for adults.<br><br>Children go free.</div><p>It rained.<br>It stopped.</p>');
  });

  it('makes a paragraph of a block inside an inline element (Readability puts <p> inside <font>)', () => {
    expect(htmlBlocks('<font>Ferry fares will rise.<p>The operator blamed fuel.</p><p>Groups objected.</p></font>').paragraphs).toEqual(['Ferry fares will rise.', 'The operator blamed fuel.', 'Groups objected.']);
  });

  it('keeps captions apart and leaves sub-headings out', () => {
    expect(htmlBlocks('<h2>Background</h2><p>Text of the story.</p><figure><img src="a.jpg"><figcaption>A caption<br>on two lines</figcaption></figure>')).toEqual({ paragraphs: ['Text of the story.'], captions: ['A caption on two lines'] });
  });
});

describe('link shares of text units', () => {
  it('tells a line that is only a link from prose with a link in it', () => {
    const units = htmlUnits('<p><a href="/a">Five things we learned from the interview</a></p><p>[<a href="/b">Bardo museum treasures</a>]</p><p>The minister, <a href="/m">quoted here</a>, said the plan would go ahead next year.</p>');
    expect(units.map((u) => u.linked)).toEqual([1, 1, expect.any(Number)]);
    expect(units[2]!.linked).toBeLessThan(0.3);
  });
});

describe('any nesting depth and any size', () => {
  it('walks a DOM 100,000 levels deep without recursion', () => {
    let node = text('Deep words at the bottom.');
    for (let i = 0; i < 100_000; i++) node = element(i % 2 ? 'DIV' : 'SPAN', [node]);
    expect(blocksOf(element('BODY', [node])).paragraphs).toEqual(['Deep words at the bottom.']);
    expect(domDepth(element('BODY', [node]), 1000)).toBeGreaterThan(1000);
  });

  it('returns 200,000 paragraphs of one body (no spread of a large array into a call)', () => {
    const body = element('BODY', Array.from({ length: 200_000 }, (_, i) => element('P', [text(`Paragraph ${i}.`)])));
    const { paragraphs } = blocksOf(body);
    expect(paragraphs).toHaveLength(200_000);
    expect(paragraphs[199_999]).toBe('Paragraph 199999.');
  });

  it('reads HTML nested 100,000 deep as plain text, without parsing it into a DOM', () => {
    const html = `<p>Opening line of the item.</p>${'<div><span>'.repeat(50_000)}Words at the bottom &amp; more.${'</span></div>'.repeat(50_000)}`;
    expect(nestingDepth(html)).toBeGreaterThan(BLOCKS_DEFAULTS.maxDepth);
    expect(htmlBlocks(html).paragraphs).toEqual(['Opening line of the item.', 'Words at the bottom & more.']);
  });

  it('estimates real pages as shallow: unclosed <p> and <li>, void elements, comments and scripts do not count', () => {
    const html = `<html><body><div><p>One<p>Two<ul><li>a<li>b</ul><img src=x><br><!-- <div><div><div> --><script>"<div><div>"</script>${'<p>Para'.repeat(5000)}</div></body></html>`;
    expect(nestingDepth(html)).toBe(4);
  });
});
