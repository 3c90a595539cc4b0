import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { INDEX_VERSION } from '../search/index.js';
import type { StoreSnapshot } from './store.js';

/** The version of the snapshot file's layout. Bump it when {@link Snapshot} or what it holds changes shape. */
export const SNAPSHOT_VERSION = 1;

/** A knowledge file as the folder last read it: its name, modification time (ms) and size (bytes). */
export interface FileStamp {
  readonly name: string;
  readonly mtimeMs: number;
  readonly size: number;
}

/** A knowledge file as a snapshot saw it, with the id of the article read from it (null: it could not be used). */
export interface FileRecord extends FileStamp {
  readonly id: string | null;
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

/**
 * Reads a snapshot file (one read, one node:v8 deserialize); a {@link SnapshotMiss} when there is
 * none, it cannot be read or parsed (damaged, truncated), or it was made by other code or for
 * another folder. Never throws.
 */
export function readSnapshot(file: string, stamp: string, knowledgeDir: string): Snapshot | SnapshotMiss {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return 'missing';
  }
  let data: Snapshot;
  try {
    data = deserialize(bytes) as Snapshot;
  } catch {
    return 'unreadable';
  }
  if (typeof data !== 'object' || data === null || !Array.isArray(data.files) || !Array.isArray(data.problems) || typeof data.store !== 'object' || data.store === null) return 'unreadable';
  if (data.version !== SNAPSHOT_VERSION || data.stamp !== stamp) return 'other code or version';
  if (data.dir !== resolve(knowledgeDir)) return 'other folder';
  return data;
}

/**
 * Writes a snapshot whole: to a temporary file, renamed into place (a reader never sees half of one;
 * of two writers, the last stands). Returns the bytes written. Throws when it cannot be written (a
 * full disk, a read-only DATA_DIR): the caller logs it; the next start builds the store again.
 */
export function writeSnapshot(file: string, snapshot: Snapshot): number {
  const bytes = serialize(snapshot);
  mkdirSync(dirname(file), { recursive: true });
  const draft = `${file}.new-${process.pid}`;
  try {
    writeFileSync(draft, bytes);
    renameSync(draft, file);
  } catch (e) {
    rmSync(draft, { force: true });
    throw e;
  }
  return bytes.byteLength;
}

/** Whether the folder's files now are those a snapshot saw: the same names, times and sizes. */
export function sameFiles(now: readonly FileStamp[], then: readonly FileStamp[]): boolean {
  if (now.length !== then.length) return false;
  const known = new Map(then.map((f) => [f.name, f]));
  return now.every((f) => {
    const t = known.get(f.name);
    return t !== undefined && t.mtimeMs === f.mtimeMs && t.size === f.size;
  });
}
