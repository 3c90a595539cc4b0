import { extname } from 'node:path';
import { parseArticle, type ArticleParts } from '../knowledge/parse.js';
import { ARTICLE_EXTENSIONS } from '../knowledge/load.js';
import { err, ok, type Result } from '../result.js';
import type { Added, AddedBy, Library } from '../store/library.js';
import { extractArticle, type ExtractedArticle } from './extract.js';
import { FETCH_DEFAULTS, safeFetch } from './fetch.js';
import { readPage } from './page.js';

/** Files read as web pages. */
export const HTML_EXTENSIONS: readonly string[] = ['.html', '.htm'];
/** Every kind of file an article can be ingested from. */
export const INGEST_EXTENSIONS: readonly string[] = [...ARTICLE_EXTENSIONS, ...HTML_EXTENSIONS];
/** Media types an uploaded file may be served as (Discord names a file's type from its extension, or not at all). */
const FILE_TYPES: readonly string[] = ['text/plain', 'text/markdown', 'text/x-markdown', 'text/html', 'application/xhtml+xml', 'application/octet-stream'];

/** Why an article could not be ingested: one sentence for people. */
export interface IngestError {
  readonly code: string;
  readonly message: string;
}

/** An uploaded file: its name, where to download it, its size in bytes. */
export interface Upload {
  readonly name: string;
  readonly url: string;
  readonly size: number;
}

/** An extracted page as the parts of an article. */
export function partsOfPage(page: ExtractedArticle): ArticleParts {
  return { title: page.title, paragraphs: page.paragraphs, captions: page.captions, source: page.url, ...(page.published ? { published: page.published } : {}), ...(page.byline ? { author: page.byline } : {}) };
}

/**
 * An article file's text as the parts of an article: a knowledge file (`.txt`, `.md`) parsed as
 * knowledge/README.md describes, a web page (`.html`) read like a fetched one. `id` names it in errors.
 */
export function partsOfFile(name: string, text: string, url: string | null = null): Result<ArticleParts, IngestError> {
  const extension = extname(name).toLowerCase();
  if (HTML_EXTENSIONS.includes(extension)) {
    const page = extractArticle(text, url ?? `file:///${encodeURIComponent(name)}`);
    if (!page.ok) return page;
    // A local file has no address worth citing.
    const parts: { -readonly [K in keyof ArticleParts]: ArticleParts[K] } = partsOfPage(page.value);
    delete parts.source;
    return ok(parts);
  }
  if (!ARTICLE_EXTENSIONS.includes(extension)) return err({ code: 'file_type', message: `${name} is not an article file: send a ${INGEST_EXTENSIONS.join(', ')} file.` });
  const parsed = parseArticle(name, text, name);
  if (!parsed.ok) return err({ code: parsed.error.code, message: parsed.error.message });
  const a = parsed.value;
  return ok({
    title: a.title,
    paragraphs: a.paragraphs.map((p) => p.text),
    captions: a.captions.map((c) => c.text),
    ...(a.source ? { source: a.source } : {}),
    ...(a.published ? { published: a.published } : {}),
    ...(a.author ? { author: a.author } : {}),
  });
}

/**
 * Adds articles from web pages and uploaded files: the one path `/ingest` and `pilcrow ingest` share.
 * Every download goes through the safe fetcher.
 */
export class Ingester {
  constructor(
    private readonly library: Library,
    private readonly options: { readonly allowPrivate: boolean },
  ) {}

  /** Fetches a page, extracts its article and stores it for `by.owner`. */
  async fromUrl(url: string, by: Omit<AddedBy, 'url'>): Promise<Result<Added, IngestError>> {
    const page = await readPage(url, { allowPrivate: this.options.allowPrivate });
    if (!page.ok) return page;
    return this.library.add(partsOfPage(page.value), { ...by, url: page.value.url });
  }

  /** Downloads an uploaded file (at most the fetch size limit) and stores the article it holds. */
  async fromUpload(upload: Upload, by: Omit<AddedBy, 'url'>): Promise<Result<Added, IngestError>> {
    if (!INGEST_EXTENSIONS.includes(extname(upload.name).toLowerCase())) {
      return err({ code: 'file_type', message: `${upload.name} is not an article file: send a ${INGEST_EXTENSIONS.join(', ')} file.` });
    }
    if (upload.size > FETCH_DEFAULTS.maxBytes) return err({ code: 'too_large', message: `${upload.name} is ${Math.ceil(upload.size / 1024 / 1024)} MB; the limit is ${FETCH_DEFAULTS.maxBytes / 1024 / 1024} MB.` });
    const fetched = await safeFetch(upload.url, { accept: FILE_TYPES, allowPrivate: this.options.allowPrivate });
    if (!fetched.ok) return fetched;
    return this.fromText(upload.name, fetched.value.body, by);
  }

  /** Stores the article of a file's text (read from disk by the CLI, or downloaded). */
  async fromText(name: string, text: string, by: AddedBy): Promise<Result<Added, IngestError>> {
    const parts = partsOfFile(name, text);
    if (!parts.ok) return parts;
    return this.library.add(parts.value, { ...by, url: by.url ?? parts.value.source ?? null });
  }
}
