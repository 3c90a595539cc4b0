import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type nlpType from 'compromise';
import { projectRoot } from '../paths.js';

let loaded: typeof nlpType | undefined;

/**
 * compromise (the part-of-speech and entity tagger), loaded the first time it is needed: reading an
 * article's people and quotations, or the word lists taken from its lexicon. Loading it takes about
 * 0.2 s of a start, which a question, `--help` or a warm `quote` never needs. Its CommonJS build
 * (one file, the same version and lexicon as the ES module; document ids aside, the same tags and
 * offsets) is taken because `require` loads synchronously.
 */
export function compromise(): typeof nlpType {
  loaded ??= createRequire(import.meta.url)('compromise') as typeof nlpType;
  return loaded;
}

/** compromise's built-in lexicon: lower-case word or phrase → its tag or tags ("helsinki" → "City"). */
export function compromiseLexicon(): Readonly<Record<string, string | readonly string[]>> {
  return (compromise() as unknown as { world(): { model: { one: { lexicon: Record<string, string | string[]> } } } }).world().model.one.lexicon;
}

/** Whether compromise has been loaded by this process (or thread): for tests of what a start loads. */
export function compromiseLoaded(): boolean {
  return loaded !== undefined;
}

/** compromise's version, from its package.json, without loading it. */
export function compromiseVersion(): string {
  const root = projectRoot(dirname(createRequire(import.meta.url).resolve('compromise')));
  return String((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown }).version);
}
