import type { lookup } from 'node:dns';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedRange, safeFetch } from '../../src/sources/fetch.js';

const HTML = ['text/html'];
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
    expect(!r.ok && r.error).toEqual({ code: 'address', message: 'news.example is a loopback address (127.0.0.1); only public addresses are fetched.' });
    expect(hits.length).toBe(before);
    const localhost = await safeFetch(`http://localhost:${port}/page`, { accept: HTML });
    expect(!localhost.ok && localhost.error.code).toBe('address');
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
