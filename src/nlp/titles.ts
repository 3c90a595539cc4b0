import { compromiseLexicon } from './compromise.js';
import { PERSON_NOUNS_TEXT } from './person-nouns.js';
import { MORE_ROLE_NOUNS, ROLE_NOUNS } from './word-lists.js';

/**
 * Titles written before a person's name ("Gov. Ann Reilly", "Det Supt Jane Rowe", "Mr Justice
 * Hartley"), and the nouns that name a person's role ("Labour MP Rosa Delaney", "Will Kerr, NCA
 * director"). One table holds every title with its full form and its abbreviations, so that the
 * people reader (people.ts), the role reader (entities.ts) and name look-up (book.ts) agree on what a
 * title is. A title is never part of a name; an office title ("Gov.", "Sgt") is also the person's role.
 */

/** One title: its full form, the ways it is abbreviated, and what it says of the person who bears it. */
export interface Title {
  /** Lower case, as a role reads: "governor", "sergeant", "prime minister". */
  readonly full: string;
  /** Lower case, without the dot: "gov", "sgt". */
  readonly abbreviations: readonly string[];
  /**
   * True when the title names an office or rank ("Gov.", "Sgt", "Commissioner"): it is then the
   * person's role. Courtesy titles (Mr, Dr, Sir) say nothing of what a person does.
   */
  readonly office: boolean;
  /** The bearer's gender, when the title says it ("Mr", "Dame", "Congresswoman"). */
  readonly gender?: 'male' | 'female';
  /** Words that are a title only before another title ("Vice President", "Prime Minister", "Staff Sergeant"): "Lance Armstrong" has none. */
  readonly prefix?: boolean;
  /**
   * Full forms that are also ordinary words or first names ("General Motors", "Major Garrett",
   * "Private Eye"): a title only before a name of two words or more, or when abbreviated ("Gen.").
   */
  readonly ambiguous?: boolean;
}

const T = (full: string, abbreviations: readonly string[], office: boolean, extra: Partial<Pick<Title, 'gender' | 'prefix' | 'ambiguous'>> = {}): Title => ({ full, abbreviations, office, ...extra });

/**
 * Every title Pilcrow knows, in English news usage (AP and British styles: "Gov." and "Sgt", with or
 * without the dot). Abbreviations are those of AP's stylebook and the UK police and armed forces
 * (Det, Supt, Insp, Cllr), and compromise's Honorific lexicon.
 */
export const TITLES: readonly Title[] = [
  // Courtesy titles.
  T('mister', ['mr'], false, { gender: 'male' }),
  T('missus', ['mrs'], false, { gender: 'female' }),
  T('ms', [], false, { gender: 'female' }),
  T('miss', [], false, { gender: 'female' }),
  T('mx', [], false),
  T('messrs', [], false),
  T('sir', [], false, { gender: 'male' }),
  T('dame', [], false, { gender: 'female' }),
  T('lord', [], false, { gender: 'male' }),
  T('lady', [], false, { gender: 'female' }),
  T('doctor', ['dr'], false),
  T('honourable', ['hon', 'honorable'], false),
  T('esquire', ['esq'], false),
  // Offices of state.
  T('president', ['pres'], true),
  T('vice', [], true, { prefix: true }),
  T('prime', [], true, { prefix: true }),
  T('deputy', ['dep'], true, { prefix: true }),
  T('acting', [], true, { prefix: true }),
  T('minister', [], true),
  T('secretary', ['sec'], true),
  T('chancellor', [], true),
  T('premier', [], true),
  T('governor', ['gov'], true),
  T('lieutenant governor', ['lt gov'], true),
  T('senator', ['sen'], true),
  T('senators', ['sens'], true),
  T('representative', ['rep'], true),
  T('representatives', ['reps'], true),
  T('congressman', [], true, { gender: 'male' }),
  T('congresswoman', [], true, { gender: 'female' }),
  T('delegate', ['del'], true),
  T('assemblyman', [], true, { gender: 'male' }),
  T('assemblywoman', [], true, { gender: 'female' }),
  T('speaker', [], true, { ambiguous: true }),
  T('mayor', [], true),
  T('councillor', ['cllr', 'councilor'], true),
  T('councilman', [], true, { gender: 'male' }),
  T('councilwoman', [], true, { gender: 'female' }),
  T('alderman', ['ald'], true),
  T('commissioner', ['commr', 'comm'], true),
  T('ambassador', ['amb'], true),
  T('attorney', ['atty'], true),
  T('sheriff', [], true),
  T('chief', [], true, { prefix: true }),
  T('chairman', [], true, { gender: 'male' }),
  T('chairwoman', [], true, { gender: 'female' }),
  T('candidate', [], true),
  T('nominee', [], true),
  // The courts.
  T('judge', [], true),
  T('justice', [], true),
  T('magistrate', [], true),
  // Police and armed forces.
  T('general', ['gen'], true, { ambiguous: true }),
  T('lieutenant', ['lt', 'lieut'], true),
  T('colonel', ['col'], true),
  T('major', ['maj'], true, { ambiguous: true }),
  T('captain', ['capt', 'cpt'], true),
  T('commander', ['cmdr', 'comdr', 'cdr'], true),
  T('admiral', ['adm'], true),
  T('rear', [], true, { prefix: true }),
  T('brigadier', ['brig'], true),
  T('marshal', [], true, { ambiguous: true }),
  T('field', [], true, { prefix: true }),
  T('sergeant', ['sgt'], true),
  T('corporal', ['cpl'], true),
  T('private', ['pvt', 'pte'], true, { ambiguous: true }),
  T('lance', [], true, { prefix: true }),
  T('staff', [], true, { prefix: true }),
  T('petty', [], true, { prefix: true }),
  T('officer', [], true),
  T('constable', ['const'], true),
  T('inspector', ['insp'], true),
  T('detective', ['det'], true),
  T('superintendent', ['supt'], true),
  T('trooper', ['tpr'], true),
  // Academia, faith and crowns.
  T('professor', ['prof'], true),
  T('reverend', ['rev', 'revd'], false),
  T('father', ['fr'], false, { gender: 'male', ambiguous: true }),
  T('bishop', ['bp'], true),
  T('archbishop', ['abp'], true),
  T('cardinal', [], true, { ambiguous: true }),
  T('rabbi', [], true),
  T('imam', [], true),
  T('sheikh', [], false),
  T('pope', [], true, { gender: 'male' }),
  T('king', [], true, { gender: 'male' }),
  T('queen', [], true, { gender: 'female' }),
  T('prince', [], true, { gender: 'male' }),
  T('princess', [], true, { gender: 'female' }),
  T('coach', [], true, { ambiguous: true }),
];

