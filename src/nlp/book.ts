import Fuse from 'fuse.js';
import { passageAt, placeOf } from '../model/place.js';
import type { Article } from '../model/article.js';
import { nameEntry, typedKeys } from '../search/names.js';
import { fold, tokenize } from '../search/tokenize.js';
import { entityKey, entityOrder, type Entity, type Mention } from './entities.js';
import type { Quote } from './quotes.js';
import { withoutTitles } from './titles.js';

/** A quotation found for a `quote` query: said by the person asked about, or mentioning them (or the words). */
export type FoundQuote = Quote & { readonly relation: 'by' | 'mentions' };

/** What `quote(query)` returns. `person` is the canonical name when the query named someone. */
export interface QuoteResult {
  readonly query: string;
  readonly person: string | null;
  readonly quotes: readonly FoundQuote[];
}

/** A sentence that mentions an entity, cited. */
export interface CitedSentence extends Mention {
  readonly text: string;
}

/** What `facts(name)` returns: the entity's card. */
export interface FactCard {
  readonly entity: Entity;
  readonly sentences: readonly CitedSentence[];
  readonly quotes: readonly Quote[];
}

/**
 * A {@link QuoteBook} as plain data ({@link QuoteBook.toData}): its quotations and entities, and its
 * indexes with entities and quotations as positions in those lists; what the store's snapshot keeps
 * so that a restart answers /quote and /facts without reading every article's quotations again.
 */
export interface BookData {
  readonly quotes: readonly Quote[];
  readonly entities: readonly Entity[];
  /** The name forms fuse.js searches: each entity's name and aliases, folded. */
  readonly names: readonly { readonly name: string; readonly alias: string }[];
  /** Each index as its keys and, for each key, its list of positions (entities for the first four, quotations for the rest). */
  readonly indexes: Readonly<Record<BookIndex, { readonly keys: readonly string[]; readonly lists: readonly (readonly number[])[] }>>;
  readonly byName: { readonly keys: readonly string[]; readonly entities: readonly number[] };
  readonly byKey: { readonly keys: readonly string[]; readonly entities: readonly number[] };
}

/** The indexes of lists {@link BookData} keeps: entity positions for the first two, quotation positions for the others. */
type BookIndex = 'byAlias' | 'byPart' | 'bySpeaker' | 'byMention' | 'byWord' | 'byTerm' | 'bySpeakerTerm';
const FUSE_OPTIONS = { keys: ['alias'], includeScore: true, threshold: 0, ignoreLocation: true };

/** Quotations or entities indexed between two turns of the event loop when the book is built with {@link QuoteBook.create}. */
const BOOK_SLICE = 500;
/** How close a typed name must be to a known one (fuse.js score, 0 exact to 1 anything). */
const NAME_THRESHOLD = 0.3;

/**
 * The quotations and entities of a knowledge base, built once (article by article, yielding to the
 * event loop between articles so that a bot stays responsive while a large archive is read).
 */
export class QuoteBook {
  readonly quotes: readonly Quote[];
  readonly entities: readonly Entity[];
  private names!: Fuse<{ name: string; alias: string }>;
  /** What {@link names} searches: each person's name forms, folded. */
  private nameList: readonly { name: string; alias: string }[] = [];
  /** Building the indexes below, a slice at a time (see {@link create}). */
  private readonly indexing: Generator<void>;
  // Indexes built once, so that a question never scans every quotation or entity (tens of thousands
  // in a year of news). Lists of quotation positions are in increasing order.
  /** A name form's keys (no honorific; folded, see search/names.ts {@link nameKeys}) → entities, in order. */
  private readonly byAlias = new Map<string, Entity[]>();
  /** A single word of a name form (see {@link nameParts}) → entities, in order: "park" → Park Seo-yeon. */
  private readonly byPart = new Map<string, Entity[]>();
  private readonly byName = new Map<string, Entity>();
  /** An entity by its key ({@link entityKey}). */
  private readonly byKey = new Map<string, Entity>();
  /** A person → the quotations they said. */
  private readonly bySpeaker = new Map<string, number[]>();
  /** A person → the quotations said in a passage that mentions them. */
  private readonly byMention = new Map<string, number[]>();
  /** A word of a quotation (folded; also without "'s") → the quotations that hold it. */
  private readonly byWord = new Map<string, number[]>();
  /** An index term of a quotation's text, and of its speaker → the quotations. */
  private readonly byTerm = new Map<string, number[]>();
  private readonly bySpeakerTerm = new Map<string, number[]>();
  private readonly articleById: ReadonlyMap<string, Article>;
  /** This book read on its own (the answers' one implementation, shared with books read together). */
  private readonly whole: Books = new Books([this]);

