import { buildMeaningCache } from '../../src/meaning/build.js';
import { isMeaning, loadMeaning, MEANING_CACHE } from '../../src/meaning/index.js';

/**
 * Vitest global set-up: the language resources are built by `npm install` (postinstall); if they are
 * missing or stale (say, installed with --ignore-scripts), build them once here, so that the tests
 * always run against the real WordNet and word vectors rather than quietly without them.
 */
export default async function setup(): Promise<void> {
  if (!isMeaning(loadMeaning())) await buildMeaningCache(MEANING_CACHE);
}
