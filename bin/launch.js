// Starts one of Pilcrow's entry points (`src/cli/bin`, `src/main`): the compiled JavaScript in dist/
// when it is at least as new as every TypeScript source, otherwise the sources through tsx. So an
// installed checkout starts without compiling at every run (`npm install` builds dist/), and a
// checkout edited since its last build never runs stale code (it pays tsx's start-up instead).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The folders dist/ is compiled from (tsconfig.build.json's "include"). */
const SOURCES = ['src', 'commands'];

/**
 * Imports `entry` (a path from the project root, without extension): dist/<entry>.js when the build
 * is fresh, else <entry>.ts through tsx. Resolves to the module.
 */
export async function launch(entry) {
  const compiled = join(ROOT, 'dist', `${entry}.js`);
  if (isFresh(compiled)) return import(pathToFileURL(compiled).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(ROOT, `${entry}.ts`)).href);
}

/** Whether `compiled` exists and no source file was changed after it was written. */
function isFresh(compiled) {
  let built;
  try {
    built = statSync(compiled).mtimeMs;
  } catch {
    return false;
  }
  return SOURCES.every((dir) => !changedSince(join(ROOT, dir), built));
}

/** Whether a .ts file under `dir` was modified after `time` (ms since the epoch). */
function changedSince(dir, time) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() ? changedSince(path, time) : entry.name.endsWith('.ts') && statSync(path).mtimeMs > time) return true;
  }
  return false;
}
