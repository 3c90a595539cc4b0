import { describe, expect, it } from 'vitest';
import { charsetOf, decodeFeed, decodeHtml, decodeTextFile, xmlDeclaredEncoding } from '../../src/sources/decode.js';
import { caseFile, hasCase } from '../real-cases/site.js';

const latin1 = (text: string) => Buffer.from(text, 'latin1');
/** The windows-1252 bytes of typographic marks: “ ” ‘ ’ – — € … */
const CP1252_MARKS = [0x93, 0x94, 0x91, 0x92, 0x96, 0x97, 0x80, 0x85];

describe('decoding a web page as a browser does', () => {
  it('reads windows-1252 marks (0x80-0x9F) right when the header says iso-8859-1, as the Encoding Standard maps that label', () => {
    const page = Buffer.concat([latin1('<p>'), Buffer.from(CP1252_MARKS), latin1(' caf\xe9</p>')]);
    const r = decodeHtml(page, 'text/html; charset=ISO-8859-1');
    expect(r).toEqual({ text: '<p>“”‘’–—€… café</p>', encoding: 'windows-1252' });
    expect(r.text).not.toMatch(/[\u0080-\u009f\ufffd]/);
  });

  it('takes the encoding from <meta charset> or http-equiv when the header names none', () => {
    expect(decodeHtml(latin1('<html><head><meta charset="iso-8859-1"><title>Z\xfcrich</title>'), 'text/html').text).toContain('Zürich');
    expect(decodeHtml(latin1('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>\xcc\xee\xf1\xea\xe2\xe0</p>'), null).text).toContain('Москва');
  });

  it('lets the header win over <meta>, and a BOM win over both', () => {
    expect(decodeHtml(latin1('<meta charset="utf-8"><p>caf\xe9</p>'), 'text/html; charset=windows-1252').text).toContain('café');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>café – ok</p>', 'utf8')]);
    expect(decodeHtml(bom, 'text/html; charset=iso-8859-1')).toEqual({ text: '<p>café – ok</p>', encoding: 'utf-8' });
  });

  it('reads UTF-8 when nothing is declared, and windows-1252 when undeclared bytes are not UTF-8', () => {
    expect(decodeHtml(Buffer.from('<p>Tromsø „quoted“</p>', 'utf8'), null)).toEqual({ text: '<p>Tromsø „quoted“</p>', encoding: 'utf-8' });
    expect(decodeHtml(latin1('<p>caf\xe9 \x93ok\x94</p>'), 'text/html')).toEqual({ text: '<p>café “ok”</p>', encoding: 'windows-1252' });
  });

  it('reads a page labelled UTF-8 whose bytes are not, by its next declaration or as windows-1252, never with U+FFFD', () => {
    expect(decodeHtml(latin1('<meta charset="iso-8859-15"><p>\xa4 caf\xe9</p>'), 'text/html; charset=utf-8')).toEqual({ text: '<meta charset="iso-8859-15"><p>€ café</p>', encoding: 'iso-8859-15' });
    expect(decodeHtml(latin1('<p>Z\xfcrich \x96 caf\xe9</p>'), 'text/html; charset=UTF-8')).toEqual({ text: '<p>Zürich – café</p>', encoding: 'windows-1252' });
    expect(decodeHtml(latin1('<meta charset="utf-8"><p>Z\xfcrich</p>'), 'text/html').text).toContain('Zürich');
  });

  it('reads UTF-8 bytes labelled with a one-byte encoding (a server default) as UTF-8', () => {
    expect(decodeHtml(Buffer.from('<p>Tromsø – „quoted“ café</p>', 'utf8'), 'text/html; charset=ISO-8859-1')).toEqual({ text: '<p>Tromsø – „quoted“ café</p>', encoding: 'utf-8' });
    // Plain ASCII says nothing either way: the label stands.
    expect(decodeHtml(Buffer.from('<p>plain</p>', 'utf8'), 'text/html; charset=ISO-8859-1').encoding).toBe('windows-1252');
  });

  it('finds a <meta charset> that comes after the first 1024 bytes when the page is not UTF-8', () => {
    const page = latin1(`<html><head><style>${'.a{color:red}'.repeat(120)}</style><meta charset="windows-1251"></head><body><p>\xcc\xee\xf1\xea\xe2\xe0</p></body></html>`);
    expect(decodeHtml(page, 'text/html')).toMatchObject({ encoding: 'windows-1251', text: expect.stringContaining('<p>Москва</p>') });
  });

  it('ignores a charset no browser knows', () => {
    expect(charsetOf('text/html; charset="no-such-thing"')).toBe('no-such-thing');
    expect(decodeHtml(Buffer.from('<p>é</p>', 'utf8'), 'text/html; charset=no-such-thing').encoding).toBe('utf-8');
  });
});

