import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import type { ProblemFacts } from '../model/problems.js';
import ipaddr from 'ipaddr.js';
import { Agent, errors as undiciErrors, request } from 'undici';
import { err, ok, type Result } from '../result.js';

/** Limits of every fetch (feeds, pages, /ingest); see each field. */
export const FETCH_DEFAULTS = Object.freeze({
  /** The whole exchange, redirects and body included, in ms. */
  timeoutMs: 10_000,
  /** Largest body read, in bytes, once decompressed (and as sent); a longer one is refused (a page is rarely over 2 MB). */
  maxBytes: 5 * 1024 * 1024,
  /** Redirects followed before giving up. */
  maxRedirects: 5,
  /** Times a body that still starts with the gzip magic number is inflated once its declared codings
   *  are undone (a .gz file served as is, a body gzipped twice): 0-3. */
  extraGunzips: 2,
  userAgent: 'Pilcrow/0.1 (news question bot; +https://github.com/pilcrow-bot)',
});

export type FetchOptions = { readonly timeoutMs?: number; readonly maxBytes?: number; readonly maxRedirects?: number } & {
  /** Media types accepted (`text/html`, `application/rss+xml`…); anything else is refused, except as `sniff` allows. */
  readonly accept: readonly string[];
  /**
   * For a body served with no type or a generic binary one (`application/octet-stream`…, see
   * {@link SNIFFED_TYPES}): whether its first bytes are what was asked for (a feed, a page). Without
   * it, such a body is refused like any other type.
   */
  readonly sniff?: (head: Uint8Array) => boolean;
  /** Lifts the address rule: loopback and private networks may be fetched (tests, self-hosting). */
  readonly allowPrivate?: boolean;
  /** How names are resolved (default: the system's, `dns.lookup`); the address rule applies to its answers. */
  readonly lookup?: typeof dnsLookup;
  /** Conditional GET: the validators of the last successful fetch. */
  readonly etag?: string | null;
  readonly lastModified?: string | null;
};

/** Why a fetch was refused or failed; `message` is one line for people. */
export interface FetchError extends ProblemFacts {
  readonly code: 'bad_url' | 'scheme' | 'address' | 'dns' | 'timeout' | 'too_large' | 'content_type' | 'content_encoding' | 'http' | 'redirects' | 'network';
  /** One line for the logs; front ends say the code in their own words (src/model/problems.ts). */
  readonly message: string;
}

/**
 * A page or feed as fetched. `notModified` (304) has no body: the last one still holds. The body is
 * bytes, decompressed; what they mean as text depends on what they are (sources/decode.ts: a page's
 * `<meta charset>`, a feed's XML declaration), so the caller decodes them.
 */
export interface Fetched {
  /** The address the body came from, after redirects. */
  readonly url: string;
  readonly status: number;
  readonly notModified: boolean;
  readonly contentType: string | null;
  readonly bytes: Buffer;
  readonly etag: string | null;
  readonly lastModified: string | null;
}

/** Thrown by the guarded DNS lookup; carries the refusal to the caller through undici. */
class AddressRefused extends Error {
  constructor(readonly host: string, readonly address: string, readonly range: string) {
    super(`${host} resolves to ${address}, a ${range} address`);
  }
}

/**
 * Why an address may not be fetched (its ipaddr.js range: loopback, private, linkLocal, uniqueLocal,
 * multicast, unspecified, carrierGradeNat, reserved…), or null for a public unicast address. An IPv6
 * address that carries an IPv4 one is judged as that IPv4 address: IPv4-mapped (`::ffff:7f00:1`) and
 * IPv4-compatible (`::7f00:1`, `[::127.0.0.1]` in a URL; RFC 4291 §2.5.5.1, deprecated, so refused
 * even when the IPv4 address is public). The other forms that embed one (RFC 6052/6145 translation,
 * 6to4, Teredo) are special ranges of their own, all refused.
 */
