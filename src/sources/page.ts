import { hostOf } from '../model/problems.js';
import { err, type Result } from '../result.js';
import type { ExtractedArticle, ExtractError } from './extract.js';
import { safeFetch, SNIFF_BYTES, type FetchError } from './fetch.js';
import type { SourceWork, WorkError } from './work.js';

/** Media types read as web pages. */
export const PAGE_TYPES: readonly string[] = ['text/html', 'application/xhtml+xml'];

/**
 * Whether a body's start is an HTML page (for one served with no type or as octet-stream): a
 * doctype or an `<html>`/`<head>`/`<body>` tag first, after white space, a BOM and comments.
 */
export function looksLikeHtml(head: Uint8Array): boolean {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, SNIFF_BYTES)).toString('latin1').replace(/^\u00ef\u00bb\u00bf/, '');
  return /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(text);
}

/**
 * Fetches a web page safely (see safeFetch) and reduces it to its article (decoded as a browser
 * would, then extracted: see sources/work.ts). `allowPrivate` is ALLOW_PRIVATE_URLS; `onFetched` hears
 * the body's size in bytes once it has arrived, before it is read.
 *
 * @example const read = await readPage('https://news.example/story', { allowPrivate: false }, work);
 */
export async function readPage(url: string, options: { readonly allowPrivate: boolean; readonly timeoutMs?: number; readonly onFetched?: (bytes: number) => void }, work: SourceWork): Promise<Result<ExtractedArticle, FetchError | ExtractError | WorkError>> {
  const fetched = await safeFetch(url, { accept: PAGE_TYPES, sniff: looksLikeHtml, allowPrivate: options.allowPrivate, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
  if (!fetched.ok) return fetched;
  if (fetched.value.notModified) return err({ code: 'unreadable', ...hostOf(url), message: `${url.slice(0, 200)} sent no page.` });
  options.onFetched?.(fetched.value.bytes.byteLength);
  return work.page(fetched.value.bytes, fetched.value.contentType, fetched.value.url);
}
