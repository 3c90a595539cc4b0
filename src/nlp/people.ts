import { compromise } from './compromise.js';
import { lexicon } from './lexicon.js';
import { isOfficeNoun, isRoleNoun, leadingTitles, titleGender, titleOf } from './titles.js';
import { COURTESY_ABBREVIATIONS, MONTHS, WEEKDAYS } from './word-lists.js';

/** compromise's people, places and organisations of a text, with offsets. */
export interface Tagged {
  readonly people: readonly { start: number; end: number; text: string }[];
  readonly places: readonly { start: number; end: number; text: string }[];
  readonly organisations: readonly { start: number; end: number; text: string }[];
}

/**
 * compromise's entity spans for a text. compromise is the slow part of reading an article (a few ms
 * a paragraph): each article's passages are tagged once, when its people are read ({@link ArticlePeople}),
 * and the result is kept with the article.
 */
export function tagged(text: string): Tagged {
  const doc = compromise()(text);
  const spans = (view: { json(o: object): unknown }) =>
    (view.json({ offset: true }) as { text: string; offset: { start: number; length: number } }[]).map((t) => ({ start: t.offset.start, end: t.offset.start + t.offset.length, text: t.text }));
  return { people: spans(doc.people()), places: spans(doc.places()), organisations: spans(doc.organizations()) };
}

/** A person named in a text, with offsets; `name` is the mention without honorific or possessive. */
export interface PersonMention {
  readonly start: number;
  readonly end: number;
  /** As written, trimmed: "Mr Bolton", "John Bolton". */
  readonly text: string;
  /** Without the honorific: "Bolton", "John Bolton". */
  readonly name: string;
  /** The titles written before the name, as written ("Gov.", "Det Supt", "Mr Justice"), or null. */
  readonly title?: string | null;
  readonly gender: 'male' | 'female' | null;
}

/**
 * The windows of the people reader, in one place. Characters are UTF-16 code units of the text.
 */
export const PEOPLE_DEFAULTS = Object.freeze({
  /** How far before a run of capitalised words the word before it ("head" in "Fifa head Gianni Infantino") is looked for, in characters. */
  wordBeforeChars: 30,
  /** How far after a name an apposition naming a role ("Huma Abedin, vice chairwoman for …") is looked for, in characters. */
  appositionChars: 80,
  /** How far after a place in capitals the dash of a dateline ("CHARLES TOWN, W.Va. —") is looked for, in characters. */
  datelineChars: 80,
});

/** Capitalised words that start sentences or name things, never a person's name. */
const NOT_NAMES = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'it', 'he', 'she', 'they', 'we', 'i', 'you', 'his', 'her', 'their', 'our', 'but', 'and', 'or', 'yet', 'so', 'if', 'when', 'while', 'after', 'before', 'as', 'in', 'on', 'at', 'for', 'with', 'by', 'from', 'of', 'to', ...COURTESY_ABBREVIATIONS, ...WEEKDAYS, ...MONTHS, 'credit', 'photo', 'read', 'asked', 'during', 'under', 'yes', 'no', 'god', 'republican', 'republicans', 'democrat', 'democrats', 'democratic', 'white', 'house', 'senate', 'congress', 'state', 'department', 'news', 'post', 'times', 'press', 'party', 'campaign']);

const CAPITALISED = /\p{Lu}[\p{L}’'.-]*/u;
// A run of capitalised words, optionally after a title, allowing "Jong-un", "O'Brien" and initials.
const RUN = /(?<![\p{L}\d])\p{Lu}(?:\.\p{Lu})*[\p{L}’'/-]*\.?(?:[ \t]+(?:\p{Lu}\.[ \t]+|(?:de|van|von|bin|al|da|del|la|le)[ \t]+)?\p{Lu}(?:\.\p{Lu})*[\p{L}’'/-]*\.?){0,4}/gu;

/** Strips a possessive and trailing punctuation: "Trump's" → "Trump". */
function tidy(text: string): string {
  return text.replace(/\/.*$/u, '').replace(/(?:['’]s?|[.,;:!?”"’)]+)$/u, '').replace(/(?:['’]s?)$/u, '').trim();
}

/**
 * The runs of capitalised words of a text ({@link RUN}), each cut after a word whose full stop ends a
 * sentence: "Dr Felix Amsel. Mr Kofi Mensah spoke" holds two runs, "Dr Felix Amsel." and "Mr Kofi
 * Mensah", not one name. A stop after an initial ("J."), a dotted abbreviation ("U.S."), a title
 * ("Gen.", "Mr.") or a suffix ("Jr.") stays inside the run. Each run is `[text]` with its `index`.
 */
