import { cleanParts, cleanText } from '../knowledge/clean.js';
import type { ArticleParts, ParseOptions } from '../knowledge/parse.js';
import type { Article } from '../model/article.js';
import type { Logger } from '../logger.js';
import { err, ok, type Result } from '../result.js';
import { InlineWork, type SourceWork } from '../sources/work.js';
import { articleId, articleOf, contentHash, partsOfRecord, type ArticleOrigin, type ArticleRecord, type ArticleRepository } from '../state/articles.js';
import type { Sql } from '../state/sql.js';
import type { ArticleStore } from './store.js';

/** Why an article could not be added; `message` is a sentence for people. */
export interface AddError {
  readonly code: 'empty' | 'no_paragraphs' | 'no_state' | 'too_slow' | 'worker_failed';
  readonly message: string;
}

/** How a {@link AddedArticles} works; every field has a default. */
export interface LibraryOptions {
  readonly clock?: () => Date;
  /** How stored articles are parsed again at start (the app remembers sentence splits across restarts). */
  readonly parse?: ParseOptions;
  /** Where articles are made ready for the index before they are stored (default: on this thread). */
  readonly work?: SourceWork;
}

/** What adding an article did. */
export interface Added {
  readonly article: Article;
  /** False when the owner already had the same text (the stored one is returned, nothing is written). */
  readonly stored: boolean;
}

/** Who adds an article, and how. */
export interface AddedBy {
  /** The server it belongs to (or LOCAL_OWNER for the CLI). */
  readonly owner: string;
  readonly origin: ArticleOrigin;
  /** A Discord user id; null for a feed or the CLI. */
  readonly user?: string | null;
  /** The page it came from. */
  readonly url?: string | null;
}

/**
 * The articles added at run time (`/ingest`, feeds, `pilcrow ingest`): each written to the state
 * ({@link ArticleRepository}) and put in the {@link ArticleStore} in one step, and read back into the
 * store at start. The knowledge folder's articles are not here: {@link FolderSource} keeps those.
 */
export class AddedArticles {
  /** Where pages, feeds, files and articles are read and made ready: the one {@link SourceWork} of the app. */
  readonly work: SourceWork;
  private readonly clock: () => Date;
  private readonly parse: ParseOptions;

  constructor(
    private readonly store: ArticleStore,
    private readonly repo: ArticleRepository | null,
    private readonly log: Logger,
    private readonly options: LibraryOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.parse = options.parse ?? {};
    this.work = options.work ?? new InlineWork(store.index, this.parse);
  }

  /**
   * Puts every stored article into the store (at start); a record that no longer parses is logged and
   * left out. One the store holds already for the same owner (restored from a snapshot: the id is a
   * hash of the content) is kept as it is. With `dropUnlisted` (after a snapshot), servers' articles
   * the store holds that the state no longer lists are removed. Returns how many stored articles the
   * store holds.
   */
  async loadStored(serves: (owner: string | null) => boolean = () => true, dropUnlisted = false): Promise<number> {
    let loaded = 0;
    const listed = new Set<string>();
    for (const record of this.repo ? await this.repo.list() : []) {
      // A shard holds the articles of its own servers only.
      if (!serves(record.owner)) continue;
      listed.add(record.id);
      if (this.store.get(record.id)?.owner === record.owner) {
        loaded++;
        continue;
      }
      const article = articleOf(record, this.parse);
      if (!article.ok) {
        this.log.warn({ article: record.id, owner: record.owner, problem: article.error.message }, 'stored article skipped');
        continue;
      }
      try {
        this.store.put(article.value, record.owner, new Date(record.addedAt));
        loaded++;
      } catch (e) {
        this.log.warn({ article: record.id, owner: record.owner, err: e }, 'stored article skipped');
      }
    }
    if (dropUnlisted) for (const { article, owner } of this.store.all()) if (owner !== null && !listed.has(article.id)) this.store.remove(article.id);
    return loaded;
  }

