import Fuse from 'fuse.js';
import type { Article } from '../knowledge/types.js';
import { tokenize } from '../search/tokenize.js';
import { ArticlePeople, extractEntities, type Entity, type Mention } from './entities.js';
import { extractQuotes, type Quote } from './quotes.js';

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

const HONORIFICS = /^(?:mr|mrs|ms|miss|dr|sir|dame|president|senator|sen|rep|gov|governor|secretary|minister|prime minister)\.?\s+/iu;
/** How close a typed name must be to a known one (fuse.js score, 0 exact to 1 anything). */
const NAME_THRESHOLD = 0.3;

/**
 * The quotations and entities of a knowledge base, built once (article by article, yielding to the
 * event loop between articles so that a bot stays responsive while a large archive is read).
 */
export class QuoteBook {
  readonly quotes: readonly Quote[];
  readonly entities: readonly Entity[];
  private readonly names: Fuse<{ name: string; alias: string }>;

  constructor(quotes: readonly Quote[], entities: readonly Entity[], private readonly articles: readonly Article[]) {
    this.quotes = quotes;
    this.entities = entities;
    const people = entities.filter((e) => e.type !== 'date');
    this.names = new Fuse(people.flatMap((e) => [e.name, ...e.aliases].map((alias) => ({ name: e.name, alias }))), { keys: ['alias'], includeScore: true, threshold: NAME_THRESHOLD, ignoreLocation: true });
  }

  /** Builds the book, yielding between articles. `peopleOf` gives each article's people (read once, kept by the engine). */
  static async build(articles: readonly Article[], peopleOf: (a: Article) => ArticlePeople = (a) => new ArticlePeople(a)): Promise<QuoteBook> {
    const people = new Map<string, ArticlePeople>();
    const quotes: Quote[] = [];
    for (const article of articles) {
      const p = peopleOf(article);
      people.set(article.id, p);
      quotes.push(...extractQuotes(article, p));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const entities = extractEntities(articles, (a) => people.get(a.id) ?? peopleOf(a));
    return new QuoteBook(quotes, entities, articles);
  }

  /** The person or other entity a typed name means ("putin", "Mr Putin", "puttin" → "Vladimir Putin"), or null. */
  resolve(typed: string, types: readonly Entity['type'][] = ['person']): Entity | null {
    const query = typed.trim().replace(HONORIFICS, '').toLowerCase();
    if (query.length < 2) return null;
    const pool = this.entities.filter((e) => types.includes(e.type));
    const exact = pool.find((e) => [e.name, ...e.aliases].some((a) => {
      const alias = a.replace(HONORIFICS, '').toLowerCase();
      return alias === query || alias.split(/\s+/).pop() === query;
    }));
    if (exact) return exact;
    const hit = this.names.search(query, { limit: 5 }).find((h) => pool.some((e) => e.name === h.item.name));
    return hit ? pool.find((e) => e.name === hit.item.name) ?? null : null;
  }

  /**
   * Quotations for `/quote who [about]`. When `who` names a person: their direct quotations, then
   * reported ones, then quotations by others that mention them. Otherwise `who` is words to find in
   * quotations. `about` keeps the quotations that contain its words.
   *
   * @example book.quote('putin').quotes[0] // { speaker: 'Vladimir Putin', relation: 'by', … }
   */
  quote(who: string, about = ''): QuoteResult {
    const person = this.resolve(who);
    const aboutTerms = terms(about);
    const keep = (q: Quote) => aboutTerms.length === 0 || hasAll(q.text, aboutTerms);
    if (person) {
      const aliases = [person.name, ...person.aliases].map((a) => a.toLowerCase());
      const by = this.quotes.filter((q) => q.speakerIsPerson && q.speaker === person.name && keep(q));
      const mentioning = this.quotes.filter((q) => !(q.speakerIsPerson && q.speaker === person.name) && keep(q) &&
        (q.mentions.includes(person.name) || aliases.some((a) => q.text.toLowerCase().includes(a))));
      const order = (q: Quote) => (q.kind === 'direct' ? 0 : 1);
      return {
        query: who,
        person: person.name,
        quotes: [...[...by].sort((a, b) => order(a) - order(b)).map((q) => ({ ...q, relation: 'by' as const })), ...mentioning.map((q) => ({ ...q, relation: 'mentions' as const }))],
      };
    }
    const words = terms(who);
    if (words.length === 0) return { query: who, person: null, quotes: [] };
    const found = this.quotes.filter((q) => (hasAll(q.text, words) || hasAll(q.speaker ?? '', words)) && keep(q));
    return { query: who, person: null, quotes: found.map((q) => ({ ...q, relation: hasAll(q.speaker ?? '', words) ? 'by' as const : 'mentions' as const })) };
  }

  /** The card for a person, place, organisation or date; null when nothing of that name is known. */
  facts(name: string): FactCard | null {
    const entity = this.resolve(name, ['person', 'place', 'organisation', 'date']);
    if (!entity) return null;
    const aliases = [entity.name, ...entity.aliases];
    const sentences: CitedSentence[] = [];
    for (const m of entity.mentions) {
      const article = this.articles.find((a) => a.id === m.articleId);
      const passage = m.paragraph !== null ? article?.paragraphs[m.paragraph - 1] : article?.captions[(m.caption ?? 0) - 1];
      for (const s of passage?.sentences ?? []) if (aliases.some((a) => s.text.includes(a))) sentences.push({ ...m, text: s.text });
    }
    const quotes = entity.type === 'person' ? this.quotes.filter((q) => q.speakerIsPerson && q.speaker === entity.name) : [];
    return { entity, sentences, quotes };
  }

  /** Speakers who are people, most quoted first: for autocomplete. */
  speakers(): string[] {
    const counts = new Map<string, number>();
    for (const q of this.quotes) if (q.speakerIsPerson && q.speaker) counts.set(q.speaker, (counts.get(q.speaker) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
  }
}

function terms(text: string): string[] {
  return [...new Set(tokenize(text).map((t) => t.term).filter((t): t is string => t !== null))];
}

function hasAll(text: string, wanted: readonly string[]): boolean {
  const have = new Set(tokenize(text).map((t) => t.term));
  return wanted.every((t) => have.has(t));
}
