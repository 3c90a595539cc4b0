import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import type { SingleBar } from 'cli-progress';
import type { App, Engine, StateWriteFailure } from '../engine/index.js';
import { LOCAL_OWNER, oneArticle, type Scope } from '../model/scope.js';
import { parseCommandLine, type OptionName } from './args.js';
import { fileProblemLine, problemLine } from './problems.js';

// Everything else is imported when a command needs it, so that `pilcrow --help` and a mistyped
// command answer at once instead of after the engine, the NLP libraries and the database driver load.

export interface CliIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

export { COMMANDS, commandUsage } from './args.js';

/** What the CLI and the console see: the shared articles and those stored with \`pilcrow ingest\`. */
export const CLI_SCOPE: Scope = Object.freeze({ owner: LOCAL_OWNER });

/** A problem the user can fix, reported as one line on stderr with exit code 2 (1 for no articles). */
class UsageError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

/**
 * Runs the `pilcrow` command line and resolves to its exit code. Never throws for bad input:
 * unknown flags, a missing folder or no articles print one line on stderr and exit non-zero, and so
 * does a state that cannot be written (a full disk, a read-only file: see {@link stateLine}).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`pilcrow: ${e.message}\n`);
      return e.exitCode;
    }
    const line = await stateErrorLine(e, io.env, argv[0]);
    if (line !== null) {
      io.stderr.write(`pilcrow: ${line}\n`);
      return 1;
    }
    throw e;
  }
}

/**
 * The words for a state that cannot be written, after "state: ": "the disk holding DATA_DIR (./data)
 * is full", "DATA_DIR (./data) cannot be written (attempt to write a readonly database)".
 */
function stateLine(failure: StateWriteFailure, dataDir: string): string {
  const where = failure.database === 'postgres' ? 'the PostgreSQL database (DATABASE_URL)' : `DATA_DIR (${dataDir})`;
  switch (failure.code) {
    case 'disk_full':
      return failure.database === 'postgres' ? 'the disk of the PostgreSQL server (DATABASE_URL) is full' : `the disk holding DATA_DIR (${dataDir}) is full`;
    case 'read_only':
      return `${where} cannot be written (${failure.detail})`;
    case 'io_error':
      return `${where} could not be read or written (${failure.detail})`;
  }
}

/**
 * The one line for an error that says the state cannot be written, or null for any other error. An
 * ingest that fails so stored nothing: the article and its feed item are written in one transaction.
 */
async function stateErrorLine(error: unknown, env: NodeJS.ProcessEnv, command: string | undefined): Promise<string | null> {
  const [{ loadConfig }, { stateWriteFailure }] = await Promise.all([import('../config.js'), import('../engine/index.js')]);
  const config = loadConfig(env);
  const dataDir = config.ok ? config.value.dataDir : null;
  const failure = stateWriteFailure(error, dataDir);
  if (!failure) return null;
  return `state: ${stateLine(failure, dataDir ?? 'DATA_DIR')}${command === 'ingest' ? '; nothing was stored.' : '.'}`;
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  // The whole command line is checked before anything heavy loads: a usage error answers at once.
  const line = parseCommandLine(argv);
  if (line.kind === 'help') {
    io.stdout.write(`${line.text}\n`);
    return line.exitCode;
  }
  if (line.kind === 'error') throw new UsageError(line.message);
  const { command, values, positionals } = line;
  // A file to ingest that cannot be read is said before the engine loads, in the CLI's words.
  if (command === 'ingest') await checkIngestTarget(positionals.join(' '));
  const app = await openCliApp(typeof values.knowledge === 'string' ? values.knowledge : undefined, io, command === 'ingest' ? 'create' : 'existing', command === 'console', command);
  let code: number;
  try {
    code = await run(command, values, positionals, app, io);
  } catch (e) {
    // The command's own failure is the one reported: closing must not hide or replace it.
    await app.close().catch(() => undefined);
    throw e;
  }
  await app.close();
  // A cache that could not be written is a warning: the command did what it was asked.
  const kept = app.keptWriteFailure;
  if (kept) {
    const { stateWriteFailure } = await import('../engine/index.js');
    const failure = stateWriteFailure(kept, app.config.dataDir);
    const why = failure ? stateLine(failure, app.config.dataDir) : kept.message;
    io.stderr.write(`pilcrow: warning: what was worked out from the articles could not be kept (${why}); it will be worked out again next time.\n`);
  }
  return code;
}

