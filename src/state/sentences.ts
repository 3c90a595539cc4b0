import { createHash } from 'node:crypto';
import { splitSentences } from '../knowledge/sentences.js';
import type { Article, Sentence } from '../knowledge/types.js';
import { deleteKeysNotIn, type Db } from './db.js';

/**
 * The version of the sentence splitter (sentences.ts and its repairs). Bump it when the splitter
 * changes how it splits, so that kept splits are made again.
 */
export const SPLIT_VERSION = 1;

/** Tuning for {@link SentenceSplits}. */
export const SPLITS_DEFAULTS = Object.freeze({
  /** New splits written to the database together, in one transaction. */
  batch: 500,
});

/**
 * How passages split into sentences, kept in the state: splitting is most of the cost of reading an
 * article file (sentence-splitter parses the text), and a restart reads every file again. All splits
 * are loaded at once when the app opens (a few bytes a passage); new ones are written in batches.
 */
export class SentenceSplits {
  private readonly known = new Map<string, readonly (readonly [number, number])[]>();
  private readonly pending: [string, string][] = [];

  constructor(private readonly db: Db) {
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
   * Keeps the splits of an article split elsewhere (a worker thread), so that the next start reads
   * them instead of splitting its passages again.
   */
  remember(article: Article): void {
    for (const passage of [...article.paragraphs, ...article.captions]) {
      const key = SentenceSplits.keyOf(passage.text);
      if (this.known.has(key)) continue;
      const made = passage.sentences.map((s) => [s.start, s.end] as const);
      this.known.set(key, made);
      this.pending.push([key, JSON.stringify(made)]);
    }
    if (this.pending.length >= SPLITS_DEFAULTS.batch) this.flush();
  }

  /** Writes the new splits; call after a batch of articles (and at close). */
  flush(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending.splice(0);
    const insert = this.db.prepare('INSERT OR IGNORE INTO sentence_splits (key, offsets) VALUES (?, ?)');
    this.db.transaction(() => rows.forEach(([key, offsets]) => insert.run(key, offsets)))();
  }

  /** The key of a passage's split. */
  static keyOf(text: string): string {
    return createHash('sha1').update(`${SPLIT_VERSION}\n${text}`).digest('hex');
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
