import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * A file of named typed arrays and string lists, read back without parsing: a JSON header of
 * names, types and byte ranges, then each section aligned to 8 bytes. The language resources are
 * stored this way so that loading them is one file read and a few views (milliseconds), where the
 * JSON they come from takes seconds and a gigabyte to parse.
 */
export type Section = Int8Array | Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | readonly string[];

const MAGIC = 'PILCROW-BUNDLE';
const ARRAYS = { Int8Array, Uint8Array, Uint16Array, Uint32Array, Int32Array, Float32Array } as const;
type ArrayName = keyof typeof ARRAYS;

interface Header {
  readonly magic: string;
  readonly meta: Record<string, unknown>;
  readonly sections: Record<string, { type: ArrayName | 'strings'; offset: number; bytes: number }>;
}

/** Writes sections and metadata to `file` atomically (a temporary file renamed into place). */
export function writeBundle(file: string, meta: Record<string, unknown>, sections: Record<string, Section>): void {
  const parts: Buffer[] = [];
  const entries: Header['sections'] = {};
  let offset = 0;
  for (const [name, section] of Object.entries(sections)) {
    const bytes = isStrings(section)
      ? Buffer.from(section.join('\n'), 'utf8')
      : Buffer.from(section.buffer, section.byteOffset, section.byteLength);
    const type = isStrings(section) ? 'strings' : (section.constructor.name as ArrayName);
    entries[name] = { type, offset, bytes: bytes.length };
    parts.push(bytes);
    const pad = (8 - (bytes.length % 8)) % 8;
    if (pad) parts.push(Buffer.alloc(pad));
    offset += bytes.length + pad;
  }
  const header = Buffer.from(JSON.stringify({ magic: MAGIC, meta, sections: entries } satisfies Header), 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeUInt32LE(header.length, 0);
  const headerPad = Buffer.alloc((8 - ((8 + header.length) % 8)) % 8);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([prefix, header, headerPad, ...parts]));
  renameSync(tmp, file);
}

/** A bundle read back: its metadata and sections by name. */
export interface Bundle {
  readonly meta: Record<string, unknown>;
  array<T extends ArrayName>(name: string, type: T): InstanceType<(typeof ARRAYS)[T]>;
  strings(name: string): string[];
}

/** Reads a bundle written by {@link writeBundle}; throws (message starting "bundle:") on a bad file. */
export function readBundle(file: string): Bundle {
  const data = readFileSync(file);
  const headerLength = data.readUInt32LE(0);
  const header = JSON.parse(data.toString('utf8', 8, 8 + headerLength)) as Header;
  if (header.magic !== MAGIC) throw new Error(`bundle: ${file} is not a Pilcrow bundle`);
  const base = 8 + headerLength + ((8 - ((8 + headerLength) % 8)) % 8);
  const section = (name: string) => {
    const s = header.sections[name];
    if (!s) throw new Error(`bundle: ${file} has no section "${name}"`);
    return s;
  };
  return {
    meta: header.meta,
    array(name, type) {
      const s = section(name);
      if (s.type !== type) throw new Error(`bundle: section "${name}" of ${file} holds ${s.type}, not ${type}`);
      const Ctor = ARRAYS[type];
      // Copy into a fresh, aligned buffer: the file buffer may be a slice of Node's shared pool.
      const bytes = new Uint8Array(s.bytes);
      bytes.set(data.subarray(base + s.offset, base + s.offset + s.bytes));
      return new Ctor(bytes.buffer) as InstanceType<(typeof ARRAYS)[typeof type]>;
    },
    strings(name) {
      const s = section(name);
      if (s.type !== 'strings') throw new Error(`bundle: section "${name}" of ${file} holds ${s.type}, not strings`);
      return s.bytes === 0 ? [] : data.toString('utf8', base + s.offset, base + s.offset + s.bytes).split('\n');
    },
  };
}

function isStrings(section: Section): section is readonly string[] {
  return Array.isArray(section);
}
