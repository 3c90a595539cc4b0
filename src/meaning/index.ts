import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import { readBundle } from './bundle.js';
import { MEANING_FORMAT, sourceVersions } from './build.js';
import { WordNet } from './wordnet.js';
import { WordVectors } from './vectors.js';

/**
 * Where the language-resource cache lives: under node_modules/.cache, the usual place for a
 * package's derived files, so that `npm ci` (whose postinstall builds it) starts from a clean slate.
 */
export const MEANING_CACHE = join(PROJECT_ROOT, 'node_modules', '.cache', 'pilcrow', `meaning-v${MEANING_FORMAT}.bin`);

/**
 * The language resources behind "meaning, not only strings": WordNet (which words are English, and
 * which are related) and word vectors. Read-only and shared by every knowledge base.
 */
export interface Meaning {
  readonly wordnet: WordNet;
  readonly vectors: WordVectors;
}

/** Why the resources could not be loaded; the engine then matches strings only and says so in the log. */
export interface MeaningUnavailable {
  readonly code: 'missing' | 'stale' | 'unreadable';
  readonly message: string;
}

let shared: Meaning | MeaningUnavailable | undefined;

/**
 * The shared resources, loaded from {@link MEANING_CACHE} on first use (tens of milliseconds), or why
 * they are unavailable (build them with `npm run build-meaning`; `npm install` does it).
 */
export function loadMeaning(file = MEANING_CACHE): Meaning | MeaningUnavailable {
  if (file === MEANING_CACHE && shared) return shared;
  const result = read(file);
  if (file === MEANING_CACHE) shared = result;
  return result;
}

export const isMeaning = (m: Meaning | MeaningUnavailable): m is Meaning => 'wordnet' in m;

function read(file: string): Meaning | MeaningUnavailable {
  const fix = 'run `npm run build-meaning` (npm install does it)';
  if (!existsSync(file)) return { code: 'missing', message: `meaning: no language resources at ${file}; ${fix}.` };
  try {
    const bundle = readBundle(file);
    if (JSON.stringify(bundle.meta.sources) !== JSON.stringify(sourceVersions())) {
      return { code: 'stale', message: `meaning: ${file} was built from other package versions; ${fix}.` };
    }
    return { wordnet: new WordNet(bundle), vectors: new WordVectors(bundle) };
  } catch (e) {
    return { code: 'unreadable', message: `meaning: ${file} cannot be read (${(e as Error).message}); ${fix}.` };
  }
}