/**
 * Titles of several words whose office is not the sum of their words: a High Court judge is "Mr
 * Justice X" or "Mrs Justice X", an Appeal Court judge "Lord Justice X" or "Lady Justice X".
 */
const COMPOUND_OFFICES: ReadonlyMap<string, string> = new Map([
  ['mr justice', 'judge'], ['mrs justice', 'judge'], ['ms justice', 'judge'], ['miss justice', 'judge'], ['lord justice', 'judge'], ['lady justice', 'judge'],
]);

const byForm = new Map<string, Title>();
for (const t of TITLES) for (const form of [t.full, ...t.abbreviations]) if (!form.includes(' ')) byForm.set(form, t);

/** A word as a title's key: lower case, without a trailing dot ("Gov." → "gov"). */
const keyOf = (word: string): string => word.replace(/\.$/u, '').toLowerCase();

/** The title a word is, full or abbreviated ("Gov.", "Governor", "sgt"), or undefined. */
export function titleOf(word: string): Title | undefined {
  return byForm.get(keyOf(word));
}

/** Whether a word is a title, full or abbreviated, with or without its dot. */
export function isTitle(word: string): boolean {
  return byForm.has(keyOf(word));
}

/** The full form of a title word ("Sgt" → "sergeant"), or the word itself in lower case. */
export function expandTitle(word: string): string {
  return titleOf(word)?.full ?? keyOf(word);
}

/**
 * The role that the titles written before a name give ("Gov." → "governor", "Det Supt" → "detective
 * superintendent", "Mr Justice" → "judge", "Mr" → null): the full forms of its office words, in order.
 * `words` are the title words as written.
 */
export function titleRole(words: readonly string[]): string | null {
  const compound = COMPOUND_OFFICES.get(words.map(keyOf).join(' '));
  if (compound) return compound;
  const office = words.map(titleOf).filter((t): t is Title => t !== undefined && t.office);
  if (office.length === 0) return null;
  return office.map((t) => t.full).join(' ');
}

/** The gender that a title says (Mr, Dame, Congresswoman), or null. */
export function titleGender(word: string): 'male' | 'female' | null {
  return titleOf(word)?.gender ?? null;
}

/**
 * How many of the leading words of a name as written are titles ("Det Supt Jane Rowe" → 2, "Mr
 * Justice Hartley" → 2, "Lance Armstrong" → 0, "General Motors" → 0): at least one word is left for
 * the name. A prefix ("Vice", "Chief", "Lance") is a title only before another title or a name of two
 * words or more; so is an ambiguous full form ("General", "Major").
 */
