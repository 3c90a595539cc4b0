import type { lookup } from 'node:dns';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { looksLikeFeed } from '../../src/feeds/reader.js';
import { FETCH_DEFAULTS, refusedRange, safeFetch } from '../../src/sources/fetch.js';
import { looksLikeHtml } from '../../src/sources/page.js';

const HTML = ['text/html'];
const PAGE = Buffer.from('<!doctype html><html><body><p>Zürich news from a compressed page.</p></body></html>', 'utf8');
const FEED = Buffer.from('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Town Crier</title></channel></rss>', 'utf8');
const zeros = Buffer.alloc(50 * 1024 * 1024);
const BOMB = { gzip: gzipSync(zeros, { level: 9 }), br: brotliCompressSync(zeros) };
let server: Server;
let base: string;
let port: number;
const hits: string[] = [];
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/page': (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"v1"' }).end('<p>Zürich news</p>'),
  '/latin1': (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' }).end(Buffer.from([0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68])),
  '/conditional': (q, r) => (q.headers['if-none-match'] === '"v1"' ? r.writeHead(304).end() : r.writeHead(200, { 'content-type': 'text/html', etag: '"v1"' }).end('fresh')),
  '/pdf': (_q, r) => r.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF'),
  '/error': (_q, r) => r.writeHead(500, { 'content-type': 'text/html' }).end('oops'),
  '/big-declared': (_q, r) => r.writeHead(200, { 'content-type': 'text/html', 'content-length': String(10 * 1024 * 1024) }).end(),
  '/big-streamed': (_q, r) => {
    r.writeHead(200, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    let sent = 0;
    const more = () => {
      while (sent < 10 && r.write(chunk)) sent++;
      if (sent < 10) r.once('drain', () => { sent++; more(); });
      else r.end();
    };
    more();
  },
  '/slow': () => {},
  '/to-file': (_q, r) => r.writeHead(302, { location: 'file:///etc/passwd' }).end(),
  '/loop': (_q, r) => r.writeHead(302, { location: '/loop' }).end(),
  '/hop': (_q, r) => r.writeHead(301, { location: '/page' }).end(),
  // Compressed whatever the request accepts, as misconfigured servers and CDNs do.
  '/gzip': (_q, r) => r.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(PAGE)),
  '/x-gzip': (_q, r) => r.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'x-gzip' }).end(gzipSync(PAGE)),
  '/deflate': (_q, r) => r.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' }).end(deflateSync(PAGE)),
  '/deflate-raw': (_q, r) => r.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' }).end(deflateRawSync(PAGE)),
  '/br': (_q, r) => r.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' }).end(brotliCompressSync(PAGE)),
  '/gzip-twice': (_q, r) => r.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip, br' }).end(brotliCompressSync(gzipSync(PAGE))),
  '/gzip-unlabelled': (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(gzipSync(FEED)),
  '/gzip-double': (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(gzipSync(gzipSync(FEED))),
  '/feed-gz-file': (_q, r) => r.writeHead(200, { 'content-type': 'application/x-gzip' }).end(gzipSync(FEED)),
  '/compress': (_q, r) => r.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'compress' }).end('x'),
  '/damaged-gzip': (_q, r) => r.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(PAGE).subarray(0, 30)),
  // 50 MB of zeros in about 50 KB: the limit counts the bytes it inflates to.
  '/gzip-bomb': (_q, r) => r.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(BOMB.gzip),
  '/br-bomb': (_q, r) => r.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' }).end(BOMB.br),
  '/feed-octet': (_q, r) => r.writeHead(200, { 'content-type': 'application/octet-stream' }).end(FEED),
  '/feed-untyped': (_q, r) => r.end(FEED),
  '/binary-octet': (_q, r) => r.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2])),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    (routes[req.url ?? ''] ?? ((_q, r) => r.writeHead(404).end()))(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the address rule', () => {
  it('refuses every non-public range, IPv4-mapped IPv6 included, and allows public unicast', () => {
    for (const [address, range] of [['127.0.0.1', 'loopback'], ['10.1.2.3', 'private'], ['192.168.0.1', 'private'], ['172.16.5.4', 'private'], ['169.254.169.254', 'linkLocal'], ['0.0.0.0', 'unspecified'], ['224.0.0.1', 'multicast'], ['::1', 'loopback'], ['fe80::1', 'linkLocal'], ['fd12:3456::1', 'uniqueLocal'], ['ff02::1', 'multicast'], ['::', 'unspecified'], ['::ffff:127.0.0.1', 'loopback'], ['::ffff:10.0.0.1', 'private']]) {
      expect(refusedRange(address!), address).toBe(range);
    }
    expect(refusedRange('93.184.216.34')).toBeNull();
    expect(refusedRange('2606:2800:220:1:248:1893:25c8:1946')).toBeNull();
  });

  it('refuses the local server however its address is written, and never connects', async () => {
    const before = hits.length;
    for (const url of [`${base}/page`, `http://2130706433:${port}/page`, `http://0x7f000001:${port}/page`, `http://0177.0.0.1:${port}/page`, `http://127.1:${port}/page`, `http://[::1]:${port}/page`, `http://[::ffff:127.0.0.1]:${port}/page`, `http://[::ffff:7f00:1]:${port}/page`, `http://0.0.0.0:${port}/page`]) {
      const r = await safeFetch(url, { accept: HTML });
      expect(r.ok, url).toBe(false);
      expect(!r.ok && r.error.code, url).toBe('address');
      expect(!r.ok && r.error.message, url).toMatch(/only public addresses are fetched/);
    }
    expect(hits.length).toBe(before);
  });

  it('checks the address a name resolves to when connecting, so a name cannot smuggle in a private address', async () => {
    const before = hits.length;
    const toLocal = ((host: string, options: object, callback: (e: null, a: { address: string; family: number }[]) => void) =>
      callback(null, [{ address: '127.0.0.1', family: 4 }])) as unknown as typeof lookup;
    const r = await safeFetch(`http://news.example:${port}/page`, { accept: HTML, lookup: toLocal });
    expect(!r.ok && r.error).toEqual({ code: 'address', host: expect.stringContaining('news.example'), message: 'news.example is a loopback address (127.0.0.1); only public addresses are fetched.' });
    expect(hits.length).toBe(before);
    const localhost = await safeFetch(`http://localhost:${port}/page`, { accept: HTML });
    expect(!localhost.ok && localhost.error.code).toBe('address');
    expect(hits.length).toBe(before);
  });

  it('refuses an IPv6 address that embeds a private IPv4 one, in every spelling (rel-09)', () => {
    for (const [address, range] of [['::7f00:1', 'loopback'], ['::127.0.0.1', 'loopback'], ['::a00:1', 'private'], ['::c0a8:101', 'private'], ['::a9fe:a9fe', 'linkLocal'], ['::ffff:0:7f00:1', 'rfc6145'], ['64:ff9b::7f00:1', 'rfc6052'], ['2002:7f00:1::', '6to4'], ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo']]) {
      expect(refusedRange(address!), address).toBe(range);
    }
    // IPv4-compatible addresses are deprecated (RFC 4291): refused even with a public IPv4 address inside.
    expect(refusedRange('::808:808')).toBe('ipv4Compatible');
  });

  it('never connects to [::127.0.0.1] or [::7f00:1]', async () => {
    const before = hits.length;
    for (const url of [`http://[::127.0.0.1]:${port}/page`, `http://[::7f00:1]:${port}/page`, `http://[0:0:0:0:0:0:127.0.0.1]:${port}/page`, `http://[::a00:1]:${port}/page`]) {
      const r = await safeFetch(url, { accept: HTML });
      expect(!r.ok && r.error.code, url).toBe('address');
    }
    expect(hits.length).toBe(before);
  });

  it('refuses schemes other than http and https, also after a redirect', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.com/a', 'gopher://example.com/', 'data:text/html,hi']) {
      const r = await safeFetch(url, { accept: HTML });
      expect(!r.ok && r.error.code, url).toBe('scheme');
    }
    const redirected = await safeFetch(`${base}/to-file`, { accept: HTML, allowPrivate: true });
    expect(!redirected.ok && redirected.error).toEqual({ code: 'scheme', message: 'Only http and https addresses can be fetched, not file.' });
  });
});