export function refusedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else if (v6.parts.slice(0, 6).every((p) => p === 0) && (v6.parts[6] !== 0 || v6.parts[7]! > 1)) {
      const embedded = ipaddr.fromByteArray(v6.toByteArray().slice(12));
      const range = embedded.range();
      return range === 'unicast' ? 'ipv4Compatible' : range;
    }
  }
  const range = parsed.range();
  return range === 'unicast' ? null : range;
}

/**
 * Media types that say nothing of what a body is: a body served so (or with no type) may be sniffed
 * (see {@link FetchOptions.sniff}), as browsers and feed readers do with misconfigured servers.
 */
export const SNIFFED_TYPES: readonly string[] = ['', 'application/octet-stream', 'binary/octet-stream', 'application/binary', 'application/unknown', 'application/x-unknown', 'unknown/unknown', 'application/download', 'application/force-download', 'application/x-gzip', 'application/gzip'];

/** Content codings read (RFC 9110 §8.4.1); `x-gzip` is gzip's old name. */
const CODINGS = new Set(['gzip', 'x-gzip', 'deflate', 'br', 'identity']);

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup that fails when any address of the name is not public: checked on the addresses connected to. */
const guarded = (resolve: typeof dnsLookup) => (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
  resolve(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    for (const a of addresses) {
      const range = refusedRange(a.address);
      if (range) return callback(new AddressRefused(hostname, a.address, range) as NodeJS.ErrnoException, []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    return callback(null, first.address, first.family);
  });
};

const agentOptions = { headersTimeout: FETCH_DEFAULTS.timeoutMs, bodyTimeout: FETCH_DEFAULTS.timeoutMs };
/** One agent for the public web (every connection's address checked) and one for `allowPrivate`, made on first use. */
const agents: { guarded?: Agent; open?: Agent } = {};
function agentFor(options: FetchOptions): Agent {
  if (options.lookup) return new Agent({ ...agentOptions, connect: { lookup: (options.allowPrivate ? options.lookup : guarded(options.lookup)) as never } });
  if (options.allowPrivate) return (agents.open ??= new Agent(agentOptions));
  return (agents.guarded ??= new Agent({ ...agentOptions, connect: { lookup: guarded(dnsLookup) as never } }));
}

/** Checks a URL before connecting: http(s) only, and no literal address that is not public. */
function checkUrl(raw: string, allowPrivate: boolean): Result<URL, FetchError> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return err({ code: 'bad_url', message: `"${raw.slice(0, 200)}" is not a web address.` });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return err({ code: 'scheme', message: `Only http and https addresses can be fetched, not ${url.protocol.replace(/:$/, '')}.` });
  if (url.username || url.password) return err({ code: 'bad_url', message: 'Addresses with a user name or password are not fetched.' });
  // The URL parser has already turned every spelling of an IPv4 address (decimal, hex, octal, short) into dotted form.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && ipaddr.isValid(host)) {
    const range = refusedRange(host);
    if (range) return err({ code: 'address', host: url.host, message: `${url.host} is a ${range} address; only public addresses are fetched.` });
  }
  return ok(url);
}

/**
 * Fetches a page or feed safely: http(s) only; never a loopback, private, link-local, unique-local,
 * multicast or unspecified address, however written, and checked on the address actually connected to
 * (so a DNS answer cannot change between check and connect) and again after every redirect (at most
 * {@link FETCH_DEFAULTS.maxRedirects}); a time limit on the whole exchange; a size limit on the body;
 * only the media types asked for. Conditional GET with `etag` / `lastModified`. Never throws.
 *
 * @example const page = await safeFetch('https://example.com/news/1', { accept: ['text/html'] });
 */
export async function safeFetch(rawUrl: string, options: FetchOptions): Promise<Result<Fetched, FetchError>> {
  const dispatcher = agentFor(options);
  try {
    return await fetchWith(dispatcher, rawUrl, options);
  } finally {
    // An agent made for one call (its own lookup) is closed with it; the shared ones keep their connections.
    if (options.lookup) void dispatcher.close();
  }
}

