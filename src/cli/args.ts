/**
 * The command line's grammar: each command, the arguments and options it takes, and what they mean.
 * It is the one source of truth for parsing (`parseCommandLine`), for `pilcrow --help` and for
 * `pilcrow <command> --help`. Nothing here loads the engine: a usage error is found and said before
 * anything heavy is imported (`pilcrow nonsense` answers at once, as `--help` does).
 */

/** The options any command may take; which ones a command accepts is its {@link CommandSpec.options}. */
export const OPTIONS = Object.freeze({
  top: { value: 'N' },
  article: { value: 'ID' },
  about: { value: 'WORDS' },
  since: { value: 'WHEN' },
  batch: { value: null },
  json: { value: null },
  knowledge: { value: 'DIR' },
} as const);

export type OptionName = keyof typeof OPTIONS;

/** A command's words: what it does, its argument, and each option it accepts with what it does there. */
export interface CommandSpec {
  /** What the command does, on its usage line. */
  readonly summary: string;
  /** The argument as shown in its usage line (`"<question>"`, `[NAME]`), or null for none. */
  readonly argument: string | null;
  /** Whether the argument must be given, and the line saying so when it is not. */
  readonly required: string | null;
  /** Every option the command accepts, in usage order, with what it does for this command. Any other is an error. */
  readonly options: Readonly<Partial<Record<OptionName, string>>>;
  /** More usage lines (`ask --batch`), each with the options it shows. */
  readonly more?: readonly { readonly argument: string; readonly options: readonly OptionName[]; readonly summary: string }[];
}

const KNOWLEDGE = 'the knowledge folder (default KNOWLEDGE_DIR, else ./knowledge)';
const JSON_OUT = 'print JSON (the public shape in the README)';

/** Every command, in the order `pilcrow --help` lists them. */
export const COMMANDS: Readonly<Record<string, CommandSpec>> = Object.freeze({
  ask: {
    summary: 'the answer(s) with citations',
    argument: '"<question>"',
    required: 'ask needs a question, e.g. pilcrow ask "where is the summit".',
    options: {
      top: 'results, 1-25 (default 3)',
      article: 'search only this article (pilcrow paragraphs lists the ids)',
      batch: 'questions from stdin, one a line; answers as JSON lines',
      json: 'the answer as JSON',
      knowledge: KNOWLEDGE,
    },
    more: [{ argument: '--batch', options: ['top', 'article', 'knowledge'], summary: 'one question per line on stdin, JSON lines out' }],
  },
  paragraphs: { summary: 'every article\'s numbered paragraphs and captions', argument: null, required: null, options: { json: JSON_OUT, knowledge: KNOWLEDGE } },
  quote: {
    summary: 'what someone said, or quotations with these words',
    argument: '"<name or words>"',
    required: 'quote needs a name or words, e.g. pilcrow quote "Putin".',
    options: { about: 'only quotations containing these words', json: JSON_OUT, knowledge: KNOWLEDGE },
  },
  quotes: { summary: 'every quotation with its speaker', argument: null, required: null, options: { json: JSON_OUT, knowledge: KNOWLEDGE } },
  facts: { summary: 'people, places, organisations and dates; or one card', argument: '[NAME]', required: null, options: { json: JSON_OUT, knowledge: KNOWLEDGE } },
  digest: {
    summary: 'the news digest: each article summarised, with its people, quotations and places',
    argument: null,
    required: null,
    options: { since: 'only news since then: a time back (24h, 3d, 2w) or a date (2026-11-01)', json: JSON_OUT, knowledge: KNOWLEDGE },
  },
  fetch: {
    summary: 'the article a web page holds (title, byline, date, paragraphs), not stored',
    argument: '<url>',
    required: 'fetch needs a web address, e.g. pilcrow fetch https://www.bbc.co.uk/news/….',
    options: { json: JSON_OUT },
  },
  feed: {
    summary: 'a feed read once, each item as following it would store it; nothing stored',
    argument: '<url>',
    required: 'feed needs a feed\'s web address, e.g. pilcrow feed https://news.example/rss.',
    options: { json: JSON_OUT },
  },
  ingest: {
    summary: 'store an article (a web page, or a .txt, .md or .html file) for the CLI and the console',
    argument: '<url|file>',
    required: 'ingest needs a web address or a file, e.g. pilcrow ingest article.txt.',
    options: { json: JSON_OUT },
  },
  console: { summary: 'the local console', argument: null, required: null, options: { knowledge: KNOWLEDGE } },
});

const FOLDERS = 'KNOWLEDGE_DIR (default ./knowledge) sets the folder; --knowledge overrides it.';
const STORED = 'Articles stored with ingest live in DATA_DIR (default ./data).';
const FOOTER = `${FOLDERS} ${STORED}`;

/** The closing line of a command's help: where its articles come from, if it reads any. */
function footerOf(command: string, spec: CommandSpec): string[] {
  if (spec.options.knowledge !== undefined) return [FOOTER];
  return command === 'ingest' ? [STORED] : [];
}

/** An option as shown in a usage line: `[--top N]`, `[--json]`. */
const shown = (name: OptionName) => `[--${name}${OPTIONS[name].value ? ` ${OPTIONS[name].value}` : ''}]`;