describe('decoding a feed by XML\'s rules', () => {
  it('reads the encoding from the XML declaration when the header names none', () => {
    const feed = latin1('<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>F\xeate \x96 Gen\xe8ve</title></channel></rss>');
    expect(xmlDeclaredEncoding(feed)).toBe('windows-1252');
    expect(decodeFeed(feed, 'application/rss+xml').text).toContain('<title>Fête – Genève</title>');
    // A declaration that the windows-1252 fallback for non-UTF-8 bytes could not stand in for.
    const cyrillic = latin1('<?xml version="1.0" encoding="windows-1251"?>\n<rss><channel><title>\xcc\xee\xf1\xea\xe2\xe0</title></channel></rss>');
    expect(decodeFeed(cyrillic, 'application/rss+xml')).toMatchObject({ encoding: 'windows-1251', text: expect.stringContaining('<title>Москва</title>') });
  });

  it('lets a BOM win over a header that contradicts it, and the header over the declaration', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<?xml version="1.0"?><rss><channel><title>Valley – Café</title></channel></rss>', 'utf8')]);
    expect(decodeFeed(bom, 'application/rss+xml; charset=ISO-8859-1').text).toContain('Valley – Café');
    expect(decodeFeed(latin1('<?xml version="1.0" encoding="utf-8"?><title>caf\xe9</title>'), 'text/xml; charset=iso-8859-1').text).toContain('café');
  });

  it('reads a feed whose header or declaration says UTF-8 of Latin-1 bytes without U+FFFD', () => {
    expect(decodeFeed(latin1('<?xml version="1.0" encoding="utf-8"?><title>F\xeate \x96 Gen\xe8ve</title>'), 'application/rss+xml').text).toContain('<title>Fête – Genève</title>');
    expect(decodeFeed(latin1('<?xml version="1.0" encoding="ISO-8859-1"?><title>F\xeate</title>'), 'application/rss+xml; charset=utf-8').text).toContain('<title>Fête</title>');
  });

  it('reads UTF-16 told by its BOM', () => {
    const text = '<?xml version="1.0" encoding="UTF-16"?><rss><channel><title>Zürich</title></channel></rss>';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeFeed(le, 'application/xml').text).toBe(text);
  });

  it.skipIf(!hasCase('ingest-07'))('reads the five ways ingest-07 serves one feed to the same title', () => {
    for (const [file, type] of [['bom.xml', null], ['newline.xml', null], ['blank-lines.xml', null], ['bom-newline.xml', null], ['bom.xml', 'application/rss+xml; charset=ISO-8859-1']] as const) {
      expect(decodeFeed(caseFile('ingest-07', `www/${file}`), type ?? 'application/rss+xml').text, file).toContain('<title>Valley Gazette – Café</title>');
    }
  });
});

describe('a file uploaded or ingested as an article', () => {
  it('is read as UTF-8, or as its BOM or server says', () => {
    expect(decodeTextFile(Buffer.from('Title\n\nA paragraph about Zürich.', 'utf8'), 'a.txt', null)).toEqual({ ok: true, value: 'Title\n\nA paragraph about Zürich.' });
    expect(decodeTextFile(latin1('Caf\xe9 news\n\nIt opened.'), 'a.txt', 'text/plain; charset=windows-1252')).toEqual({ ok: true, value: 'Café news\n\nIt opened.' });
  });

  it('is refused in one line when it is not text: bytes that are not UTF-8, NUL bytes, control characters', () => {
    const binary = Buffer.from(Array.from({ length: 3000 }, (_, i) => 1 + (i % 255)));
    expect(decodeTextFile(binary, 'garbage.txt', 'text/plain')).toEqual({ ok: false, error: { code: 'not_text', file: 'garbage.txt', message: 'garbage.txt is not a UTF-8 text file.' } });
    expect(decodeTextFile(Buffer.from('Title\n\nText\u0000more', 'utf8'), 'nul.txt', null)).toMatchObject({ ok: false, error: { message: 'nul.txt is not a text file (it contains NUL bytes).' } });
    const controls = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 0x01 + (i % 8) : 0x61)));
    expect(decodeTextFile(controls, 'ctl.md', null)).toMatchObject({ ok: false, error: { message: 'ctl.md is not a text file (it is full of control characters).' } });
  });

  it('takes Word\'s manual line breaks (vertical tabs) and a stray escape byte for text', () => {
    expect(decodeTextFile(Buffer.from('Title\n\nFirst line\u000bsecond line of the paragraph.\f', 'utf8'), 'word.txt', null).ok).toBe(true);
    expect(decodeTextFile(Buffer.from(`Title\n\n${'A sentence of the article. '.repeat(20)}\u001b[0m`, 'utf8'), 'log.txt', null).ok).toBe(true);
  });

  it.skipIf(!hasCase('rel-08'))('refuses rel-08\'s 3,000 bytes of binary', () => {
    expect(decodeTextFile(caseFile('rel-08', 'garbage.txt'), 'garbage.txt', 'text/plain; charset=utf-8')).toMatchObject({ ok: false, error: { code: 'not_text' } });
  });
});
