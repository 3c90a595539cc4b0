import { parseHTML } from 'linkedom';

/** The little of the DOM that reading text blocks needs (linkedom's nodes have it; so would a browser's). */
export interface DomNode {
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly tagName?: string;
  readonly childNodes: ArrayLike<DomNode> & Iterable<DomNode>;
}

/** An element, with what removing page furniture from a document needs. */
export interface DomElement extends DomNode {
  readonly tagName: string;
  getAttribute(name: string): string | null;
  remove(): void;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement> & Iterable<DomElement>;
}

/** A parsed HTML document, as Readability takes it and with the body `blocksOf` reads. */
export interface DomDocument {
  readonly body: DomElement;
  readonly documentElement: DomElement;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement> & Iterable<DomElement>;
}

/** Limits of reading HTML; see each field. */
export const BLOCKS_DEFAULTS = Object.freeze({
  /**
   * HTML nested deeper than this is not read as a DOM. The 21 saved news pages nest at most 30 deep;
   * Readability's time grows with the cube of the depth (0.4 s at 400 levels, 5 s at 1,000, a stack
   * overflow after a minute at 40,000), and linkedom's parsing takes 20 s at 100,000. 100-2,000.
   */
  maxDepth: 400,
});

/** Node types used here (the DOM's numbers; linkedom exports no names for them). */
export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
export const COMMENT_NODE = 8;

/** Elements whose text is a unit of its own (a paragraph, a list item, a caption…); others are inline. */
const BLOCKS = new Set(['ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TBODY', 'THEAD', 'TFOOT', 'TR', 'TD', 'TH', 'UL']);
const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
/**
 * Blocks that are one paragraph however their lines are laid out: a lone `<br>` inside them is a line
 * break in the middle of the paragraph (often in the middle of a sentence), read as a space.
 */
