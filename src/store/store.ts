import { createHash } from 'node:crypto';
import MiniSearch from 'minisearch';
import type { Article, Passage } from '../model/article.js';
import type { Meaning } from '../meaning/index.js';
import { Books, QuoteBook, type Book, type BookData } from '../nlp/book.js';
import { ArticlePeople, EntityMerger, sightingsOf, type PeopleData, type Sighting } from '../nlp/entities.js';
import { extractQuotes, type Quote } from '../nlp/quotes.js';
import { TypoCorrector } from '../search/fuzzy.js';
import { INDEX_VERSION, SearchIndex, SNAPSHOT_DEFAULTS, type IndexSnapshot, type PreparedArticle } from '../search/index.js';
import { SPLIT_VERSION } from '../knowledge/splits.js';
import { withoutInvisible } from '../search/tokenize.js';
import { sees, SHARED, wholeOf, type Scope } from '../model/scope.js';

/** Tuning for {@link ArticleStore}. */
export const STORE_DEFAULTS = Object.freeze({
  /** Typos allowed in a word typed in article autocomplete, as a share of its length (MiniSearch's
   *  fuzzy): 0.2 lets "sumit" find "summit". 0-0.4. */
  titleFuzzy: 0.2,
  /** Scopes whose article list, title index and own quotation book are kept (the servers asked
   *  most lately, and the shared scope); another server's are built again when it next asks. 2-10000. */
  views: 64,
  /** Articles whose readings join a quotation book between two turns of the event loop. */
  bookSlice: 50,
  /** Passages of an article joined to the index between two turns of the event loop, when it is
   *  joined in slices (see {@link ArticleStore.joining}): about 5 µs each. 100-20000. */
  joinSlice: 2000,
  /** Paragraphs of an article whose people may be read on this thread when a question needs them at
   *  once (a few ms for a news story); a longer article's wait for the reading threads. 50-5000. */
  peopleNowParagraphs: 300,
  /** With reading threads, articles whose reading is started ahead of the one a quotation book is
   *  joining, so that every thread stays busy. 1-1000. */
  readAhead: 8,
});

/** An article on its way into the store (see {@link ArticleStore.joining}). */
export interface StoreJoin {
  /** Builds its index entries a slice at a time; changes nothing queries see. */
  build(): Promise<void>;
  /** Adds it, as {@link ArticleStore.put} does, at once. */
  commit(addedAt: Date): 'added' | 'replaced';
}

/** What the people, quotation and entity readers made of one article (compromise: a few ms a paragraph). */
export interface ArticleReading {
  readonly people: ArticlePeople;
  readonly quotes: readonly Quote[];
  readonly sightings: readonly Sighting[];
}

/**
 * The version of what the readers make of an article (people, quotations, entities). Bump it when
 * their code changes what they find, so that readings kept in the state are made again.
 * 2: sentences split anew (SPLIT_VERSION 2); quotations are read sentence by sentence.
 * 3: place and organisation names without datelines' dashes, possessives or nationalities (entityName).
 * 4: a person's name ends at a sentence's full stop ("Dr Felix Amsel. Mr Kofi Mensah" is two people).
 */
export const READING_VERSION = 4;

/** A reading as plain data, as the state keeps it. */
export interface ReadingData {
  readonly people: PeopleData;
  readonly quotes: readonly Quote[];
  readonly sightings: readonly Sighting[];
}

/**
 * Where what is derived from each article is kept between runs (state/derived.ts: one record per
 * article, by {@link derivedKey}, of {@link DERIVED_VERSION}): what indexing made of it (with its
 * sentence splits) and what the readers made of it, each kept when it is made.
 */
export interface DerivedCache {
  /** What indexing made of the article of key `key`, when kept for an index whose {@link SearchIndex.keyOf} is `indexKey`. */
  prepared(key: string, indexKey: string): PreparedArticle | undefined;
  /** Whether {@link prepared} would find something (without reading it). */
  hasPrepared(key: string, indexKey: string): boolean;
  /** Keeps what indexing made of `article` (and its sentence splits). Never throws. */
  keepPrepared(key: string, indexKey: string, prepared: PreparedArticle, article: Article): void;
  reading(key: string): ReadingData | undefined;
  /** Keeps a reading; `json` is `data` as JSON when it is at hand (from a reading thread). Never throws. */
  keepReading(key: string, data: ReadingData, json?: string): void;
}

