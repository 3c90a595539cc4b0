import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR } from '../paths.js';
import { bundleSectionReads, openBundle, type Bundle } from './bundle.js';
import { MEANING_FORMAT, sourceVersions } from './build.js';
import { WordNet } from './wordnet.js';
import { WordVectors } from './vectors.js';

/** Where the language-resource cache lives (see {@link CACHE_DIR}; `npm install`'s postinstall builds it). */
export const MEANING_CACHE = join(CACHE_DIR, `meaning-v${MEANING_FORMAT}.bin`);

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
 * The shared resources from {@link MEANING_CACHE}, or why they are unavailable (build them with
 * `npm run build-meaning`; `npm install` does it). Only the file's header is read now (is it there,
 * and built from these package versions?); WordNet and the word vectors are read and indexed the
 * first time a question needs them (about 1.4 s), so that `quote`, `facts` and a start that is taken
 * back from its snapshot never pay for them. A file that became unreadable after its header was read
 * leaves the resources empty (no word is known: strings are matched, as without them) rather than
 * failing a question; {@link meaningLateProblem} then says why.
 */
export function loadMeaning(file = MEANING_CACHE): Meaning | MeaningUnavailable {
  if (file === MEANING_CACHE && shared) return shared;
  const result = read(file);
  if (file === MEANING_CACHE) shared = result;
  return result;
}

export const isMeaning = (m: Meaning | MeaningUnavailable): m is Meaning => 'wordnet' in m;

/** How many times the language resources have been read whole in this process (0 until a question
 *  needs WordNet or the word vectors): a test tells from it that `quote` and `facts` never load them. */
export function meaningReads(): number {
  return bundleSectionReads();
}

let late: string | null = null;

/** Why the language resources were left empty when first needed (their file damaged or replaced after start), or null. */
export function meaningLateProblem(): string | null {
  return late;
}

const FIX = 'run `npm run build-meaning` (npm install does it)';

function read(file: string): Meaning | MeaningUnavailable {
  if (!existsSync(file)) return { code: 'missing', message: `meaning: no language resources at ${file}; ${FIX}.` };
  try {
    const bundle = forgiving(file, openBundle(file));
    if (JSON.stringify(bundle.meta.sources) !== JSON.stringify(sourceVersions())) {
      return { code: 'stale', message: `meaning: ${file} was built from other package versions; ${FIX}.` };
    }
    return { wordnet: new WordNet(bundle), vectors: new WordVectors(bundle) };
  } catch (e) {
    return { code: 'unreadable', message: `meaning: ${file} cannot be read (${(e as Error).message}); ${FIX}.` };
  }
}

/** `bundle`, whose sections are empty (and {@link late} says why) when they cannot be read at first use. */
function forgiving(file: string, bundle: Bundle): Bundle {
  const failed = (e: unknown) => {
    late ??= `meaning: ${file} cannot be read (${(e as Error).message}); matching strings only; ${FIX}.`;
  };
  return {
    meta: bundle.meta,
    array<T extends keyof typeof EMPTY>(name: string, type: T) {
      try {
        return bundle.array(name, type);
      } catch (e) {
        failed(e);
        return new EMPTY[type](0) as InstanceType<(typeof EMPTY)[T]>;
      }
    },
    strings(name) {
      try {
        return bundle.strings(name);
      } catch (e) {
        failed(e);
        return [];
      }
    },
  };
}

const EMPTY = { Int8Array, Uint8Array, Uint16Array, Uint32Array, Int32Array, Float32Array } as const;