export function leadingTitles(words: readonly string[]): number {
  let n = 0;
  while (n < words.length - 1) {
    const word = words[n]!;
    const t = titleOf(word);
    if (!t) break;
    // "Chief Chuck Jordan", "Vice Adm. …": a prefix before a title, or before a name of two words.
    if (t.prefix && !(n + 1 < words.length - 1 && isTitle(words[n + 1]!)) && words.length - n - 1 < 2) break;
    const abbreviated = keyOf(word) !== t.full;
    if (t.ambiguous && !abbreviated && words.length - n - 1 < 2) break;
    n++;
  }
  return n;
}

/** Strips the titles at the start of a name as typed or written ("Sen. Maria Lopez" → "Maria Lopez", "Mr Justice Hartley" → "Hartley"). */
export function withoutTitles(name: string): string {
  const words = name.trim().split(/\s+/u);
  return words.slice(leadingTitles(words)).join(' ');
}

/** compromise's nouns for people ("Actor": "director", "sergeant", "cleric") that are no role. */
const NOT_ROLES = new Set(['anybody', 'nobody', 'somebody', 'person', 'population', 'phrase', 'beings', 'citizens', 'character', 'human', 'soul', 'spirit', 'ghost', 'apparition', 'god', 'goddess', 'deity', 'baby', 'infant', 'toddler', 'child', 'boy', 'girl', 'lad', 'lass', 'dude', 'fella', 'bro', 'bros', 'chum', 'pal', 'dork', 'loser', 'maniac', 'sinner', 'stranger', 'human', 'native', 'kin', 'offspring', 'progeny', 'pawn', 'minion', 'phantom', 'sissy', 'tramp', 'hobo', 'character', 'idol', 'icon', 'hero', 'heroine', 'enemy', 'foe', 'nemesis']);

let actors: ReadonlySet<string> | undefined;
/** compromise's lexicon of nouns for people, less those that are no role. */
function actorNouns(): ReadonlySet<string> {
  if (actors) return actors;
  const lexicon = compromiseLexicon();
  const out = new Set<string>();
  for (const [word, tag] of Object.entries(lexicon)) if ((Array.isArray(tag) ? tag : [tag]).includes('Actor') && !word.includes(' ') && !NOT_ROLES.has(word)) out.add(word);
  actors = out;
  return out;
}

let persons: ReadonlySet<string> | undefined;
/** WordNet's nouns for kinds of people (src/nlp/person-nouns.ts, generated), read once. */
function personNouns(): ReadonlySet<string> {
  persons ??= new Set(PERSON_NOUNS_TEXT.split(' '));
  return persons;
}

/** Agent nouns by their ending: "mediator", "negotiator", "economist", "politician", "entrepreneur", "headmaster", "spokesman". */
const AGENT_SUFFIX = /^\p{Ll}*master$|^\p{Ll}{3,}(?:ator|ist|ician|eur|(?:s|wo|chair|congress|business|police|fire|kins)(?:wo)?man|person)$/u;
/** Words with those endings that name no one. */
const NOT_AGENTS = new Set(['against', 'amidst', 'whilst', 'exist', 'insist', 'assist', 'persist', 'resist', 'consist', 'list', 'twist', 'wrist', 'mist', 'fist', 'gist', 'equator', 'elevator', 'calculator', 'radiator', 'indicator', 'escalator', 'generator', 'incubator', 'ventilator', 'alligator', 'refrigerator']);

/**
 * Whether a word names a person's role or occupation: a title ("sergeant", "Sgt"), one of
 * {@link ROLE_NOUNS}, a noun compromise's lexicon tags as a person ("Actor": "director",
 * "cleric"), an agent noun by its ending ("mediator", "economist"), or, written in lower case, a noun
 * whose first WordNet sense is a kind of person ("steward", "midwife": src/nlp/person-nouns.ts, built by
 * scripts/build-person-nouns.ts). Case is otherwise ignored; a plural is no role of one person.
 */
export function isRoleNoun(word: string): boolean {
  const w = keyOf(word);
  if (w.length < 2) return false;
  if (isOfficeNoun(w) || actorNouns().has(w)) return true;
  // A noun for a kind of person, written in lower case ("union steward Helen Roe"): a capitalised one
  // may be a name ("Carter", "Baker", "Mason").
  if (word === w && personNouns().has(w) && !NOT_ROLES.has(w)) return true;
  return AGENT_SUFFIX.test(w) && !NOT_AGENTS.has(w);
}

/**
 * Whether a word names an office or post: a title's full form ("Director", "Governor") or one of the
 * role nouns above, not merely any noun for a person ("Cook" in "the Cook Political Report" is a
 * name). Capitalised role nouns before a name are trusted only when this holds ("FBI Director James Comey").
 */
export function isOfficeNoun(word: string): boolean {
  const w = keyOf(word);
  if (ROLE_NOUNS.has(w) || MORE_ROLE_NOUNS.has(w)) return true;
  const title = byForm.get(w);
  return !!title && title.office && !title.prefix && !title.ambiguous && !title.full.endsWith('s');
}
