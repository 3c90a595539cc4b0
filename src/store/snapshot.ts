import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { INDEX_VERSION } from '../search/index.js';
import type { StoreSnapshot } from './store.js';

/** The version of the snapshot file's layout. Bump it when {@link Snapshot} or what it holds changes shape. */
export const SNAPSHOT_VERSION = 4;

/** What a snapshot's temporary file adds to its name while it is written. */
const DRAFT = '.new-';

/**
 * A knowledge file as the folder last read it: its name, modification time (ms), change time (ms) and
 * size (bytes). The change time is the file system's own (a write, a rename, `touch`, `cp -p` or
 * `rsync -t` moves it, and no one can set it back), so that a file rewritten with the same size and
 * its modification time put back is still seen to have changed.
 */
export interface FileStamp {
  readonly name: string;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly size: number;
}

/** A knowledge file as a snapshot saw it, with the id of the article read from it (null: it could not be used). */
export interface FileRecord extends FileStamp {
  readonly id: string | null;
  /** Why it was skipped, in the command line's words; null or absent when it was read. */
  readonly problem?: string | null;
}

/**
 * One file holding a whole store: the knowledge folder's files as they were (names, times, sizes),
 * the problems met reading them, and the store itself ({@link StoreSnapshot}: articles, owners,
 * the joined index). Taken back at start when the code, the word vectors and every file of the
 * folder are as they were; otherwise the store is built article by article, as without one.
 */
export interface Snapshot {
  readonly version: number;
  /** What made it: see {@link snapshotStamp}. */
  readonly stamp: string;
  /** The knowledge folder (absolute path) and its files. */
  readonly dir: string;
  readonly files: readonly FileRecord[];
  /** Files that could not be used, one sentence each, as the reading of the folder said. */
  readonly problems: readonly string[];
  readonly store: StoreSnapshot;
}

/**
 * Where the snapshot of a knowledge folder's store is kept: DATA_DIR/cache/index-<hash of the
 * folder's path>.snap, beside the other derived data (a CLI run on another folder keeps its own).
 * null for an in-memory DATA_DIR.
 */
export function snapshotFile(dataDir: string, knowledgeDir: string): string | null {
  if (dataDir === ':memory:') return null;
  const hash = createHash('sha1').update(resolve(knowledgeDir)).digest('hex').slice(0, 16);
  return join(dataDir, 'cache', `index-${hash}.snap`);
}

let codeStamp: string | undefined;

/**
 * What a snapshot must have been made by to be taken back: the snapshot and index versions, the word
 * vectors' dimensions (0 without), and the running code (each source or compiled file's path, time
 * and size under the folder this module lies in, src/ or dist/): parsing, splitting and indexing
 * code may change without a version bump, and a snapshot made by other code is never trusted.
 */
export function snapshotStamp(dimensions: number): string {
  if (codeStamp === undefined) {
    const root = dirname(dirname(fileURLToPath(import.meta.url)));
    const hash = createHash('sha1');
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(js|ts|json)$/.test(entry.name)) {
          const info = statSync(path);
          hash.update(`${path}\u0000${info.mtimeMs}\u0000${info.size}\n`);
        }
      }
    };
    walk(root);
    codeStamp = hash.digest('hex');
  }
  return `${SNAPSHOT_VERSION}:${INDEX_VERSION}:${dimensions}:${codeStamp}`;
}

/** Why {@link readSnapshot} found nothing usable. */
export type SnapshotMiss = 'missing' | 'unreadable' | 'other code or version' | 'other folder';

/** About how many bytes of a long array are serialised in one go (one frame of the file): the
 *  elements of a slice are as many as the slice before shows fit (128 to start with). */
const FRAME_BYTES = 256 << 10;
/** How many bytes of a typed array are written in one go (between two turns of the event loop). */
const BYTES_SLICE = 4 << 20;
/** An array shorter than this, or a typed array shorter than {@link SMALL_BYTES}, stays in its parent's frame. */
const SMALL_ARRAY = 64;
const SMALL_BYTES = 64 << 10;
/** The file's first bytes: what it is and the framing's version (3: typed arrays are one aligned frame each). */
const MAGIC = Buffer.from('PILCROW-SNAP-3\n');
/** The key of a placeholder left in the skeleton where a long array was cut out (never a key of the data). */
const CUT = '\u0000cut';

