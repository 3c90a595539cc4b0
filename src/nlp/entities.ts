import { compromiseLexicon } from './compromise.js';
import { pairOf, placeKey, type Place } from '../model/place.js';
import type { Article } from '../model/article.js';
import { lexicon } from './lexicon.js';
import { findPeople, isNationality, surnameOf, tagged, type PersonMention, type Tagged } from './people.js';
import { expandTitle, isRoleNoun, isTitle, titleOf, titleRole } from './titles.js';
import { BUILDING_PLACES, capitalised, MONTHS, WEEKDAYS } from './word-lists.js';

/** Where an entity is mentioned: the article and the ¶ (or photo caption). */
export interface Mention {
  readonly articleId: string;
  readonly paragraph: number | null;
  readonly caption: number | null;
}

/** A person, place, organisation or date of the knowledge base, its aliases merged. */
export interface Entity {
  readonly name: string;
  readonly type: 'person' | 'place' | 'organisation' | 'date';
  readonly aliases: readonly string[];
  readonly role: string | null;
  readonly gender: 'male' | 'female' | null;
  readonly mentions: readonly Mention[];
}

/** A person mention resolved to its canonical name. */
export interface ResolvedMention extends PersonMention {
  readonly canonical: string;
}

/** What {@link ArticlePeople} read from an article, as plain data: kept in the state so that a restart does not read it again. */
export interface PeopleData {
  readonly people: readonly (readonly [string, { canonical: string; gender: 'male' | 'female' | null; role: string | null; roles?: readonly string[]; aliases: readonly string[] }])[];
  readonly mentions: readonly (readonly [string, readonly ResolvedMention[]])[];
}

/** What an article says of one person. */
interface PersonEntry {
  canonical: string;
  gender: 'male' | 'female' | null;
  /** The role shown: the first the text describes ("Labour MP"), else the first title's ("governor"). */
  role: string | null;
  /** Every role read, described ones first, each once: what {@link ArticlePeople.holdersOf} looks in. */
  roles: string[];
  aliases: Set<string>;
  /** How many of `roles` the text describes (the rest come from titles). */
  described: number;
}

/**
 * The people of one article: every name form mapped to one canonical name ("Mr Bolton", "Bolton"
 * and "John Bolton" → "John Bolton"), with gender and role ("US national security adviser").
 */
export class ArticlePeople {
  /** Lower-case surname → canonical full name. */
  private readonly bySurname = new Map<string, PersonEntry>();
  /** Mentions per passage, keyed "p3" / "c1". */
  readonly mentions = new Map<string, ResolvedMention[]>();
  /** compromise's people, places and organisations per passage, keyed "p3" / "c1": read once, here. */
  readonly tags = new Map<string, Tagged>();

  /** Reads the article's people with compromise, or takes what an earlier reading found (`data`). */
  constructor(readonly article: Article, data?: PeopleData) {
    if (data) {
      for (const [key, p] of data.people) this.bySurname.set(key, { ...p, roles: [...(p.roles ?? (p.role ? [p.role] : []))], described: 0, aliases: new Set(p.aliases) });
      for (const [key, list] of data.mentions) this.mentions.set(key, [...list]);
      return;
    }
    const passages = [...article.paragraphs, ...article.captions];
    for (const p of passages) this.tags.set(keyOf(p), tagged(p.text));
    // Pass 1: full names and titled names, so that pass 2 can recognise a lone surname.
    const first = passages.map((p) => findPeople(p.text, new Set(), this.tags.get(keyOf(p))));
    for (const [i, mentions] of first.entries()) {
      for (const m of mentions) this.register(m, passages[i]!.text);
    }
    this.linkFamilyNames();
    const known = new Set(this.bySurname.keys());
    for (const p of passages) {
      const resolved = findPeople(p.text, known, this.tags.get(keyOf(p))).map((m) => ({ ...m, canonical: this.canonical(m.name) ?? m.name }));
      this.mentions.set(keyOf(p), resolved);
    }
  }

  /** What was read, as plain data (compromise's tags are left out: they are only needed while reading). */
  toData(): PeopleData {
    return {
      people: [...this.bySurname.entries()].map(([key, p]) => [key, { canonical: p.canonical, gender: p.gender, role: p.role, roles: [...p.roles], aliases: [...p.aliases] }] as const),
      mentions: [...this.mentions.entries()],
    };
  }

  /** The canonical name of a name form, or undefined when it is nobody in this article. */
  canonical(name: string): string | undefined {
    return this.bySurname.get(surnameOf(name))?.canonical;
  }

  /** What the article says of a person: canonical name, gender, role, every role read, name forms. */
  person(canonical: string): Readonly<PersonEntry> | undefined {
    return this.bySurname.get(surnameOf(canonical));
  }

