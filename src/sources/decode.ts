import type { ProblemFacts } from '../model/problems.js';
import { isUtf8 as isUtf8Bytes } from 'node:buffer';
import { getBOMEncoding, normalizeEncoding, TextDecoder } from '@exodus/bytes/encoding.js';
import sniffHTMLEncoding from 'html-encoding-sniffer';
import { err, ok, type Result } from '../result.js';

/**
 * Bytes to text as a browser reads them. The labels and mappings are the WHATWG Encoding Standard's
 * (https://encoding.spec.whatwg.org/), through @exodus/bytes: the label `iso-8859-1` means
 * windows-1252, whose bytes 0x80-0x9F are – „ “ ” ’ € and the like. Node 20's own TextDecoder maps
 * them to C1 control characters, so news from a Latin-1 site would lose every curly quote and dash.
 * @exodus/bytes is the decoder jsdom uses; html-encoding-sniffer (jsdom's too) implements the HTML
 * Standard's sniffing on top of it.
 */

/** A decoded document and the encoding it was read in (a WHATWG name, lower case: `utf-8`, `windows-1252`…). */
export interface Decoded {
  readonly text: string;
  readonly encoding: string;
}

/** Tuning for decoding; see each field. */
export const DECODE_DEFAULTS = Object.freeze({
  /** Bytes of the start of an XML document searched for its `<?xml … encoding="…"?>` declaration. */
  xmlDeclarationBytes: 1024,
  /** Bytes of a page searched for a `<meta charset>` that comes after the first 1024 (which the HTML
   *  Standard's prescan reads), when the page declared nothing in time and is not UTF-8. */
  lateMetaBytes: 64 * 1024,
  /** Control characters (C0 other than tab, line and page breaks, C1) a text file may hold, as a share
   *  of its characters, before it is taken for a binary file: a stray escape byte in a text is not a
   *  binary, which holds them by the thousand. 0-0.05. */
  maxControlShare: 0.01,
  /** Control characters any text file may hold, however short. */
  minControlsAllowed: 8,
});

/** The `charset` parameter of a Content-Type header, or null. */
export function charsetOf(contentType: string | null): string | null {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  const label = (m?.[1] ?? m?.[2] ?? '').trim();
  return label === '' ? null : label;
}

/** The WHATWG encoding name of a label (`latin1` → `windows-1252`), or null for a label no browser knows. */
export function encodingOf(label: string | null | undefined): string | null {
  if (!label) return null;
  return normalizeEncoding(label.trim());
}

/** Decodes bytes in a WHATWG encoding, a BOM of that encoding skipped; malformed sequences become U+FFFD. */
function decodeAs(bytes: Uint8Array, encoding: string): string {
  return new TextDecoder(encoding).decode(bytes);
}

/** Whether bytes are well-formed UTF-8. */
function isUtf8(bytes: Uint8Array): boolean {
  // node:buffer's check (simdutf): no string made, a few GB a second.
  return isUtf8Bytes(bytes);
}

/**
 * An HTML page's text, by the HTML Standard's encoding sniffing order: a byte order mark, then the
 * Content-Type header's charset, then a `<meta charset>` or `http-equiv="Content-Type"` in the first
 * 1024 bytes, then UTF-8. Repairs where browsers would show mojibake or U+FFFD (feedparser and
 * Readability-based readers do the like): a declaration of UTF-8 that the bytes contradict (they are
 * not UTF-8) gives way to the next declaration, else windows-1252; a one-byte encoding declared for
 * bytes that are UTF-8 beyond ASCII gives way to UTF-8; and a page that declares nothing
 * in time but is not UTF-8 is read in a `<meta charset>` found later in its head (a browser would
 * re-read the page in it), else windows-1252 (the Standard's default for most locales, and what an
 * undeclared legacy page almost always is).
 *
 * @example decodeHtml(bytes, 'text/html; charset=iso-8859-1').encoding // 'windows-1252'
 */
export function decodeHtml(bytes: Uint8Array, contentType: string | null): Decoded {
  const bom = getBOMEncoding(bytes);
  if (bom) return { text: decodeAs(bytes, bom), encoding: bom };
  const header = encodingOf(charsetOf(contentType));
  const early = sniffHTMLEncoding(bytes, { defaultEncoding: UNDECLARED });
  // A page cannot be "UTF-16" by its own <meta>: the Standard reads that as UTF-8 (the bytes are ASCII-compatible).
  const meta = early === UNDECLARED ? null : early.toLowerCase().startsWith('utf-16') ? 'utf-8' : early.toLowerCase();
  const encoding = firstFitting(bytes, [header, meta, isUtf8(bytes) ? 'utf-8' : lateMetaEncoding(bytes)]);
  return { text: decodeAs(bytes, encoding), encoding };
}

/** What the sniffer returns when nothing declares an encoding (not an encoding name). */
const UNDECLARED = 'x-pilcrow-undeclared';

/**
 * The first declared encoding the bytes do not contradict: UTF-8 is contradicted by bytes that are
 * not UTF-8 (a server or an XML declaration that says UTF-8 of a Latin-1 file); other encodings
 * cannot be told wrong from the bytes. windows-1252 when none is left, UTF-8 when none was declared
 * and the bytes are UTF-8.
 */
