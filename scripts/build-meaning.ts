/**
 * `npm run build-meaning` (run by `npm install` as postinstall): builds the language-resource cache
 * (WordNet and word vectors; see src/meaning/build.ts) unless an up-to-date one is there. `--force`
 * rebuilds. Takes about 5 s and 600 MB once; loading the result takes tens of milliseconds.
 */
import { loadTooling } from '../src/engine/index.js';

const { buildMeaningCache, isMeaning, loadMeaning, MEANING_CACHE } = await loadTooling();

const current = loadMeaning();
if (isMeaning(current) && !process.argv.includes('--force')) {
  console.log(`build-meaning: ${MEANING_CACHE} is up to date.`);
} else {
  const started = performance.now();
  const counts = await buildMeaningCache(MEANING_CACHE);
  console.log(`build-meaning: ${counts.lemmas} WordNet lemmas, ${counts.synsets} synsets, ${counts.vectors} word vectors → ${MEANING_CACHE} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}