async function run(command: string, values: Readonly<Partial<Record<OptionName, string | boolean>>>, positionals: readonly string[], app: App, io: CliIo): Promise<number> {
  const [{ titleOf }, { parseSince }, { runConsole }, json, text] = await Promise.all([
    import('../model/place.js'), import('../engine/index.js'), import('./console.js'), import('./json.js'), import('./render.js'),
  ]);
  const { askJson, digestJson, extractedJson, feedTestJson, factsJson, paragraphsJson, quoteResultJson, quotesJson } = json;
  const { renderAnswerText, renderDigestText, renderExtractedText, renderFeedTestText, renderFactCardText, renderFactsText, renderParagraphsText, renderQuoteText, quoteLine } = text;
  const engine = app.engine;
  const scope = CLI_SCOPE;
  const articles = engine.articlesIn(scope);
  const flag = (name: OptionName) => (typeof values[name] === 'string' ? values[name] : undefined);
  // ingest adds the first article, and fetch and feed print what they read without storing it: none needs articles.
  if (command !== 'ingest' && command !== 'fetch' && command !== 'feed' && articles.length === 0) {
    throw new UsageError(`no articles in ${app.knowledgeDir} (add .txt or .md files; see knowledge/README.md).`, 1);
  }
  switch (command) {
    case 'ask': {
      // --top is checked with the command line (args.ts).
      const top = flag('top') === undefined ? 3 : Number(flag('top'));
      const articleId = flag('article');
      if (articleId !== undefined && !engine.article(articleId, scope)) {
        throw new UsageError(`no article with the id "${articleId}" (pilcrow paragraphs lists the ids).`);
      }
      const asked = articleId === undefined ? scope : oneArticle(scope, articleId);
      if (values.batch) {
        for await (const line of createInterface({ input: io.stdin, terminal: false })) {
          io.stdout.write(`${JSON.stringify(askJson(await engine.answer(line, { top, scope: asked })))}\n`);
        }
        return 0;
      }
      const question = positionals.join(' ');
      const result = await engine.answer(question, { top, scope: asked });
      io.stdout.write(values.json ? `${JSON.stringify(askJson(result), null, 2)}\n` : `${renderAnswerText(result)}\n`);
      return 0;
    }
    case 'paragraphs':
      io.stdout.write(values.json ? `${JSON.stringify(paragraphsJson(articles), null, 2)}\n` : `${renderParagraphsText(articles)}\n`);
      return 0;
    case 'quote': {
      const who = positionals.join(' ');
      const result = await engine.quote(who, flag('about') ?? '', scope);
      io.stdout.write(values.json ? `${JSON.stringify(quoteResultJson(result), null, 2)}\n` : `${renderQuoteText(result, titleOf(articles))}\n`);
      return 0;
    }
    case 'quotes': {
      const quotes = await engine.quotes(scope);
      io.stdout.write(values.json ? `${JSON.stringify(quotesJson(quotes), null, 2)}\n` : `${quotes.map((q) => quoteLine(q, titleOf(articles))).join('\n')}\n`);
      return 0;
    }
    case 'facts': {
      const name = positionals.join(' ');
      if (name.trim() !== '' && !values.json) {
        const card = await engine.facts(name, scope);
        io.stdout.write(card ? `${renderFactCardText(card, titleOf(articles))}\n` : `Nothing is known about "${name}" in the articles.\n`);
        return 0;
      }
      let entities = await engine.entities(scope);
      if (name.trim() !== '') {
        const card = await engine.facts(name, scope);
        entities = card ? [card.entity] : [];
      }
      io.stdout.write(values.json ? `${JSON.stringify(factsJson(entities), null, 2)}\n` : `${renderFactsText(entities, titleOf(articles))}\n`);
      return 0;
    }
    case 'ingest':
      return ingest(positionals.join(' '), values.json === true, app, io);
    case 'digest': {
      let since: Date | null = null;
      const sinceText = flag('since');
      if (sinceText !== undefined) {
        const parsed = parseSince(sinceText, new Date());
        if (!parsed.ok) throw new UsageError(`--since: ${problemLine(parsed.error)}`);
        since = parsed.value;
      }
      // Without --since, every article, however old; with it, old news published before the span is left out and counted.
      const digest = await engine.digest(scope, { since, maxArticles: Number.MAX_SAFE_INTEGER, keepOld: since === null });
      io.stdout.write(values.json ? `${JSON.stringify(digestJson(digest), null, 2)}\n` : `${renderDigestText(digest)}\n`);
      return 0;
    }
    case 'fetch': {
      const url = positionals.join(' ').trim();
      // Loaded when used, as the readers of feeds and files below: a question does not wait for them.
      const { readPage } = await (await import('../engine/index.js')).loadLive();
      const read = await readPage(url, { allowPrivate: app.config.allowPrivateUrls }, app.library.work);
      if (!read.ok) throw new UsageError(problemLine(read.error), 1);
      io.stdout.write(values.json ? `${JSON.stringify(extractedJson(read.value), null, 2)}\n` : `${renderExtractedText(read.value)}\n`);
      return 0;
    }
    case 'feed': {
      const url = positionals.join(' ').trim();
      const { FeedReader } = await (await import('../engine/index.js')).loadLive();
      const read = await new FeedReader(app.library.work, app.config.allowPrivateUrls).test(url);
      if (!read.ok) throw new UsageError(problemLine(read.error), 1);
      io.stdout.write(values.json ? `${JSON.stringify(feedTestJson(read.value), null, 2)}\n` : `${renderFeedTestText(read.value)}\n`);
      return 0;
    }
    case 'console':
      await runConsole(engine, { input: io.stdin, output: io.stdout, notices: io.stderr, interactive: io.stdin.isTTY === true }, consoleBanner(engine, scope), scope);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}" (see pilcrow --help)`);
  }
}