function firstFitting(bytes: Uint8Array, declared: readonly (string | null)[]): string {
  let utf8: boolean | undefined;
  for (const encoding of declared) {
    if (encoding === null) continue;
    // The other way round: bytes that are UTF-8 with letters beyond ASCII, labelled with a one-byte
    // encoding (a server's default "ISO-8859-1"), are UTF-8: Latin-1 text is never valid UTF-8 by chance.
    if (SINGLE_BYTE.test(encoding) && hasMultiByte(bytes) && (utf8 ??= isUtf8(bytes))) return 'utf-8';
    if (encoding !== 'utf-8') return encoding;
    if ((utf8 ??= isUtf8(bytes))) return encoding;
  }
  return (utf8 ?? isUtf8(bytes)) ? 'utf-8' : 'windows-1252';
}

/** One-byte encodings: any bytes are valid in them, so only UTF-8's stricter rules can tell a mislabel. */
const SINGLE_BYTE = /^(?:windows-125\d|iso-8859-\d+|koi8-[ru]|macintosh|x-mac-cyrillic|ibm866)$/;

/** Whether bytes hold anything beyond ASCII. */
function hasMultiByte(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

/** A `<meta charset>` (or http-equiv) past the first 1024 bytes, in the head, or null. */
function lateMetaEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, DECODE_DEFAULTS.lateMetaBytes)).toString('latin1');
  const end = head.search(/<\/head\s*>|<body[\s>]/i);
  const m = /<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(end < 0 ? head : head.slice(0, end));
  const name = encodingOf(m?.[1]);
  return name && !name.startsWith('utf-16') ? name : null;
}

/**
 * A feed's text. XML (RSS, Atom, RDF): a byte order mark, then the Content-Type header's charset,
 * then the `<?xml … encoding="…"?>` declaration (XML 1.0 Appendix F; RFC 7303 §3), then UTF-8 (and
 * windows-1252 for bytes that are not UTF-8, as for pages). A BOM wins over a header that contradicts
 * it, as the Encoding Standard's "decode" does; a UTF-8 label the bytes contradict gives way to the
 * next one, as for pages. JSON Feed is UTF-8 (RFC 8259 §8.1) unless a BOM says otherwise.
 *
 * @example decodeFeed(bytes, 'application/rss+xml').encoding // 'windows-1252' for <?xml encoding="ISO-8859-1"?>
 */
export function decodeFeed(bytes: Uint8Array, contentType: string | null): Decoded {
  const bom = getBOMEncoding(bytes);
  if (bom) return { text: decodeAs(bytes, bom), encoding: bom };
  const encoding = firstFitting(bytes, [encodingOf(charsetOf(contentType)), xmlDeclaredEncoding(bytes)]);
  return { text: decodeAs(bytes, encoding), encoding };
}

/** The encoding an XML declaration names (`<?xml version="1.0" encoding="ISO-8859-1"?>`), after any leading white space; null without one. */
export function xmlDeclaredEncoding(bytes: Uint8Array): string | null {
  // The declaration is ASCII in every encoding a feed is written in (UTF-16 is told by its BOM).
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, DECODE_DEFAULTS.xmlDeclarationBytes)).toString('latin1');
  const m = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  const name = encodingOf(m?.[1]);
  // "UTF-16" declared in bytes that are ASCII-compatible is a mislabel: read as UTF-8 (as browsers do).
  return name && name.startsWith('utf-16') ? 'utf-8' : name;
}

/** Why a file's bytes are not text. */
export interface NotText extends ProblemFacts {
  readonly code: 'not_text';
  readonly message: string;
}

/**
 * A text file (an article `.txt` or `.md`) as text: a byte order mark, or the charset a server named
 * (other than UTF-8), decides its encoding; otherwise it must be UTF-8. Bytes that are not valid in
 * that encoding, NUL bytes, or more than a trace of control characters mean the file is not text
 * (a binary renamed `.txt`), refused with one line.
 *
 * @example decodeTextFile(bytes, 'notes.txt', null) // err: "notes.txt is not a UTF-8 text file."
 */
export function decodeTextFile(bytes: Uint8Array, name: string, contentType: string | null): Result<string, NotText> {
  const encoding = getBOMEncoding(bytes) ?? encodingOf(charsetOf(contentType)) ?? 'utf-8';
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return err({ code: 'not_text', file: name.slice(0, 100), message: `${name} is not a${encoding === 'utf-8' ? ' UTF-8' : ''} text file${encoding === 'utf-8' ? '' : ` in ${encoding}, as its server says`}.` });
  }
  if (text.includes('\u0000')) return err({ code: 'not_text', file: name.slice(0, 100), message: `${name} is not a text file (it contains NUL bytes).` });
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Tab, line feed, vertical tab (Word's manual line break), form feed and carriage return are text.
    if ((c < 0x20 && (c < 0x09 || c > 0x0d)) || c === 0x7f || (c >= 0x80 && c < 0xa0)) controls++;
  }
  if (controls > Math.max(DECODE_DEFAULTS.minControlsAllowed, text.length * DECODE_DEFAULTS.maxControlShare)) return err({ code: 'not_text', file: name.slice(0, 100), message: `${name} is not a text file (it is full of control characters).` });
  return ok(text);
}