function* runs(text: string): Generator<{ 0: string; index: number }> {
  for (const m of text.matchAll(RUN)) {
    let from = 0;
    for (const w of m[0].matchAll(/\S+/gu)) {
      const end = w.index + w[0].length;
      if (end === m[0].length || !w[0].endsWith('.') || abbreviated(w[0])) continue;
      yield { 0: m[0].slice(from, end), index: m.index + from };
      from = m[0].slice(end).search(/\S/u) + end;
    }
    yield { 0: m[0].slice(from), index: m.index + from };
  }
}

/** Whether a word's full stop marks an abbreviation rather than a sentence's end: "J.", "U.S.", "Gen.", "Jr.". */
function abbreviated(word: string): boolean {
  const bare = word.slice(0, -1);
  return bare.length === 1 || bare.includes('.') || titleOf(bare) !== undefined || /^(?:jr|sr|st)$/iu.test(bare);
}

/**
 * Finds the people named in a text. compromise's person tagger proposes spans; runs of capitalised
 * words that start with a title ("Mr Bolton") or a known first name ("Gianni Infantino") are added,
 * since compromise misses some; and its known slips are mended: a possessive splits "Donald Trump's"
 * into "Donald", hyphenated names lose their tail ("Kim Jong-"), and punctuation clings to names.
 * `known` surnames (from earlier mentions in the same article) turn a lone "Bolton" into a mention.
 * `tags` are the text's compromise spans, when already read.
 *
 * @example findPeople('Fifa head Gianni Infantino met Mr Bolton.').map((m) => m.name) // ['Gianni Infantino', 'Bolton']
 */
