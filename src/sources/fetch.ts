import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { Agent, errors as undiciErrors, request } from 'undici';
import { err, ok, type Result } from '../result.js';

/** Limits of every fetch (feeds, pages, /ingest); see each field. */
export const FETCH_DEFAULTS = Object.freeze({
  /** The whole exchange, redirects and body included, in ms. */
  timeoutMs: 10_000,
  /** Largest body read, in bytes; a longer one is refused (a page is rarely over 2 MB). */
  maxBytes: 5 * 1024 * 1024,
  /** Redirects followed before giving up. */
  maxRedirects: 5,
  userAgent: 'Pilcrow/0.1 (news question bot; +https://github.com/pilcrow-bot)',
});

export type FetchOptions = { readonly timeoutMs?: number; readonly maxBytes?: number; readonly maxRedirects?: number } & {
  /** Media types accepted (`text/html`, `application/rss+xml`…); anything else is refused. */
  readonly accept: readonly string[];
  /** Lifts the address rule: loopback and private networks may be fetched (tests, self-hosting). */
  readonly allowPrivate?: boolean;
  /** How names are resolved (default: the system's, `dns.lookup`); the address rule applies to its answers. */
  readonly lookup?: typeof dnsLookup;
  /** Conditional GET: the validators of the last successful fetch. */
  readonly etag?: string | null;
  readonly lastModified?: string | null;
};

/** Why a fetch was refused or failed; `message` is one line for people. */
export interface FetchError {
  readonly code: 'bad_url' | 'scheme' | 'address' | 'dns' | 'timeout' | 'too_large' | 'content_type' | 'http' | 'redirects' | 'network';
  readonly message: string;
  /** The HTTP status, for `http`. */
  readonly status?: number;
}

/** A page or feed as fetched. `notModified` (304) has no body: the last one still holds. */
export interface Fetched {
  /** The address the body came from, after redirects. */
  readonly url: string;
  readonly status: number;
  readonly notModified: boolean;
  readonly contentType: string | null;
  readonly body: string;
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
 * multicast, unspecified, carrierGradeNat, reserved…), or null for a public unicast address. An
 * IPv4-mapped IPv6 address is judged as the IPv4 address it carries.
 */
export function refusedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === 'unicast' ? null : range;
}

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
    if (range) return err({ code: 'address', message: `${url.host} is a ${range} address; only public addresses are fetched.` });
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
      'accept-encoding': 'identity',
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
      if (!location) return err({ code: 'http', status: statusCode, message: `${url.host} answered ${statusCode} without saying where to go.` });
      if (hop >= limits.maxRedirects) return err({ code: 'redirects', message: `${rawUrl} redirects more than ${limits.maxRedirects} times.` });
      current = new URL(location, url).toString();
      continue;
    }
    const base = { url: url.toString(), status: statusCode, etag: header('etag'), lastModified: header('last-modified') };
    if (statusCode === 304) {
      await response.body.dump().catch(() => undefined);
      return ok({ ...base, notModified: true, contentType: null, body: '' });
    }
    if (statusCode < 200 || statusCode >= 300) {
      await response.body.dump().catch(() => undefined);
      return err({ code: 'http', status: statusCode, message: `${url.host} answered ${statusCode}.` });
    }
    const contentType = header('content-type');
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!options.accept.includes(mediaType)) {
      await response.body.dump().catch(() => undefined);
      return err({ code: 'content_type', message: `${url.toString().slice(0, 200)} is ${mediaType || 'of no stated type'}, not ${options.accept.join(' or ')}.` });
    }
    const declared = Number(header('content-length'));
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      response.body.destroy();
      return err({ code: 'too_large', message: `${url.host} sent ${Math.round(declared / 1024 / 1024)} MB; the limit is ${Math.round(limits.maxBytes / 1024 / 1024)} MB.` });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > limits.maxBytes) {
          response.body.destroy();
          return err({ code: 'too_large', message: `${url.host} sent more than ${Math.round(limits.maxBytes / 1024 / 1024)} MB; the limit.` });
        }
        chunks.push(chunk as Buffer);
      }
    } catch (e) {
      return err(failure(e, url));
    }
    return ok({ ...base, notModified: false, contentType, body: decode(Buffer.concat(chunks), contentType) });
  }
}

/** The body as text, in the charset the server named (UTF-8 when it named none or one we do not know). */
function decode(bytes: Buffer, contentType: string | null): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** A thrown fetch failure as a one-line reason. */
function failure(e: unknown, url: URL): FetchError {
  let cause: unknown = e;
  for (let i = 0; i < 5 && cause; i++) {
    if (cause instanceof AddressRefused) return { code: 'address', message: `${cause.host} is a ${cause.range} address (${cause.address}); only public addresses are fetched.` };
    cause = (cause as { cause?: unknown }).cause;
  }
  const error = e as NodeJS.ErrnoException & { name?: string };
  if (error.name === 'TimeoutError' || error.name === 'AbortError' || e instanceof undiciErrors.HeadersTimeoutError || e instanceof undiciErrors.BodyTimeoutError) {
    return { code: 'timeout', message: `${url.host} did not answer in time.` };
  }
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return { code: 'dns', message: `${url.hostname} could not be found.` };
  return { code: 'network', message: `${url.host} could not be reached (${error.code ?? error.message ?? 'error'}).` };
}
