import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compromiseLoaded } from '../../src/nlp/compromise.js';
import { fromCompromise, keepLexicon, keptLexicon, lexiconFile } from '../../src/nlp/lexicon.js';
import { CACHE_DIR } from '../../src/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'pilcrow-lexicon-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the lexicon kept between runs', () => {
  // First in this file: nothing here has loaded compromise yet.
  it('is read back without loading compromise, and refused when missing or damaged', () => {
    const file = join(dir, 'hand.json');
    const lists = { places: ['helsinki', 'new york'], firstNames: ['gianni'], maleNames: ['gianni'], femaleNames: [], months: ['may'], weekdays: ['monday'], demonyms: ['finnish'] };
    writeFileSync(file, JSON.stringify(lists));
    const kept = keptLexicon(file);
    expect(kept?.places).toEqual(new Set(['helsinki', 'new york']));
    expect(kept?.demonyms.has('finnish')).toBe(true);
    expect(compromiseLoaded()).toBe(false);
    expect(keptLexicon(join(dir, 'missing.json'))).toBeNull();
    writeFileSync(file, '{"places": ["helsinki"'); // cut short
    expect(keptLexicon(file)).toBeNull();
    writeFileSync(file, JSON.stringify({ ...lists, places: [1, 2] }));
    expect(keptLexicon(file)).toBeNull();
  });

  it('holds exactly the lists compromise gives, in the same order', () => {
    const file = join(dir, 'made.json');
    const made = fromCompromise();
    expect(compromiseLoaded()).toBe(true);
    expect(made.places.has('helsinki')).toBe(true);
    keepLexicon(file, made);
    const kept = keptLexicon(file)!;
    for (const name of Object.keys(made) as (keyof typeof made)[]) expect([...kept[name]]).toEqual([...made[name]]);
  });

  it('lives in the package cache under a key of compromise\'s version and the deriving code', () => {
    const file = lexiconFile();
    expect(file).toMatch(/lexicon-[0-9a-f]{16}\.json$/);
    expect(file!.startsWith(CACHE_DIR)).toBe(true);
    expect(lexiconFile()).toBe(file);
  });
});
