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
    const splits = new SentenceSplits(db);
    for (const p of paragraphs) expect(splits.split(p)).toEqual(splitSentences(p));
    splits.flush();
    // Mark every kept split, to see that the next run uses them rather than splitting again.
    db.prepare('UPDATE sentence_splits SET offsets = ?').run('[[0,5]]');
    db.close();

    const again = openDatabase(dir);
    const reopened = new SentenceSplits(again);
    expect(reopened.size).toBe(new Set(paragraphs).size);
    expect(reopened.split(paragraphs[1]!)).toEqual([{ text: paragraphs[1]!.slice(0, 5), start: 0, end: 5 }]);
    again.close();
  });
});
