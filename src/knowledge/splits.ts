import { createHash } from 'node:crypto';

/**
 * The version of the sentence splitter (sentences.ts and its repairs). Bump it when the splitter
 * changes how it splits, so that kept splits are made again.
 * 2: Unicode's sentence breaks (Intl.Segmenter) judged with pySBD's abbreviation rules, instead of sentence-splitter.
 */
export const SPLIT_VERSION = 2;

/** The key under which a passage's split is kept (state/derived.ts): its text and the splitter's version, hashed. */
export function splitKey(text: string): string {
  return createHash('sha1').update(`${SPLIT_VERSION}\n${text}`).digest('hex');
}
