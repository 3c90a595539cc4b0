import nlp from 'compromise';
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

/** The lexicon, built once on first use. Entries are lower-case; multi-word places keep their spaces. */
export function lexicon(): Lexicon {
  if (cached) return cached;
  const places = new Set<string>();
  const firstNames = new Set<string>();
  const maleNames = new Set<string>();
  const femaleNames = new Set<string>();
  const months = new Set<string>(MONTHS);
  const weekdays = new Set<string>();
  const demonyms = new Set<string>();
  const entries = (nlp as unknown as { world(): { model: { one: { lexicon: Record<string, string | string[]> } } } }).world().model.one.lexicon;
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
  cached = { places, firstNames, maleNames, femaleNames, months, weekdays, demonyms };
  return cached;
}