async function fetchWith(dispatcher: Agent, rawUrl: string, options: FetchOptions): Promise<Result<Fetched, FetchError>> {
  const limits = { ...FETCH_DEFAULTS, ...options };
  const allowPrivate = options.allowPrivate === true;
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let current = rawUrl;
  for (let hop = 0; ; hop++) {
    const checked = checkUrl(current, allowPrivate);
    if (!checked.ok) return checked;
    const url = checked.value;
    const headers: Record<string, string> = {
      'user-agent': FETCH_DEFAULTS.userAgent,
      accept: `${options.accept.join(', ')};q=1, */*;q=0.1`,
      // Compressed bodies are read (and misconfigured servers send them whatever is asked).
      'accept-encoding': 'gzip, deflate, br',
    };
    if (hop === 0 && options.etag) headers['if-none-match'] = options.etag;
    if (hop === 0 && options.lastModified) headers['if-modified-since'] = options.lastModified;
    let response;
    try {
      response = await request(url, { method: 'GET', headers, signal, dispatcher });
    } catch (e) {
      return err(failure(e, url));
    }
    const { statusCode } = response;
    const header = (name: string) => {
      const v = response.headers[name];
      return Array.isArray(v) ? v[0] ?? null : v ?? null;
    };
    if (statusCode >= 300 && statusCode < 400 && statusCode !== 304) {
      await response.body.dump().catch(() => undefined);
      const location = header('location');
      if (!location) return err({ code: 'http', status: statusCode, host: url.host, message: `${url.host} answered ${statusCode} without saying where to go.` });
      if (hop >= limits.maxRedirects) return err({ code: 'redirects', host: url.host, message: `${rawUrl} redirects more than ${limits.maxRedirects} times.` });
      current = new URL(location, url).toString();
      continue;
    }
    const base = { url: url.toString(), status: statusCode, etag: header('etag'), lastModified: header('last-modified') };
    if (statusCode === 304) {
      await response.body.dump().catch(() => undefined);
      return ok({ ...base, notModified: true, contentType: null, bytes: Buffer.alloc(0) });
    }
    if (statusCode < 200 || statusCode >= 300) {
      await response.body.dump().catch(() => undefined);
      return err({ code: 'http', status: statusCode, host: url.host, message: `${url.host} answered ${statusCode}.` });
    }
    const contentType = header('content-type');
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
    const sniffed = !options.accept.includes(mediaType) && options.sniff !== undefined && SNIFFED_TYPES.includes(mediaType);
    if (!options.accept.includes(mediaType) && !sniffed) {
      await response.body.dump().catch(() => undefined);
      return err({ code: 'content_type', host: url.host, message: `${url.toString().slice(0, 200)} is ${mediaType || 'of no stated type'}, not ${options.accept.join(' or ')}.` });
    }
    const declared = Number(header('content-length'));
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      discard(response.body);
      return err({ code: 'too_large', host: url.host, limitMb: Math.round(limits.maxBytes / 1024 / 1024), message: `${url.host} sent ${Math.round(declared / 1024 / 1024)} MB; the limit is ${Math.round(limits.maxBytes / 1024 / 1024)} MB.` });
    }
    const codings = (header('content-encoding') ?? '').split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '');
    const unknown = codings.find((c) => !CODINGS.has(c));
    if (unknown) {
      discard(response.body);
      return err({ code: 'content_encoding', host: url.host, message: `${url.host} sent a body compressed with "${unknown.slice(0, 40)}", which cannot be read.` });
    }
    let bytes: Buffer;
    try {
      const read = await readBody(response.body, codings, limits.maxBytes);
      if (read === 'too_large') return err({ code: 'too_large', host: url.host, limitMb: Math.round(limits.maxBytes / 1024 / 1024), message: `${url.host} sent more than ${Math.round(limits.maxBytes / 1024 / 1024)} MB; the limit.` });
      bytes = read;
    } catch (e) {
      if (isZlibError(e)) return err({ code: 'content_encoding', host: url.host, message: `${url.host} sent a ${codings.join('+') || 'gzip'}-compressed body that is damaged.` });
      return err(failure(e, url));
    }
    if (sniffed && !options.sniff!(bytes.subarray(0, SNIFF_BYTES))) {
      return err({ code: 'content_type', host: url.host, message: `${url.toString().slice(0, 200)} is ${mediaType || 'of no stated type'} and does not read as ${options.accept.join(' or ')}.` });
    }
    return ok({ ...base, notModified: false, contentType, bytes });
  }
}

