import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/knowledge/sentences.js';
import { openDatabase } from '../../src/state/db.js';
import { SentenceSplits } from '../../src/state/sentences.js';
import { SEED_TEXT, tempFolder } from '../fixtures.js';

let cleanup = () => {};
afterEach(() => cleanup());

describe('sentence splits kept in the state', () => {
  const paragraphs = SEED_TEXT.split(/\n\s*\n/).filter((p) => p.trim() !== '');

  it('split exactly as the splitter does, and are taken back after a restart instead of split again', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const dir = join(t.dir, 'data');
    const db = openDatabase(dir);
    const splits = new SentenceSplits(db, (e) => { throw e; });
    for (const p of paragraphs) expect(splits.split(p)).toEqual(splitSentences(p));
    splits.flush();
    // Mark every kept split, to see that the next run uses them rather than splitting again.
    db.prepare('UPDATE sentence_splits SET offsets = ?').run('[[0,5]]');
    db.close();

    const again = openDatabase(dir);
    const reopened = new SentenceSplits(again, (e) => { throw e; });
    expect(reopened.size).toBe(new Set(paragraphs).size);
    expect(reopened.split(paragraphs[1]!)).toEqual([{ text: paragraphs[1]!.slice(0, 5), start: 0, end: 5 }]);
    again.close();
  });

  it('drop a batch that cannot be written (a full disk) and say so, without failing the split or the flush', () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const db = openDatabase(join(t.dir, 'data'));
    // A database that may not grow: SQLite fails the write with SQLITE_FULL, as on a full disk.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const failures: unknown[] = [];
    const splits = new SentenceSplits(db, (e) => failures.push(e));
    // More than the free room of the pages the database has.
    const many = Array.from({ length: 20 }, (_, k) => paragraphs.map((p) => `${p} (${k})`)).flat().slice(0, 300);
    for (const p of many) expect(splits.split(p)).toEqual(splitSentences(p));
    expect(() => splits.flush()).not.toThrow();
    expect(failures).toHaveLength(1);
    expect((failures[0] as { code?: string }).code).toBe('SQLITE_FULL');
    // Dropped, not written again at the next flush.
    splits.flush();
    expect(failures).toHaveLength(1);
    expect(db.prepare('SELECT COUNT(*) FROM sentence_splits').pluck().get()).toBe(0);
    db.close();
  });
});
