import { decodeHTMLStrict, escapeText } from 'entities';
import { parseHTML } from 'linkedom';

/** Tuning for {@link plainText}. */
export const TEXT_DEFAULTS = Object.freeze({
  /**
   * Times entities still present after the XML parser's own decoding are decoded again: 1 undoes the
   * usual double encoding (WordPress's `&amp;#8217;`), 2 also `&amp;amp;` inside CDATA. 0-3; each pass
   * turns a literal "&amp;" a title might mean into "&", which news titles never mean.
   */
  extraDecodings: 2,
});

/**
 * How a feed marks up one of its short texts (a title, an author's name):
 * - `text`: literal text (an Atom text construct with `type="text"` or no type, RFC 4287 §3.1.1.1):
 *   a "<" in it is a "<", never markup.
 * - `html`: escaped HTML (Atom `type="html"`, §3.1.1.2), already unescaped once by the XML parser.
 * - `xhtml`: the inner markup of an Atom `type="xhtml"` div (§3.1.1.3).
 * - `loose`: a format that does not say (RSS and RSS 1.0 titles, JSON Feed strings): plain text by
 *   intent, but publishers put markup and doubly encoded entities in it.
 */
export type TextKind = 'text' | 'html' | 'xhtml' | 'loose';

/**
 * HTML elements whose tags are taken out of a `loose` text when it shows real markup. Only the
 * elements publishers put in titles (phrasing and simple blocks): a text about tables, say
 * "<col> inside <colgroup>", keeps its literal tags.
 */
const TITLE_ELEMENTS = new Set([
  'a', 'abbr', 'acronym', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br', 'center', 'cite', 'code', 'del', 'dfn', 'div', 'em',
  'font', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'nobr', 'ol', 'p', 'q', 's', 'samp',
  'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'ul', 'var', 'wbr',
]);

/** Elements an article's HTML holds besides the title elements: their closing tags show a text is HTML. */
const ARTICLE_ELEMENTS = new Set([
  ...TITLE_ELEMENTS, 'article', 'aside', 'audio', 'caption', 'dd', 'details', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'header', 'iframe', 'main', 'nav', 'picture', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'tr', 'video',
]);

/** Elements that stand alone (no closing tag): one of them is as sure a sign of markup as a closing tag. */
const VOID_ELEMENTS = new Set(['br', 'hr', 'img', 'wbr', 'source', 'embed']);

/** Elements whose edges separate words ("<p>One</p><p>Two</p>" reads "One Two", "<b>Blue</b>bird" reads "Bluebird"). */
const BLOCK_ELEMENTS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'CENTER', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'H1', 'H2',
  'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL',
]);

/** Elements whose content is not text a reader sees. */
const HIDDEN_ELEMENTS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);

const TAG = /<(\/?)([a-z][a-z0-9]*)\b[^<>]*?\/?>/gi;
const COMMENT = /<!--[\s\S]*?-->/g;
const ENTITY = /&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i;

/**
 * A feed's short text (a title, an author) as plain text: markup removed, entities decoded, white
 * space collapsed; null when nothing is left. Entities still present after the XML parser's own
 * decoding are decoded again ({@link TEXT_DEFAULTS}), because publishers encode twice (WordPress's
 * `&amp;#8217;`, `&amp;amp;`, `&#039;` inside CDATA) and a title never means the literal "&amp;".
 * In a `loose` text, tags are taken out only when it clearly holds markup ({@link looksLikeHtml}),
 * so a literal "<" in "x < y" or "rejects <col>" stays.
 *
 * @example plainText('Review: <em>Blue Harbour</em>', 'html') // 'Review: Blue Harbour'
 * @example plainText('builder rejects <col> inside <colgroup>', 'text') // unchanged
 * @example plainText('It&#8217;s &lt;b&gt;here&lt;/b&gt;', 'loose') // 'It’s here'
 */
export function plainText(value: string | null | undefined, kind: TextKind): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  let text: string;
  switch (kind) {
    case 'html':
    case 'xhtml':
      text = decodeLeftovers(htmlText(value));
      break;
    case 'text':
      text = decodeLeftovers(value);
      break;
    case 'loose':
      text = decodeLeftovers(value.replace(COMMENT, ''));
      if (looksLikeHtml(text, TITLE_ELEMENTS)) text = stripTags(text);
      break;
  }
  const tidy = collapse(text);
  return tidy === '' ? null : tidy;
}

/**
 * The text a reader sees in an HTML fragment, read with linkedom's HTML parser (entities decoded
 * as browsers decode them), a space at each block edge and `<br>`; white space not yet collapsed.
 */
export function htmlText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  let out = '';
  const visit = (node: { nodeType: number; nodeName: string; textContent: string | null; childNodes: ArrayLike<unknown> }) => {
    for (const child of Array.from(node.childNodes) as (typeof node)[]) {
      if (child.nodeType === 3) out += child.textContent ?? '';
      else if (child.nodeType === 1 && !HIDDEN_ELEMENTS.has(child.nodeName)) {
        const block = BLOCK_ELEMENTS.has(child.nodeName);
        if (block) out += ' ';
        visit(child);
        if (block) out += ' ';
      }
    }
  };
  visit(document.body);
  return out;
}

/**
 * Plain text as HTML paragraphs, for feeds that carry an article as text (JSON Feed
 * `content_text` and `summary`, Atom `type="text"` content): escaped, a blank line between
 * paragraphs, a single line break kept as `<br>`. Null for empty text.
 *
 * @example textToHtml('a < b\n\nNext') // '<p>a &lt; b</p><p>Next</p>'
 */
export function textToHtml(text: string | null | undefined): string | null {
  if (typeof text !== 'string' || text.trim() === '') return null;
  const paragraphs = text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${escapeText(p).replace(/\r?\n/g, '<br>')}</p>`);
  return paragraphs.join('');
}

/**
 * Entities left after the XML parser's decoding, decoded again up to `extraDecodings` times; strictly
 * (only complete references), so "AT&T" and "R&D;" stay.
 */
export function decodeLeftovers(text: string, passes: number = TEXT_DEFAULTS.extraDecodings): string {
  let out = text;
  for (let i = 0; i < passes && ENTITY.test(out); i++) out = decodeHTMLStrict(out);
  return out;
}

/**
 * Whether a text holds HTML markup rather than a literal "<": a closing tag or a standalone element
 * (`<br>`, `<img …>`) of a known element (by default those of articles; {@link plainText} narrows it
 * to title elements). The same test as feedparser's `_looks_like_html`: "x < y", "a <3 b" and
 * "rejects <col> inside <colgroup>" are text.
 */
export function looksLikeHtml(text: string, elements: ReadonlySet<string> = ARTICLE_ELEMENTS): boolean {
  for (const m of text.matchAll(TAG)) {
    const name = m[2]!.toLowerCase();
    if (elements.has(name) && (m[1] === '/' || VOID_ELEMENTS.has(name))) return true;
  }
  return false;
}

/** The text with the tags of title elements taken out; a block edge or `<br>` leaves a space. */
function stripTags(text: string): string {
  return text.replace(TAG, (tag, _slash: string, name: string) => {
    const upper = name.toUpperCase();
    if (!TITLE_ELEMENTS.has(name.toLowerCase())) return tag;
    return BLOCK_ELEMENTS.has(upper) ? ' ' : '';
  });
}

/** White space (including no-break spaces and line breaks) as single spaces, trimmed. */
function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