/** Commands whose answer waits for every article's people and quotations to be read. */
const READING_COMMANDS: ReadonlySet<string> = new Set(['quote', 'quotes', 'facts', 'digest']);

/**
 * Opens the app for a CLI command; bad knowledge files are reported on stderr and skipped. The state
 * database is opened only if it exists, except for `ingest` (which creates it).
 */
async function openCliApp(flagDir: string | undefined, io: Pick<CliIo, 'stderr' | 'env'>, state: 'create' | 'existing', watch: boolean, command: string): Promise<App> {
  const progress = await folderProgress(io.stderr);
  const [{ openApp }, { createLogger }] = await Promise.all([import('../engine/index.js'), import('../logger.js')]);
  // The CLI reports problems as plain lines on stderr; its logger only speaks of failures.
  // Commands that wait for every article's quotations read them on every core (a large folder only).
  const readingThreads = READING_COMMANDS.has(command) ? availableParallelism() : 0;
  // A file skipped while the console watches the folder is said as the first reading's are below.
  const onProblem = watch ? (problem: string) => void io.stderr.write(`pilcrow: skipped ${problem}\n`) : undefined;
  const opened = await openApp({ env: io.env, knowledgeDir: flagDir, state, watch, log: createLogger('error'), onProgress: progress.update, readingThreads, ...(onProblem ? { onProblem } : {}) });
  progress.stop();
  // A full disk may keep the database from opening at all (its -shm file cannot be made).
  if (!opened.ok) throw new UsageError((opened.error.code === 'state' ? await stateErrorLine(opened.error.cause, io.env, command) : null) ?? opened.error.message, opened.error.exitCode);
  const app = opened.value;
  for (const problem of app.problems) io.stderr.write(`pilcrow: skipped ${problem}\n`);
  if (app.meaningProblem) io.stderr.write(`pilcrow: matching words as written only: ${app.meaningProblem}\n`);
  return app;
}

