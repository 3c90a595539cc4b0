import * as de from 'chrono-node/de';
import { strict as english, type Chrono } from 'chrono-node/en';
import * as es from 'chrono-node/es';
import * as fr from 'chrono-node/fr';
import * as it from 'chrono-node/it';
import * as nl from 'chrono-node/nl';
import * as pt from 'chrono-node/pt';

/**
 * A UTC offset in minutes east of Greenwich (CEST is 120, EST -300), or an IANA zone for names
 * whose offset depends on the season ("ET" is New York time, -300 in winter and -240 in summer).
 */
export type ZoneOffset = number | string;

/** chrono-node's strict parser for each language {@link readDate} can read besides English (each locale loaded alone: the package's index loads all sixteen). */
const PARSERS = Object.freeze({ de: de.strict, es: es.strict, fr: fr.strict, it: it.strict, nl: nl.strict, pt: pt.strict });

/** Languages whose month and day names {@link readDate} can read besides English. */
export type DateLanguage = keyof typeof PARSERS;

/**
 * Tuning for {@link readDate}. Every choice that could read a date wrongly is here, by name.
 */
export const DATE_DEFAULTS = Object.freeze({
  /** Longer text is not a date (it is a sentence or garbage) and is not looked at: null. 20-200. */
  maxLength: 80,
  /** Years outside [earliestYear, latestYear] are a publisher's bug (0001, 9999), not a date: null. */
  earliestYear: 1900,
  latestYear: 2200,
  /**
   * Languages whose month and day names are read besides English (BCP 47; names from the ICU data in
   * Node's Intl, verbose forms such as "5. März 2024, 10:00 Uhr" by chrono-node's parser for the same
   * language). Each must be one of chrono-node's locales: de, fr, es, it, nl, pt.
   */
  languages: Object.freeze<DateLanguage[]>(['de', 'fr', 'es', 'it', 'nl', 'pt']),
  /**
   * Zone names read in dates, upper case. RFC 822 §5.1 names UT, GMT, Z and the US zones; the rest
   * are the abbreviations feeds actually print. Where a name means several zones, the reading of the
   * big parsers is taken: CST, MST, PST, EST are US zones (RFC 822), BST is British Summer Time,
   * AST Atlantic (feedparser), IST India Standard Time (+05:30: chrono-node, GNU date, Java; feedparser
   * and Go-based readers take every unknown name as UTC, which is wrong for India and Ireland alike).
   * A name not listed makes the date null, never UTC. CET, CEST and the other named standard and summer
   * times are taken literally (CET is +01:00 even in July).
   */
  zones: Object.freeze<Record<string, ZoneOffset>>({
    UT: 0, UTC: 0, GMT: 0, Z: 0, WET: 0, WEST: 60, BST: 60, IST: 330,
    CET: 60, CEST: 120, MET: 60, MEST: 120, MEZ: 60, MESZ: 120, EET: 120, EEST: 180, MSK: 180,
    WAT: 60, CAT: 120, SAST: 120, EAT: 180, PKT: 300, NPT: 345, ICT: 420, WIB: 420, SGT: 480, HKT: 480,
    PHT: 480, AWST: 480, KST: 540, JST: 540, ACST: 570, ACDT: 630, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
    EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
    AKST: -540, AKDT: -480, HST: -600, AST: -240, ADT: -180, NST: -210, NDT: -150, BRT: -180, ART: -180,
    ET: 'America/New_York', CT: 'America/Chicago', MT: 'America/Denver', PT: 'America/Los_Angeles',
  }),
});

export type DateOptions = typeof DATE_DEFAULTS;