  /**
   * Builds the book's indexes at once. {@link create} builds the same book a slice at a time, yielding
   * to the event loop between slices (a year of news holds tens of thousands of quotations).
   */
  constructor(quotes: readonly Quote[], entities: readonly Entity[], private readonly articles: readonly Article[], deferIndexing = false) {
    this.quotes = quotes;
    this.entities = entities;
    this.articleById = new Map(articles.map((a) => [a.id, a]));
    this.indexing = this.index();
    if (!deferIndexing) for (const slice of this.indexing) void slice;
  }

  /** The book of these quotations and entities, its indexes built a slice at a time between turns of the event loop. */
  static async create(quotes: readonly Quote[], entities: readonly Entity[], articles: readonly Article[]): Promise<QuoteBook> {
    const book = new QuoteBook(quotes, entities, articles, true);
    for (const slice of book.indexing) {
      void slice;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return book;
  }

  /** Builds the indexes, pausing (yield) after each slice of about {@link BOOK_SLICE} items. */
  private *index(): Generator<void> {
    let done = 0;
    const people = this.entities.filter((e) => e.type !== 'date');
    // Folded forms, so that a typo in a name typed without its diacritics is still one typo.
    /** Each name form's forms, keys and single words, read once (search/names.ts). */
    const entries = new Map<string, ReturnType<typeof nameEntry>>();
    const entry = (alias: string) => {
      let found = entries.get(alias);
      if (!found) entries.set(alias, (found = nameEntry(alias)));
      return found;
    };
    this.nameList = people.flatMap((e) => [e.name, ...e.aliases].flatMap((alias) => entry(alias).forms.slice(0, 1).map((form) => ({ name: e.name, alias: form }))));
    this.names = new Fuse(this.nameList, { ...FUSE_OPTIONS, threshold: NAME_THRESHOLD });
    yield;
    for (const e of this.entities) {
      if (!this.byName.has(e.name)) this.byName.set(e.name, e);
      if (!this.byKey.has(entityKey(e))) this.byKey.set(entityKey(e), e);
      const keys = new Set<string>();
      const parts = new Set<string>();
      for (const a of [e.name, ...e.aliases]) {
        const { keys: named, parts: words } = entry(withoutTitles(a));
        for (const key of named) keys.add(key);
        for (const part of words) parts.add(part);
      }
      for (const key of keys) push(this.byAlias, key, e);
      for (const part of parts) if (!keys.has(part)) push(this.byPart, part, e);
      if (++done % BOOK_SLICE === 0) yield;
    }
    for (let i = 0; i < this.quotes.length; i++) {
      const q = this.quotes[i]!;
      if (q.speakerIsPerson && q.speaker) push(this.bySpeaker, q.speaker, i);
      for (const m of new Set(q.mentions)) push(this.byMention, m, i);
      const words = new Set<string>();
      const terms = new Set<string>();
      for (const t of tokenize(q.text)) {
        words.add(t.word);
        if (t.word.endsWith('\'s')) words.add(t.word.slice(0, -2));
        if (t.term !== null) terms.add(t.term);
      }
      for (const w of words) push(this.byWord, w, i);
      for (const t of terms) push(this.byTerm, t, i);
      for (const t of new Set(tokenize(q.speaker ?? '').map((x) => x.term))) if (t !== null) push(this.bySpeakerTerm, t, i);
      if (++done % BOOK_SLICE === 0) yield;
    }
  }

  /**
   * The book as plain data ({@link BookData}), for the store's snapshot; {@link fromData} takes it
   * back (its lists are this book's own: not to be changed). Only for a book whose indexes are built (made by the constructor, or {@link create} resolved).
   */
  toData(): BookData {
    const slices = this.toDataSlices();
    for (;;) {
      const step = slices.next();
      if (step.done) return step.value;
    }
  }

  /** {@link toData} a slice at a time (it yields between indexes). The book's lists are shared, not copied: a book never changes once built. */
  *toDataSlices(): Generator<void, BookData> {
    const entityAt = new Map(this.entities.map((e, i) => [e, i]));
    yield;
    const at = (e: Entity) => entityAt.get(e)!;
    const entityLists = (map: Map<string, Entity[]>) => ({ keys: [...map.keys()], lists: [...map.values()].map((list) => list.map(at)) });
    const lists = (map: Map<string, number[]>) => ({ keys: [...map.keys()], lists: [...map.values()] });
    const byAlias = entityLists(this.byAlias);
    yield;
    const byPart = entityLists(this.byPart);
    yield;
    const byName = { keys: [...this.byName.keys()], entities: [...this.byName.values()].map(at) };
    const byKey = { keys: [...this.byKey.keys()], entities: [...this.byKey.values()].map(at) };
    yield;
    return {
      quotes: this.quotes,
      entities: this.entities,
      names: this.nameList,
      indexes: {
        byAlias, byPart,
        bySpeaker: lists(this.bySpeaker), byMention: lists(this.byMention), byWord: lists(this.byWord),
        byTerm: lists(this.byTerm), bySpeakerTerm: lists(this.bySpeakerTerm),
      },
      byName, byKey,
    };
  }

  /**
   * The book {@link toData} wrote, over these articles (those it was built from, in order): it answers
   * exactly as the book it was taken from. Throws on damaged data (a position out of range, lists
   * that do not fit).
   */
  static fromData(data: BookData, articles: readonly Article[]): QuoteBook {
    const book = new QuoteBook(data.quotes, data.entities, articles, true);
    const fail = (why: string): never => {
      throw new Error(`book: data not usable: ${why}`);
    };
    if (!Array.isArray(data.quotes) || !Array.isArray(data.entities) || !Array.isArray(data.names)) fail('no lists');
    const entityAt = (i: number) => data.entities[i] ?? fail('an entity out of range');
    const quoteAt = (i: number) => (Number.isInteger(i) && i >= 0 && i < data.quotes.length ? i : fail('a quotation out of range'));
    const fill = <V>(map: Map<string, V[]>, { keys, lists }: BookData['indexes'][keyof BookData['indexes']], value: (i: number) => V) => {
      if (keys.length !== lists.length) fail('index lists do not fit');
      keys.forEach((key, k) => map.set(key, lists[k]!.map(value)));
    };
    fill(book.byAlias, data.indexes.byAlias, entityAt);
    fill(book.byPart, data.indexes.byPart, entityAt);
    fill(book.bySpeaker, data.indexes.bySpeaker, quoteAt);
    fill(book.byMention, data.indexes.byMention, quoteAt);
    fill(book.byWord, data.indexes.byWord, quoteAt);
    fill(book.byTerm, data.indexes.byTerm, quoteAt);
    fill(book.bySpeakerTerm, data.indexes.bySpeakerTerm, quoteAt);
    for (const [map, { keys, entities }] of [[book.byName, data.byName], [book.byKey, data.byKey]] as const) {
      if (keys.length !== entities.length) fail('name lists do not fit');
      keys.forEach((key, k) => map.set(key, entityAt(entities[k]!)));
    }
    book.nameList = data.names;
    book.names = new Fuse(data.names, { ...FUSE_OPTIONS, threshold: NAME_THRESHOLD });
    return book;
  }

  /** The person or other entity a typed name means ("putin", "Mr Putin", "puttin" → "Vladimir Putin"), or null. */
  resolve(typed: string, types: readonly Entity['type'][] = ['person']): Entity | null {
    return this.whole.resolve(typed, types);
  }

  /**
   * Quotations for `/quote who [about]`. When `who` names a person: their direct quotations, then
   * reported ones, then quotations by others that mention them. Otherwise `who` is words to find in
   * quotations. `about` keeps the quotations that contain its words.
   *
   * @example book.quote('putin').quotes[0] // { speaker: 'Vladimir Putin', relation: 'by', … }
   */
  quote(who: string, about = ''): QuoteResult {
    return this.whole.quote(who, about);
  }

  /** The card for a person, place, organisation or date; null when nothing of that name is known. */
  facts(name: string): FactCard | null {
    return this.whole.facts(name);
  }

  /** Speakers who are people, most quoted first: for autocomplete. */
  speakers(): string[] {
    return this.whole.speakers();
  }

  // What a Books over several books asks of each (positions are this book's own).

  /** Entities of these types with one of these name keys (see search/names.ts {@link typedKeys}), in order. */
  aliasMatches(keys: readonly string[], types: readonly Entity['type'][]): Entity[] {
    return [...new Set(keys.flatMap((k) => this.byAlias.get(k) ?? []))].filter((e) => types.includes(e.type));
  }

  /** Entities of these types with a name that has this word (a typed one-word name, folded), in order. */
  partMatches(keys: readonly string[], types: readonly Entity['type'][]): Entity[] {
    return [...new Set(keys.flatMap((k) => (k.includes(' ') ? [] : this.byPart.get(k) ?? [])))].filter((e) => types.includes(e.type));
  }

  /** The closest name forms to a typed name, with fuse.js's score (0 exact). */
  nameHits(query: string): { name: string; score: number }[] {
    return this.names.search(query, { limit: 5 }).map((h) => ({ name: h.item.name, score: h.score ?? 1 }));
  }

  /** The first entity of this name of one of these types. */
  named(name: string, types: readonly Entity['type'][]): Entity | undefined {
    const first = this.byName.get(name);
    if (!first) return undefined;
    return types.includes(first.type) ? first : this.entities.find((e) => e.name === name && types.includes(e.type));
  }

  /** The entity of this type and name (any case), if this book has it. */
  entityByKey(key: string): Entity | undefined {
    return this.byKey.get(key);
  }

  article(id: string): Article | undefined {
    return this.articleById.get(id);
  }

  /** A person's quotations here: said by them, and said by others in a passage that mentions them or holding one of their name forms. */
  quotesFor(person: Entity, aboutTerms: readonly string[]): { by: Quote[]; others: Quote[] } {
    const keep = this.keeper(aboutTerms);
    const by = (this.bySpeaker.get(person.name) ?? []).filter(keep);
    const said = new Set(by);
    // Quotations whose words hold one of their names are checked as written, among those that have every word of the name.
    const mentioning = new Set<number>(this.byMention.get(person.name) ?? []);
    for (const alias of [person.name, ...person.aliases]) {
      const words = tokenize(alias).map((t) => t.word);
      if (words.length === 0) continue;
      const written = fold(alias);
      for (const i of allOf(words.map((w) => this.byWord.get(w) ?? []))) if (fold(this.quotes[i]!.text).includes(written)) mentioning.add(i);
    }
    const others = [...mentioning].filter((i) => !said.has(i) && keep(i)).sort((a, b) => a - b);
    return { by: by.map((i) => this.quotes[i]!), others: others.map((i) => this.quotes[i]!) };
  }

  /** Quotations whose text or speaker holds every one of these terms (and the `about` terms). */
  quotesWith(words: readonly string[], aboutTerms: readonly string[]): FoundQuote[] {
    const keep = this.keeper(aboutTerms);
    const bySpeaker = allOf(words.map((t) => this.bySpeakerTerm.get(t) ?? []));
    const found = new Set([...allOf(words.map((t) => this.byTerm.get(t) ?? [])), ...bySpeaker]);
    return [...found].filter(keep).sort((a, b) => a - b).map((i) => ({ ...this.quotes[i]!, relation: bySpeaker.has(i) ? 'by' as const : 'mentions' as const }));
  }

  /** A person's own quotations here, in order. */
  quotesBy(name: string): Quote[] {
    return (this.bySpeaker.get(name) ?? []).map((i) => this.quotes[i]!);
  }

  /** How many quotations each speaker who is a person has here. */
  speakerCounts(): Map<string, number> {
    return new Map([...this.bySpeaker].map(([name, list]) => [name, list.length]));
  }

  private keeper(aboutTerms: readonly string[]): (i: number) => boolean {
    const about = aboutTerms.length === 0 ? null : allOf(aboutTerms.map((t) => this.byTerm.get(t) ?? []));
    return (i) => about === null || about.has(i);
  }
}

/** What /quote, /facts and the CLI read of the quotations and entities a scope sees. */
export interface Book {
  readonly quotes: readonly Quote[];
  readonly entities: readonly Entity[];
  quote(who: string, about?: string): QuoteResult;
  facts(name: string): FactCard | null;
  speakers(): string[];
}


/**
 * Several books read as one, in order: a server's view is the shared articles' book and the server's
 * own, so that the shared book is built and held once, not once per server. An entity in both is
 * merged as {@link EntityMerger} would have merged it (the first book's sightings first); answers are
 * those of one book built over all their articles (tested).
 */
export class Books implements Book {
  private merged: Map<string, Entity> | undefined;
  private list: readonly Entity[] | undefined;
  private all: readonly Quote[] | undefined;

