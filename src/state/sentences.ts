import { splitSentences } from '../knowledge/sentences.js';
import { splitKey, type SplitRow } from '../knowledge/splits.js';
import type { Sentence } from '../model/article.js';
import { deleteKeysNotIn, type Db } from './db.js';

/** Tuning for {@link SentenceSplits}. */
export const SPLITS_DEFAULTS = Object.freeze({
  /** New splits written to the database together, in one transaction. */
  batch: 500,
});

/**
 * How passages split into sentences, kept in the state: splitting is most of the cost of reading an
 * article file, and a restart reads every file again. All splits
 * are loaded at once when the app opens (a few bytes a passage); new ones are written in batches.
 *
 * A kept split is a cache: when it cannot be written (a full disk, a read-only file), the batch is
 * dropped and `onWriteError` is told, never the caller that was splitting or closing; the next start
 * splits those passages again.
 */
export class SentenceSplits {
  private readonly known = new Map<string, readonly (readonly [number, number])[]>();
  private readonly pending: [string, string][] = [];

  constructor(private readonly db: Db, private readonly onWriteError: (error: unknown) => void) {
    for (const row of db.prepare('SELECT key, offsets FROM sentence_splits').iterate() as Iterable<{ key: string; offsets: string }>) {
      try {
        this.known.set(row.key, JSON.parse(row.offsets) as [number, number][]);
      } catch {
        // unreadable: split again
      }
    }
  }

  /** Splits a passage, from the kept split when there is one. A drop-in for splitSentences. */
  readonly split = (text: string): Sentence[] => {
    const key = SentenceSplits.keyOf(text);
    const offsets = this.known.get(key);
    if (offsets) return offsets.map(([start, end]) => ({ text: text.slice(start, end), start, end }));
    const sentences = splitSentences(text);
    const made = sentences.map((s) => [s.start, s.end] as const);
    this.known.set(key, made);
    this.pending.push([key, JSON.stringify(made)]);
    if (this.pending.length >= SPLITS_DEFAULTS.batch) this.flush();
    return sentences;
  };

  /**
   * Keeps splits made elsewhere (a worker thread: see knowledge/splits.ts), so that the next start
   * reads them instead of splitting the passages again: written {@link SPLITS_DEFAULTS.batch} at a
   * time, a turn of the event loop apart (an upload of 40,000 paragraphs brings as many). Never
   * throws: a batch that cannot be written is dropped, as in {@link flush}.
   */
  async keep(rows: readonly SplitRow[]): Promise<void> {
    for (let from = 0; from < rows.length; from += SPLITS_DEFAULTS.batch) {
      const slice = rows.slice(from, from + SPLITS_DEFAULTS.batch).filter(([key]) => !this.known.has(key));
      for (const [key, offsets] of slice) this.known.set(key, JSON.parse(offsets) as [number, number][]);
      try {
        const insert = this.db.prepare('INSERT OR IGNORE INTO sentence_splits (key, offsets) VALUES (?, ?)');
        this.db.transaction(() => slice.forEach(([key, offsets]) => insert.run(key, offsets)))();
      } catch (e) {
        this.onWriteError(e);
        return;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Writes the new splits; call after a batch of articles (and at close). Never throws: see the class. */
  flush(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending.splice(0);
    try {
      const insert = this.db.prepare('INSERT OR IGNORE INTO sentence_splits (key, offsets) VALUES (?, ?)');
      this.db.transaction(() => rows.forEach(([key, offsets]) => insert.run(key, offsets)))();
    } catch (e) {
      this.onWriteError(e);
    }
  }

  /** The key of a passage's split. */
  static keyOf(text: string): string {
    return splitKey(text);
  }

  /** Drops the splits of passages no article has any more (their keys are not in `keep`); returns how many. */
  prune(keep: ReadonlySet<string>): number {
    this.flush();
    const gone = deleteKeysNotIn(this.db, 'sentence_splits', keep);
    for (const k of gone) this.known.delete(k);
    return gone.length;
  }

  /** Splits held. */
  get size(): number {
    return this.known.size;
  }
}