/**
 * The version of everything kept of an article (state/derived.ts): the readers', the sentence
 * splitter's and the index's versions, so that bumping any of them makes kept records be made again.
 */
export const DERIVED_VERSION = `r${READING_VERSION}.s${SPLIT_VERSION}.i${INDEX_VERSION}`;

/**
 * A whole store as data ({@link ArticleStore.snapshot}): every article with its owner and arrival
 * time, its passages' texts, numbers and sentence offsets end to end, and the joined index. What
 * store/snapshot.ts writes to one file and a restart takes back in one read.
 */
export interface StoreSnapshot {
  /** In the store's order; `meta` is the article less its passages (id, title, metadata). */
  readonly articles: readonly {
    readonly owner: string | null;
    /** ms since the epoch. */
    readonly addedAt: number;
    readonly meta: Omit<Article, 'paragraphs' | 'captions'>;
    readonly paragraphs: number;
    readonly captions: number;
  }[];
  /** Every passage's text, paragraphs then captions, article after article. */
  readonly texts: readonly string[];
  /** Each passage's number (¶n, caption n). */
  readonly numbers: Uint32Array;
  /** How many sentences each passage has, and their [start, end) offsets in its text, end to end. */
  readonly sentenceCounts: Uint32Array;
  readonly sentences: Uint32Array;
  readonly index: IndexSnapshot;
  /** The shared articles' quotation book (nlp/book.ts) when it was built for these very articles;
   *  null when it was not (a restart builds it from the kept readings when first asked for). */
  readonly book: BookData | null;
}

/** What a store keeps between runs, and who reads articles for it. */
export interface StoreOptions {
  /** Keeps what indexing and the readers made of each article, taken back after a restart instead of made again. */
  readonly derived?: DerivedCache | undefined;
  /** Reads articles (worker threads: nlp/reading-pool.ts) instead of this thread; the reading as JSON. */
  readonly reader?: ((article: Article) => Promise<string>) | undefined;
  /** Told when the quotation book of a scope's own articles has been built (the shared one: what a snapshot keeps). */
  readonly onBook?: ((scope: Scope) => void) | undefined;
}

/** The key of what is derived from an article ({@link DerivedCache}): its id, title and passages' texts, hashed (sha256, hex). */
export function derivedKey(article: Article): string {
  const text = JSON.stringify([article.id, article.title, article.paragraphs.map((p) => p.text), article.captions.map((c) => c.text)]);
  return createHash('sha256').update(text).digest('hex');
}

/** An article as the store holds it: the text and who may see it. */
export interface StoredArticle {
  readonly article: Article;
  /** null for a shared article (the knowledge folder); else the id of the server it belongs to. */
  readonly owner: string | null;
  /** When it came: stored at run time, its stored time; a knowledge file, the file's modification time. */
  readonly addedAt: Date;
}

interface Entry extends StoredArticle {
  people?: ArticlePeople;
  reading?: Promise<ArticleReading>;
}

/** The articles one scope sees, with what is derived from the list as a whole. */
interface View {
  readonly stamp: string;
  readonly articles: readonly Article[];
  titles?: MiniSearch<{ id: string; title: string }>;
  byId?: Map<string, Article>;
  /** The quotations and entities of the articles the scope's owner holds itself (the shared ones for the shared scope). */
  part?: Promise<QuoteBook>;
  /** `part` once it has resolved. */
  built?: QuoteBook;
  /** What the scope sees: the shared part, and a server's own part after it. */
  book?: Promise<Book>;
}

/**
 * The one owner of the articles in memory (both the knowledge folder's and those added at run time):
 * articles keyed by id, each with its owner, and everything derived from them. Adding, replacing or removing one article updates the search index and the typo
 * vocabulary for that article alone; its people and quotations are read once, when first needed
 * (or in the background after {@link startReading}), and dropped with it. What a scope sees as a whole (its
 * article list, title search, quotation book) is rebuilt only after a change visible to that scope.
 *
 * @example
 * const store = new ArticleStore(meaning);
 * store.put(article, '123456789012345678'); // a server's own article
 * store.articles({ owner: '123456789012345678' }); // the shared articles and that one
 */
export class ArticleStore {
  readonly index: SearchIndex;
  readonly corrector: TypoCorrector;
  private readonly entries = new Map<string, Entry>();
  /** Changes so far: of the shared articles, and of each owner's. A view is current while both are unchanged. */
  private sharedVersion = 0;
  private readonly ownerVersions = new Map<string, number>();
  private readonly views = new Map<string | null, View>();
  /** After {@link startReading}: every article added is read in the background as it comes. */
  private eager = false;
  private changes = 0;

