import { closeSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';

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
  return sectionsOf(file, parseHeader(file, data), data);
}

/** How many times a bundle's sections have been read from disk in this process (header reads not counted). */
let sectionReads = 0;

/** How many whole bundle files {@link readBundle} and {@link openBundle} have read in this process
 *  (a header alone is not counted): a test tells from it whether a path loaded the language resources. */
export function bundleSectionReads(): number {
  return sectionReads;
}

/**
 * Opens a bundle written by {@link writeBundle}, reading only its header now (its metadata: a few
 * hundred bytes); the sections are read in one go the first time one is asked for. Throws (message
 * starting "bundle:") when the header is bad; `array` and `strings` throw the same way when the file
 * has changed or gone meanwhile. The language resources are opened this way, so that a command that
 * never matches by meaning (`quote`, `facts`) never pays for reading and indexing them (1.4 s).
 */
export function openBundle(file: string): Bundle {
  const fd = openSync(file, 'r');
  let header: Header;
  let headerBytes: number;
  let head: Buffer;
  try {
    const prefix = Buffer.alloc(8);
    if (readSync(fd, prefix, 0, 8, 0) !== 8) throw new Error(`bundle: ${file} is not a Pilcrow bundle`);
    headerBytes = prefix.readUInt32LE(0);
    head = Buffer.alloc(8 + headerBytes);
    if (readSync(fd, head, 0, head.length, 0) !== head.length) throw new Error(`bundle: ${file} is not a Pilcrow bundle`);
    header = parseHeader(file, head);
  } finally {
    closeSync(fd);
  }
  let whole: Bundle | undefined;
  const sections = (): Bundle => {
    if (whole) return whole;
    const data = readFileSync(file);
    // The sections' places are the header's: a file rewritten since it was opened is refused.
    if (data.length < 8 + headerBytes || !data.subarray(0, 8 + headerBytes).equals(head)) throw new Error(`bundle: ${file} changed since it was opened`);
    whole = sectionsOf(file, header, data);
    return whole;
  };
  return {
    meta: header.meta,
    array: (name, type) => sections().array(name, type),
    strings: (name) => sections().strings(name),
  };
}

/** The header at the start of `data` (at least its first 8 + header-length bytes). */
function parseHeader(file: string, data: Buffer): Header {
  if (data.length < 8) throw new Error(`bundle: ${file} is not a Pilcrow bundle`);
  const headerLength = data.readUInt32LE(0);
  let header: Header;
  try {
    header = JSON.parse(data.toString('utf8', 8, 8 + headerLength)) as Header;
  } catch {
    throw new Error(`bundle: ${file} is not a Pilcrow bundle`);
  }
  if (header?.magic !== MAGIC) throw new Error(`bundle: ${file} is not a Pilcrow bundle`);
  return header;
}

/** The sections of a whole file's `data` under its `header`. */
function sectionsOf(file: string, header: Header, data: Buffer): Bundle {
  sectionReads++;
  const headerLength = data.readUInt32LE(0);
  const base = 8 + headerLength + ((8 - ((8 + headerLength) % 8)) % 8);
  const section = (name: string) => {
    const s = header.sections[name];
    if (!s) throw new Error(`bundle: ${file} has no section "${name}"`);
    if (base + s.offset + s.bytes > data.length) throw new Error(`bundle: ${file} is truncated`);
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