  /**
   * The people of this article who hold a role, in the order they are first named: those any of whose
   * roles holds the role's words in order, titles read in full ("minister" → the "Turkish energy
   * minister"; "NCA director"; "sgt" → the "sergeant"; "judge" → "Mr Justice Hartley"). A leading
   * article is ignored ("the minister"). The role's reader for a speaker named only by role ("…, the
   * minister said"). Empty when nobody holds it; several names when the article names several holders.
   *
   * @example people.holdersOf('director') // ['Will Kerr'] for "Will Kerr, NCA director, said …"
   */
  holdersOf(role: string): string[] {
    const wanted = roleWords(role);
    if (wanted.length === 0) return [];
    const order = new Map(this.main().map((p) => [p.name, p.firstParagraph]));
    const holders: string[] = [];
    for (const p of this.bySurname.values()) {
      if (holders.includes(p.canonical)) continue;
      if (p.roles.some((r) => containsRun(roleWords(r), wanted))) holders.push(p.canonical);
    }
    return holders.sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b));
  }

  /**
   * The article's people, most mentioned first, with gender and the first paragraph naming them:
   * whom a question's "he" or "she" means.
   */
  main(): { name: string; gender: 'male' | 'female' | null; mentions: number; firstParagraph: number }[] {
    const seen = new Map<string, { mentions: number; firstParagraph: number }>();
    for (const [key, list] of this.mentions) {
      const paragraph = key.startsWith('p') ? Number(key.slice(1)) : Infinity;
      for (const m of list) {
        const s = seen.get(m.canonical) ?? { mentions: 0, firstParagraph: Infinity };
        s.mentions++;
        s.firstParagraph = Math.min(s.firstParagraph, paragraph);
        seen.set(m.canonical, s);
      }
    }
    return [...seen.entries()]
      .sort((a, b) => b[1].mentions - a[1].mentions || a[0].localeCompare(b[0]))
      .map(([name, s]) => ({ name, gender: this.person(name)?.gender ?? null, ...s }));
  }

  /**
   * "Park said" after "Park Seo-yeon", "Kim" after "Kim Jong-un": a name whose given name is
   * hyphenated with a lower-case second part (the romanisation of Korean, and of some Chinese, given
   * names) is written family name first, so its first word alone is the person too. A lone mention
   * of that word read as a person of its own ("Lee") joins the full name. Left alone when two full
   * names share the family name, or when the word is another full name's surname.
   */
  private linkFamilyNames(): void {
    const byFamily = new Map<string, PersonEntry | null>();
    for (const e of new Set(this.bySurname.values())) {
      const words = e.canonical.split(' ');
      if (words.length < 2 || !HYPHENATED_GIVEN.test(words[words.length - 1]!)) continue;
      const family = words[0]!.toLowerCase();
      byFamily.set(family, byFamily.has(family) ? null : e);
    }
    for (const [family, e] of byFamily) {
      if (!e) continue;
      const lone = this.bySurname.get(family);
      if (lone === e) continue;
      if (lone) {
        if (lone.canonical.includes(' ')) continue;
        for (const a of lone.aliases) e.aliases.add(a);
        e.gender ??= lone.gender;
        for (const r of lone.roles) if (!e.roles.includes(r)) e.roles.push(r);
        e.role ??= e.roles[0] ?? null;
      }
      this.bySurname.set(family, e);
    }
  }

  private register(m: PersonMention, text: string): void {
    const key = surnameOf(m.name);
    if (key.length < 2) return;
    const entry = this.bySurname.get(key) ?? { canonical: m.name, gender: m.gender, role: null, roles: [], described: 0, aliases: new Set<string>() };
    if (m.name.split(' ').length > entry.canonical.split(' ').length) entry.canonical = m.name;
    entry.gender ??= m.gender;
    entry.aliases.add(m.text);
    entry.aliases.add(m.name);
    // "daughter Chelsea Clinton" is not Hillary Clinton's role: people who share a surname share no role.
    const firstOf = (name: string) => (name.split(' ').length > 1 ? name.split(' ')[0]!.toLowerCase() : null);
    const samePerson = firstOf(m.name) === null || firstOf(entry.canonical) === null || firstOf(m.name) === firstOf(entry.canonical);
    const found = samePerson ? roleOf(text, m) : null;
    if (found && !entry.roles.includes(found.role)) {
      // Described roles go before those only a title gave.
      if (found.described) entry.roles.splice(entry.described++, 0, found.role);
      else entry.roles.push(found.role);
      entry.role = entry.roles[0]!;
    }
    this.bySurname.set(key, entry);
  }
}

/**
 * One hyphenated word shaped as a place name, never a person's: a saint's name ("Saint-Denis",
 * "Ste-Foy") or a linking particle between capitalised parts ("Saint-Étienne-du-Lac", "Châlons-en-
 * Champagne", "Stratford-upon-Avon", "Frankfurt-am-Main"). Hyphenated personal names join capitalised
 * parts only ("Jean-Paul", "Smith-Jones") or a romanised given name ("Seo-yeon").
 */