  constructor(private readonly parts: readonly QuoteBook[]) {}

  get quotes(): readonly Quote[] {
    this.all ??= this.parts.length === 1 ? this.parts[0]!.quotes : this.parts.flatMap((p) => p.quotes);
    return this.all;
  }

  get entities(): readonly Entity[] {
    this.list ??= this.parts.length === 1 ? this.parts[0]!.entities : this.allMerged().sort(entityOrder);
    return this.list;
  }

  resolve(typed: string, types: readonly Entity['type'][] = ['person']): Entity | null {
    const query = withoutTitles(typed.trim());
    if (query.length < 2) return null;
    // Names match folded (no diacritics: "Yildirim" is "Yıldırım"), transliterated ("Zuerich" is
    // "Zürich"), with hyphens or without ("Park Seo Yeon", "Seoyeon") and in either order of their words.
    const keys = typedKeys(query);
    // The first entity, in the merged order, of these types with a name form (or its last word) equal
    // to the query; else with a word of its name equal to a one-word query ("Park" for "Park Seo-yeon").
    const first = (matches: (part: QuoteBook) => Entity[]): Entity | null => {
      let found: Entity | null = null;
      for (const part of this.parts) {
        for (const e of matches(part)) {
          const m = this.mergedOf(e);
          if (!found || entityOrder(m, found) < 0) found = m;
        }
      }
      return found;
    };
    const exact = first((part) => part.aliasMatches(keys, types)) ?? first((part) => part.partMatches(keys, types));
    if (exact) return exact;
    // Else the closest name form (fuse.js), the earlier book first on a tie.
    const folded = keys[0] ?? fold(query);
    const hits = this.parts.flatMap((part, k) => part.nameHits(folded).map((h, i) => ({ ...h, k, i })));
    hits.sort((a, b) => a.score - b.score || a.k - b.k || a.i - b.i);
    for (const h of hits) {
      for (const part of this.parts) {
        const e = part.named(h.name, types);
        if (e) return this.mergedOf(e);
      }
    }
    return null;
  }

