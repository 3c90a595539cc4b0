import type { Article, Passage } from '../knowledge/types.js';
import { lexicon } from './lexicon.js';
import { findPeople, ROLE_NOUNS, surnameOf, tagged, type PersonMention, type Tagged } from './people.js';

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
  readonly people: readonly (readonly [string, { canonical: string; gender: 'male' | 'female' | null; role: string | null; aliases: readonly string[] }])[];
  readonly mentions: readonly (readonly [string, readonly ResolvedMention[]])[];
}

/**
 * The people of one article: every name form mapped to one canonical name ("Mr Bolton", "Bolton"
 * and "John Bolton" → "John Bolton"), with gender and role ("US national security adviser").
 */
export class ArticlePeople {
  /** Lower-case surname → canonical full name. */
  private readonly bySurname = new Map<string, { canonical: string; gender: 'male' | 'female' | null; role: string | null; aliases: Set<string> }>();
  /** Mentions per passage, keyed "p3" / "c1". */
  readonly mentions = new Map<string, ResolvedMention[]>();
  /** compromise's people, places and organisations per passage, keyed "p3" / "c1": read once, here. */
  readonly tags = new Map<string, Tagged>();

  /** Reads the article's people with compromise, or takes what an earlier reading found (`data`). */
  constructor(readonly article: Article, data?: PeopleData) {
    if (data) {
      for (const [key, p] of data.people) this.bySurname.set(key, { ...p, aliases: new Set(p.aliases) });
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
    const known = new Set(this.bySurname.keys());
    for (const p of passages) {
      const resolved = findPeople(p.text, known, this.tags.get(keyOf(p))).map((m) => ({ ...m, canonical: this.canonical(m.name) ?? m.name }));
      this.mentions.set(keyOf(p), resolved);
    }
  }

  /** What was read, as plain data (compromise's tags are left out: they are only needed while reading). */
  toData(): PeopleData {
    return {
      people: [...this.bySurname.entries()].map(([key, p]) => [key, { canonical: p.canonical, gender: p.gender, role: p.role, aliases: [...p.aliases] }] as const),
      mentions: [...this.mentions.entries()],
    };
  }

  /** The canonical name of a name form, or undefined when it is nobody in this article. */
  canonical(name: string): string | undefined {
    return this.bySurname.get(surnameOf(name))?.canonical;
  }

  person(canonical: string) {
    return this.bySurname.get(surnameOf(canonical));
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

  private register(m: PersonMention, text: string): void {
    const key = surnameOf(m.name);
    if (key.length < 2) return;
    const entry = this.bySurname.get(key) ?? { canonical: m.name, gender: m.gender, role: null, aliases: new Set<string>() };
    if (m.name.split(' ').length > entry.canonical.split(' ').length) entry.canonical = m.name;
    entry.gender ??= m.gender;
    entry.aliases.add(m.text);
    entry.aliases.add(m.name);
    entry.role ??= roleBefore(text, m.start) ?? roleAfter(text, m.end);
    this.bySurname.set(key, entry);
  }
}

/** "p5" for ¶5, "c2" for photo caption 2. */
export function keyOf(p: Pick<Passage, 'kind' | 'n'>): string {
  return `${p.kind === 'paragraph' ? 'p' : 'c'}${p.n}`;
}

const ROLE_STOP = new Set(['the', 'a', 'an', 'with', 'and', 'or', 'but', 'said', 'says', 'met', 'by', 'to', 'of', 'in', 'on', 'at', 'for', 'from', 'that', 'as', 'he', 'she', 'they', 'also', 'was', 'is', 'has', 'had', 'who', 'which', 'when']);

/** "Russian presidential aide Yury Ushakov" → "Russian presidential aide": an apposition ending in a role noun. */
export function roleBefore(text: string, start: number): string | null {
  const words = text.slice(Math.max(0, start - 120), start).split(/\s+/).filter(Boolean);
  if (words.length === 0 || !ROLE_NOUNS.has(words[words.length - 1]!.toLowerCase())) return null;
  const role: string[] = [];
  for (let i = words.length - 1; i >= 0 && role.length < 7; i--) {
    const w = words[i]!;
    if (/[,.;:!?“”"()]/.test(w) || ROLE_STOP.has(w.toLowerCase())) break;
    role.unshift(w);
  }
  return role.length > 0 ? role.join(' ') : null;
}

/** "Jane Doe, the party's treasurer," → "the party's treasurer". */
export function roleAfter(text: string, end: number): string | null {
  const m = /^,\s+((?:the|a|an)\s+[^,.;:“”"]{3,60}?),/u.exec(text.slice(end, end + 90));
  if (!m) return null;
  return m[1]!.split(/\s+/).some((w) => ROLE_NOUNS.has(w.toLowerCase())) ? m[1]! : null;
}

/** One name for places news writes several ways. */
const PLACE_ALIASES: Readonly<Record<string, string>> = {
  us: 'United States', 'u.s': 'United States', 'u.s.': 'United States', usa: 'United States', 'u.s.a.': 'United States', america: 'United States',
  uk: 'United Kingdom', 'u.k.': 'United Kingdom', britain: 'United Kingdom', 'great britain': 'United Kingdom',
};

/** Places compromise misses or mistakes for people in news text. */
const EXTRA_PLACES = new Set(['kremlin', 'white house', 'downing street', 'pentagon', 'capitol', 'elysee', 'élysée']);
const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
/** Dates as news writes them: week days, months, years after a preposition, "earlier this month". */
export const DATE_RE = new RegExp(
  `\\b(?:(?:on\\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\\s+(?:morning|afternoon|evening|night))?|${MONTH}\\s+\\d{1,2}(?:,\\s*\\d{4})?|\\d{1,2}\\s+${MONTH}(?:\\s+\\d{4})?|${MONTH}\\s+\\d{4}|(?:in|since|by|until)\\s+${MONTH}|(?:in|since|by|until|of)\\s+(?:1[89]\\d\\d|20\\d\\d)|(?:earlier|later|next|last)\\s+(?:this\\s+)?(?:week|month|year)|this\\s+(?:week|month|year))\\b`,
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
    const mention: Mention = { articleId: article.id, paragraph: passage.kind === 'paragraph' ? passage.n : null, caption: passage.kind === 'caption' ? passage.n : null };
    const personSpans: [number, number][] = [];
    for (const m of people.mentions.get(keyOf(passage)) ?? []) {
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
        const name = cleanName(part);
        if (name) add('place', PLACE_ALIASES[name.toLowerCase()] ?? name, name, mention);
      }
    }
    for (const o of doc.organisations) {
      const name = cleanName(o.text);
      if (!name || inPerson(o.start)) continue;
      add(EXTRA_PLACES.has(name.toLowerCase()) || lex.places.has(name.toLowerCase()) ? 'place' : 'organisation', name, name, mention);
    }
    for (const place of EXTRA_PLACES) {
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

function cleanName(text: string): string {
  return text.replace(/^(?:the)\s+/i, '').replace(/(?:['’]s)?[\s.,;:!?”“"’)(]+$/u, '').replace(/^[“"‘(]+/u, '').trim();
}
