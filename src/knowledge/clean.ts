import type { ArticleParts } from './parse.js';

/**
 * Line breaks written as something other than "\n": CRLF and a lone CR (old Mac files) become "\n";
 * vertical tab, form feed and NEL (U+0085, the C1 "next line") separate words, so they become a space
 * rather than vanishing and gluing two words together.
 */
const CRLF = /\r\n?/g;
const BREAKING_CONTROLS = /[\v\f\u0085]/g;

/**
 * Characters that cannot be stored or shown: every control character (C0, DEL, C1) but tab and
 * newline, lone surrogates (a JSON feed's "\ud800": not text, and UTF-8 cannot encode them), and the
 * 66 noncharacters (U+FFFE, U+FFFF, U+FDD0-U+FDEF and the last two of every plane). PostgreSQL refuses
 * NUL in any text column ("invalid byte sequence for encoding UTF8: 0x00"); SQLite stores it but
 * Discord and terminals show the rest as garbage or not at all. With the `u` flag, `\p{Cs}` matches a
 * surrogate only when it is not half of a pair.
 */
const UNSTORABLE = /(?![\t\n])[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/gu;
/** The same set, for a quick test without replacing (most text has none). */
const HAS_UNSTORABLE = /[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/u;

/**
 * Text without the characters that cannot be stored or shown: NUL and the other control characters
 * (tab and newline kept; CR, CRLF as "\n"; vertical tab, form feed and NEL as a space), lone
 * surrogates and noncharacters. Everything else, invisible format characters included (U+200B…),
 * stays as written: cited text is verbatim. Pure; returns `text` itself when there is nothing to clean.
 *
 * @example cleanText('Beta\u0000story') // 'Betastory'
 * @example cleanText('one\r\ntwo\fthree') // 'one\ntwo three'
 */
export function cleanText(text: string): string {
  if (!HAS_UNSTORABLE.test(text)) return text;
  return text.replace(CRLF, '\n').replace(BREAKING_CONTROLS, ' ').replace(UNSTORABLE, '');
}

/**
 * An article's parts with every text cleaned by {@link cleanText}: title, paragraphs, captions, and
 * the source, date and author when present. Call it before an article is stored, so that both
 * databases hold the same text and PostgreSQL never refuses it. A part made only of such characters
 * comes out empty, and an article left without a title or paragraphs is then refused like any empty
 * one (buildArticle).
 *
 * @example cleanParts({ title: 'Beta\u0000story', paragraphs: ['One.\u0000'] }) // { title: 'Betastory', paragraphs: ['One.'] }
 */
export function cleanParts(parts: ArticleParts): ArticleParts {
  const optional = (value: string | undefined) => (value === undefined ? undefined : cleanText(value));
  return {
    ...parts,
    title: cleanText(parts.title),
    paragraphs: parts.paragraphs.map((p) => cleanText(p)),
    captions: parts.captions?.map((c) => cleanText(c)),
    source: optional(parts.source),
    published: optional(parts.published),
    author: optional(parts.author),
    image: optional(parts.image),
    site: optional(parts.site),
  };
}
