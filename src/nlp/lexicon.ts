import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { CACHE_DIR } from '../paths.js';
import { compromiseLexicon, compromiseVersion } from './compromise.js';
import { MONTHS } from './word-lists.js';

/**
 * Word lists taken from compromise's built-in lexicon (countries, cities, regions, nationalities, first names,
 * months, week days), so that Pilcrow recognises "Helsinki" as a place and "Gianni" as a first name
 * without running the full tagger on every sentence at query time.
 */
export interface Lexicon {
  readonly places: ReadonlySet<string>;
  readonly firstNames: ReadonlySet<string>;
  readonly maleNames: ReadonlySet<string>;
  readonly femaleNames: ReadonlySet<string>;
  readonly months: ReadonlySet<string>;
  readonly weekdays: ReadonlySet<string>;
  /** Nationalities and their plurals ("libyan", "russians"). */
  readonly demonyms: ReadonlySet<string>;
}

let cached: Lexicon | undefined;

/**
 * The lexicon, built once on first use. Entries are lower-case; multi-word places keep their spaces.
 * Kept between runs in {@link lexiconFile} (a few hundred kB of JSON), so that a start which indexes an
 * article (every question on a small knowledge folder) does not load compromise (about 0.2 s) to read
 * its word lists again; made again from compromise when the file is missing, damaged or of another key.
 */
export function lexicon(): Lexicon {
  if (cached) return cached;
  const file = lexiconFile();
  const kept = file === null ? null : keptLexicon(file);
  cached = kept ?? fromCompromise();
  if (file !== null && kept === null) keepLexicon(file, cached);
  return cached;
}

/**
 * Where the lexicon is kept: in {@link CACHE_DIR}, under a key of compromise's version and the code
 * that derives the lists from it ({@link fromCompromise}), so that either changing makes a new file.
 * Null when compromise's package.json cannot be read.
 */
export function lexiconFile(): string | null {
  try {
    const key = createHash('sha1').update(`${compromiseVersion()}\n${fromCompromise.toString()}`).digest('hex').slice(0, 16);
    return join(CACHE_DIR, `lexicon-${key}.json`);
  } catch {
    return null;
  }
}

/** The lexicon kept in `file`, or null when it is missing or damaged. */
export function keptLexicon(file: string): Lexicon | null {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Record<keyof Lexicon, unknown>;
    const names: (keyof Lexicon)[] = ['places', 'firstNames', 'maleNames', 'femaleNames', 'months', 'weekdays', 'demonyms'];
    if (!names.every((name) => Array.isArray(data[name]) && (data[name] as unknown[]).every((w) => typeof w === 'string'))) return null;
    return Object.fromEntries(names.map((name) => [name, new Set(data[name] as string[])])) as unknown as Lexicon;
  } catch {
    return null;
  }
}

/** Writes the lexicon to `file` (whole or not at all: a temporary file renamed); a failure only costs the next start time. */
export function keepLexicon(file: string, lists: Lexicon): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}-${threadId}.tmp`;
    writeFileSync(temporary, JSON.stringify(Object.fromEntries(Object.entries(lists).map(([name, words]) => [name, [...(words as Set<string>)]]))));
    renameSync(temporary, file);
  } catch {
    // A read-only or full node_modules: the lists are made from compromise at each start, as before.
  }
}

/** The lexicon's lists as taken from compromise's built-in lexicon (loading compromise). */
export function fromCompromise(): Lexicon {
  const places = new Set<string>();
  const firstNames = new Set<string>();
  const maleNames = new Set<string>();
  const femaleNames = new Set<string>();
  const months = new Set<string>(MONTHS);
  const weekdays = new Set<string>();
  const demonyms = new Set<string>();
  const entries = compromiseLexicon();
  for (const [word, tag] of Object.entries(entries)) {
    for (const t of Array.isArray(tag) ? tag : [tag]) {
      if (t === 'Country' || t === 'City' || t === 'Region') places.add(word);
      else if (t === 'FirstName' || t === 'MaleName' || t === 'FemaleName') {
        firstNames.add(word);
        if (t === 'MaleName') maleNames.add(word);
        if (t === 'FemaleName') femaleNames.add(word);
      }
      else if (t === 'Demonym') demonyms.add(word);
      else if (t === 'WeekDay' && word.length > 3) weekdays.add(word.replace(/s$/, ''));
    }
  }
  return { places, firstNames, maleNames, femaleNames, months, weekdays, demonyms };
}
