import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src/cli/main.js';

/** Runs the CLI in this process as `pilcrow` would, with exactly this environment and stdin; its exit code and what it printed. */
export async function runPilcrow(args: readonly string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await runCli(args, { stdin: Readable.from([stdin]), stdout, stderr, env });
  return { code, out, err };
}