/** A command's usage lines, without indentation: `pilcrow ask "<question>" [--top N] … the answer(s) with citations`. */
function usageLines(command: string, spec: CommandSpec): string[] {
  const more = spec.more ?? [];
  // Options a further form shows in its own argument (--batch) are not shown on the main line.
  const main = (Object.keys(spec.options) as OptionName[]).filter((o) => !more.some((m) => m.argument === `--${o}`));
  const line = (argument: string | null, options: readonly OptionName[], summary: string) =>
    `${['pilcrow', command, argument, ...options.map(shown)].filter(Boolean).join(' ')}   ${summary}`;
  return [line(spec.argument, main, spec.summary), ...more.map((m) => line(m.argument, m.options, m.summary))];
}

/** What `pilcrow --help` prints: every command's usage lines. */
export function generalUsage(): string {
  return `Usage:\n${Object.entries(COMMANDS).flatMap(([c, s]) => usageLines(c, s).map((u) => `  ${u}`)).join('\n')}\n  pilcrow <command> --help   that command's options\n${FOOTER}`;
}

/** What `pilcrow <command> --help` prints: its usage and each option it accepts, once; null for an unknown command. */
export function commandUsage(command: string): string | null {
  const spec = Object.hasOwn(COMMANDS, command) ? COMMANDS[command]! : null;
  if (!spec) return null;
  const options = (Object.entries(spec.options) as [OptionName, string][]).map(([name, help]) => [`--${name}${OPTIONS[name].value ? ` ${OPTIONS[name].value}` : ''}`, help] as const);
  const rows = [...options, ['--help, -h', 'this help'] as const];
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return ['Usage:', ...usageLines(command, spec).map((u) => `  ${u}`), 'Options:', ...rows.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`), ...footerOf(command, spec)].join('\n');
}

/** A command line read: help to print, a command to run, or a usage error (one line, exit 2). */
export type CommandLine =
  | { readonly kind: 'help'; readonly text: string; readonly exitCode: number }
  | { readonly kind: 'run'; readonly command: string; readonly values: Readonly<Partial<Record<OptionName, string | boolean>>>; readonly positionals: readonly string[] }
  | { readonly kind: 'error'; readonly message: string };

/** Numbers of results `--top` accepts. */
const TOP = Object.freeze({ min: 1, max: 25 });

/**
 * Reads `pilcrow`'s arguments against {@link COMMANDS}, without loading anything: an unknown command,
 * an option the command does not take, an option without its value, a missing argument or a bad
 * `--top` is an error naming the command's help. `--` ends the options.
 *
 * @example parseCommandLine(['ask', 'x', '--bogus']) // { kind: 'error', message: 'unknown option --bogus for ask; see pilcrow ask --help' }
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [command, ...rest] = argv;
  if (command === undefined) return { kind: 'help', text: generalUsage(), exitCode: 2 };
  if (command === 'help' || command === '--help' || command === '-h') {
    const about = rest[0] === undefined ? null : commandUsage(rest[0]);
    return { kind: 'help', text: about ?? generalUsage(), exitCode: 0 };
  }
  const spec = Object.hasOwn(COMMANDS, command) ? COMMANDS[command]! : null;
  if (!spec) return { kind: 'error', message: `unknown command "${command}" (see pilcrow --help)` };
  const values: Partial<Record<OptionName, string | boolean>> = {};
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--') {
      positionals.push(...rest.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') return { kind: 'help', text: commandUsage(command)!, exitCode: 0 };
    // A lone "-" and a negative number are words of the argument, not options.
    if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const name = flag.replace(/^--?/, '') as OptionName;
    if (!flag.startsWith('--') || !Object.hasOwn(spec.options, name)) return { kind: 'error', message: `unknown option ${flag} for ${command}; see pilcrow ${command} --help` };
    const placeholder = OPTIONS[name].value;
    if (placeholder === null) {
      if (inline !== undefined) return { kind: 'error', message: `--${name} takes no value; see pilcrow ${command} --help` };
      values[name] = true;
      continue;
    }
    const value = inline ?? rest[i + 1];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) return { kind: 'error', message: `--${name} needs a value (--${name} ${placeholder}); see pilcrow ${command} --help` };
    if (inline === undefined) i++;
    values[name] = value;
  }
  if (values.top !== undefined) {
    const top = Number(values.top);
    if (!Number.isInteger(top) || top < TOP.min || top > TOP.max) return { kind: 'error', message: `--top takes a whole number from ${TOP.min} to ${TOP.max}.` };
  }
  const argument = positionals.join(' ').trim();
  if (values.batch === true) {
    if (argument !== '') return { kind: 'error', message: 'ask --batch reads questions from stdin; do not also give one.' };
  } else if (spec.required !== null && argument === '') {
    return { kind: 'error', message: spec.required };
  } else if (spec.argument === null && argument !== '') {
    return { kind: 'error', message: `${command} takes no argument ("${argument}"); see pilcrow ${command} --help` };
  }
  return { kind: 'run', command, values, positionals };
}