  quote(who: string, about = ''): QuoteResult {
    const person = this.resolve(who);
    const aboutTerms = terms(about);
    if (person) {
      const found = this.parts.map((p) => p.quotesFor(person, aboutTerms));
      const order = (q: Quote) => (q.kind === 'direct' ? 0 : 1);
      return {
        query: who,
        person: person.name,
        quotes: [
          ...found.flatMap((f) => f.by).sort((a, b) => order(a) - order(b)).map((q) => ({ ...q, relation: 'by' as const })),
          ...found.flatMap((f) => f.others).map((q) => ({ ...q, relation: 'mentions' as const })),
        ],
      };
    }
    const words = terms(who);
    if (words.length === 0) return { query: who, person: null, quotes: [] };
    return { query: who, person: null, quotes: this.parts.flatMap((p) => p.quotesWith(words, aboutTerms)) };
  }

  facts(name: string): FactCard | null {
    const entity = this.resolve(name, ['person', 'place', 'organisation', 'date']);
    if (!entity) return null;
    const aliases = [entity.name, ...entity.aliases];
    const sentences: CitedSentence[] = [];
    for (const m of entity.mentions) {
      const article = this.parts.map((p) => p.article(m.articleId)).find((a) => a !== undefined);
      const passage = article && passageAt(article, placeOf(m));
      for (const s of passage?.sentences ?? []) if (aliases.some((a) => s.text.includes(a))) sentences.push({ ...m, text: s.text });
    }
    const quotes = entity.type === 'person' ? this.parts.flatMap((p) => p.quotesBy(entity.name)) : [];
    return { entity, sentences, quotes };
  }