/** Bytes of a body's start that a sniffer sees. */
export const SNIFF_BYTES = 1024;

/** The gzip magic number: a body that starts so is gzip whatever its headers say. */
const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

/**
 * Reads a body, undoing its content codings (last applied, first undone), with the size limit on the
 * bytes as sent and on the decoded bytes alike (a small gzip bomb is caught as it inflates). A body
 * that still starts with the gzip magic number is inflated too ({@link FETCH_DEFAULTS.extraGunzips}):
 * servers that gzip a feed file and forget the header, or gzip it twice, exist, and no page or feed
 * starts with those bytes.
 */
async function readBody(body: Readable, codings: readonly string[], maxBytes: number): Promise<Buffer | 'too_large'> {
  const sent = await collect(body, maxBytes);
  if (sent === 'too_large') return sent;
  let bytes = sent;
  const steps = codings.filter((c) => c !== 'identity').reverse();
  for (const coding of steps) {
    const decoded = await collect(Readable.from([bytes]).pipe(decompressor(coding, bytes)), maxBytes);
    if (decoded === 'too_large') return decoded;
    bytes = decoded;
  }
  // A gzip file served as it is (a feed.xml.gz, application/x-gzip), or gzipped twice over.
  for (let extra = 0; extra < FETCH_DEFAULTS.extraGunzips && GZIP_MAGIC.every((b, i) => bytes[i] === b); extra++) {
    const decoded = await collect(Readable.from([bytes]).pipe(createGunzip()), maxBytes);
    if (decoded === 'too_large') return decoded;
    bytes = decoded;
  }
  return bytes;
}

/**
 * The stream that undoes one coding. "deflate" is meant to be zlib-wrapped (RFC 9110 §8.4.1.2), but
 * some servers send raw deflate: told apart by the zlib header, as browsers do.
 */
function decompressor(coding: string, bytes: Buffer) {
  if (coding === 'br') return createBrotliDecompress();
  if (coding === 'deflate') {
    const zlibHeader = bytes.length >= 2 && (bytes[0]! & 0x0f) === 8 && ((bytes[0]! << 8) | bytes[1]!) % 31 === 0;
    return zlibHeader ? createInflate() : createInflateRaw();
  }
  return createGunzip();
}

/** The chunks of a stream as one buffer, or 'too_large' (the stream destroyed) past `maxBytes`. */
async function collect(stream: Readable | NodeJS.ReadableStream, maxBytes: number): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      discard(stream as Readable);
      return 'too_large';
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Stops reading a body: its stream is destroyed, and the abort that follows is not an unhandled error. */
function discard(stream: Readable): void {
  stream.on('error', () => undefined);
  stream.destroy();
}

/** Whether an error comes from zlib (a damaged compressed body). */
function isZlibError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code === 'ERR__ERROR_FORMAT_PADDING_1';
}

/** A thrown fetch failure as a one-line reason. */
function failure(e: unknown, url: URL): FetchError {
  let cause: unknown = e;
  for (let i = 0; i < 5 && cause; i++) {
    if (cause instanceof AddressRefused) return { code: 'address', host: url.host, message: `${cause.host} is a ${cause.range} address (${cause.address}); only public addresses are fetched.` };
    cause = (cause as { cause?: unknown }).cause;
  }
  const error = e as NodeJS.ErrnoException & { name?: string };
  if (error.name === 'TimeoutError' || error.name === 'AbortError' || e instanceof undiciErrors.HeadersTimeoutError || e instanceof undiciErrors.BodyTimeoutError) {
    return { code: 'timeout', host: url.host, message: `${url.host} did not answer in time.` };
  }
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return { code: 'dns', host: url.host, message: `${url.hostname} could not be found.` };
  return { code: 'network', host: url.host, message: `${url.host} could not be reached (${error.code ?? error.message ?? 'error'}).` };
}