const TOPONYM = /^(?:(?:Saint|Sainte|St|Ste|San|Santa|Sankt)-\p{Lu}\S*|\p{Lu}\p{L}*(?:-\p{Lu}\p{L}*)*-(?:de|du|des|la|le|les|lès|lez|sur|sous|en|aux|am|an|im|upon|on|under|by|di|del)-\p{Lu}\S*)$/u;

/** A romanised East Asian given name: "Seo-yeon", "Jong-un". */
const HYPHENATED_GIVEN = /^\p{Lu}\p{Ll}+-\p{Ll}+$/u;

/** A role's words for comparing roles: lower case, titles in full, without articles and possessive marks. */
function roleWords(role: string): string[] {
  return role.toLowerCase().split(/[^\p{L}\p{N}.'’-]+/u).map((w) => w.replace(/[’']s$|[.]$/u, '')).filter((w) => w && !DETERMINERS.has(w)).map((w) => (isTitle(w) ? expandTitle(w) : w)).flatMap((w) => w.split(' '));
}

/** Whether `words` holds `run` as consecutive words. */
function containsRun(words: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= words.length; i++) if (run.every((w, j) => words[i + j] === w)) return true;
  return false;
}

/** "p5" for ¶5, "c2" for photo caption 2 (the one key of a place: {@link placeKey}). */
export const keyOf: (p: Place) => string = placeKey;

const ROLE_STOP = new Set(['the', 'a', 'an', 'with', 'and', 'or', 'but', 'said', 'says', 'met', 'by', 'to', 'of', 'in', 'on', 'at', 'for', 'from', 'that', 'as', 'he', 'she', 'they', 'also', 'was', 'is', 'has', 'had', 'who', 'which', 'when']);
/** Words that join a role's head to its complement: "chief executive of Harbour Analytics", "councillor for Leeds". */
const ROLE_LINKS = new Set(['of', 'for', 'at', 'in', 'to']);
/** Words that end a role phrase read backwards from its comma; the article is the role's start. */
const DETERMINERS = new Set(['the', 'a', 'an']);
const PREPOSITIONS = new Set(['about', 'above', 'across', 'after', 'against', 'along', 'among', 'around', 'at', 'before', 'behind', 'beside', 'between', 'by', 'during', 'for', 'from', 'in', 'into', 'near', 'of', 'on', 'over', 'since', 'through', 'to', 'toward', 'towards', 'under', 'until', 'with', 'without', 'unlike', 'like']);

/** Possessive pronouns, which start a role phrase as an article does ("his wife", "their lawyer"). */
const POSSESSIVES = new Set(['his', 'her', 'their', 'its', 'our', 'my', 'your']);

let verbTags: ReadonlyMap<string, readonly string[]> | undefined;
/**
 * Whether a lower-case word is a verb form and nothing else: compromise's lexicon tags it as a past
 * tense, participle or modal (or a present tense before a capitalised word) and not as a noun or
 * adjective ("told", "saw", "inviting", "believes GOP nominee"), or it is not in the lexicon and ends in
 * -ing or -ed. Capitalised words are never (they are names or start a sentence).
 */
function isVerbForm(word: string, next = ''): boolean {
  if (!/^\p{Ll}+$/u.test(word)) return false;
  if (!verbTags) {
    const entries = compromiseLexicon();
    verbTags = new Map(Object.entries(entries).map(([w, t]) => [w, Array.isArray(t) ? t : [t]]));
  }
  const tags = verbTags.get(word);
  if (!tags) return /(?:ing|ed)$/u.test(word) && !isRoleNoun(word);
  // compromise tags some plural nouns as present tenses ("civil rights leader"): one counts as a verb
  // only when a capitalised word follows, its object ("believes GOP nominee", "prefer Libertarian nominee").
  const present = /^\p{Lu}/u.test(next) ? ['PresentTense', 'Infinitive'] : [];
  const verb = tags.some((t) => ['PastTense', 'Gerund', 'Participle', 'Modal', 'Copula', 'Auxiliary', ...present].includes(t));
  return verb && !tags.some((t) => ['Noun', 'Singular', 'Plural', 'Adjective', 'Actor', 'Uncountable'].includes(t));
}