  /**
   * Stores an article for its owner and makes it answerable at once. The same text stored twice by
   * one owner (from two links, or a feed that rewrites its items) is kept once. The article is made
   * ready for the index first (sentences split, words tokenised: in a worker thread in the bot), and
   * stored only then, joining the index in the transaction that stores it: an article is either
   * stored and answerable, or not stored at all. `alsoInTransaction` runs in that transaction too (a
   * feed marks its item seen there: after a crash, either both happened or neither did), with the id
   * of the article stored or already there.
   */
  async add(parts: ArticleParts, by: AddedBy, alsoInTransaction?: (tx: Sql, articleId: string) => Promise<void>): Promise<Result<Added, AddError>> {
    // Both databases store the same text, and PostgreSQL refuses NUL: cleaned before anything else reads it.
    parts = cleanParts(parts);
    if (!this.repo) return err({ code: 'no_state', message: 'Articles cannot be stored: the state database is not open.' });
    // A turn of the event loop first: hashing an article of megabytes is not done in the same turn as reading it.
    await new Promise((resolve) => setImmediate(resolve));
    const hash = contentHash(parts);
    const existing = await this.repo.byContent(by.owner, hash);
    if (existing) {
      const article = this.store.article(existing.id, { owner: by.owner });
      if (article) {
        if (alsoInTransaction) await this.repo.sql.transaction((tx) => alsoInTransaction(tx, article.id));
        return ok({ article, stored: false });
      }
    }
    const record: ArticleRecord = {
      id: articleId(parts.title, by.owner, hash),
      owner: by.owner,
      title: parts.title.trim(),
      paragraphs: [...parts.paragraphs],
      captions: [...(parts.captions ?? [])],
      byline: parts.author?.trim() || null,
      published: parts.published?.trim() || null,
      url: cleanText(by.url ?? parts.source ?? '') || null,
      contentHash: hash,
      origin: by.origin,
      addedBy: by.user ?? null,
      addedAt: this.clock().toISOString(),
      image: parts.image?.trim() || null,
      site: parts.site?.trim() || null,
    };
    const made = await this.work.article(record.id, partsOfRecord(record));
    if (!made.ok) {
      const { code, message } = made.error;
      if (code === 'too_slow' || code === 'worker_failed') return err({ code, message });
      return err({ code: code === 'no_paragraphs' ? 'no_paragraphs' : 'empty', message: message.replace(/^[^:]*: /, 'The article ') });
    }
    const { article, prepared, key } = made.value;
    // A turn of the event loop after receiving a large article from its worker, before joining it.
    await new Promise((resolve) => setImmediate(resolve));
    // The index entries are built a slice at a time (questions are answered in between), and the
    // article joins the index at once inside the transaction that stores it: should joining fail,
    // nothing is stored.
    const join = this.store.joining(article, by.owner, prepared, key);
    await join.build();
    const repo = this.repo;
    const addedAt = new Date(record.addedAt);
    let joined = false;
    let inserted: { stored: boolean; record: ArticleRecord };
    try {
      inserted = await repo.sql.transaction(async (tx) => {
        const result = await repo.in(tx).insert(record);
        await alsoInTransaction?.(tx, result.record.id);
        if (result.stored) {
          join.commit(addedAt);
          joined = true;
        }
        return result;
      });
    } catch (e) {
      // The commit failed after the join (a full disk, a lost connection): the store follows the state.
      if (joined) this.store.remove(article.id);
      throw e;
    }
    if (!inserted.stored) {
      // Another process stored the same text in between: that one stands (and is read at its start).
      return ok({ article: this.store.article(inserted.record.id, { owner: by.owner }) ?? article, stored: false });
    }
    this.log.info({ article: record.id, owner: by.owner, origin: by.origin, paragraphs: article.paragraphs.length }, 'article added');
    return ok({ article, stored: true });
  }

  /** Removes a stored article of this owner from the state and the store; false when it has none of that id. */
  async remove(id: string, owner: string): Promise<boolean> {
    const record = await this.repo?.get(id);
    if (!record || record.owner !== owner) return false;
    await this.repo!.remove(id);
    this.store.remove(id);
    return true;
  }
}