describe('fetching (ALLOW_PRIVATE_URLS, as in tests and self-hosting)', () => {
  const open = { accept: HTML, allowPrivate: true };

  it('returns the body\'s bytes, with its type and validators', async () => {
    const r = await safeFetch(`${base}/page`, open);
    expect(r.ok && r.value).toMatchObject({ status: 200, notModified: false, contentType: 'text/html; charset=utf-8', etag: '"v1"', url: `${base}/page` });
    expect(r.ok && r.value.bytes.toString('utf8')).toBe('<p>Zürich news</p>');
    const latin = await safeFetch(`${base}/latin1`, open);
    expect(latin.ok && [...latin.value.bytes]).toEqual([0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68]);
  });

  it('decompresses gzip, x-gzip, deflate (wrapped or raw), br and stacked codings, whatever was asked', async () => {
    for (const path of ['/gzip', '/x-gzip', '/deflate', '/deflate-raw', '/br', '/gzip-twice']) {
      const r = await safeFetch(`${base}${path}`, open);
      expect(r.ok && r.value.bytes.equals(PAGE), path).toBe(true);
    }
    // A gzip file served without its Content-Encoding (a feed.xml.gz): read by its magic number.
    const unlabelled = await safeFetch(`${base}/gzip-unlabelled`, { ...open, accept: ['application/rss+xml'] });
    expect(unlabelled.ok && unlabelled.value.bytes.equals(FEED)).toBe(true);
    const twice = await safeFetch(`${base}/gzip-double`, { ...open, accept: ['application/rss+xml'] });
    expect(twice.ok && twice.value.bytes.equals(FEED)).toBe(true);
    // A feed.xml.gz served as application/x-gzip: inflated, then sniffed as the feed it is.
    const file = await safeFetch(`${base}/feed-gz-file`, { ...open, accept: ['application/rss+xml'], sniff: looksLikeFeed });
    expect(file.ok && file.value.bytes.equals(FEED)).toBe(true);
  });

  it('holds the size limit on the inflated bytes: compression bombs are refused', async () => {
    expect(BOMB.gzip.length).toBeLessThan(FETCH_DEFAULTS.maxBytes / 10);
    for (const path of ['/gzip-bomb', '/br-bomb']) expect(await safeFetch(`${base}${path}`, open), path).toMatchObject({ ok: false, error: { code: 'too_large' } });
  });

  it('says so, in one line, when a body is compressed in an unknown way or damaged', async () => {
    expect(await safeFetch(`${base}/compress`, open)).toEqual({ ok: false, error: { code: 'content_encoding', host: `127.0.0.1:${port}`, message: `127.0.0.1:${port} sent a body compressed with "compress", which cannot be read.` } });
    expect(await safeFetch(`${base}/damaged-gzip`, open)).toEqual({ ok: false, error: { code: 'content_encoding', host: `127.0.0.1:${port}`, message: `127.0.0.1:${port} sent a gzip-compressed body that is damaged.` } });
  });

  it('sniffs a body served with no type or as octet-stream, and accepts it only when it is what was asked for', async () => {
    const feeds = { ...open, accept: ['application/rss+xml'], sniff: looksLikeFeed };
    for (const path of ['/feed-octet', '/feed-untyped']) {
      const r = await safeFetch(`${base}${path}`, feeds);
      expect(r.ok && r.value.bytes.equals(FEED), path).toBe(true);
    }
    expect(await safeFetch(`${base}/binary-octet`, feeds)).toMatchObject({ ok: false, error: { code: 'content_type' } });
    // Without a sniffer, an octet-stream is refused as before.
    expect(await safeFetch(`${base}/feed-octet`, { ...open, accept: ['application/rss+xml'] })).toMatchObject({ ok: false, error: { code: 'content_type' } });
  });

  it('follows redirects, up to five', async () => {
    const r = await safeFetch(`${base}/hop`, open);
    expect(r.ok && r.value.url).toBe(`${base}/page`);
    const loop = await safeFetch(`${base}/loop`, open);
    expect(!loop.ok && loop.error.code).toBe('redirects');
  });

  it('asks conditionally and reports "not modified"', async () => {
    const r = await safeFetch(`${base}/conditional`, { ...open, etag: '"v1"' });
    expect(r.ok && r.value.notModified).toBe(true);
  });

  it('refuses the wrong media type, an error status, a body over the limit and a server that never answers', async () => {
    expect(await safeFetch(`${base}/pdf`, open)).toMatchObject({ ok: false, error: { code: 'content_type' } });
    expect(await safeFetch(`${base}/error`, open)).toMatchObject({ ok: false, error: { code: 'http', status: 500, message: `127.0.0.1:${port} answered 500.` } });
    expect(await safeFetch(`${base}/big-declared`, open)).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(await safeFetch(`${base}/big-streamed`, open)).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(await safeFetch(`${base}/slow`, { ...open, timeoutMs: 300 })).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });
});

describe('sniffing what a mislabelled body is', () => {
  it('knows RSS, Atom, RDF and JSON Feed by their start, after a BOM, a declaration, comments or a stylesheet', () => {
    for (const text of ['<rss version="2.0">', '\ufeff<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', '<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><!-- hi --><rss>', '<rdf:RDF xmlns:rdf="x">', '{ "version": "https://jsonfeed.org/version/1.1", "title": "x" }']) {
      expect(looksLikeFeed(Buffer.from(text, 'utf8')), text).toBe(true);
    }
    for (const text of ['<!doctype html><html>', '{"title": "not a feed"}', 'PK\u0003\u0004', '%PDF-1.7']) expect(looksLikeFeed(Buffer.from(text, 'utf8')), text).toBe(false);
  });

  it('knows an HTML page by its doctype or first tag', () => {
    expect(looksLikeHtml(Buffer.from('\n<!DOCTYPE html><html>', 'utf8'))).toBe(true);
    expect(looksLikeHtml(Buffer.from('<!-- x --><html lang="en">', 'utf8'))).toBe(true);
    expect(looksLikeHtml(Buffer.from('%PDF-1.7', 'utf8'))).toBe(false);
  });
});
