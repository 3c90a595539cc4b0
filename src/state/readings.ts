import type { ReadingCache, ReadingData } from '../store/store.js';
import { deleteKeysNotIn, type Db } from './db.js';

/**
 * Readings kept in the state, by content key: people, quotations and entities found once, taken back
 * after every restart instead of reading the article again with compromise (tens of milliseconds an
 * article). A reading whose key no article has any more is left; `prune` drops them.
 */
export class ReadingRepository implements ReadingCache {
  private readonly statements;

  constructor(readonly db: Db, private readonly clock: () => Date = () => new Date()) {
    this.statements = {
      get: db.prepare('SELECT data FROM readings WHERE key = ?'),
      put: db.prepare('INSERT OR REPLACE INTO readings (key, data, at) VALUES (?, ?, ?)'),
    };
  }

  get(key: string): ReadingData | undefined {
    const row = this.statements.get.get(key) as { data: string } | undefined;
    if (!row) return undefined;
    try {
      return JSON.parse(row.data) as ReadingData;
    } catch {
      return undefined; // unreadable: read the article again
    }
  }

  put(key: string, data: ReadingData, json: string = JSON.stringify(data)): void {
    this.statements.put.run(key, json, this.clock().toISOString());
  }

  /** Drops the readings of articles no longer held (their keys are not in `keep`); returns how many. */
  prune(keep: ReadonlySet<string>): number {
    return deleteKeysNotIn(this.db, 'readings', keep).length;
  }
}
