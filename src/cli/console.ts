import { createInterface } from 'node:readline';
import { titleOf } from '../model/place.js';
import type { Engine } from '../engine/index.js';
import type { Scope } from '../model/scope.js';
import { renderAnswerText, renderFactCardText, renderFactsText, renderQuoteText } from './render.js';

export interface ConsoleIo {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Where the banner goes when input is piped, so that stdout holds only answers. */
  readonly notices: NodeJS.WritableStream;
  /** True when a person is typing (a TTY): show a prompt. */
  readonly interactive: boolean;
}

const HELP = [
  'Type a question about the articles, e.g. "where is the summit", or:',
  '  /ask <question>   the same as typing the question',
  '  /quote <name or words> [about: <words>]   what someone said, e.g. /quote Putin',
  '  /facts [name]     a person, place or organisation, or the main ones',
  '  /sources          the articles in the knowledge base',
  '  /help             this help',
  '  /quit             leave (Ctrl-D works too)',
].join('\n');

/**
 * The local console: the same answers as the Discord bot, in a terminal. Reads one question per
 * line until end of input or /quit; works typed or piped.
 */
export async function runConsole(engine: Engine, io: ConsoleIo, banner: string, scope: Scope): Promise<void> {
  const articles = () => engine.articlesIn(scope);
  (io.interactive ? io.output : io.notices).write(`${banner}\n${io.interactive ? `${HELP}\n` : ''}`);
  const rl = createInterface({ input: io.input, terminal: false });
  const prompt = () => io.interactive && io.output.write('\n? ');
  prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === '') {
      prompt();
      continue;
    }
    const [command, ...rest] = line.split(/\s+/);
    if (command === '/quit' || command === '/exit') break;
    let reply: string;
    if (command === '/help') reply = HELP;
    else if (command === '/sources') {
      reply = articles().map((a) => `- ${a.title} (${a.id}${a.published ? `, ${a.published}` : ''}): ${a.paragraphs.length} paragraphs`).join('\n');
    } else if (command === '/ask') reply = renderAnswerText(await engine.answer(rest.join(' '), { scope }));
    else if (command === '/quote') {
      const [who = '', about = ''] = rest.join(' ').split(/\s*about:\s*/u);
      reply = who.trim() === '' ? 'Say whose quotations you want, e.g. /quote Putin' : renderQuoteText(await engine.quote(who, about, scope), titleOf(articles()));
    } else if (command === '/facts') {
      const name = rest.join(' ').trim();
      const card = name === '' ? null : await engine.facts(name, scope);
      reply = name === '' ? renderFactsText((await engine.entities(scope)).filter((e) => e.type !== 'date').slice(0, 20), titleOf(articles()))
        : card ? renderFactCardText(card, titleOf(articles())) : `Nothing is known about "${name}" in the articles.`;
    }
    else if (command!.startsWith('/')) reply = `Unknown command ${command}. ${HELP}`;
    else reply = renderAnswerText(await engine.answer(line, { scope }));
    io.output.write(`${reply}\n`);
    prompt();
  }
  rl.close();
}
