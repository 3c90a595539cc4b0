import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { err, ok, type Result } from '../result.js';
import { parseArticle, type ParseOptions } from './parse.js';
import type { Article, KnowledgeError } from '../model/article.js';

/** File extensions read as articles. Anything else in the folder is ignored. */
export const ARTICLE_EXTENSIONS: readonly string[] = ['.txt', '.md', '.markdown'];

/** What loading a knowledge folder produced: the usable articles and one error per bad file. */
export interface LoadedKnowledge {
  readonly dir: string;
  readonly articles: readonly Article[];
  readonly errors: readonly KnowledgeError[];
}

export interface LoadFolderError {
  readonly code: 'missing_dir' | 'not_a_dir';
  readonly message: string;
}

/**
 * Reads every article file in `dir` (not recursive; `README*` and dot-files are skipped), in file
 * name order. A bad file yields one {@link KnowledgeError} and the others still load. This is the
 * only module that touches the file system for knowledge.
 *
 * @example const r = await loadKnowledge('./knowledge'); if (r.ok) console.log(r.value.articles.length);
 */
export async function loadKnowledge(dir: string, options: ParseOptions = {}): Promise<Result<LoadedKnowledge, LoadFolderError>> {
  const problem = await folderProblem(dir);
  if (problem) return err(problem);
  const articles: Article[] = [];
  const errors: KnowledgeError[] = [];
  for (const name of await articleFiles(dir)) {
    const read = await readArticleFile(join(dir, name), options);
    if (read.ok) articles.push(read.value);
    else errors.push(read.error);
  }
  return ok({ dir, articles, errors });
}

/** Why `dir` cannot be a knowledge folder (it is missing, or a file), or null when it can. */
export async function folderProblem(dir: string): Promise<LoadFolderError | null> {
  try {
    return (await stat(dir)).isDirectory() ? null : { code: 'not_a_dir', message: `${dir} is not a folder.` };
  } catch {
    return { code: 'missing_dir', message: `knowledge folder ${dir} does not exist.` };
  }
}

/** The names of the article files in a folder, in name order (`README*`, dot-files and other extensions left out). */
export async function articleFiles(dir: string): Promise<string[]> {
  return (await readdir(dir))
    .filter((name) => ARTICLE_EXTENSIONS.includes(extname(name).toLowerCase()))
    .filter((name) => !name.startsWith('.') && !/^readme\b/i.test(name))
    .sort();
}

/** The id of the article a knowledge file holds: its name without the extension. */
export const articleIdOf = (file: string): string => basename(file, extname(file));

/** Reads and parses one article file; a file that is not UTF-8 text or cannot be read is an error. */
export async function readArticleFile(file: string, options: ParseOptions = {}): Promise<Result<Article, KnowledgeError>> {
  const bytes = await readArticleBytes(file);
  return bytes.ok ? articleOfBytes(file, bytes.value, options) : bytes;
}

/** The bytes of an article file, or why it cannot be read. */
export async function readArticleBytes(file: string): Promise<Result<Uint8Array, KnowledgeError>> {
  try {
    return ok(await readFile(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    return err({ code: 'unreadable', file, message: `${file}: ${UNREADABLE[code] ?? `cannot be read (${code})`}.` });
  }
}

/** Why a file cannot be read, in words, by the system's error code (others are named by their code). */
const UNREADABLE: Readonly<Record<string, string>> = {
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: permission denied',
  EISDIR: 'is a folder, not a file',
  ENOENT: 'was removed while it was being read',
  ELOOP: 'is a link that leads to itself',
  EIO: 'cannot be read: the disk reported an error',
};

/** Parses the bytes read from an article file; bytes that are not UTF-8 text are an error. */
export function articleOfBytes(file: string, bytes: Uint8Array, options: ParseOptions = {}): Result<Article, KnowledgeError> {
  let raw: string;
  try {
    raw = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return err({ code: 'not_text', file, message: `${file}: is not valid UTF-8 text.` });
  }
  return parseArticle(articleIdOf(file), raw, file, options);
}
