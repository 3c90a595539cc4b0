import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandUsage, generalUsage, parseCommandLine } from '../../src/cli/args.js';
import { fileProblemLine } from '../../src/cli/problems.js';
import { KNOWLEDGE_DIR, ROOT } from '../fixtures.js';
import { runPilcrow } from './run.js';

const cli = (args: string[]) => runPilcrow(args, { KNOWLEDGE_DIR });

/** Runs the real `pilcrow` with every import of the engine, the app or the database made to throw. */
function pilcrowWithoutEngine(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const forbid = `--import=${pathToFileURL(join(ROOT, 'test', 'cli', 'forbid-engine.mjs')).href}`;
  return new Promise((resolve) => {
    execFile(process.execPath, [forbid, 'bin/pilcrow.js', ...args], { cwd: ROOT, env: { ...process.env, KNOWLEDGE_DIR } }, (error, out, err) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, out, err });
    });
  });
}

describe('the command line is checked before anything loads', () => {
  it('says each usage error in one line and exits 2 without loading the engine, the app or the database', async () => {
    const cases: [string[], string][] = [
      [['nonsense'], 'pilcrow: unknown command "nonsense" (see pilcrow --help)\n'],
      [['ask'], 'pilcrow: ask needs a question, e.g. pilcrow ask "where is the summit".\n'],
      [['ask', 'x', '--bogus'], 'pilcrow: unknown option --bogus for ask; see pilcrow ask --help\n'],
      [['quote', 'Putin', '--top', '3'], 'pilcrow: unknown option --top for quote; see pilcrow quote --help\n'],
      [['ask', 'x', '--top'], 'pilcrow: --top needs a value (--top N); see pilcrow ask --help\n'],
    ];
    for (const [args, err] of cases) {
      const r = await pilcrowWithoutEngine(args);
      expect({ args, ...r }).toEqual({ args, code: 2, out: '', err });
    }
  });

  it('says a file to ingest that does not exist in plain words, before the engine loads', async () => {
    const r = await pilcrowWithoutEngine(['ingest', '/nonexistent']);
    expect(r).toEqual({ code: 1, out: '', err: 'pilcrow: No such file or folder: /nonexistent\n' });
  });
});

describe('each command takes only its own options', () => {
  it('refuses options a command does not take, as the README says, instead of ignoring them', async () => {
    for (const args of [['quote', 'Putin', '--since', '3d'], ['quote', 'Putin', '--article', 'x'], ['quotes', '--top', '2'], ['fetch', 'https://a.example', '--knowledge', 'x'], ['console', '--json'], ['digest', '--about', 'x']]) {
      const r = parseCommandLine(args);
      expect(r, args.join(' ')).toEqual({ kind: 'error', message: `unknown option ${args.find((a) => a.startsWith('--'))} for ${args[0]}; see pilcrow ${args[0]} --help` });
    }
  });

  it('reads the options it takes, as --name value and --name=value, and everything after -- as the argument', () => {
    expect(parseCommandLine(['ask', 'where', 'is', 'it', '--top=2', '--article', 'summit', '--json'])).toEqual({
      kind: 'run', command: 'ask', values: { top: '2', article: 'summit', json: true }, positionals: ['where', 'is', 'it'],
    });
    expect(parseCommandLine(['ask', '--', '--json', 'is', 'a', 'flag'])).toMatchObject({ kind: 'run', values: {}, positionals: ['--json', 'is', 'a', 'flag'] });
    expect(parseCommandLine(['quote', 'Putin', '--about', 'the election'])).toMatchObject({ kind: 'run', values: { about: 'the election' } });
  });

  it('refuses a flag given a value, a bad --top, an argument to a command that takes none, and a question with --batch', () => {
    expect(parseCommandLine(['ask', 'x', '--json=yes'])).toEqual({ kind: 'error', message: '--json takes no value; see pilcrow ask --help' });
    expect(parseCommandLine(['ask', 'x', '--top', '0'])).toEqual({ kind: 'error', message: '--top takes a whole number from 1 to 25.' });
    expect(parseCommandLine(['quotes', 'Putin'])).toEqual({ kind: 'error', message: 'quotes takes no argument ("Putin"); see pilcrow quotes --help' });
    expect(parseCommandLine(['ask', 'x', '--batch'])).toEqual({ kind: 'error', message: 'ask --batch reads questions from stdin; do not also give one.' });
  });
});

describe('help is generated from the commands\' options', () => {
  it('lists each option a command takes exactly once, and none it does not take', () => {
    for (const [command, spec] of Object.entries(COMMANDS)) {
      const help = commandUsage(command)!;
      const options = help.slice(help.indexOf('Options:'));
      const listed = [...options.matchAll(/^ {2}(--[a-z]+)/gm)].map((m) => m[1]);
      expect(listed, command).toEqual([...Object.keys(spec.options).map((o) => `--${o}`), '--help']);
    }
    expect(commandUsage('console')).not.toContain('--json');
    expect(commandUsage('fetch')).not.toContain('--knowledge');
  });

  it('pilcrow --help shows every command\'s usage line once', () => {
    const usage = generalUsage();
    for (const command of Object.keys(COMMANDS)) expect(usage, command).toMatch(new RegExp(`^ {2}pilcrow ${command}\\b`, 'm'));
    expect(usage.match(/^ {2}pilcrow ask "<question>"/gm)).toHaveLength(1);
  });

  it('pilcrow help ask is pilcrow ask --help', async () => {
    expect((await cli(['help', 'ask'])).out).toBe((await cli(['ask', '--help'])).out);
  });
});

describe('files that cannot be read are said in plain words', () => {
  it('names the file and what is wrong, never the error code', () => {
    expect(fileProblemLine('/nonexistent', 'ENOENT')).toBe('No such file or folder: /nonexistent');
    expect(fileProblemLine('notes.txt', 'EACCES')).toBe('Permission denied: notes.txt');
    expect(fileProblemLine('notes.txt', 'EPERM')).toBe('Permission denied: notes.txt');
  });

  it('pilcrow ingest of a folder or of a file that may not be read says so and stores nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pilcrow-args-'));
    try {
      const folder = await runPilcrow(['ingest', dir], { KNOWLEDGE_DIR, DATA_DIR: join(dir, 'data') });
      expect(folder).toEqual({ code: 1, out: '', err: `pilcrow: ${dir} is a folder; give one article file (or put the files in the knowledge folder).\n` });
      const file = join(dir, 'secret.txt');
      writeFileSync(file, 'A title\n\nA paragraph.\n');
      chmodSync(file, 0o000);
      // root reads any file: the permission check only bites for other users.
      if (process.getuid?.() !== 0) {
        const secret = await runPilcrow(['ingest', file], { KNOWLEDGE_DIR, DATA_DIR: join(dir, 'data') });
        expect(secret).toEqual({ code: 1, out: '', err: `pilcrow: Permission denied: ${file}\n` });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