  speakers(): string[] {
    const counts = new Map<string, number>();
    for (const part of this.parts) for (const [name, n] of part.speakerCounts()) counts.set(name, (counts.get(name) ?? 0) + n);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
  }

  /** The entity as all the books together know it. */
  private mergedOf(e: Entity): Entity {
    if (this.parts.length === 1) return e;
    const key = entityKey(e);
    // Most entities are in one book only: they stand as they are. Those in several are merged once.
    this.merged ??= new Map();
    let merged = this.merged.get(key);
    if (!merged) {
      const found = this.parts.map((p) => p.entityByKey(key)).filter((x): x is Entity => x !== undefined);
      merged = found.reduce((known, other) => {
        // As EntityMerger: the first sighting names it and gives its gender; the first role found stands.
        const aliases = new Set([...known.aliases, ...other.aliases, other.name]);
        aliases.delete(known.name);
        return { ...known, aliases: [...aliases].sort(), role: known.role ?? other.role, mentions: [...known.mentions, ...other.mentions] };
      });
      this.merged.set(key, merged);
    }
    return merged;
  }

  /** Every entity as all the books together know them. */
  private allMerged(): Entity[] {
    const seen = new Set<string>();
    const out: Entity[] = [];
    for (const part of this.parts) {
      for (const e of part.entities) {
        const key = entityKey(e);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(this.mergedOf(e));
      }
    }
    return out;
  }
}

function terms(text: string): string[] {
  return [...new Set(tokenize(text).map((t) => t.term).filter((t): t is string => t !== null))];
}

/** Adds a value to a key's list. */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The positions in every one of these lists (shortest first, each checked against the others). */
function allOf(lists: readonly (readonly number[])[]): Set<number> {
  if (lists.length === 0) return new Set();
  const [shortest, ...rest] = [...lists].sort((a, b) => a.length - b.length);
  const others = rest.map((l) => new Set(l));
  return new Set(shortest!.filter((i) => others.every((o) => o.has(i))));
}
