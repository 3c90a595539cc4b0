import type { ProblemFacts } from '../model/problems.js';
import { extname } from 'node:path';
import { parseArticle, type ArticleParts } from '../knowledge/parse.js';
import { ARTICLE_EXTENSIONS } from '../knowledge/load.js';
import { err, ok, type Result } from '../result.js';
import { decodeHtml, decodeTextFile } from './decode.js';
import { extractArticle, type ExtractedArticle } from './extract.js';

/** Files read as web pages. */
export const HTML_EXTENSIONS: readonly string[] = ['.html', '.htm'];
/** Every kind of file an article can be ingested from. */
export const INGEST_EXTENSIONS: readonly string[] = [...ARTICLE_EXTENSIONS, ...HTML_EXTENSIONS];

/** Why an article could not be ingested: one sentence for people. */
export interface IngestError extends ProblemFacts {
  readonly code: string;
  /** One line for the logs; front ends say the code in their own words (src/model/problems.ts). */
  readonly message: string;
}

/** An extracted page as the parts of an article. */
export function partsOfPage(page: ExtractedArticle): ArticleParts {
  return { title: page.title, paragraphs: page.paragraphs, captions: page.captions, source: page.url, ...(page.published ? { published: page.published } : {}), ...(page.byline ? { author: page.byline } : {}), ...(page.image ? { image: page.image } : {}), ...(page.site ? { site: page.site } : {}) };
}

/** Whether a file name has an extension Pilcrow reads articles from; the refusal when not. */
export function fileTypeProblem(name: string): IngestError | null {
  return INGEST_EXTENSIONS.includes(extname(name).toLowerCase()) ? null : { code: 'file_type', file: name.slice(0, 100), message: `${name.slice(0, 100)} is not an article file: send a ${INGEST_EXTENSIONS.join(', ')} file.` };
}

/**
 * An article file's bytes as the parts of an article: a knowledge file (`.txt`, `.md`) must be text
 * (UTF-8, or what its BOM or server says) and is parsed as knowledge/README.md describes; a web page
 * (`.html`) is decoded and read like a fetched one. A binary file is refused with one line. The one
 * path of `/ingest file:` and `pilcrow ingest <file>`.
 */
export function partsOfFile(name: string, bytes: Uint8Array, contentType: string | null = null): Result<ArticleParts, IngestError> {
  const problem = fileTypeProblem(name);
  if (problem) return err(problem);
  if (HTML_EXTENSIONS.includes(extname(name).toLowerCase())) {
    const page = extractArticle(decodeHtml(bytes, contentType).text, `file:///${encodeURIComponent(name)}`);
    if (!page.ok) return page;
    // A local file has no address worth citing.
    const parts: { -readonly [K in keyof ArticleParts]: ArticleParts[K] } = partsOfPage(page.value);
    delete parts.source;
    return ok(parts);
  }
  const text = decodeTextFile(bytes, name, contentType);
  if (!text.ok) return text;
  const parsed = parseArticle(name, text.value, name, { split: () => [] });
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
