import { deserialize, serialize } from 'node:v8';
import { splitSentences } from '../knowledge/sentences.js';
import { splitKey } from '../knowledge/splits.js';
import type { Article, Sentence } from '../model/article.js';
import type { PreparedArticle } from '../search/index.js';
import { DERIVED_VERSION, type DerivedCache, type ReadingData } from '../store/store.js';
import type { Db } from './db.js';

/** Tuning for {@link DerivedRecords}. */
export const DERIVED_DEFAULTS = Object.freeze({
  /** Articles' splits and prepared index data written to the database together, in one transaction. */
  batch: 200,
});

/**
 * What is derived from one article, as the `derived` table keeps it (migration 11): one row per
 * article content key (store.ts, derivedKey), one version for the whole row. The parts are columns,
 * filled in when each is made: the sentence splits and the prepared index data together, when the
 * article joins the index (at start or when it arrives); the reading later, when the article is first
 * read for people and quotations (a worker thread in the bot). A part not made yet is null.
 */
export interface DerivedRecord {
  readonly key: string;
  /** {@link DERIVED_VERSION} when the row was written; a row of another version holds nothing usable. */
  readonly version: string;
  /** Each passage's split key (knowledge/splits.ts) and its sentences' [start, end] offsets. */
  readonly splits: readonly (readonly [passageKey: string, offsets: readonly (readonly [number, number])[]])[] | null;
  /** search/index.ts, keyOf: the prepared data fits only an index with this key (it includes the word vectors' dimensions). */
  readonly indexKey: string | null;
  readonly prepared: PreparedArticle | null;
  readonly reading: ReadingData | null;
}

type Offsets = readonly (readonly [number, number])[];

/**
 * Everything derived from the articles, kept in the state (or DATA_DIR/cache/kept.db) so that a
 * restart neither splits, nor tokenizes, nor reads them again: one {@link DerivedRecord} per article,
 * one version ({@link DERIVED_VERSION}, made of the splitter's, the index's and the readers' versions),
 * one {@link prune}. A cache: it can be deleted at no cost but time.
 *
 * - Splits: all are loaded when the first is asked for (a few bytes a passage) and served by passage text
 *   through {@link split}, a drop-in for splitSentences while files are parsed (before the article,
 *   and so its record, exists). They are written with the prepared data.
 * - Prepared index data (node:v8's serializer: typed arrays as their bytes) and splits are written in
 *   batches of {@link DERIVED_DEFAULTS.batch}; call {@link flush} after a batch of articles and at close.
 * - Readings are written at once, each into its record's column.
 *
 * Writing never throws: a write that fails (a full disk, a read-only file) is dropped and
 * `onWriteError` is told, never the caller that was indexing, reading or closing; the next start works
 * those articles out again. Reading never throws either: a read that fails (damaged pages) reads as
 * nothing kept, and `onReadError` is told.
 */
export class DerivedRecords implements DerivedCache {
  /** The kept splits by passage key, read at the first split asked for (see {@link known}). */
  private knownSplits: Map<string, Offsets> | undefined;
  private readonly pending = new Map<string, { indexKey: string; data: Buffer; article: Article }>();
  private readonly statements;

  constructor(
    readonly db: Db,
    private readonly onWriteError: (error: unknown) => void,
    private readonly clock: () => Date = () => new Date(),
    readonly version: string = DERIVED_VERSION,
    /** Told when a read fails (damaged pages): the record reads as missing, and is worked out again. */
    private readonly onReadError: (error: unknown) => void = () => undefined,
  ) {
    // One version for the row: writing one part of a row of another version empties the others.
    const same = (column: string) => `${column} = CASE WHEN derived.version = excluded.version THEN derived.${column} END`;
    this.statements = {
      prepared: db.prepare('SELECT prepared FROM derived WHERE key = ? AND version = ? AND index_key = ?').pluck(),
      hasPrepared: db.prepare('SELECT 1 FROM derived WHERE key = ? AND version = ? AND index_key = ? AND prepared IS NOT NULL').pluck(),
      reading: db.prepare('SELECT reading FROM derived WHERE key = ? AND version = ?').pluck(),
      putIndexed: db.prepare(`INSERT INTO derived (key, version, splits, index_key, prepared, at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET splits = excluded.splits, index_key = excluded.index_key, prepared = excluded.prepared, at = excluded.at,
        ${same('reading')}, version = excluded.version`),
      putReading: db.prepare(`INSERT INTO derived (key, version, reading, at) VALUES (?, ?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET reading = excluded.reading, at = excluded.at,
        ${same('splits')}, ${same('index_key')}, ${same('prepared')}, version = excluded.version`),
    };
  }