/**
 * Reads a date as feeds and pages write it; null when it cannot be read or could be read two ways.
 * Never guesses: a date is returned only when every reading of the text gives the same instant.
 *
 * - ISO 8601 / RFC 3339 (`2024-03-05T10:00:00+01:00`, `2024-03-05 10:00:00`, `20240305T100000Z`),
 *   and numeric dates with the year first (`2024/03/05`);
 * - RFC 822 / RFC 1123 and their variants (RFC 2822 §4.3 obsolete forms): with or without the day
 *   name, two-digit years (chrono-node: 00-49 → 20xx, 50-99 → 19xx), month and day in either order,
 *   AM/PM, `GMT`/`UT`/`Z`, numeric offsets (`+0100`, `+01:00`, `GMT+1`), the zone names of
 *   {@link DATE_DEFAULTS}`.zones`, IANA names (`Europe/Brussels`), a JavaScript-style
 *   `(Coordinated Universal Time)` comment; and the long forms ("March 30, 2020 7:02 PM");
 * - month and day names in the languages of `options.languages` ("Di, 05 Mär 2024", "ven., 03 juil.
 *   2020", "5 de marzo de 2024");
 * - ten-digit Unix times (seconds).
 *
 * Rules: a date without a zone is UTC, on every host (nothing here reads the process's time zone);
 * a numeric date whose day and month could be swapped (`05/03/2024`) is null, one where only one
 * reading is a date (`13/03/2024`, `03/13/2024`) or both readings are the same day (`05/05/2024`) is
 * read; numeric dates need a four-digit year; dates without a day (`Nov. 2020`), impossible dates
 * (31 February, 25:00), unknown zone names and offsets beyond ±14:00 are null. The day name is not
 * checked against the date (feeds get it wrong more often than the date).
 *
 * @example readDate('Tue, 05 Mar 24 10:00:00 CEST')?.toISOString() // '2024-03-05T08:00:00.000Z'
 * @example readDate('05/03/2024 10:00') // null: 5 March or 3 May
 */
export function readDate(text: string | null | undefined, options: DateOptions = DATE_DEFAULTS): Date | null {
  if (typeof text !== 'string') return null;
  let s = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (s === '' || s.length > options.maxLength) return null;
  // Ten digits are Unix seconds, unless they read as a date and hour (2024030510).
  if (/^\d{10}$/.test(s) && !YYYYMMDDHH.test(s)) return inRange(new Date(Number(s) * 1000), options);
  const iso = isoDate(s);
  if (iso !== undefined) return iso && inRange(iso, options);
  s = s.replace(/\s*\([^()]*\)$/, '').replace(TIME_BEFORE_YEAR, '$1 $4 $2 $3').trim();
  const zone = takeZone(s, options);
  if (zone === null) return null;
  const wall = wallClock(zone.rest, options);
  if (!wall) return null;
  if (zone.offset !== undefined && wall.offset !== undefined && zone.offset !== wall.offset) return null;
  const offset = zone.offset ?? wall.offset ?? 0;
  const utc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const instant = typeof offset === 'number' ? utc - offset * 60_000 : utc - zoneOffsetAt(offset, utc) * 60_000;
  return inRange(new Date(instant), options);
}

/** Calendar fields read from a date's text, before its zone is applied. */
interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** A zone the date parser itself found in the text, in minutes. */
  readonly offset?: number;
}

