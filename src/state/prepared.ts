import { deserialize, serialize } from 'node:v8';
import type { PreparedArticle } from '../search/index.js';
import type { PreparedCache } from '../store/store.js';
import { deleteKeysNotIn, type Db } from './db.js';

/** Tuning for {@link PreparedArticles}. */
export const PREPARED_DEFAULTS = Object.freeze({
  /** New prepared articles written to the database together, in one transaction. */
  batch: 200,
});

/**
 * What indexing made of each article (search/index.ts, PreparedArticle), kept in the state by content
 * key so that a restart joins articles to the index without tokenizing, stemming and marking them
 * again: most of the cost of a start. Stored with node:v8's serializer, which writes typed arrays as
 * their bytes (a few tens of kilobytes an article) and reads them back as fast as they can be copied.
 * New ones are written in batches; call {@link flush} after a batch of articles and at close. When a
 * batch cannot be written (a full disk, a read-only file), it is dropped and `onWriteError` is told,
 * never the caller that was indexing or closing: the next start prepares those articles again.
 */
export class PreparedArticles implements PreparedCache {
  private readonly pending = new Map<string, Buffer>();
  private readonly statements;

  constructor(readonly db: Db, private readonly onWriteError: (error: unknown) => void, private readonly clock: () => Date = () => new Date()) {
    this.statements = {
      get: db.prepare('SELECT data FROM prepared_articles WHERE key = ?').pluck(),
      put: db.prepare('INSERT OR REPLACE INTO prepared_articles (key, data, at) VALUES (?, ?, ?)'),
    };
  }

  get(key: string): PreparedArticle | undefined {
    const data = this.pending.get(key) ?? (this.statements.get.get(key) as Buffer | undefined);
    if (!data) return undefined;
    try {
      return deserialize(data) as PreparedArticle;
    } catch {
      return undefined; // unreadable: prepare the article again
    }
  }

  put(key: string, prepared: PreparedArticle): void {
    this.pending.set(key, serialize(prepared));
    if (this.pending.size >= PREPARED_DEFAULTS.batch) this.flush();
  }

  /** Writes what was prepared since the last flush. Never throws: see the class. */
  flush(): void {
    if (this.pending.size === 0) return;
    const rows = [...this.pending];
    this.pending.clear();
    const at = this.clock().toISOString();
    try {
      this.db.transaction(() => rows.forEach(([key, data]) => this.statements.put.run(key, data, at)))();
    } catch (e) {
      this.onWriteError(e);
    }
  }

  /** Drops what was prepared of articles no longer held (their keys are not in `keep`); returns how many. */
  prune(keep: ReadonlySet<string>): number {
    this.flush();
    return deleteKeysNotIn(this.db, 'prepared_articles', keep).length;
  }
}
