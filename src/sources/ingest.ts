import { err, type Result } from '../result.js';
import type { Added, AddedBy, AddedArticles } from '../store/library.js';
import { FETCH_DEFAULTS, safeFetch } from './fetch.js';
import { fileTypeProblem, partsOfPage, type IngestError } from './files.js';
import { readPage } from './page.js';

/** A step of adding an article from a web page, as it starts. */
export type IngestStep = { readonly step: 'fetch' } | { readonly step: 'read'; readonly bytes: number } | { readonly step: 'store' };

/** An uploaded file: its name, where to download it, its size in bytes. */
export interface Upload {
  readonly name: string;
  readonly url: string;
  readonly size: number;
}

/** Media types an uploaded file may be served as (Discord names a file's type from its extension, or not at all). */
const FILE_TYPES: readonly string[] = ['text/plain', 'text/markdown', 'text/x-markdown', 'text/html', 'application/xhtml+xml', 'application/octet-stream', ''];

/**
 * Adds articles from web pages and uploaded files: the one path `/ingest` and `pilcrow ingest` share.
 * Every download goes through the safe fetcher; reading the page or file and making the article
 * ready go through the library's {@link SourceWork} (worker threads in the bot).
 */
export class Ingester {
  constructor(
    private readonly library: AddedArticles,
    private readonly options: { readonly allowPrivate: boolean },
  ) {}

  /**
   * Fetches a page, extracts its article and stores it for `by.owner`. `progress` hears each step as
   * it starts (`fetch`, then `read` with the page's size in bytes, then `store`), for a front end
   * to show how a slow page is going.
   */
  async fromUrl(url: string, by: Omit<AddedBy, 'url'>, progress?: (step: IngestStep) => void): Promise<Result<Added, IngestError>> {
    progress?.({ step: 'fetch' });
    const page = await readPage(url, { allowPrivate: this.options.allowPrivate, onFetched: (bytes) => progress?.({ step: 'read', bytes }) }, this.library.work);
    if (!page.ok) return page;
    progress?.({ step: 'store' });
    return this.library.add(partsOfPage(page.value), { ...by, url: page.value.url });
  }

  /** Downloads an uploaded file (at most the fetch size limit) and stores the article it holds. */
  async fromUpload(upload: Upload, by: Omit<AddedBy, 'url'>): Promise<Result<Added, IngestError>> {
    const problem = fileTypeProblem(upload.name);
    if (problem) return err(problem);
    if (upload.size > FETCH_DEFAULTS.maxBytes) return err({ code: 'too_large', file: upload.name.slice(0, 100), limitMb: FETCH_DEFAULTS.maxBytes / 1024 / 1024, message: `${upload.name} is ${Math.ceil(upload.size / 1024 / 1024)} MB; the limit is ${FETCH_DEFAULTS.maxBytes / 1024 / 1024} MB.` });
    const fetched = await safeFetch(upload.url, { accept: FILE_TYPES, allowPrivate: this.options.allowPrivate });
    if (!fetched.ok) return fetched;
    return this.fromFile(upload.name, fetched.value.bytes, by, fetched.value.contentType);
  }

  /**
   * Stores the article of a file's bytes (read from disk by the CLI, or downloaded): a `.txt`/`.md`
   * article file or a saved `.html` page; anything that is not text is refused (see partsOfFile).
   */
  async fromFile(name: string, bytes: Uint8Array, by: AddedBy, contentType: string | null = null): Promise<Result<Added, IngestError>> {
    const parts = await this.library.work.file(name, bytes, contentType);
    if (!parts.ok) return parts;
    return this.library.add(parts.value, { ...by, url: by.url ?? parts.value.source ?? null });
  }
}