const YYYYMMDDHH = /^(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])$/;
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|\s+)${TIME})?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?|(UTC|GMT))?$`);
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(?:(Z)|([+-])(\d{2})(\d{2})?)?$/i;
/** asctime and Twitter put the year after the time ("Sun Jul 15 01:16:00 +0000 2012"): the year is moved before it. */
const TIME_BEFORE_YEAR = /^(.*[A-Za-z].*?)\s+(\d{1,2}:\d{2}(?::\d{2})?)(?:\s+([+-]\d{4}|[A-Z]{2,5}))?\s+(\d{4})$/;

/**
 * An ISO 8601 / RFC 3339 date (extended or basic format), null for one that is not a real date,
 * undefined for text in another form.
 */
function isoDate(s: string): Date | null | undefined {
  const m = ISO.exec(s);
  if (m) {
    const offset = m[8] || m[12] ? 0 : m[9] ? sign(m[9]) * offsetMinutes(m[10]!, m[11]) : 0;
    const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) % 1000 : 0;
    return compose(+m[1]!, +m[2]!, +m[3]!, m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, offset, ms);
  }
  const b = ISO_BASIC.exec(s);
  if (b) {
    const offset = b[7] ? 0 : b[8] ? sign(b[8]) * offsetMinutes(b[9]!, b[10]) : 0;
    return compose(+b[1]!, +b[2]!, +b[3]!, +b[4]!, +b[5]!, b[6] ? +b[6] : 0, offset);
  }
  return undefined;
}

const sign = (s: string): number => (s === '-' ? -1 : 1);
const offsetMinutes = (hours: string, minutes: string | undefined): number => {
  const h = Number(hours);
  const m = minutes ? Number(minutes) : 0;
  return h > 14 || m > 59 ? Number.NaN : h * 60 + m;
};

/** The instant of calendar fields at an offset, or null when a field is out of its range (31 February, 24:30). */
function compose(year: number, month: number, day: number, hour: number, minute: number, second: number, offset: number, ms = 0): Date | null {
  if (!validFields(year, month, day, hour, minute, second) || Number.isNaN(offset)) return null;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms) - offset * 60_000);
}

function validFields(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return false;
  return new Date(Date.UTC(year, month, 0)).getUTCDate() >= day;
}

function inRange(date: Date, options: DateOptions): Date | null {
  if (Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  return year >= options.earliestYear && year <= options.latestYear ? date : null;
}

/**
 * A numeric offset right after a time or after a space: "+0100", "-05:00", "+1", "GMT+01:00",
 * "UTC-5". Not after other digits: "05-03-2024" does not end in an offset of -20:24.
 */
const NUMERIC_ZONE = /(?:(?<=\d:\d\d(?::\d\d(?:[.,]\d+)?)?)|\s)(?:(?:GMT|UTC|UT)\s?)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;
const NAMED_ZONE = /(?:\s|(?<=\d))(?:Etc\/)?([A-Za-z]{1,5})$/;
const IANA_ZONE = /\s([A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/;
/** All-capital words at the end of a date that are not zones. */
const NOT_ZONES = new Set(['AM', 'PM']);

/**
 * The zone at the end of a date's text (up to two: "MST -07:00", the numeric one wins) and the text
 * before it; offset undefined when there is none; null when there is a zone that cannot be read (an
 * unknown name, an offset beyond ±14:00): such a date is not read at all, rather than read as UTC.
 */
function takeZone(s: string, options: DateOptions): { rest: string; offset: ZoneOffset | undefined } | null {
  let rest = s;
  let numeric: number | undefined;
  let named: ZoneOffset | undefined;
  for (let i = 0; i < 2; i++) {
    const n = NUMERIC_ZONE.exec(rest);
    if (n && numeric === undefined) {
      const minutes = offsetMinutes(n[2]!, n[3]);
      if (Number.isNaN(minutes)) return null;
      numeric = sign(n[1]!) * minutes;
      rest = rest.slice(0, n.index).trimEnd();
      continue;
    }
    const iana = IANA_ZONE.exec(rest);
    if (iana && named === undefined) {
      if (!validZone(iana[1]!)) return null;
      named = iana[1]!;
      rest = rest.slice(0, iana.index).trimEnd();
      continue;
    }
    const z = NAMED_ZONE.exec(rest);
    if (z && named === undefined) {
      const name = z[1]!.toUpperCase();
      const known = Object.hasOwn(options.zones, name) ? options.zones[name] : undefined;
      if (known !== undefined) {
        named = known;
        rest = rest.slice(0, z.index).trimEnd();
        continue;
      }
      // An unknown zone name ("XYZT") leaves the instant unknown, and so does a military letter other than Z
      // (RFC 822 got their signs backwards; RFC 2822 §4.3 reads them as unknown); a word ("Uhr", a month) is the date's own.
      if (/^[A-Z]{1,5}$/.test(z[1]!) && !NOT_ZONES.has(z[1]!) && monthNumber(z[1]!, options) === null) return null;
    }
    break;
  }
  // "+0100 GMT": two zones that disagree leave the instant unknown.
  if (numeric !== undefined && typeof named === 'number' && named !== numeric) return null;
  return { rest, offset: numeric ?? named };
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The offset of an IANA zone, in minutes, for a wall-clock time given as if it were UTC: the offset
 * at the instant that wall time names (one refinement step finds the right side of a DST change).
 * Intl with an explicit zone never depends on the host's zone.
 */
function zoneOffsetAt(zone: string, wallAsUtc: number): number {
  const first = offsetOfZone(zone, wallAsUtc);
  return offsetOfZone(zone, wallAsUtc - first * 60_000);
}

function offsetOfZone(zone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

const NUMERIC_DMY = new RegExp(String.raw`^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?:(?:\s*[,-]\s*|\s+|T)${TIME}(?:\s*([ap])\.?m\.?)?)?$`, 'i');
const NUMERIC_YMD = new RegExp(String.raw`^(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?:(?:\s*[,-]\s*|\s+|T)${TIME})?$`);
/** Any numeric date: text holding one that the two patterns above do not take is not handed to chrono-node, which would guess. */
const ANY_NUMERIC_DATE = /\d{1,4}[./-]\d{1,2}[./-]\d{1,4}/;

/** The calendar fields of a date's text without its zone, or null when it cannot be read unambiguously. */
function wallClock(rest: string, options: DateOptions): WallClock | null {
  const text = withoutDayName(rest, options);
  const ymd = NUMERIC_YMD.exec(text);
  if (ymd) return fields(+ymd[1]!, +ymd[3]!, +ymd[4]!, ymd[5], ymd[6], ymd[7], undefined);
  const dmy = NUMERIC_DMY.exec(text);
  if (dmy) {
    const [a, b, year] = [+dmy[1]!, +dmy[3]!, +dmy[4]!];
    const dayFirst = validFields(year, b, a, 0, 0, 0);
    const monthFirst = validFields(year, a, b, 0, 0, 0);
    // 05/03/2024 is 5 March in Europe and 3 May in the US: only a day above 12, or the same day both ways, says which.
    if (dayFirst && monthFirst && a !== b) return null;
    return dayFirst ? fields(year, b, a, dmy[5], dmy[6], dmy[7], dmy[9]) : monthFirst ? fields(year, a, b, dmy[5], dmy[6], dmy[7], dmy[9]) : null;
  }
  if (ANY_NUMERIC_DATE.test(text) || !/\p{L}/u.test(text)) return null;
  const rfc = RFC_822_DATE_TIME.exec(text);
  if (rfc) {
    const y = Number(rfc[3]);
    // RFC 2822 §4.3: a two-digit year below 50 is 20xx, from 50 it is 19xx (as chrono-node reads it).
    const year = rfc[3]!.length === 4 ? y : y < 50 ? 2000 + y : 1900 + y;
    return fields(year, monthNumber(rfc[2]!, options)!, Number(rfc[1]), rfc[4], rfc[5], rfc[6]);
  }
  return chronoWall(text, english) ?? chronoWall(inEnglish(text, options), english) ?? localWall(text, options);
}

function fields(year: number, month: number, day: number, h?: string, mi?: string, sec?: string, meridiem?: string): WallClock | null {
  let hour = h ? Number(h) : 0;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
  }
  const minute = mi ? Number(mi) : 0;
  const second = sec ? Math.min(Number(sec), 59) : 0;
  return validFields(year, month, day, hour, minute, second) ? { year, month, day, hour, minute, second } : null;
}

/**
 * The canonical RFC 822 date and time, once its day name and zone are taken ("05 Mar 2024 10:00:00"):
 * most RSS dates, read here directly because chrono-node takes some 0.15 ms a date, 15 ms for a feed
 * of 100 items.
 */
const RFC_822_DATE_TIME = /^(\d{1,2}) (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec) (\d{4}|\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/i;

/** chrono-node's fixed reference: years are always required, so the reference instant never decides anything. */
const REFERENCE = Object.freeze({ instant: new Date(Date.UTC(2000, 0, 1)), timezone: 0 });

/**
 * The date chrono-node reads in the whole text (nothing before or after it but punctuation), with
 * its year, month and day all written; null otherwise (chrono-node finds dates inside prose and fills
 * in what is missing from its reference, both wrong for a feed's date field).
 */
function chronoWall(text: string, parser: Chrono): WallClock | null {
  const results = parser.parse(text, REFERENCE);
  if (results.length !== 1) return null;
  const r = results[0]!;
  // "in 2 days", "il y a 2 jours": chrono-node computes those from its reference, which is not the feed's date.
  if ([...r.tags()].some((tag) => tag.includes('relative'))) return null;
  const around = text.slice(0, r.index) + text.slice(r.index + r.text.length);
  if (/[\p{L}\p{N}]/u.test(around)) return null;
  const c = r.start;
  if (!c.isCertain('year') || !c.isCertain('month') || !c.isCertain('day')) return null;
  const timed = c.isCertain('hour');
  const wall = fields(c.get('year')!, c.get('month')!, c.get('day')!, timed ? String(c.get('hour')) : undefined, timed ? String(c.get('minute') ?? 0) : undefined, timed ? String(c.get('second') ?? 0) : undefined);
  if (!wall) return null;
  return c.isCertain('timezoneOffset') ? { ...wall, offset: c.get('timezoneOffset')! } : wall;
}

/** The long forms chrono-node's own language parsers know ("Dienstag, 5. März 2024, 10:00 Uhr", "5 de marzo de 2024"). */
function localWall(text: string, options: DateOptions): WallClock | null {
  for (const language of options.languages) {
    const wall = chronoWall(text, PARSERS[language]);
    if (wall) return wall;
  }
  return null;
}

/** Lower case without accents and dots, so that "Mär", "mar" and "déc." meet their table entries. */
const fold = (word: string): string => word.normalize('NFD').replace(/\p{M}/gu, '').replace(/\./g, '').toLowerCase();

interface NameTables {
  /** Exact month names and abbreviations, and prefixes of three letters or more of the full names; 0 where languages disagree. */
  readonly months: ReadonlyMap<string, number>;
  /** Day names and their abbreviations. */
  readonly days: ReadonlySet<string>;
  /** English day names and their common prefixes ("Thurs"), which never collide with a month. */
  readonly englishDays: ReadonlySet<string>;
}

/** Month and day names of each language, from the ICU data in Node's Intl (CLDR). */
function namesOf(languages: readonly string[]): NameTables {
  const months = new Map<string, number>();
  const days = new Set<string>();
  const englishDays = new Set<string>();
  const add = (name: string, month: number) => {
    const prior = months.get(name);
    months.set(name, prior === undefined || prior === month ? month : 0);
  };
  for (const language of ['en', ...languages]) {
    const exact = new Map<string, number>();
    for (const width of ['long', 'short'] as const) {
      // A month's name alone and inside a date can differ (Catalan "de març", Russian genitives): both are read.
      const inDate = new Intl.DateTimeFormat(language, { timeZone: 'UTC', day: 'numeric', month: width });
      const alone = new Intl.DateTimeFormat(language, { timeZone: 'UTC', month: width });
      const weekday = new Intl.DateTimeFormat(language, { timeZone: 'UTC', weekday: width });
      for (let m = 1; m <= 12; m++) {
        const date = Date.UTC(2021, m - 1, 1);
        for (const name of [inDate.formatToParts(date).find((p) => p.type === 'month')?.value, alone.format(date)]) {
          if (name && !/\d/.test(name)) exact.set(fold(name), m);
        }
      }
      // 1 February 2021 was a Monday.
      for (let d = 0; d < 7; d++) {
        const name = fold(weekday.format(Date.UTC(2021, 1, d + 1)));
        days.add(name);
        if (language === 'en') for (let n = 3; n <= name.length; n++) englishDays.add(name.slice(0, n));
      }
    }
    for (const [name, m] of exact) {
      add(name, m);
      for (let n = 3; n < name.length; n++) add(name.slice(0, n), m);
    }
  }
  return { months, days, englishDays };
}

/** The names for the default languages, built once at load (they are constants); other lists are built per call. */
const DEFAULT_NAMES = namesOf(DATE_DEFAULTS.languages);
const tablesFor = (options: DateOptions): NameTables => (options.languages === DATE_DEFAULTS.languages ? DEFAULT_NAMES : namesOf(options.languages));

/** The month a word names in English or one of the languages, or null (not a month, or months in two languages). */
function monthNumber(word: string, options: DateOptions): number | null {
  const m = tablesFor(options).months.get(fold(word));
  return m ? m : null;
}

const ENGLISH_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * The text with a leading day name taken away: an English one always ("Thurs," "Tue"), another
 * language's when a comma or dot follows it or it is written in full ("Di,", "ven.", "Dienstag"), since
 * short forms such as Spanish "mar" (Tuesday) are also month names.
 */
function withoutDayName(text: string, options: DateOptions): string {
  const m = /^(\p{L}+)(\.?,?|\.)\s*/u.exec(text);
  if (!m) return text;
  const word = fold(m[1]!);
  const tables = tablesFor(options);
  const english = tables.englishDays.has(word);
  const other = tables.days.has(word) && (m[2] !== '' || word.length > 3);
  return (english || other) && m[0].length < text.length ? text.slice(m[0].length) : text;
}

/** The text with other languages' month names in English and their ordinal dots and "de" dropped ("16. Novembre" → "16 Nov"). */
function inEnglish(text: string, options: DateOptions): string {
  return text
    .replace(/\b(\d{1,2})\.(?=\s*\p{L})/gu, '$1')
    .replace(/\s(?:de|del)\s/gi, ' ')
    .replace(/\p{L}+\.?/gu, (word) => {
      const m = monthNumber(word, options);
      return m ? `${ENGLISH_MONTHS[m - 1]} ` : word;
    })
    .replace(/\s+-\s+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
