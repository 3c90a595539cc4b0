import { tokenize } from './tokenize.js';

/**
 * Letters with diacritics that are also written out with a second letter: German (DIN 5007-2, the
 * way German names are spelt where umlauts are not available: "Müller" → "Mueller", "Zürich" →
 * "Zuerich"), Danish and Norwegian ("Tromsø" → "Tromsoe", "Ålesund" → "Aalesund"), and the ligatures.
 * Folding ({@link tokenize}) already takes each to its base letter ("zurich"); a name is matched under
 * both spellings, whichever way it was written and typed.
 */
export const TRANSLITERATIONS: Readonly<Record<string, string>> = Object.freeze({
  ä: 'ae', ö: 'oe', ü: 'ue', ø: 'oe', å: 'aa', æ: 'ae', œ: 'oe',
});
const TRANSLITERATED = new RegExp(`[${Object.keys(TRANSLITERATIONS).join('')}]`, 'giu');
/** Hyphens that join the parts of one name: hyphen-minus, hyphen (U+2010), non-breaking hyphen (U+2011). */
const HYPHEN = /^[-\u2010\u2011]$/u;

/** A name with its letters in {@link TRANSLITERATIONS} written out ("Zürich" → "Zuerich"); the name itself when it has none. */
export function transliterate(name: string): string {
  return name.normalize('NFC').replace(TRANSLITERATED, (c) => TRANSLITERATIONS[c.toLowerCase()]!);
}

/**
 * The forms a name is matched by, each a run of folded words (lower case, no diacritics, see
 * search/tokenize.ts) joined by single spaces: with its hyphenated parts as words ("park seo yeon")
 * and joined ("park seoyeon"), each spelling as written and transliterated ("zurich", "zuerich").
 * The first form is the name's words as written. Empty for a name without letters or digits.
 *
 * @example nameForms('Park Seo-yeon') // ['park seo yeon', 'park seoyeon']
 * @example nameForms('Zürich') // ['zurich', 'zuerich']
 */
export function nameForms(name: string): string[] {
  return formsOf(spellings(name));
}

/** A name's words as written and transliterated, hyphenated parts as words (`spaced`) and joined (`joined`). */
function spellings(name: string): { spaced: string; joined: string }[] {
  const out: { spaced: string; joined: string }[] = [];
  for (const text of new Set([name, transliterate(name)])) {
    const tokens = tokenize(text);
    if (tokens.length === 0) continue;
    const joined: string[] = [];
    tokens.forEach((t, i) => {
      if (i > 0 && HYPHEN.test(text.slice(tokens[i - 1]!.end, t.start))) joined[joined.length - 1] += t.word;
      else joined.push(t.word);
    });
    out.push({ spaced: tokens.map((t) => t.word).join(' '), joined: joined.join(' ') });
  }
  return out;
}

type Spellings = ReturnType<typeof spellings>;

function formsOf(spelt: Spellings): string[] {
  return [...new Set(spelt.flatMap((s) => [s.spaced, s.joined]))];
}

function typedKeysOf(spelt: Spellings): Set<string> {
  const keys = new Set<string>();
  for (const form of formsOf(spelt)) {
    keys.add(form);
    const words = form.split(' ');
    if (words.length > 1) keys.add(sortedWords(words));
  }
  return keys;
}

/**
 * What a name is found by, worked out at once (one reading of the name): its {@link nameForms},
 * {@link nameKeys} and {@link nameParts}.
 */
export function nameEntry(name: string): { forms: string[]; keys: string[]; parts: string[] } {
  const spelt = spellings(name);
  const keys = typedKeysOf(spelt);
  for (const { joined } of spelt) keys.add(joined.split(' ').pop()!);
  const forms = formsOf(spelt);
  const parts = new Set<string>();
  for (const form of forms) for (const word of form.split(' ')) if (word.length > 1) parts.add(word);
  return { forms, keys: [...keys], parts: [...parts] };
}

/**
 * The keys under which a name is found when a whole name is typed: each of its {@link nameForms},
 * its last word (a surname, hyphenated parts joined: "seoyeon"), and its words in alphabetical order
 * (so that "Seoyeon Park" finds "Park Seo-yeon", a family name written first or last).
 */
export function nameKeys(name: string): string[] {
  return nameEntry(name).keys;
}

/** The keys to look a typed name up by: its forms, and its words in alphabetical order (see {@link nameKeys}). */
export function typedKeys(typed: string): string[] {
  return [...typedKeysOf(spellings(typed))];
}

/**
 * The single words of a name, hyphenated parts as words and joined ("park", "seo", "yeon",
 * "seoyeon"), for a name typed as one of its words only ("Park" for "Park Seo-yeon", the family name
 * written first). Words of one letter are left out.
 */
export function nameParts(name: string): string[] {
  return nameEntry(name).parts;
}

/**
 * A test of whether a name holds what was typed, for autocomplete: some form of the typed text (see
 * {@link nameForms}) is part of some form of the name, so that "yildirim" offers "Ayşe Yıldırım",
 * "tromso" "Tromsø", "zuerich" "Zürich", "seoyeon" and "seo yeon" "Park Seo-yeon". Empty text matches
 * every name.
 *
 * @example namesMatching('lukasz wrob')('Łukasz Wróbel') // true
 */
export function namesMatching(typed: string): (name: string) => boolean {
  const wanted = nameForms(typed);
  if (wanted.length === 0) return () => true;
  return (name) => {
    const forms = nameForms(name);
    return wanted.some((w) => forms.some((f) => f.includes(w)));
  };
}

function sortedWords(words: readonly string[]): string {
  return [...words].sort().join(' ');
}
