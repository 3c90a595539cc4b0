import { err, type Result } from '../result.js';
import { extractArticle, type ExtractedArticle, type ExtractError } from './extract.js';
import { safeFetch, type FetchError } from './fetch.js';

/** Media types read as web pages. */
export const PAGE_TYPES: readonly string[] = ['text/html', 'application/xhtml+xml'];

/**
 * Fetches a web page safely (see {@link safeFetch}) and reduces it to its article (see
 * {@link extractArticle}). `allowPrivate` is ALLOW_PRIVATE_URLS.
 *
 * @example const read = await readPage('https://news.example/story', { allowPrivate: false });
 */
export async function readPage(url: string, options: { readonly allowPrivate: boolean; readonly timeoutMs?: number }): Promise<Result<ExtractedArticle, FetchError | ExtractError>> {
  const fetched = await safeFetch(url, { accept: PAGE_TYPES, allowPrivate: options.allowPrivate, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
  if (!fetched.ok) return fetched;
  if (fetched.value.notModified) return err({ code: 'unreadable', message: `${url.slice(0, 200)} sent no page.` });
  return extractArticle(fetched.value.body, fetched.value.url);
}
