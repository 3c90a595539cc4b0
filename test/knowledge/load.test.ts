import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledge, readArticleBytes } from '../../src/knowledge/load.js';
import { KNOWLEDGE_DIR, SEED_ID, tempFolder } from '../fixtures.js';

let cleanup = () => {};
afterEach(() => cleanup());

describe('loadKnowledge', () => {
  it('loads the bundled article and skips knowledge/README.md', async () => {
    const r = await loadKnowledge(KNOWLEDGE_DIR);
    expect(r.ok && r.value.articles.map((a) => a.id)).toEqual([SEED_ID]);
    expect(r.ok && r.value.errors).toEqual([]);
  });

  it('reports each bad file once, by name, and still loads the others', async () => {
    const t = tempFolder({
      'good.md': '# Good\n\nA paragraph.',
      'empty.txt': '',
      'latin1.txt': Buffer.from([0x54, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0x0a, 0xe9, 0xe9, 0xff]),
      'ignored.json': '{}',
    });
    cleanup = t.cleanup;
    const r = await loadKnowledge(t.dir);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.articles.map((a) => a.id)).toEqual(['good']);
    expect(r.value.errors.map((e) => [e.code, e.file.split('/').pop()])).toEqual([
      ['empty', 'empty.txt'],
      ['not_text', 'latin1.txt'],
    ]);
    expect(r.value.errors[1]!.message).toMatch(/latin1\.txt: is not valid UTF-8/);
  });

  it('fails clearly on a missing folder', async () => {
    const r = await loadKnowledge('/no/such/folder');
    expect(r).toEqual({ ok: false, error: { code: 'missing_dir', message: 'knowledge folder /no/such/folder does not exist.' } });
  });
});

describe('a knowledge file that cannot be read', () => {
  it('is said in words, not by the system\'s error code', async () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    mkdirSync(join(t.dir, 'folder.txt'));
    const folder = await readArticleBytes(join(t.dir, 'folder.txt'));
    expect(folder.ok ? null : folder.error.message).toBe(`${join(t.dir, 'folder.txt')}: is a folder, not a file.`);
    const gone = await readArticleBytes(join(t.dir, 'gone.txt'));
    expect(gone.ok ? null : gone.error.message).toMatch(/gone\.txt: was removed while it was being read\.$/);
    for (const r of [folder, gone]) expect(r.ok ? '' : r.error.message).not.toMatch(/\bE[A-Z]{3,}\b/);
  });
});