  /** Every kept split, read the first time one is needed: a start taken back from the store's snapshot
   *  parses no file and never reads them (a quarter to half a second at 100,000 passages). */
  private get known(): Map<string, Offsets> {
    if (this.knownSplits) return this.knownSplits;
    const known = new Map<string, Offsets>();
    try {
      for (const splits of this.db.prepare('SELECT splits FROM derived WHERE version = ? AND splits IS NOT NULL').pluck().iterate(this.version) as Iterable<string>) {
        try {
          for (const [key, offsets] of JSON.parse(splits) as [string, Offsets][]) known.set(key, offsets);
        } catch {
          // unreadable: split again
        }
      }
    } catch (e) {
      this.onReadError(e); // the splits read so far are used; the others are made again
    }
    this.knownSplits = known;
    return known;
  }

  /** Splits a passage, from a kept split when there is one. A drop-in for splitSentences. */
  readonly split = (text: string): Sentence[] => {
    const offsets = this.known.get(splitKey(text));
    if (offsets) return offsets.map(([start, end]) => ({ text: text.slice(start, end), start, end }));
    return splitSentences(text);
  };

  /** Passage splits held (loaded at open, and kept since). */
  get splits(): number {
    return this.known.size;
  }

  prepared(key: string, indexKey: string): PreparedArticle | undefined {
    const pending = this.pending.get(key);
    const data = pending ? (pending.indexKey === indexKey ? pending.data : undefined) : (this.read(() => this.statements.prepared.get(key, this.version, indexKey)) as Buffer | null | undefined);
    if (!data) return undefined;
    try {
      return deserialize(data) as PreparedArticle;
    } catch {
      return undefined; // unreadable: prepare the article again
    }
  }

  hasPrepared(key: string, indexKey: string): boolean {
    const pending = this.pending.get(key);
    if (pending) return pending.indexKey === indexKey;
    return this.read(() => this.statements.hasPrepared.get(key, this.version, indexKey)) !== undefined;
  }

  keepPrepared(key: string, indexKey: string, prepared: PreparedArticle, article: Article): void {
    // The splits are taken from the article when written (flush), not here: joining stays quick.
    this.pending.set(key, { indexKey, data: serialize(prepared), article });
    if (this.pending.size >= DERIVED_DEFAULTS.batch) this.flush();
  }

  reading(key: string): ReadingData | undefined {
    const json = this.read(() => this.statements.reading.get(key, this.version)) as string | null | undefined;
    if (!json) return undefined;
    try {
      return JSON.parse(json) as ReadingData;
    } catch {
      return undefined; // unreadable: read the article again
    }
  }

  keepReading(key: string, data: ReadingData, json: string = JSON.stringify(data)): void {
    try {
      this.statements.putReading.run(key, this.version, json, this.clock().toISOString());
    } catch (e) {
      this.onWriteError(e);
    }
  }

  /** A read of the database, undefined when it fails (told to onReadError): a cache read never throws. */
  private read(get: () => unknown): unknown {
    try {
      return get();
    } catch (e) {
      this.onReadError(e);
      return undefined;
    }
  }

  /** Writes the splits and prepared data kept since the last flush. Never throws: see the class. */
  flush(): void {
    if (this.pending.size === 0) return;
    const rows = [...this.pending];
    this.pending.clear();
    const at = this.clock().toISOString();
    const splitsOf = (article: Article) => {
      const splits: [string, Offsets][] = [];
      for (const passage of [...article.paragraphs, ...article.captions]) {
        const key = splitKey(passage.text);
        const offsets = passage.sentences.map((s) => [s.start, s.end] as const);
        if (!this.known.has(key)) this.known.set(key, offsets);
        splits.push([key, offsets]);
      }
      return JSON.stringify(splits);
    };
    try {
      this.db.transaction(() => rows.forEach(([key, r]) => this.statements.putIndexed.run(key, this.version, splitsOf(r.article), r.indexKey, r.data, at)))();
    } catch (e) {
      this.onWriteError(e);
    }
  }

  /**
   * Drops the records of articles no longer held (their keys are not in `keep`) and those of another
   * version, in one transaction; returns how many. Throws when the database cannot be written (the
   * caller logs it: on a full disk the rows stay until a later start).
   */
  prune(keep: ReadonlySet<string>): number {
    this.flush();
    const gone = (this.db.prepare('SELECT key, version FROM derived').all() as { key: string; version: string }[]).filter((r) => r.version !== this.version || !keep.has(r.key));
    const drop = this.db.prepare('DELETE FROM derived WHERE key = ?');
    this.db.transaction(() => gone.forEach((r) => drop.run(r.key)))();
    return gone.length;
  }

  /** One article's record as kept (null when there is none): for tests and tools. */
  record(key: string): DerivedRecord | null {
    const row = this.db.prepare('SELECT key, version, splits, index_key, prepared, reading FROM derived WHERE key = ?').get(key) as
      | { key: string; version: string; splits: string | null; index_key: string | null; prepared: Buffer | null; reading: string | null }
      | undefined;
    if (!row) return null;
    return {
      key: row.key,
      version: row.version,
      splits: row.splits === null ? null : (JSON.parse(row.splits) as DerivedRecord['splits']),
      indexKey: row.index_key,
      prepared: row.prepared === null ? null : (deserialize(row.prepared) as PreparedArticle),
      reading: row.reading === null ? null : (JSON.parse(row.reading) as ReadingData),
    };
  }
}