const TYPED = { Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array } as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;
/** Where a long array was cut out of the skeleton: its kind and length (its frames follow, in order, until it is whole). */
interface Cut {
  readonly [CUT]: 'array' | TypedName;
  readonly length: number;
}

/** A typed array's constructor name, if it is one this file keeps. */
function typedName(value: unknown): TypedName | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  const name = value.constructor.name;
  return name in TYPED ? (name as TypedName) : null;
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * A piece of the file as written: `size` starts a frame (its byte length, written before it; with
 * `aligned`, padded to a multiple of 8 bytes from the file's start), and pieces without it continue
 * the frame before. The writer lets the event loop run after each piece.
 */
interface Piece {
  readonly size?: number;
  readonly aligned?: boolean;
  readonly bytes: Uint8Array;
}

/**
 * Cuts the long arrays (and typed arrays) out of plain objects, depth first in key order: the
 * skeleton keeps a {@link Cut} in their place, and `frames` the frames that hold them, made one at
 * a time (of about {@link FRAME_BYTES}). A long typed array is one frame of its bytes, aligned so that
 * the reader takes it as a view of the file, written {@link BYTES_SLICE} at a time. Arrays are not
 * walked into: a short one is serialised whole with its parent, a long one slice by slice.
 */
function cut(value: unknown, frames: (() => Iterable<Piece>)[]): unknown {
  const typed = typedName(value);
  if (typed) {
    const view = value as Typed;
    if (view.byteLength < SMALL_BYTES) return view;
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    frames.push(function* () {
      for (let at = 0; at < bytes.byteLength; at += BYTES_SLICE) {
        const piece = bytes.subarray(at, at + BYTES_SLICE);
        yield at === 0 ? { size: bytes.byteLength, aligned: true, bytes: piece } : { bytes: piece };
      }
    });
    return { [CUT]: typed, length: view.length } satisfies Cut;
  }
  if (Array.isArray(value)) {
    if (value.length < SMALL_ARRAY) return value;
    frames.push(function* () {
      let count = 128;
      for (let at = 0; at < value.length;) {
        const frame = serialize(value.slice(at, at + count));
        at += count;
        yield { size: frame.byteLength, bytes: frame };
        // As many elements as fit in a frame, by the size of those just written (at least one).
        count = Math.max(1, Math.min(4 * count, Math.floor((FRAME_BYTES * count) / Math.max(1, frame.byteLength))));
      }
    });
    return { [CUT]: 'array', length: value.length } satisfies Cut;
  }
  if (isPlain(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = cut(inner, frames);
    return out;
  }
  return value;
}

/** Puts back what {@link cut} took out, reading its frames in the same order (`next(true)`: an aligned
 *  frame). A typed array is a view of the file's bytes (no copy) when they lie aligned for it. Throws on damaged data. */
function rejoin(value: unknown, next: (aligned?: boolean) => Buffer): unknown {
  if (isPlain(value)) {
    if (CUT in value) {
      const { [CUT]: kind, length } = value as unknown as Cut;
      if (!Number.isSafeInteger(length) || length < 0) throw new Error('snapshot: a damaged cut');
      if (kind === 'array') {
        const parts: unknown[][] = [];
        for (let got = 0; got < length;) {
          const part = deserialize(next()) as unknown;
          if (!Array.isArray(part) || part.length === 0) throw new Error('snapshot: a frame is not a slice of an array');
          parts.push(part);
          got += part.length;
        }
        const out = parts.length === 1 ? parts[0]! : ([] as unknown[]).concat(...parts);
        if (out.length !== length) throw new Error('snapshot: an array of another length');
        return out;
      }
      if (!(kind in TYPED)) throw new Error('snapshot: an unknown typed array');
      const Typed = TYPED[kind];
      const part = next(true);
      if (part.byteLength !== length * Typed.BYTES_PER_ELEMENT) throw new Error('snapshot: a typed array of another length');
      if (part.byteOffset % Typed.BYTES_PER_ELEMENT === 0) return new Typed(part.buffer as ArrayBuffer, part.byteOffset, length);
      const out = new Typed(length);
      new Uint8Array(out.buffer).set(part);
      return out;
    }
    for (const key of Object.keys(value)) value[key] = rejoin(value[key], next);
  }
  return value;
}

/**
 * Reads a snapshot file (one read; the skeleton, then each frame, deserialised with node:v8; typed
 * arrays are views of the bytes read, which they keep alive); a
 * {@link SnapshotMiss} when there is none, it cannot be read or parsed (damaged, truncated, the
 * older one-piece layout), or it was made by other code or for another folder (told from the
 * skeleton, before the rest is parsed). Never throws.
 */
export function readSnapshot(file: string, stamp: string, knowledgeDir: string): Snapshot | SnapshotMiss {
  // The skeleton first (a few kB): a snapshot of other code or another folder is told without reading
  // the rest (160 MB at 145,000 passages, which would only raise the peak memory of the start that rebuilds).
  try {
    const skeleton = firstFrame(file);
    if (skeleton === null) return 'unreadable';
    const head = deserialize(skeleton) as Partial<Snapshot> | null;
    if (typeof head !== 'object' || head === null) return 'unreadable';
    if (head.version !== SNAPSHOT_VERSION || head.stamp !== stamp) return 'other code or version';
    if (head.dir !== resolve(knowledgeDir)) return 'other folder';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return 'missing';
  }
  let at = MAGIC.length;
  const next = (aligned = false): Buffer => {
    if (at + 4 > bytes.length) throw new Error('snapshot: truncated');
    const size = bytes.readUInt32LE(at);
    const start = aligned ? alignedAt(at + 4) : at + 4;
    if (start + size > bytes.length) throw new Error('snapshot: truncated');
    const frame = bytes.subarray(start, start + size);
    at = start + size;
    return frame;
  };
  let data: Snapshot;
  try {
    if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return 'unreadable';
    data = deserialize(next()) as Snapshot;
    if (typeof data !== 'object' || data === null) return 'unreadable';
    if (data.version !== SNAPSHOT_VERSION || data.stamp !== stamp) return 'other code or version';
    if (data.dir !== resolve(knowledgeDir)) return 'other folder';
    // Long lists (the files of a large folder among them) are in the frames after the skeleton.
    rejoin(data, next);
    if (at !== bytes.length || !Array.isArray(data.files) || !Array.isArray(data.problems) || typeof data.store !== 'object' || data.store === null) return 'unreadable';
  } catch {
    return 'unreadable';
  }
  // Its time says when it was last used: pruneSnapshots keeps the snapshots used most lately.
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // A read-only DATA_DIR: the snapshot is still good.
  }
  return data;
}

/** The bytes of a snapshot file's first frame (its skeleton), read alone; null when the file is not a snapshot of this layout. */
function firstFrame(file: string): Buffer | null {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length + 4);
    if (readSync(fd, head, 0, head.length, 0) !== head.length || !head.subarray(0, MAGIC.length).equals(MAGIC)) return null;
    const size = head.readUInt32LE(MAGIC.length);
    const frame = Buffer.alloc(size);
    return readSync(fd, frame, 0, size, head.length) === size ? frame : null;
  } finally {
    closeSync(fd);
  }
}