/** A role as a span of the text it was read from. */
export interface RoleSpan {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** A role read from its words: a leading article goes ("the local mayor" → "local mayor") unless it belongs to a possessive ("the party's treasurer"). */
function tidyRole(text: string, start: number): RoleSpan | null {
  const quote = /^[“"‘'(]+/u.exec(text)?.[0].length ?? 0;
  let t = text.slice(quote);
  let s = start + quote;
  const article = /^(?:the|a|an)\s+/iu.exec(t);
  if (article && !/^\S+['’]s?\s/u.test(t.slice(article[0].length))) {
    t = t.slice(article[0].length);
    s += article[0].length;
  }
  const trimmed = t.replace(/[\s,.;:]+$/u, '');
  return trimmed ? { text: trimmed, start: s, end: s + trimmed.length } : null;
}

/** Whether a phrase's head (its words before "of", "for", "at"…) ends in a role noun: "acting chief executive of X", "NCA director". */
function headIsRole(words: readonly string[]): boolean {
  const link = words.findIndex((w, i) => i > 0 && ROLE_LINKS.has(w.toLowerCase()));
  const head = link === -1 ? words : words.slice(0, link);
  return head.length > 0 && isRoleNoun(head[head.length - 1]!.replace(/[’']s$/u, ''));
}

/**
 * The windows and limits of the role reader (roles before and after a name), in one place.
 * Characters are UTF-16 code units of the passage's text; words are runs between spaces.
 */
export const ENTITY_DEFAULTS = Object.freeze({
  /** How far before a name a role ("Russian presidential aide", "The judge,") is looked for, in characters. */
  roleBeforeChars: 160,
  /** Most words that modify a role noun or a title, read back from it ("Russian presidential" aide, "White House Press" Secretary). */
  modifierWords: 6,
  /** How far before a title the words saying where the office is ("Massachusetts Sen.") are looked for, in characters. */
  titleModifierChars: 80,
  /** Most words of a role phrase in an apposition before a name ("The acting chief executive of Harbour Analytics, Dr Felix Amsel"). */
  appositionWords: 10,
  /** How far after a name a US legislator's party and state ("(D-N.M.)") are looked for, in characters. */
  partyChars: 20,
  /** How far after a name an apposition naming a role ("Jane Doe, the party's treasurer,") is looked for, in characters. */
  roleAfterChars: 200,
  /** Most words of that apposition, before any relative clause; a longer one is no role. */
  roleAfterWords: 16,
});

/**
 * The role written before a name, as a span: a pre-modifier ending in a role noun ("Russian
 * presidential aide Yury Ushakov", "Labour MP Rosa Delaney"), or an apposition before it ("The acting
 * chief executive of Harbour Analytics, Dr Felix Amsel, said", "The judge, Mr Justice Hartley,").
 * `start` is where the mention (with its titles) begins.
 */
export function roleSpanBefore(text: string, start: number): RoleSpan | null {
  const from = Math.max(0, start - ENTITY_DEFAULTS.roleBeforeChars);
  const before = text.slice(from, start);
  // "Labour MP Rosa Delaney": the words right before the name, back to a stop word or punctuation.
  const words = [...before.matchAll(/\S+/gu)];
  const last = words[words.length - 1];
  // (A title ending in a dot, "Gov.", belongs to the mention.)
  if (last && last.index + last[0].length === before.trimEnd().length && /\s$/u.test(before) && !last[0].endsWith('.') && isRoleNoun(last[0])) {
    const role = modifiers(words, words.length - 2);
    role.push(last);
    const s = from + role[0]!.index;
    return tidyRole(text.slice(s, from + last.index + last[0].length), s);
  }
  return appositionBefore(text, start);
}

/**
 * The words that modify a noun, read backwards from `i` (the word before the noun): back to
 * punctuation, a stop word, a verb or another role noun's phrase.
 */
function modifiers(words: readonly RegExpExecArray[], i: number): RegExpExecArray[] {
  const role: RegExpExecArray[] = [];
  for (; i >= 0 && role.length < ENTITY_DEFAULTS.modifierWords; i--) {
    const w = words[i]!;
    if (/[,.;:!?“”"()—–]|^-+$/u.test(w[0]) || ROLE_STOP.has(w[0].toLowerCase()) || PREPOSITIONS.has(w[0].toLowerCase())) break;
    // "his running mate presidential nominee Donald Trump": a role noun before the modifiers of
    // another is another phrase ("deputy", "chief" and "acting" modify the next).
    if (role.length > 0 && isRoleNoun(w[0]) && !titleOf(w[0])?.prefix && !isRoleNoun(role[0]![0])) break;
    // A verb is no role ("by inviting Trump critic Mark Cuban", "Caddell told Breitbart host …"),
    // but a participle after an article is ("the acting chief", "a retired general").
    if (isVerbForm(w[0], role[0]?.[0])) {
      const previous = words[i - 1]?.[0];
      if (previous === undefined || /[.!?:;]$/u.test(previous) || DETERMINERS.has(previous.toLowerCase()) || POSSESSIVES.has(previous.toLowerCase()) || /['’]s$/u.test(previous)) role.unshift(w);
      break;
    }
    role.unshift(w);
  }
  return role;
}

/**
 * The words before a title that say where or whom the office is for ("Massachusetts Sen. Elizabeth
 * Warren" → "Massachusetts", "NYPD Commissioner James O'Neill" → "NYPD"), capitalised words as
 * written; empty when the first of them merely starts the sentence ("Yesterday Sen. …").
 */
function titleModifiers(text: string, start: number): string {
  const from = Math.max(0, start - ENTITY_DEFAULTS.titleModifierChars);
  const before = text.slice(from, start);
  if (!/\S\s+$/u.test(before)) return '';
  const words = [...before.matchAll(/\S+/gu)];
  // Only names: "Massachusetts Sen.", "NYPD Commissioner", "White House Press Secretary"; not "both President".
  const found = modifiers(words, words.length - 1);
  while (found.length > 0 && !/^\p{Lu}/u.test(found[0]![0])) found.shift();
  if (found.some((w) => !/^\p{Lu}/u.test(w[0]))) found.splice(0, found.findLastIndex((w) => !/^\p{Lu}/u.test(w[0])) + 1);
  if (found.length === 0) return '';
  const first = found[0]!;
  const previous = words[words.indexOf(first) - 1]?.[0];
  const startsSentence = previous === undefined ? /^\s*$/u.test(text.slice(0, from + first.index)) : /[.!?:;“"]$/u.test(previous);
  const lex = lexicon();
  if (startsSentence && /^\p{Lu}\p{Ll}/u.test(first[0]) && !lex.places.has(first[0].toLowerCase()) && !isNationality(first[0])) return '';
  return found.map((w) => w[0]).join(' ');
}

/** "The judge, Mr Justice Hartley, said": a role phrase, a comma, then the name. */
function appositionBefore(text: string, start: number): RoleSpan | null {
  const from = Math.max(0, start - ENTITY_DEFAULTS.roleBeforeChars);
  const before = text.slice(from, start);
  const comma = /,\s*$/u.exec(before);
  if (!comma) return null;
  const words = [...before.slice(0, comma.index).matchAll(/\S+/gu)];
  let i = words.length - 1;
  const taken: RegExpExecArray[] = [];
  for (; i >= 0 && taken.length < ENTITY_DEFAULTS.appositionWords; i--) {
    const w = words[i]!;
    const lower = w[0].toLowerCase();
    if (/[,.;:!?“”"()—–]$/u.test(w[0])) break;
    // "of the", "for the": an article inside the role's complement.
    if (DETERMINERS.has(lower) && !(i + 1 < words.length && ROLE_LINKS.has(words[i - 1]?.[0].toLowerCase() ?? ''))) break;
    if (ROLE_STOP.has(lower) && !ROLE_LINKS.has(lower) && !DETERMINERS.has(lower)) return null;
    taken.unshift(w);
  }
  if (taken.length === 0 || !headIsRole(taken.map((w) => w[0]))) return null;
  // "Unlike Patriot, Tom Clarke …": a prepositional phrase is no role.
  if (PREPOSITIONS.has(taken[0]![0].toLowerCase())) return null;
  const determiner = i >= 0 && DETERMINERS.has(words[i]![0].toLowerCase()) ? words[i]! : undefined;
  const lead = determiner ? i - 1 : i;
  // The phrase starts its sentence ("The judge, …"), or follows a verb as its object in a closed
  // apposition ("thanked the minister, Jo Bloggs, for …"); never after a preposition ("After meeting the
  // president, Smith said": Smith is not the president).
  const startsSentence = lead < 0 ? /^\s*$|[.!?:;“"(]\s*$/u.test(text.slice(0, from)) || from === 0 : /[.!?:;“"(]$/u.test(words[lead]![0]);
  if (!startsSentence) {
    if (!determiner || PREPOSITIONS.has(words[lead]![0].toLowerCase())) return null;
    if (!/^[^,.;:!?]{1,60}[,)]/u.test(text.slice(start))) return null;
  }
  const s = from + (determiner ?? taken[0]!).index;
  return tidyRole(text.slice(s, from + taken[taken.length - 1]!.index + taken[taken.length - 1]![0].length), s);
}

/** "(D-N.M.)", ", R-Ky.,": a US legislator's party and state after the name; the text after it is returned too. */
function partyAfter(text: string, end: number): { party: string; rest: number } | null {
  const m = /^(?:\s*\(([DRI]-\p{Lu}[\p{L}.]{0,8})\)|,\s+([DRI]-\p{Lu}[\p{L}.]{0,8}),)/u.exec(text.slice(end, end + ENTITY_DEFAULTS.partyChars));
  if (!m) return null;
  return { party: (m[1] ?? m[2])!, rest: end + m[0].length - (m[2] ? 1 : 0) };
}

/**
 * The role written after a name, as a span: an apposition whose head is a role noun ("Jane Doe, the
 * party's treasurer,", "Will Kerr, NCA director, said", "Amy Fox, 45, a councillor for Leeds,").
 */
export function roleSpanAfter(text: string, end: number): RoleSpan | null {
  const at = partyAfter(text, end)?.rest ?? end;
  const m = /^,\s+(?:\d{1,3},\s+)?([^,;:“”"()!?]{2,160}?)(?=\s*(?:[,;)]|(?<!\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Jr|Sr|\p{Lu}))[.!?](?:\s|$)|$))/u.exec(text.slice(at, at + ENTITY_DEFAULTS.roleAfterChars));
  if (!m) return null;
  // "a historian who attended the session": the role ends where a relative clause begins.
  const phrase = m[1]!.trim().split(/\s+(?:who|whom|whose|which|that|where|when)\s/u)[0]!;
  const words = phrase.split(/\s+/u);
  if (words.length > ENTITY_DEFAULTS.roleAfterWords) return null;
  const link = words.findIndex((w, i) => i > 0 && ROLE_LINKS.has(w.toLowerCase()));
  const head = (link === -1 ? words : words.slice(0, link)).map((w) => w.toLowerCase());
  // The head is a noun phrase: an article first, then no stop words ("arguing that the president" is
  // none), but "developer and spokeswoman" is two roles.
  if (head.some((w, i) => ROLE_STOP.has(w) && !(i === 0 && DETERMINERS.has(w)) && !(w === 'and' && i > 0 && isRoleNoun(head[i - 1]!)))) return null;
  if (!headIsRole(words)) return null;
  const s = at + m.index + m[0].indexOf(m[1]!) + (m[1]!.length - m[1]!.trimStart().length);
  return tidyRole(text.slice(s, s + phrase.length), s);
}

/** "Russian presidential aide Yury Ushakov" → "Russian presidential aide"; "The judge, Mr Justice Hartley" → "judge". */
export function roleBefore(text: string, start: number): string | null {
  return roleSpanBefore(text, start)?.text ?? null;
}

/** "Jane Doe, the party's treasurer," → "the party's treasurer"; "Will Kerr, NCA director, said" → "NCA director". */
export function roleAfter(text: string, end: number): string | null {
  return roleSpanAfter(text, end)?.text ?? null;
}

/**
 * A mention's role: what the text says around it (before, then after), else its title's office
 * ("Gov." → "governor", "Sgt" → "sergeant"); a US legislator's party and state go with it ("senator
 * (D-N.M.)"). `described` is false when only the title gave it.
 */
export function roleOf(text: string, m: Pick<PersonMention, 'start' | 'end' | 'title'>): { role: string; described: boolean } | null {
  const party = partyAfter(text, m.end)?.party;
  const withParty = (r: string) => (party ? `${r} (${party})` : r);
  const described = roleSpanBefore(text, m.start) ?? roleSpanAfter(text, m.end);
  if (described) return { role: withParty(described.text), described: true };
  const office = m.title ? titleRole(m.title.split(/\s+/u)) : null;
  const where = office ? titleModifiers(text, m.start) : '';
  const titled = office && where ? `${where} ${office}` : office;
  if (titled) return { role: withParty(titled), described: false };
  return party ? { role: party, described: false } : null;
}

/** One name for places news writes several ways. */
const PLACE_ALIASES: Readonly<Record<string, string>> = {
  us: 'United States', 'u.s': 'United States', 'u.s.': 'United States', usa: 'United States', 'u.s.a.': 'United States', america: 'United States',
  uk: 'United Kingdom', 'u.k.': 'United Kingdom', britain: 'United Kingdom', 'great britain': 'United Kingdom',
};

const MONTH = `(?:${MONTHS.map(capitalised).join('|')})`;
const WEEKDAY = `(?:${WEEKDAYS.map(capitalised).join('|')})`;
/** Dates as news writes them: week days, months, years after a preposition, "earlier this month". */
export const DATE_RE = new RegExp(
  `\\b(?:(?:on\\s+)?${WEEKDAY}(?:\\s+(?:morning|afternoon|evening|night))?|${MONTH}\\s+\\d{1,2}(?:,\\s*\\d{4})?|\\d{1,2}\\s+${MONTH}(?:\\s+\\d{4})?|${MONTH}\\s+\\d{4}|(?:in|since|by|until)\\s+${MONTH}|(?:in|since|by|until|of)\\s+(?:1[89]\\d\\d|20\\d\\d)|(?:earlier|later|next|last)\\s+(?:this\\s+)?(?:week|month|year)|this\\s+(?:week|month|year))\\b`,
  'g',
);

/** One entity seen in one passage, before entities are merged across articles. */
export interface Sighting {
  readonly type: Entity['type'];
  readonly name: string;
  /** As written there. */
  readonly alias: string;
  readonly mention: Mention;
  readonly role: string | null;
  readonly gender: Entity['gender'];
}

/** The entities of one article, passage by passage: what {@link EntityMerger} joins across articles. */
export function sightingsOf(article: Article, people: ArticlePeople): Sighting[] {
  const out: Sighting[] = [];
  const add = (type: Entity['type'], name: string, alias: string, mention: Mention, role: string | null = null, gender: Entity['gender'] = null) =>
    out.push({ type, name, alias, mention, role, gender });
  const lex = lexicon();
  for (const passage of [...article.paragraphs, ...article.captions]) {
    const mention: Mention = { articleId: article.id, ...pairOf(passage) };
    const personSpans: [number, number][] = [];
    for (const m of people.mentions.get(keyOf(passage)) ?? []) {
      // compromise reads some hyphenated place names as people: "Saint-Étienne-du-Lac", "Stratford-upon-Avon".
      if (TOPONYM.test(m.canonical)) {
        add('place', m.canonical, m.text, mention);
        personSpans.push([m.start, m.end]);
        continue;
      }
      const person = people.person(m.canonical);
      add('person', m.canonical, m.text, mention, person?.role ?? null, person?.gender ?? null);
      personSpans.push([m.start, m.end]);
    }
    const doc = people.tags.get(keyOf(passage)) ?? tagged(passage.text);
    const inPerson = (start: number) => personSpans.some(([s, e]) => start >= s && start < e);
    for (const p of doc.places) {
      if (inPerson(p.start)) continue;
      // compromise may take a list for one place: "Ukraine, Syria", "the United States, Canada".
      for (const part of p.text.split(/,\s*|\s+and\s+/u)) {
        const name = entityName(part, /^[\s“"‘(]*$/u.test(passage.text.slice(0, p.start)));
        if (name) add('place', PLACE_ALIASES[name.toLowerCase()] ?? name, name, mention);
      }
    }
    for (const o of doc.organisations) {
      const name = entityName(o.text, /^[\s“"‘(]*$/u.test(passage.text.slice(0, o.start)));
      if (!name || inPerson(o.start)) continue;
      add(BUILDING_PLACES.has(name.toLowerCase()) || lex.places.has(name.toLowerCase()) ? 'place' : 'organisation', name, name, mention);
    }
    // Who someone works for, as their role says: "chief executive of Harbour Analytics", "NCA director".
    const known = new Set(out.filter((x) => x.type !== 'person').map((x) => x.name.toLowerCase()));
    for (const m of people.mentions.get(keyOf(passage)) ?? []) {
      for (const role of [roleSpanBefore(passage.text, m.start), roleSpanAfter(passage.text, m.end)]) {
        if (!role) continue;
        for (const name of organisationsIn(passage.text, role, inPerson)) {
          const place = BUILDING_PLACES.has(name.toLowerCase()) || lex.places.has(name.toLowerCase()) || PLACE_ALIASES[name.toLowerCase()] !== undefined;
          if (place || known.has(name.toLowerCase())) continue;
          known.add(name.toLowerCase());
          add('organisation', name, name, mention);
        }
      }
    }
    for (const place of BUILDING_PLACES) {
      const m = new RegExp(`\\b(?:the\\s+)?(${place})\\b`, 'i').exec(passage.text);
      if (m && /^\p{Lu}/u.test(m[1]!)) add('place', m[1]!.replace(/\b\p{L}/gu, (c) => c.toUpperCase()), m[1]!, mention);
    }
    for (const m of passage.text.matchAll(DATE_RE)) add('date', m[0].replace(/^(?:on|in|since|by|until|of)\s+/i, ''), m[0], mention);
  }
  return out;
}

/** What makes two sightings, or two entities, one entity: the type and the name in any case. */
export const entityKey = (e: { readonly type: Entity['type']; readonly name: string }): string => `${e.type}:${e.name.toLowerCase()}`;

/** The order entities are listed in: most mentioned first, then by name. */
export const entityOrder = (a: Entity, b: Entity): number => b.mentions.length - a.mentions.length || a.name.localeCompare(b.name);

/**
 * Every person, place, organisation and date of a set of articles, from their sightings
 * ({@link sightingsOf}), with the ¶ of each mention and aliases merged: the first sighting names an
 * entity and gives its gender, the first role found stands. Added a batch at a time (an article's),
 * so that a caller merging a year of news can let the event loop run between batches.
 *
 * @example new EntityMerger().add(sightingsOf(article, people)).entities().find((e) => e.name === 'John Bolton')?.role // 'US national security adviser'
 */
export class EntityMerger {
  private readonly merged = new Map<string, { name: string; type: Entity['type']; aliases: Set<string>; role: string | null; gender: Entity['gender']; mentions: Mention[]; seen: Set<string> }>();

  add(sightings: Iterable<Sighting>): this {
    for (const { type, name, alias, mention, role, gender } of sightings) {
      const key = entityKey({ type, name });
      const e = this.merged.get(key) ?? { name, type, aliases: new Set<string>(), role, gender, mentions: [], seen: new Set<string>() };
      e.aliases.add(alias);
      e.role ??= role;
      const where = `${mention.articleId}\u0000${mention.paragraph}\u0000${mention.caption}`;
      if (!e.seen.has(where)) {
        e.seen.add(where);
        e.mentions.push(mention);
      }
      this.merged.set(key, e);
    }
    return this;
  }

  /** The entities so far, most mentioned first. */
  entities(): Entity[] {
    return [...this.merged.values()]
      .map((e) => ({ name: e.name, type: e.type, aliases: [...e.aliases].filter((a) => a !== e.name).sort(), role: e.role, gender: e.gender, mentions: e.mentions }))
      .sort(entityOrder);
  }
}

/**
 * The organisations a role names: its capitalised runs ("Harbour Analytics" in "chief executive of
 * Harbour Analytics", "NCA" in "NCA director"), less nationalities ("Turkish"), titles, people's names,
 * and single words that are common words capitalised ("Acting", "Labour" at a sentence's start).
 */
function organisationsIn(text: string, role: RoleSpan, inPerson: (start: number) => boolean): string[] {
  const out: string[] = [];
  const lex = lexicon();
  const common = commonWords();
  for (const run of text.slice(role.start, role.end).matchAll(/(?<![\p{L}\d])\p{Lu}[\p{L}&.\d-]*(?:\s+(?:of\s+|for\s+|and\s+|&\s+)?\p{Lu}[\p{L}&.\d-]*)*/gu)) {
    if (inPerson(role.start + run.index)) continue;
    let words = run[0].replace(/['’]s$/u, '').split(/\s+/u);
    while (words.length > 0 && (isNationality(words[0]!) || isTitle(words[0]!) || isRoleNoun(words[0]!))) words = words.slice(1);
    while (words.length > 0 && (/^(?:of|for|and|&)$/u.test(words[words.length - 1]!) || isTitle(words[words.length - 1]!) || isRoleNoun(words[words.length - 1]!))) words = words.slice(0, -1);
    if (words.length === 0) continue;
    const name = words.join(' ').replace(/[.,]$/u, '');
    const acronym = /^\p{Lu}{2,6}$/u.test(name);
    if (words.length === 1 && !acronym && (common.has(name.toLowerCase()) || lex.firstNames.has(name.toLowerCase()))) continue;
    out.push(name);
  }
  return out;
}

let commonCache: ReadonlySet<string> | undefined;
/** compromise's lexicon words that are not proper nouns: "labour", "acting", "state". */
function commonWords(): ReadonlySet<string> {
  if (commonCache) return commonCache;
  const entries = compromiseLexicon();
  const proper = new Set(['Organization', 'Place', 'Country', 'City', 'Region', 'FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person', 'ProperNoun', 'SportsTeam', 'Demonym']);
  commonCache = new Set(Object.entries(entries).filter(([, t]) => !(Array.isArray(t) ? t : [t]).some((x) => proper.has(x))).map(([w]) => w));
  return commonCache;
}

/**
 * A place's or organisation's name as compromise marked it, made fit for a list: no leading "the" or
 * quotation mark; no trailing punctuation, dash ("City Hall –", a dateline's "CAIRO —") or possessive
 * ("Africa's" → "Africa", "New York’s," → "New York"); a name written in capitals at the head of a
 * passage (a dateline: "CAIRO —", "LONDON (Reuters) -") or a known place in capitals ("LONDON") in the
 * case people write it ("Cairo"). `head` is whether the name opens its passage. Empty when nothing of
 * a name is left, or when it is a nationality ("Libyan", "South Korean"), which names no place.
 *
 * @example entityName("Africa's") // 'Africa'
 */
export function entityName(text: string, head = false): string {
  let name = text.replace(/^(?:the)\s+/i, '').replace(/^[“"‘(]+/u, '').trim();
  for (let before = ''; before !== name; ) {
    before = name;
    name = name.replace(/[\s.,;:!?”“"’)(—–-]+$/u, '').replace(/['’]s$/u, '').trim();
  }
  if (name === '' || !/\p{Lu}/u.test(name[0]!) || isNationality(name) || name.split(/\s+/u).every((w) => isNationality(w))) return '';
  const capitals = !/\p{Ll}/u.test(name) && /\p{Lu}{2}/u.test(name);
  if (capitals && (head || lexicon().places.has(name.toLowerCase()))) name = name.toLowerCase().replace(/(^|[\s-])(\p{Ll})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
  return name;
}