const PARAGRAPHS = new Set(['P', 'LI', 'DT', 'DD', 'TD', 'TH', 'FIGCAPTION', 'ADDRESS']);
/** Never text of the article. */
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'BUTTON', 'svg', 'SVG']);
/** Text that ends a sentence (a closing quotation mark or bracket may follow the stop). */
const SENTENCE_END = /[.!?…]["'”’)\]]*\s*$/u;

/** One block of text: a paragraph or a caption, with how much of it is the text of links. */
export interface TextUnit {
  readonly text: string;
  readonly caption: boolean;
  /** Share (0-1) of the unit's letters and digits that are inside links: 1 for a line that is only a link. */
  readonly linked: number;
}

/** An HTML text as a DOM document (linkedom: no scripts, no network, no layout). */
export function documentOf(html: string): DomDocument {
  return parseHTML(html).document as unknown as DomDocument;
}

/**
 * The text blocks of a piece of HTML (an article body, a feed item's content). HTML nested deeper than
 * `maxDepth` (hostile, or broken beyond use) is read as plain text split at its block tags instead, so
 * that no input can make parsing and walking it slow.
 */
export function htmlBlocks(fragment: string): { paragraphs: string[]; captions: string[] } {
  if (nestingDepth(fragment) > BLOCKS_DEFAULTS.maxDepth) return { paragraphs: flatParagraphs(fragment), captions: [] };
  return blocksOf(documentOf(`<!doctype html><html><body>${fragment}</body></html>`).body);
}

/** The text units of a piece of HTML with their link shares (see {@link htmlBlocks}). */
export function htmlUnits(fragment: string): TextUnit[] {
  if (nestingDepth(fragment) > BLOCKS_DEFAULTS.maxDepth) return flatParagraphs(fragment).map((text) => ({ text, caption: false, linked: 0 }));
  return unitsOf(documentOf(`<!doctype html><html><body>${fragment}</body></html>`).body);
}

/** The text blocks of an HTML body, in document order: paragraphs (and list items) and figure captions. */
export function blocksOf(root: DomNode): { paragraphs: string[]; captions: string[] } {
  const paragraphs: string[] = [];
  const captions: string[] = [];
  for (const unit of unitsOf(root)) (unit.caption ? captions : paragraphs).push(unit.text);
  return { paragraphs, captions };
}

/** Marks the end of an element on the walk's stack. */
class End {
  constructor(readonly tag: string) {}
}

/**
 * The text units of a DOM subtree, in document order. Block elements bound units wherever they sit,
 * inside inline elements too (`<font>…<p>…</p></font>`). A run of two or more `<br>` (white space
 * between them allowed, across inline tags too) ends a paragraph, as Mozilla Readability's
 * `_replaceBrs` reads it; a lone `<br>` is a space inside a paragraph-like block (`<p>`, `<li>`…), and
 * elsewhere (a `<div>` of text) ends a paragraph only after the end of a sentence. Sub-headings are
 * left out, as in knowledge files. The walk keeps its own stack: any depth of nesting is safe.
 */
export function unitsOf(root: DomNode): TextUnit[] {
  return walkUnits(root, {});
}

/**
 * The text units of a DOM subtree (see {@link unitsOf}), each with the innermost block element it was
 * read from (null for text directly under `root`).
 */
export function unitBlocks(root: DomNode): { unit: TextUnit; block: DomNode | null }[] {
  const found: { unit: TextUnit; block: DomNode | null }[] = [];
  walkUnits(root, { onUnit: (unit, block) => found.push({ unit, block }) });
  return found;
}

/**
 * Doubles each lone `<br>` that ends a paragraph as {@link unitsOf} reads it (after the end of a sentence,
 * in a block that is not a paragraph, such as a `<div>` of text), so that Mozilla Readability, which
 * splits paragraphs only at runs of `<br>` and turns a `<div>` of text into one `<p>`, sees the same
 * paragraphs. A lone `<br>` in the middle of a sentence, or inside a `<p>`, is left as it is. Returns how
 * many were doubled.
 */
export function markParagraphBreaks(root: DomNode): number {
  const breaks: DomNode[] = [];
  walkUnits(root, { onBreak: (br) => breaks.push(br) });
  for (const br of breaks) {
    // linkedom's elements (as a browser's) have these; DomNode names only what reading needs.
    const element = br as unknown as { ownerDocument: { createElement(tag: string): unknown }; after(node: unknown): void };
    element.after(element.ownerDocument.createElement('br'));
  }
  return breaks.length;
}

/** What {@link unitsOf}'s walk tells besides its units. */
interface WalkHooks {
  /** Each lone `<br>` read as the end of a paragraph. */
  readonly onBreak?: (br: DomNode) => void;
  /** Each unit, with the innermost block element it was read from. */
  readonly onUnit?: (unit: TextUnit, block: DomNode | null) => void;
}

/** {@link unitsOf}'s walk. */
function walkUnits(root: DomNode, hooks: WalkHooks): TextUnit[] {
  const units: TextUnit[] = [];
  let text = '';
  let letters = 0;
  let linkedLetters = 0;
  let brs = 0;
  let lastBr: DomNode | null = null;
  let captionDepth = 0;
  let linkDepth = 0;
  /** The enclosing block elements (their tags, and the elements), innermost last. */
  const blocks: string[] = [];
  const blockNodes: DomNode[] = [];
  const flush = () => {
    const unit = tidy(text);
    if (unit !== '') {
      const made = { text: unit, caption: captionDepth > 0, linked: letters === 0 ? 0 : linkedLetters / letters };
      units.push(made);
      hooks.onUnit?.(made, blockNodes[blockNodes.length - 1] ?? null);
    }
    text = '';
    letters = 0;
    linkedLetters = 0;
    brs = 0;
  };
  const stack: (DomNode | End)[] = [];
  const pushChildren = (node: DomNode) => {
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  };
  pushChildren(root);
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item instanceof End) {
      if (item.tag === 'A') linkDepth--;
      else {
        flush();
        blocks.pop();
        blockNodes.pop();
        if (item.tag === 'FIGCAPTION') captionDepth--;
      }
      continue;
    }
    if (item.nodeType === TEXT_NODE) {
      const value = item.textContent ?? '';
      if (brs > 0) {
        // White space between <br>s keeps the run going; the next words decide what the run was.
        if (value.trim() === '') continue;
        const paragraphLike = PARAGRAPHS.has(blocks[blocks.length - 1] ?? '');
        if (brs >= 2) flush();
        else if (!paragraphLike && SENTENCE_END.test(text)) {
          hooks.onBreak?.(lastBr!);
          flush();
        } else text += ' ';
        brs = 0;
      }
      text += value;
      const n = countLetters(value);
      letters += n;
      if (linkDepth > 0) linkedLetters += n;
      continue;
    }
    if (item.nodeType !== ELEMENT_NODE) continue;
    const tag = item.tagName ?? '';
    if (SKIPPED.has(tag)) continue;
    if (tag === 'BR') {
      brs++;
      lastBr = item;
      continue;
    }
    if (tag === 'HR' || HEADINGS.has(tag)) {
      flush();
      continue;
    }
    if (BLOCKS.has(tag)) {
      flush();
      blocks.push(tag);
      blockNodes.push(item);
      if (tag === 'FIGCAPTION') captionDepth++;
      stack.push(new End(tag));
    } else if (tag === 'A') {
      linkDepth++;
      stack.push(new End(tag));
    }
    pushChildren(item);
  }
  flush();
  return units;
}