export function findPeople(text: string, known: ReadonlySet<string> = new Set(), tags: Tagged = tagged(text)): PersonMention[] {
  const lex = lexicon();
  const spans: [number, number][] = [];
  for (const p of tags.people) spans.push([p.start, p.end]);
  for (const m of runs(text)) {
    // A possessive or a slash ends a name: "Mr Bolton's Daily Telegraph", "Zemlianichenko/AP".
    const cut = m[0].search(/['’]s?\b|\//u);
    const run = cut > 0 ? m[0].slice(0, cut) : m[0];
    const words = [...run.matchAll(/\S+/gu)];
    // The name may start inside the run ("AP POOL Donald Trump"): try each word as its first.
    for (let i = 0; i < words.length; i++) {
      const first = words[i]![0].replace(/\.$/, '').toLowerCase();
      const rest = words.length - i;
      const titled = rest >= 2 && leadingTitles(words.slice(i).map((w) => tidy(w[0]) || w[0])) > 0;
      const named = lex.firstNames.has(first) && rest >= 2 && !NOT_NAMES.has(tidy(words[i + 1]![0]).toLowerCase());
      const knownSurname = rest === 1 && i === 0 && known.has(tidy(words[0]![0]).toLowerCase());
      const beforeRaw = i === 0 ? /([\p{L}]+)[ \t]+$/u.exec(text.slice(Math.max(0, m.index - PEOPLE_DEFAULTS.wordBeforeChars), m.index))?.[1] : words[i - 1]![0];
      const before = beforeRaw?.toLowerCase();
      // "Fifa head Gianni Infantino", "FBI Director James Comey"; not "the Cook Political Report" (a capitalised noun for a person may be a name).
      const afterRole = rest >= 2 && before !== undefined && (beforeRaw === before ? isRoleNoun(before) : isOfficeNoun(before)) && !NOT_NAMES.has(first);
      // "Huma Abedin, vice chairwoman for …": a name followed by an apposition naming a role.
      const apposition = i === 0 && rest >= 2 && !NOT_NAMES.has(first) && appositionRole(text.slice(m.index + run.length, m.index + run.length + PEOPLE_DEFAULTS.appositionChars));
      if (titled || named || knownSurname || afterRole || apposition) {
        spans.push([m.index + words[i]!.index, m.index + run.length]);
        break;
      }
    }
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const [s, e] of spans) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  const out: PersonMention[] = [];
  for (const [start, spanEnd] of merged) {
    let end = spanEnd;
    // "Kim Jong-" + "un": take back the tail of a hyphenated name.
    while (text[end - 1] === '-' && /\p{L}/u.test(text[end] ?? '')) while (/\p{L}/u.test(text[end] ?? '')) end++;
    let begin = start;
    // compromise sometimes takes in the word before a name ("Waterboarding Donald Trump").
    for (;;) {
      const lead = /^(\S+)\s+(?=\p{Lu})/u.exec(text.slice(begin, end));
      if (!lead || !/(?:ing|ed)$/u.test(lead[1]!) || isTitle(lead[1]!)) break;
      begin += lead[0].length;
    }
    let raw = tidy(text.slice(begin, end));
    end = begin + raw.length;
    let words = raw.split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    // A nationality or a party is no name ("Libyan", "South Korean", "Democrat Hillary Clinton"), nor a dateline ("CAIRO —").
    const notName = (w: string) => !isTitle(w) && (isNationality(tidy(w)) || (NOT_NAMES.has(tidy(w).toLowerCase()) && !lex.months.has(tidy(w).toLowerCase())));
    while (words.length > 1 && notName(words[0]!)) {
      const next = raw.indexOf(words[1]!, words[0]!.length);
      begin += next;
      raw = raw.slice(next);
      words = words.slice(1);
    }
    if (words.length === 1 && isNationality(tidy(words[0]!))) continue;
    const titleWords = leadingTitles(words);
    const nameWords = words.slice(titleWords).map((w) => tidy(w));
    if (nameWords.length === 0) continue;
    if (titleWords === 0 && isDateline(text, begin, end)) continue;
    // A title on its own ("Gov.", "Sgt") names nobody.
    if (nameWords.length === 1 && titleOf(nameWords[0]!) && titleOf(nameWords[0]!)!.full !== nameWords[0]!.toLowerCase()) continue;
    if (nameWords.length === 0 || nameWords.every((w) => NOT_NAMES.has(w.toLowerCase()))) continue;
    if (nameWords.some((w) => !CAPITALISED.test(w[0] ?? ''))) continue;
    if (nameWords.length === 1 && lex.places.has(nameWords[0]!.toLowerCase())) continue;
    const titles = words.slice(0, titleWords);
    const firstName = nameWords.length > 1 ? nameWords[0]!.toLowerCase() : '';
    const gender = titles.map(titleGender).find((g) => g !== null)
      ?? (lex.maleNames.has(firstName) && !lex.femaleNames.has(firstName) ? 'male'
        : lex.femaleNames.has(firstName) && !lex.maleNames.has(firstName) ? 'female' : null);
    out.push({ start: begin, end, text: raw, name: nameWords.join(' '), title: titles.length > 0 ? titles.join(' ') : null, gender });
  }
  return out;
}

function appositionRole(after: string): boolean {
  const m = /^,\s+(?:the\s+|a\s+|an\s+)?((?:[\p{L}’'-]+\s+){0,4}?[\p{L}’'-]+)(?=[\s,.;]|$)/u.exec(after);
  return !!m && m[1]!.split(/\s+/).some((w) => isRoleNoun(w));
}

function isTitle(word: string): boolean {
  return titleOf(word) !== undefined;
}

/** Points of the compass that go before a nationality ("South Korean", "North African"). */
const COMPASS = new Set(['north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western', 'central']);

/**
 * Whether a capitalised word is a nationality ("Libyan", "Turkish", "Chinese"), not a name:
 * compromise's demonyms, and adjectives of nationality by their ending (-ish, -ese).
 */
export function isNationality(word: string): boolean {
  const w = word.toLowerCase();
  if (lexicon().demonyms.has(w) || COMPASS.has(w)) return true;
  return /^\p{Lu}\p{Ll}+(?:ish|ese)$/u.test(word) && !lexicon().firstNames.has(w);
}

/** "CAIRO —", "LONDON (Reuters) -", "CHARLES TOWN, W.Va. —": a place in capitals at the start of a paragraph, then a dash. */
function isDateline(text: string, start: number, end: number): boolean {
  if (/\p{Ll}/u.test(text.slice(start, end))) return false;
  // The rest of the place ("HOLE", ", W.Va.", "(AP)") may stand between the name and the dash.
  return /^[\s\p{Lu},.’'-]*$/u.test(text.slice(0, start)) && /^[\s\p{Lu}.’']*(?:,\s*[\p{L}.]{2,12}\s*)?(?:\([^)]{1,40}\)\s*)?(?:[—–]|-\s)/u.test(text.slice(end, end + PEOPLE_DEFAULTS.datelineChars));
}

/** The surname of a name, lower-case: "John Bolton" → "bolton". */
export function surnameOf(name: string): string {
  const words = name.split(/\s+/);
  return (words[words.length - 1] ?? '').toLowerCase();
}
