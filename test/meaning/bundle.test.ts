import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBundle, writeBundle } from '../../src/meaning/bundle.js';

const dir = mkdtempSync(join(tmpdir(), 'pilcrow-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bundle files', () => {
  it('reads back typed arrays, string lists and metadata exactly as written', () => {
    const file = join(dir, 'a.bin');
    writeBundle(file, { format: 1, note: 'ü' }, {
      bytes: Int8Array.from([-127, 0, 5, 127]),
      ids: Uint32Array.from([0, 4294967295, 7]),
      words: ['vienna', 'helsinki', 'zürich'],
      odd: Uint8Array.from([1, 2, 3]),
      floats: Float32Array.from([0.5, -2]),
    });
    const b = readBundle(file);
    expect(b.meta).toEqual({ format: 1, note: 'ü' });
    expect([...b.array('bytes', 'Int8Array')]).toEqual([-127, 0, 5, 127]);
    expect([...b.array('ids', 'Uint32Array')]).toEqual([0, 4294967295, 7]);
    expect(b.strings('words')).toEqual(['vienna', 'helsinki', 'zürich']);
    expect([...b.array('odd', 'Uint8Array')]).toEqual([1, 2, 3]);
    expect([...b.array('floats', 'Float32Array')]).toEqual([0.5, -2]);
  });

  it('names the problem with a section of the wrong type, a missing section or a foreign file', () => {
    const file = join(dir, 'b.bin');
    writeBundle(file, {}, { ids: Uint32Array.from([1]) });
    const b = readBundle(file);
    expect(() => b.array('ids', 'Int8Array')).toThrow(/^bundle: section "ids" .* holds Uint32Array, not Int8Array/);
    expect(() => b.strings('nope')).toThrow(/^bundle: .* has no section "nope"/);
    const other = join(dir, 'c.bin');
    const header = Buffer.from(JSON.stringify({ magic: 'ELSE', meta: {}, sections: {} }));
    const prefix = Buffer.alloc(8);
    prefix.writeUInt32LE(header.length, 0);
    writeFileSync(other, Buffer.concat([prefix, header]));
    expect(() => readBundle(other)).toThrow(/^bundle: .* is not a Pilcrow bundle/);
  });
});