/** The first position from `at` that is a multiple of 8 (where an aligned frame's bytes begin). */
const alignedAt = (at: number) => at + ((8 - (at % 8)) % 8);

/** Lets the event loop run: between two frames of a snapshot being written. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
let drafts = 0;

/**
 * Writes a snapshot whole, a frame at a time: the skeleton (everything but long arrays), then each
 * slice of a long array (about {@link FRAME_BYTES} serialised, or {@link BYTES_SLICE} bytes of a
 * typed array copied), awaiting `pause` between frames so that a bot's event loop is never held
 * for long (a few milliseconds a frame; a whole snapshot of 160 MB at 145,000 passages took one
 * block of 1.5 s or more). To a temporary file beside it (`<file>.new-<pid>-<n>`), renamed into place:
 * a reader never sees half of one; of two writers, the last stands. `snapshot` must not change
 * while it is written (KnowledgeStore.snapshot returns copies). Resolves to the bytes written.
 * Rejects when it cannot be written (a full disk, a read-only DATA_DIR), leaving no temporary file:
 * the caller logs it; the next start builds the store again.
 */
export async function writeSnapshot(file: string, snapshot: Snapshot, pause: () => Promise<void> = turn): Promise<number> {
  const frames: (() => Iterable<Piece>)[] = [];
  const skeleton = cut(snapshot, frames);
  frames.unshift(() => {
    const bytes = serialize(skeleton);
    return [{ size: bytes.byteLength, bytes }];
  });
  mkdirSync(dirname(file), { recursive: true });
  const draft = `${file}${DRAFT}${process.pid}-${++drafts}`;
  let fd: number | null = null;
  let written = 0;
  try {
    fd = openSync(draft, 'w');
    writeSync(fd, MAGIC);
    written += MAGIC.length;
    const size = Buffer.alloc(4);
    const pad = Buffer.alloc(8);
    for (const made of frames) {
      for (const piece of made()) {
        if (piece.size !== undefined) {
          size.writeUInt32LE(piece.size);
          writeSync(fd, size);
          const padding = piece.aligned ? alignedAt(written + 4) - (written + 4) : 0;
          if (padding > 0) writeSync(fd, pad, 0, padding);
          written += 4 + padding;
        }
        const { bytes } = piece;
        for (let off = 0; off < bytes.byteLength;) off += writeSync(fd, bytes, off);
        written += bytes.byteLength;
        await pause();
      }
    }
    closeSync(fd);
    fd = null;
    renameSync(draft, file);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    rmSync(draft, { force: true });
    throw e;
  }
  return written;
}

