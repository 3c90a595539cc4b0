import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's root folder (the one holding package.json and node_modules), found from this file
 * whether it runs from the sources (src/paths.ts) or compiled (dist/src/paths.js).
 *
 * @throws Error when no package.json is found above this file (a broken install).
 */
export function projectRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`pilcrow: no package.json above ${from}`);
  }
}

/** {@link projectRoot}, worked out once. */
export const PROJECT_ROOT = projectRoot();

/**
 * Where files derived from the installed packages are kept (the language resources, compromise's word
 * lists): under node_modules/.cache, the usual place for a package's derived files, so that `npm ci`
 * starts from a clean slate.
 */
export const CACHE_DIR = join(PROJECT_ROOT, 'node_modules', '.cache', 'pilcrow');