const countLetters = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '').length;


/** Elements with no end tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'command', 'basefont', 'bgsound', 'frame', 'image']);
/** Elements a later sibling closes without an end tag (`<p>a<p>b`, `<li>`…): not counted, so that they never inflate the depth. */
const IMPLIED_END = new Set(['p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'rb', 'rt', 'rp', 'rtc']);

/**
 * How deep the tags of an HTML text nest, estimated from the tags alone in one pass (before any parsing):
 * the contents of comments, scripts and styles are skipped, void elements and elements with implied
 * ends are not counted, and stray end tags never make it negative. A document's real depth is close to
 * this; hostile nesting (100,000 `<div>`s) shows at once.
 */
export function nestingDepth(html: string): number {
  const tag = /<!--[\s\S]*?(?:-->|$)|<(script|style|textarea|title)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*?(\/?)>/g;
  let depth = 0;
  let max = 0;
  for (let m = tag.exec(html); m !== null; m = tag.exec(html)) {
    const name = m[3]?.toLowerCase();
    if (name === undefined || VOID.has(name) || IMPLIED_END.has(name)) continue;
    if (m[2] === '/') depth = Math.max(0, depth - 1);
    else if (m[4] !== '/') max = Math.max(max, ++depth);
  }
  return max;
}

/** Block tags, for reading over-deep HTML as plain text. */
const BLOCK_TAG = new RegExp(`<\\/?(?:${[...BLOCKS].join('|')})\\b[^>]*>`, 'gi');

/**
 * The paragraphs of HTML too deep to parse as a DOM: comments, scripts and styles dropped, block tags
 * and runs of `<br>` as paragraph breaks, every other tag removed, entities decoded.
 */
function flatParagraphs(html: string): string[] {
  const flat = html
    .replace(/<!--[\s\S]*?(?:-->|$)|<(script|style|noscript|template|button)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ')
    .replace(BLOCK_TAG, '\n\n')
    .replace(/(?:<br\b[^>]*>\s*){2,}/gi, '\n\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/</g, '&lt;');
  // With no tags left the document is flat, so parsing it only decodes the entities.
  const text = documentOf(`<!doctype html><html><body>${flat}</body></html>`).body.textContent ?? '';
  return text.split(/\n\s*\n/).map(tidy).filter((p) => p !== '');
}

/** White space collapsed (no-break spaces included), ends trimmed. */
export function tidy(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** The greatest depth of elements under a node, found without recursion; stops counting past `limit`. */
export function domDepth(root: DomNode, limit: number): number {
  let max = 0;
  const stack: [DomNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (max > limit) return max;
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) if (children[i]!.nodeType === ELEMENT_NODE) stack.push([children[i]!, depth + 1]);
  }
  return max;
}