  private readonly derived: DerivedCache | undefined;
  private readonly reader: ((article: Article) => Promise<string>) | undefined;
  private readonly onBook: ((scope: Scope) => void) | undefined;
  /** Each article's keys (its derived record's and its index key: hashes of its whole text), worked out once. */
  private readonly keysOf = new WeakMap<Article, { readonly derived: string; readonly index: string }>();

  constructor(readonly meaning: Meaning | null = null, options: StoreOptions = {}) {
    this.onBook = options.onBook;
    this.derived = options.derived;
    this.reader = options.reader;
    this.index = new SearchIndex([], meaning?.vectors ?? null);
    this.corrector = new TypoCorrector(this.index.words);
  }

  /** Counts changes (an article added, replaced or removed): equal counts, the same articles. */
  get generation(): number {
    return this.changes;
  }

  /**
   * The whole store as data ({@link StoreSnapshot}, copies: the store may change afterwards), to be
   * written by store/snapshot.ts. Synchronous: about a second at 100,000 passages on a busy machine;
   * {@link snapshotInTurns} makes the same between turns of the event loop.
   */
  snapshot(): StoreSnapshot {
    const slices = this.snapshotSlices();
    for (;;) {
      const step = slices.next();
      if (step.done) return step.value;
    }
  }

  /**
   * {@link snapshot} made a slice at a time, awaiting `pause` between slices (tens of milliseconds
   * each) so that a bot's event loop is never held for long. When articles come or go meanwhile, it
   * starts again; after `tries` such starts it finishes in one go.
   */
  async snapshotInTurns(pause: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)), tries = 3): Promise<StoreSnapshot> {
    for (let attempt = 0; attempt < tries; attempt++) {
      const generation = this.changes;
      const slices = this.snapshotSlices();
      for (;;) {
        const step = slices.next();
        if (step.done) return step.value;
        await pause();
        if (this.changes !== generation) break;
      }
    }
    return this.snapshot();
  }

  /** Makes {@link snapshot}, yielding between slices of about {@link SNAPSHOT_DEFAULTS.sliceMs} of work. */
  private *snapshotSlices(): Generator<void, StoreSnapshot> {
    const articles: StoreSnapshot['articles'][number][] = [];
    const texts: string[] = [];
    // Counted first, so that the passages' numbers and sentences go straight into typed arrays: made from
    // arrays of a million numbers at the end, they held the event loop for most of a second at 145,000 passages.
    let passageCount = 0;
    let sentenceCount = 0;
    for (const { article } of this.entries.values()) {
      for (const list of [article.paragraphs, article.captions]) {
        passageCount += list.length;
        for (const passage of list) sentenceCount += passage.sentences.length;
      }
    }
    const passages = { numbers: new Uint32Array(passageCount), sentenceCounts: new Uint32Array(passageCount), sentences: new Uint32Array(2 * sentenceCount) };
    let k = 0;
    let j = 0;
    let since = performance.now();
    for (const { article, owner, addedAt } of this.entries.values()) {
      const { paragraphs, captions, ...meta } = article;
      articles.push({ owner, addedAt: addedAt.getTime(), meta, paragraphs: paragraphs.length, captions: captions.length });
      for (const list of [paragraphs, captions]) {
        for (const passage of list) {
          texts.push(passage.text);
          passages.numbers[k] = passage.n;
          passages.sentenceCounts[k++] = passage.sentences.length;
          for (const s of passage.sentences) {
            passages.sentences[j++] = s.start;
            passages.sentences[j++] = s.end;
          }
        }
      }
      if (performance.now() - since >= SNAPSHOT_DEFAULTS.sliceMs) {
        yield;
        since = performance.now();
      }
    }
    yield;
    const index = yield* this.index.snapshotSlices();
    yield;
    const built = this.sharedBook();
    const book = built ? yield* built.toDataSlices() : null;
    return { articles, texts, ...passages, index, book };
  }

  /** The shared articles' quotation book if it is built for the articles held now; else undefined (nothing is built). */
  sharedBook(): QuoteBook | undefined {
    const view = this.views.get(null);
    return view && view.stamp === this.stamp(SHARED) ? view.built : undefined;
  }

  /**
   * Takes back, into this empty store, the articles and index of a {@link snapshot}, as if each had
   * been put again (their people and quotations are read when first needed, as after a put). Checks
   * everything before changing anything: throws on damaged or mismatched data, leaving the store empty.
   */
  restore(data: StoreSnapshot): void {
    if (this.entries.size > 0) throw new Error('store: a snapshot is restored into an empty store only');
    const fail = (why: string): never => {
      throw new Error(`store: snapshot not usable: ${why}`);
    };
    const total = data.articles.reduce((sum, a) => sum + a.paragraphs + a.captions, 0);
    if (data.texts.length !== total || data.numbers.length !== total || data.sentenceCounts.length !== total) fail('passage lists do not fit');
    if (data.sentences.length !== 2 * data.sentenceCounts.reduce((sum, c) => sum + c, 0)) fail('sentence lists do not fit');
    const entries = new Map<string, Entry>();
    let k = 0;
    let s = 0;
    const passage = (kind: Passage['kind']): Passage => {
      const text = data.texts[k]!;
      if (typeof text !== 'string') fail('a passage is not text');
      const sentences = [];
      for (let j = 0; j < data.sentenceCounts[k]!; j++, s++) {
        const [start, end] = [data.sentences[2 * s]!, data.sentences[2 * s + 1]!];
        if (!(start <= end && end <= text.length)) fail('a sentence lies outside its passage');
        sentences.push({ text: text.slice(start, end), start, end });
      }
      return { kind, n: data.numbers[k++]!, text, sentences };
    };
    for (const { owner, addedAt, meta, paragraphs, captions } of data.articles) {
      if (typeof meta?.id !== 'string' || entries.has(meta.id)) fail('an article without an id, or twice');
      const article: Article = {
        ...meta,
        paragraphs: Array.from({ length: paragraphs }, () => passage('paragraph')),
        captions: Array.from({ length: captions }, () => passage('caption')),
      };
      entries.set(article.id, { article, owner, addedAt: new Date(addedAt) });
    }
    if (entries.size !== data.index.articles.length) fail('the index holds other articles');
    this.index.restore(data.index, new Map([...entries].map(([id, e]) => [id, e.article])));
    for (const [id, entry] of entries) {
      this.entries.set(id, entry);
      this.changed(entry.owner);
    }
    this.corrector.update({ added: [...this.index.words.keys()], removed: [] });
    if (data.book) {
      // The shared book as it was: /quote and /facts answer without reading every article's quotations again.
      try {
        const view = this.view(SHARED);
        view.built = QuoteBook.fromData(data.book, view.articles);
        view.part = Promise.resolve(view.built);
      } catch {
        // Damaged: built from the readings when first asked for, as without it.
      }
    }
    if (this.eager) for (const id of entries.keys()) void this.reading(id).catch(() => undefined);
  }

  /** Number of articles held, of every owner. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Adds an article, or replaces the one with its id (its index entries, people and quotations go
   * with it). An id belongs to one owner: replacing another owner's article is refused. `prepared` is
   * what {@link SearchIndex.prepare} made of this very article elsewhere (a worker thread): joining
   * it is all that is left to do here.
   */
  put(article: Article, owner: string | null = null, addedAt: Date = new Date(), prepared?: PreparedArticle): 'added' | 'replaced' {
    this.vectorsFirst();
    const old = this.entries.get(article.id);
    if (old && old.owner !== owner) throw new Error(`store: article ${article.id} belongs to another owner`);
    if (old) this.drop(article.id);
    this.corrector.update(this.addToIndex(article, owner, prepared));
    this.entries.set(article.id, { article, owner, addedAt });
    this.changed(owner);
    if (this.eager) void this.reading(article.id).catch(() => undefined);
    return old ? 'replaced' : 'added';
  }

  /**
   * Adds an article in two steps, for articles too large to join in one turn of the event loop (an
   * upload of 40,000 paragraphs): `build` prepares its index entries {@link STORE_DEFAULTS.joinSlice}
   * passages at a time, letting questions be answered in between, and changes nothing anyone sees;
   * `commit` then does what {@link put} does, in a few milliseconds. `prepared` is what
   * SearchIndex.prepare made of the article (in a worker thread), `key` its SearchIndex.keyOf.
   */
  joining(article: Article, owner: string | null, prepared: PreparedArticle, key: string = this.index.keyOf(article)): StoreJoin {
    this.vectorsFirst();
    const join = this.index.joining(article, owner, prepared);
    return {
      build: async () => {
        do await new Promise((resolve) => setImmediate(resolve));
        while (!join.build(STORE_DEFAULTS.joinSlice));
      },
      commit: (addedAt: Date) => {
        const old = this.entries.get(article.id);
        if (old && old.owner !== owner) throw new Error(`store: article ${article.id} belongs to another owner`);
        if (old) this.drop(article.id);
        this.corrector.update(join.commit());
        this.derived?.keepPrepared(derivedKey(article), key, prepared, article);
        this.entries.set(article.id, { article, owner, addedAt });
        this.changed(owner);
        if (this.eager) void this.reading(article.id).catch(() => undefined);
        return old ? 'replaced' : 'added';
      },
    };
  }

  /** Removes an article; false when there is none with that id. */
  remove(articleId: string): boolean {
    const entry = this.entries.get(articleId);
    if (!entry) return false;
    this.drop(articleId);
    this.changed(entry.owner);
    return true;
  }

  /** An article and its owner, whoever owns it (for the store's own keepers: persistence, the folder watcher). */
  get(articleId: string): StoredArticle | undefined {
    return this.entries.get(articleId);
  }

  /** Every article with its owner, in the order they were added. */
  all(): StoredArticle[] {
    return [...this.entries.values()].map(({ article, owner, addedAt }) => ({ article, owner, addedAt }));
  }

  /** The articles a scope sees, in the order they were added. */
  articles(scope: Scope): readonly Article[] {
    const all = this.view(scope).articles;
    return scope.article === undefined ? all : all.filter((a) => a.id === scope.article);
  }

  /** The articles a scope sees with their owners and when they came, in the order they were added. */
  stored(scope: Scope): StoredArticle[] {
    const out: StoredArticle[] = [];
    for (const { article, owner, addedAt } of this.entries.values()) if (sees(scope, owner, article.id)) out.push({ article, owner, addedAt });
    return out;
  }

  /** One article, if the scope sees it. */
  article(articleId: string, scope: Scope): Article | undefined {
    const entry = this.entries.get(articleId);
    return entry && sees(scope, entry.owner, articleId) ? entry.article : undefined;
  }

  /**
   * Articles whose title or id match what was typed, best first: every word, the last one as a
   * prefix (autocomplete types as you go), typos allowed; any word when no title has them all. All
   * the scope's articles for nothing typed. MiniSearch rather than fuse.js: a hundred times faster at
   * a thousand titles (0.15 against 13 ms a query), well inside autocomplete's budget.
   */
  findArticles(typed: string, scope: Scope, limit = 25): readonly Article[] {
    // One article: it alone, whatever was typed.
    if (scope.article !== undefined) return this.articles(scope).slice(0, limit);
    const view = this.view(scope);
    const query = typed.slice(0, 100).trim();
    if (query === '') return view.articles.slice(0, limit);
    if (!view.titles) {
      view.titles = new MiniSearch<{ id: string; title: string }>({ fields: ['title', 'id'], idField: 'id', tokenize: (text) => withoutInvisible(text).split(/[\s\-_.,:;!?'"“”‘’()]+/u).filter(Boolean) });
      view.titles.addAll(view.articles.map((a) => ({ id: a.id, title: a.title })));
    }
    // The last word is being typed: a prefix, from two letters (one letter would match most titles).
    // Typos are allowed in words of four letters or more (a shorter word with one typo is another word).
    const options = {
      prefix: (term: string, i: number, terms: string[]) => i === terms.length - 1 && term.length >= 2,
      fuzzy: (term: string) => (term.length >= 4 ? STORE_DEFAULTS.titleFuzzy : 0),
    };
    let hits = view.titles.search(query, { ...options, combineWith: 'AND' });
    if (hits.length === 0) hits = view.titles.search(query, { ...options, combineWith: 'OR' });
    view.byId ??= new Map(view.articles.map((a) => [a.id, a]));
    const byId = view.byId;
    return hits.slice(0, limit).map((h) => byId.get(h.id as string)).filter((a): a is Article => a !== undefined);
  }

  /**
   * An article's people, read now if they have not been (needed synchronously to read a question's
   * "he" or "she"); undefined for an unknown id. With reading threads, an article too long to read
   * here without stalling the answers of others ({@link STORE_DEFAULTS.peopleNowParagraphs}) is read
   * there, and undefined until it has been.
   */
  peopleOf(articleId: string): ArticlePeople | undefined {
    const entry = this.entries.get(articleId);
    if (!entry) return undefined;
    if (!entry.people && this.reader && entry.article.paragraphs.length > STORE_DEFAULTS.peopleNowParagraphs) {
      void this.reading(articleId).catch(() => undefined);
      return undefined;
    }
    entry.people ??= new ArticlePeople(entry.article);
    return entry.people;
  }

  /** What the readers made of one article, read once and kept with it. Rejects for an unknown id. */
  reading(articleId: string): Promise<ArticleReading> {
    const entry = this.entries.get(articleId);
    if (!entry) return Promise.reject(new Error(`store: no article ${articleId}`));
    if (!entry.reading) {
      const reading = (async () => {
        // Let the event loop breathe between articles: a large archive is read while the bot answers.
        await new Promise((resolve) => setImmediate(resolve));
        const key = this.derived ? derivedKey(entry.article) : '';
        let data = this.derived?.reading(key);
        if (!data) {
          let json: string | undefined;
          if (this.reader && !entry.people) {
            json = await this.reader(entry.article);
            // Parsed in a turn of its own: an article of thousands of paragraphs has a reading of megabytes.
            await new Promise((resolve) => setImmediate(resolve));
            data = JSON.parse(json) as ReadingData;
          } else {
            // On this thread: the people may have been read already, for a question's "he".
            entry.people ??= new ArticlePeople(entry.article);
            data = { people: entry.people.toData(), quotes: extractQuotes(entry.article, entry.people), sightings: sightingsOf(entry.article, entry.people) };
          }
          // Written in a turn of its own too. The article may have been replaced or removed while a
          // worker read it: keep nothing then.
          if (json !== undefined) await new Promise((resolve) => setImmediate(resolve));
          if (this.entries.get(entry.article.id) === entry) this.derived?.keepReading(key, data, json);
        }
        entry.people ??= new ArticlePeople(entry.article, data.people);
        return { people: entry.people, quotes: data.quotes, sightings: data.sightings };
      })();
      entry.reading = reading;
      // A failed read must not stay cached: the next call tries again.
      reading.catch(() => {
        if (entry.reading === reading) delete entry.reading;
      });
    }
    return entry.reading;
  }

  /**
   * The quotations and entities of the articles a scope sees, built when first asked for after a
   * change: the shared articles' book, built once for every server, and a server's own articles'
   * book, read together (nlp/book.ts, Books). A one-article scope gets its owner's whole book: people
   * and their roles are read across the articles, and the caller keeps what cites that article.
   */
  book(scope: Scope): Promise<Book> {
    const view = this.view(scope);
    if (!view.book) {
      const book = (async () => {
        const shared = await this.part(SHARED);
        return new Books(scope.owner === null ? [shared] : [shared, await this.part(scope)]);
      })();
      view.book = book;
      book.catch(() => {
        if (view.book === book) delete view.book;
      });
    }
    return view.book;
  }

  /** The book of the articles a scope's owner holds itself, built a slice at a time. */
  private part(scope: Scope): Promise<QuoteBook> {
    const view = this.view(scope);
    if (!view.part) {
      const part = (async () => {
        const quotes: Quote[] = [];
        const entities = new EntityMerger();
        const articles: Article[] = [];
        let read = 0;
        const own = [...this.entries.values()].filter((entry) => entry.owner === scope.owner);
        // With reading threads, the next articles are read there while this one joins the book.
        for (const [i, entry] of own.entries()) {
          const last = this.reader ? Math.min(own.length - 1, i + STORE_DEFAULTS.readAhead) : i;
          for (let j = i + 1; j <= last; j++) if (!own[j]!.reading) void this.reading(own[j]!.article.id).catch(() => undefined);
          articles.push(entry.article);
          const reading = await this.reading(entry.article.id);
          for (const quote of reading.quotes) quotes.push(quote);
          entities.add(reading.sightings);
          // Readings already made resolve at once: let the event loop run between slices of articles.
          if (++read % STORE_DEFAULTS.bookSlice === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        return QuoteBook.create(quotes, entities.entities(), articles);
      })();
      view.part = part;
      part.then((built) => {
        if (view.part !== part) return;
        view.built = built;
        this.onBook?.(scope);
      }, () => {
        if (view.part === part) delete view.part;
      });
    }
    return view.part;
  }

  /**
   * Reads every article's people and quotations in the background, so that the first /quote does not
   * wait; from then on, each article added is read as it comes.
   */
  startReading(): void {
    this.eager = true;
    void (async () => {
      for (const id of [...this.entries.keys()]) await this.reading(id).catch(() => undefined);
    })();
  }

  /**
   * Reads the word vectors (meaning/vectors.ts, read at first need) before an article's index work
   * begins, not in the middle of it. Read from inside the first article's join (a map of 150,000
   * words, several scavenges while that join's short-lived objects were alive), they left V8
   * promoting short-lived objects to the old generation for the rest of the build (by `--trace-gc`;
   * allocation-site pretenuring is the likely mechanism): at 4,671 articles from kept data, the
   * garbage found by a full collection grew from about 50 to 325 MB and the first start's peak RSS
   * from about 1,010 to 1,175 MB. A no-op once read, and without vectors.
   */
  private vectorsFirst(): void {
    this.meaning?.vectors.warm();
  }

  /** An article's derived key ({@link derivedKey}) and index key (SearchIndex.keyOf), hashed once per article object. */
  private keys(article: Article): { readonly derived: string; readonly index: string } {
    let keys = this.keysOf.get(article);
    if (!keys) {
      keys = { derived: derivedKey(article), index: this.index.keyOf(article) };
      this.keysOf.set(article, keys);
    }
    return keys;
  }

  /**
   * Whether what indexing makes of `article` is kept from an earlier run, so that {@link put} need not
   * prepare it: a folder read for the first time has the others prepared in worker threads meanwhile.
   * False without a cache to keep it in.
   */
  hasPrepared(article: Article): boolean {
    if (!this.derived) return false;
    const { derived, index } = this.keys(article);
    return this.derived.hasPrepared(derived, index);
  }

  /** Joins an article to the index, from what was prepared of it (given, or kept from an earlier run). */
  private addToIndex(article: Article, owner: string | null, given?: PreparedArticle) {
    if (given) {
      const change = this.index.add(article, owner, given);
      if (this.derived) {
        const { derived: key, index: indexKey } = this.keys(article);
        this.derived.keepPrepared(key, indexKey, given, article);
      }
      return change;
    }
    if (!this.derived) return this.index.add(article, owner);
    const { derived: key, index: indexKey } = this.keys(article);
    const kept = this.derived.prepared(key, indexKey);
    if (kept) {
      try {
        return this.index.add(article, owner, kept);
      } catch {
        // Kept by another version or damaged: prepare it again below.
      }
    }
    const prepared = this.index.prepare(article);
    const change = this.index.add(article, owner, prepared);
    this.derived.keepPrepared(key, indexKey, prepared, article);
    return change;
  }

  private drop(articleId: string): void {
    const change = this.index.remove(articleId);
    if (change) this.corrector.update(change);
    this.entries.delete(articleId);
  }

  /** An article of `owner` came or went: the views that see it are stale. */
  private changed(owner: string | null): void {
    this.changes++;
    if (owner === null) this.sharedVersion++;
    else this.ownerVersions.set(owner, (this.ownerVersions.get(owner) ?? 0) + 1);
  }

  private stamp(scope: Scope): string {
    return `${this.sharedVersion}:${scope.owner === null ? '' : this.ownerVersions.get(scope.owner) ?? 0}`;
  }

  /** What the scope's owner sees as a whole (a one-article scope's owner view: the callers narrow it). */
  private view(scope: Scope): View {
    scope = wholeOf(scope);
    const stamp = this.stamp(scope);
    const known = this.views.get(scope.owner);
    // Most recently used last: a Map keeps insertion order.
    this.views.delete(scope.owner);
    if (known && known.stamp === stamp) {
      this.views.set(scope.owner, known);
      return known;
    }
    const articles: Article[] = [];
    for (const entry of this.entries.values()) if (sees(scope, entry.owner, entry.article.id)) articles.push(entry.article);
    const view: View = { stamp, articles };
    this.views.set(scope.owner, view);
    // Each server's view holds a title index over the shared articles too, and its own quotation
    // book: in a bot in thousands of servers, only the servers used lately keep theirs (the shared
    // view always).
    for (const owner of this.views.keys()) {
      if (this.views.size <= STORE_DEFAULTS.views) break;
      if (owner !== null) this.views.delete(owner);
    }
    return view;
  }
}
