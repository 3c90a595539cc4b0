import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { titleOf } from '../citation.js';
import { loadConfig } from '../config.js';
import { Engine } from '../engine.js';
import { loadKnowledge } from '../knowledge/load.js';
import { runConsole } from './console.js';
import { askJson, factsJson, paragraphsJson, quoteResultJson, quotesJson } from './json.js';
import { renderAnswerText, renderFactCardText, renderFactsText, renderParagraphsText, renderQuoteText, quoteLine } from './render.js';

export interface CliIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

const USAGE = `Usage:
  pilcrow ask "<question>" [--top N] [--article ID] [--json] [--knowledge DIR]
  pilcrow ask --batch [--article ID] [--json] [--knowledge DIR]   one question per line on stdin, JSON lines out
  pilcrow paragraphs [--json] [--knowledge DIR]      every article's numbered paragraphs and captions
  pilcrow quote "<name or words>" [--about WORDS] [--json]   what someone said, or quotations with these words
  pilcrow quotes [--json]                            every quotation with its speaker
  pilcrow facts [NAME] [--json]                      people, places, organisations and dates; or one card
  pilcrow console [--knowledge DIR]                  the local console
KNOWLEDGE_DIR (default ./knowledge) sets the folder; --knowledge overrides it.`;

/** A problem the user can fix, reported as one line on stderr with exit code 2 (1 for no articles). */
class UsageError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

/**
 * Runs the `pilcrow` command line and resolves to its exit code. Never throws for bad input:
 * unknown flags, a missing folder or no articles print one line on stderr and exit non-zero.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`pilcrow: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        batch: { type: 'boolean', default: false },
        top: { type: 'string' },
        knowledge: { type: 'string' },
        about: { type: 'string' },
        article: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]} (see pilcrow --help)`);
  }
  const { values, positionals } = parsed;
  const engine = await openEngine(values.knowledge, io);
  switch (command) {
    case 'ask': {
      const top = values.top === undefined ? 3 : Number(values.top);
      if (!Number.isInteger(top) || top < 1 || top > 25) throw new UsageError('--top takes a whole number from 1 to 25.');
      const articleId = values.article;
      if (articleId !== undefined && !engine.articles.some((a) => a.id === articleId)) {
        throw new UsageError(`no article with the id "${articleId}" (pilcrow paragraphs lists the ids).`);
      }
      if (values.batch) {
        if (positionals.length > 0) throw new UsageError('ask --batch reads questions from stdin; do not also give one.');
        for await (const line of createInterface({ input: io.stdin, terminal: false })) {
          io.stdout.write(`${JSON.stringify(askJson(engine.ask(line, { top, articleId })))}\n`);
        }
        return 0;
      }
      const question = positionals.join(' ');
      if (question.trim() === '') throw new UsageError('ask needs a question, e.g. pilcrow ask "where is the summit".');
      const result = engine.ask(question, { top, articleId });
      io.stdout.write(values.json ? `${JSON.stringify(askJson(result), null, 2)}\n` : `${renderAnswerText(result)}\n`);
      return 0;
    }
    case 'paragraphs':
      io.stdout.write(values.json ? `${JSON.stringify(paragraphsJson(engine.articles), null, 2)}\n` : `${renderParagraphsText(engine.articles)}\n`);
      return 0;
    case 'quote': {
      const who = positionals.join(' ');
      if (who.trim() === '') throw new UsageError('quote needs a name or words, e.g. pilcrow quote "Putin".');
      const result = await engine.quote(who, values.about ?? '');
      io.stdout.write(values.json ? `${JSON.stringify(quoteResultJson(result), null, 2)}\n` : `${renderQuoteText(result, titleOf(engine.articles))}\n`);
      return 0;
    }
    case 'quotes': {
      const quotes = await engine.quotes();
      io.stdout.write(values.json ? `${JSON.stringify(quotesJson(quotes), null, 2)}\n` : `${quotes.map((q) => quoteLine(q, titleOf(engine.articles))).join('\n')}\n`);
      return 0;
    }
    case 'facts': {
      const name = positionals.join(' ');
      if (name.trim() !== '' && !values.json) {
        const card = await engine.facts(name);
        io.stdout.write(card ? `${renderFactCardText(card, titleOf(engine.articles))}\n` : `Nothing is known about "${name}" in the articles.\n`);
        return 0;
      }
      let entities = await engine.entities();
      if (name.trim() !== '') {
        const card = await engine.facts(name);
        entities = card ? [card.entity] : [];
      }
      io.stdout.write(values.json ? `${JSON.stringify(factsJson(entities), null, 2)}\n` : `${renderFactsText(entities)}\n`);
      return 0;
    }
    case 'console':
      await runConsole(engine, { input: io.stdin, output: io.stdout, notices: io.stderr, interactive: io.stdin.isTTY === true }, consoleBanner(engine));
      return 0;
    default:
      throw new UsageError(`unknown command "${command}" (see pilcrow --help)`);
  }
}

/** Loads the knowledge folder into an engine; bad files are reported on stderr and skipped. */
export async function openEngine(flagDir: string | undefined, io: Pick<CliIo, 'stderr' | 'env'>): Promise<Engine> {
  const config = loadConfig(io.env);
  const dir = flagDir ?? (config.ok ? config.value.knowledgeDir : './knowledge');
  const loaded = await loadKnowledge(dir);
  if (!loaded.ok) throw new UsageError(loaded.error.message, 1);
  for (const e of loaded.value.errors) io.stderr.write(`pilcrow: skipped ${e.message}\n`);
  if (loaded.value.articles.length === 0) throw new UsageError(`no articles in ${dir} (add .txt or .md files; see knowledge/README.md).`, 1);
  const engine = new Engine(loaded.value.articles, config.ok && !config.value.meaning ? { meaning: null } : {});
  if (engine.meaningProblem) io.stderr.write(`pilcrow: matching words as written only: ${engine.meaningProblem}\n`);
  return engine;
}

/** The console's opening lines: what is loaded and how to connect to Discord instead. */
export function consoleBanner(engine: Engine): string {
  const n = engine.articles.length;
  return [
    `Pilcrow local console: ${n} article${n === 1 ? '' : 's'} loaded (${engine.articles.map((a) => a.title).slice(0, 3).join('; ')}${n > 3 ? '; …' : ''}).`,
    'To run the Discord bot instead, put DISCORD_TOKEN=<your bot token> in .env (see README.md) and run npm start again.',
  ].join('\n');
}
