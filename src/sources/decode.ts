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
  /** Control characters (C0 other than tab, line feed, form feed and carriage return) a text file may
   *  hold, as a share of its characters, before it is taken for a binary file. 0-0.05. */
  maxControlShare: 0.001,
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
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * An HTML page's text, by the HTML Standard's encoding sniffing order: a byte order mark, then the
 * Content-Type header's charset, then a `<meta charset>` or `http-equiv="Content-Type"` in the first
 * 1024 bytes, then UTF-8. A page that declares nothing and is not valid UTF-8 is read as
 * windows-1252 (the Standard's default for most locales, and what an undeclared legacy page almost
 * always is) rather than filled with U+FFFD.
 *
 * @example decodeHtml(bytes, 'text/html; charset=iso-8859-1').encoding // 'windows-1252'
 */
export function decodeHtml(bytes: Uint8Array, contentType: string | null): Decoded {
  const header = encodingOf(charsetOf(contentType));
  const sniffed = sniffHTMLEncoding(bytes, { ...(header ? { transportLayerEncodingLabel: header } : {}), defaultEncoding: UNDECLARED });
  const encoding = sniffed !== UNDECLARED ? sniffed.toLowerCase() : isUtf8(bytes) ? 'utf-8' : 'windows-1252';
  // A page cannot be "UTF-16" by its own <meta>: the Standard reads that as UTF-8 (the bytes are ASCII-compatible).
  const used = !getBOMEncoding(bytes) && !header && encoding.startsWith('utf-16') ? 'utf-8' : encoding;
  return { text: decodeAs(bytes, used), encoding: used };
}

/** What the sniffer returns when nothing declares an encoding (not an encoding name). */
const UNDECLARED = 'x-pilcrow-undeclared';

/**
 * A feed's text. XML (RSS, Atom, RDF): a byte order mark, then the Content-Type header's charset,
 * then the `<?xml … encoding="…"?>` declaration (XML 1.0 Appendix F; RFC 7303 §3), then UTF-8 (and
 * windows-1252 for bytes that are not UTF-8, as for pages). A BOM wins over a header that contradicts
 * it, as the Encoding Standard's "decode" does. JSON Feed is UTF-8 (RFC 8259 §8.1) unless a BOM says otherwise.
 *
 * @example decodeFeed(bytes, 'application/rss+xml').encoding // 'windows-1252' for <?xml encoding="ISO-8859-1"?>
 */
export function decodeFeed(bytes: Uint8Array, contentType: string | null): Decoded {
  const bom = getBOMEncoding(bytes);
  const header = encodingOf(charsetOf(contentType));
  const declared = bom ? null : header ?? xmlDeclaredEncoding(bytes);
  const encoding = bom ?? declared ?? (isUtf8(bytes) ? 'utf-8' : 'windows-1252');
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
export interface NotText {
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
    return err({ code: 'not_text', message: `${name} is not a${encoding === 'utf-8' ? ' UTF-8' : ''} text file${encoding === 'utf-8' ? '' : ` in ${encoding}, as its server says`}.` });
  }
  if (text.includes('\u0000')) return err({ code: 'not_text', message: `${name} is not a text file (it contains NUL bytes).` });
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f || (c >= 0x80 && c < 0xa0)) controls++;
  }
  if (controls > Math.max(1, text.length * DECODE_DEFAULTS.maxControlShare)) return err({ code: 'not_text', message: `${name} is not a text file (it is full of control characters).` });
  return ok(text);
}