/** Tuning for the CLI's progress bar. */
export const PROGRESS_DEFAULTS = Object.freeze({
  /** Files to read (the first reading of a large folder) from which a bar is shown at a terminal. */
  minFiles: 50,
});

/**
 * A progress bar on stderr (cli-progress) while a large knowledge folder is read for the first time,
 * with the count and the time left; nothing when stderr is not a terminal, or for a few files.
 */
async function folderProgress(stderr: NodeJS.WritableStream): Promise<{ update: (read: number, of: number) => void; stop: () => void }> {
  let bar: SingleBar | undefined;
  if ((stderr as NodeJS.WriteStream).isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const { Presets, SingleBar } = await import('cli-progress');
  return {
    update(read, of) {
      if (!bar) {
        if (of < PROGRESS_DEFAULTS.minFiles) return;
        bar = new SingleBar({ stream: stderr as NodeJS.WriteStream, format: 'Reading the knowledge folder [{bar}] {value}/{total} articles, {eta_formatted} left', hideCursor: true, clearOnComplete: false, etaBuffer: 50 }, Presets.shades_classic);
        bar.start(of, 0);
      }
      bar.update(read);
    },
    stop() {
      bar?.stop();
    },
  };
}

/** `pilcrow ingest <url|file>`: stores an article for the CLI's own knowledge (DATA_DIR). */
async function ingest(target: string, json: boolean, app: App, io: CliIo): Promise<number> {
  const { Ingester, INGEST_EXTENSIONS } = await (await import('../engine/index.js')).loadLive();
  const ingester = new Ingester(app.library, { allowPrivate: app.config.allowPrivateUrls });
  const by = { owner: LOCAL_OWNER, origin: 'cli' as const };
  let added;
  if (/^https?:/i.test(target)) {
    added = await ingester.fromUrl(target, by);
  } else {
    if (!INGEST_EXTENSIONS.includes(extname(target).toLowerCase())) {
      throw new UsageError(`ingest reads web pages and ${INGEST_EXTENSIONS.join(', ')} files (see knowledge/README.md for the format).`);
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(target);
    } catch (e) {
      throw new UsageError(fileProblemLine(target, (e as NodeJS.ErrnoException).code), 1);
    }
    added = await ingester.fromFile(basename(target), bytes, by);
  }
  if (!added.ok) throw new UsageError(problemLine(added.error), 1);
  const { article, stored } = added.value;
  if (json) io.stdout.write(`${JSON.stringify({ id: article.id, title: article.title, paragraphs: article.paragraphs.length, captions: article.captions.length, stored }, null, 2)}\n`);
  else io.stdout.write(`${stored ? 'Stored' : 'Already stored'}: "${article.title}" (${article.id}), ${article.paragraphs.length} paragraph${article.paragraphs.length === 1 ? '' : 's'}${article.captions.length ? `, ${article.captions.length} photo caption${article.captions.length === 1 ? '' : 's'}` : ''}.\n`);
  return 0;
}

/**
 * Whether a file to ingest can be read, checked before the engine loads: a missing file, one that may
 * not be read, or a folder is one line in the CLI's words (see {@link fileProblemLine}). A web address
 * is left to the fetcher.
 */
async function checkIngestTarget(target: string): Promise<void> {
  if (/^https?:/i.test(target)) return;
  try {
    const { stat, access } = await import('node:fs/promises');
    if ((await stat(target)).isDirectory()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
    await access(target, (await import('node:fs')).constants.R_OK);
  } catch (e) {
    throw new UsageError(fileProblemLine(target, (e as NodeJS.ErrnoException).code), 1);
  }
}

/** The console's opening lines: what is loaded and how to connect to Discord instead. */
export function consoleBanner(engine: Engine, scope: Scope = CLI_SCOPE): string {
  const articles = engine.articlesIn(scope);
  const n = articles.length;
  return [
    `Pilcrow local console: ${n} article${n === 1 ? '' : 's'} loaded (${articles.map((a) => a.title).slice(0, 3).join('; ')}${n > 3 ? '; …' : ''}).`,
    'To run the Discord bot instead, put DISCORD_TOKEN=<your bot token> in .env (see README.md) and run npm start again.',
  ].join('\n');
}