/** Tuning for {@link pruneSnapshots}. */
export const PRUNE_DEFAULTS = Object.freeze({
  /** Snapshots kept in DATA_DIR/cache, the one just written included: those used most lately (each
   *  is about 300 bytes a passage: 40 MB at 1,000 articles, 160 MB at 4,671). 1-100. */
  keep: 4,
  /** A temporary file of a write is left alone this long after it last grew (ms), while its writer
   *  runs: a write adds a frame every few milliseconds. */
  draftAge: 10 * 60_000,
});

/**
 * Keeps DATA_DIR/cache bounded: each knowledge folder a command is run on keeps a snapshot of its
 * own there (index-<hash>.snap), and none would ever go. Removes, in `cacheDir`, every snapshot but
 * the {@link PRUNE_DEFAULTS.keep} used most lately (a snapshot's modification time is when it was
 * last written or taken back; `current`, the one just written, is always kept), and the temporary
 * files of writes that were interrupted (`<snapshot>.new-<pid>-<n>`, its writer no longer running
 * or the file untouched for {@link PRUNE_DEFAULTS.draftAge}). Returns the names removed. Never
 * throws: a file that cannot be removed is left for the next time.
 */
export function pruneSnapshots(cacheDir: string, current: string | null, options: { keep?: number; now?: number } = {}): string[] {
  const keep = options.keep ?? PRUNE_DEFAULTS.keep;
  const now = options.now ?? Date.now();
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return [];
  }
  const timeOf = (name: string) => statSync(join(cacheDir, name), { throwIfNoEntry: false })?.mtimeMs;
  const gone: string[] = [];
  const remove = (name: string) => {
    try {
      rmSync(join(cacheDir, name), { force: true });
      gone.push(name);
    } catch {
      // Left for the next time.
    }
  };
  const snaps: { name: string; at: number }[] = [];
  for (const name of names) {
    const draft = /^index-[0-9a-f]+\.snap\.new-(\d+)-\d+$/.exec(name);
    if (draft) {
      const at = timeOf(name);
      if (at !== undefined && (!running(Number(draft[1])) || now - at > PRUNE_DEFAULTS.draftAge)) remove(name);
    } else if (/^index-[0-9a-f]+\.snap$/.test(name)) {
      const at = timeOf(name);
      if (at !== undefined) snaps.push({ name, at });
    }
  }
  const kept = current === null ? null : basename(current);
  snaps.sort((a, b) => (a.name === kept ? -1 : b.name === kept ? 1 : b.at - a.at));
  for (const { name } of snaps.slice(Math.max(1, keep))) remove(name);
  return gone;
}

/** Whether a process of this id runs on this machine (ours always does). */
function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the folder's files now are those a snapshot saw: the same names, times (modification and change) and sizes. */
export function sameFiles(now: readonly FileStamp[], then: readonly FileStamp[]): boolean {
  if (now.length !== then.length) return false;
  const known = new Map(then.map((f) => [f.name, f]));
  return now.every((f) => {
    const t = known.get(f.name);
    return t !== undefined && t.mtimeMs === f.mtimeMs && t.ctimeMs === f.ctimeMs && t.size === f.size;
  });
}
