import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

/**
 * bin/launch.js in a project of its own: src/entry.ts and its "compiled" dist/src/entry.js print
 * which one ran, so the test sees the choice the launcher made.
 */
describe('bin/launch.js: compiled when the build is fresh, the sources otherwise', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pilcrow-launch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
  mkdirSync(join(dir, 'commands'));
  mkdirSync(join(dir, 'dist', 'src'), { recursive: true });
  copyFileSync(join(ROOT, 'bin', 'launch.js'), join(dir, 'bin', 'launch.js'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'src', 'entry.ts'), "const from: string = 'sources';\nconsole.log(from);\n");
  writeFileSync(join(dir, 'src', 'deep', 'other.ts'), 'export const x = 1;\n');
  writeFileSync(join(dir, 'commands', 'one.ts'), 'export const y = 1;\n');
  writeFileSync(join(dir, 'bin', 'go.js'), "import { launch } from './launch.js';\nawait launch('src/entry');\n");
  const compiled = join(dir, 'dist', 'src', 'entry.js');
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);
  const started = async () => (await run(process.execPath, [join(dir, 'bin', 'go.js')], { cwd: dir })).stdout.trim();

  it('runs the sources through tsx when nothing is built', async () => {
    expect(await started()).toBe('sources');
  });

  it('runs dist/ when it is newer than every source', async () => {
    writeFileSync(compiled, "console.log('compiled');\n");
    for (const f of ['src/entry.ts', 'src/deep/other.ts', 'commands/one.ts']) at(join(dir, f), 1_000_000);
    at(compiled, 2_000_000);
    expect(await started()).toBe('compiled');
  });

  it('runs the sources again once any source, however deep, is edited after the build', async () => {
    at(join(dir, 'src', 'deep', 'other.ts'), 3_000_000);
    expect(await started()).toBe('sources');
    at(join(dir, 'src', 'deep', 'other.ts'), 1_000_000);
    at(join(dir, 'commands', 'one.ts'), 3_000_000);
    expect(await started()).toBe('sources');
  });
});
