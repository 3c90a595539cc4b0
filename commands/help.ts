import { SlashCommandBuilder } from 'discord.js';
import type { Article } from '../src/model/article.js';
import { COLOURS, escapeText, fitEmbeds, truncate, type MessagePayload } from '../src/discord/render.js';
import { respond, withDeadline } from '../src/discord/respond.js';
import { candidateQuestions, workingQuestions } from '../src/discord/suggest.js';
import { scopeOf, type Scope } from '../src/model/scope.js';
import type { Command, Deps } from '../src/discord/command.js';

/** Examples of /help, from the server's own newest articles: questions tried on them first. */
export interface HelpExamples {
  /** Questions Pilcrow answers, each with the title of the article it was tried on. */
  readonly questions: readonly { readonly question: string; readonly title: string }[];
  /** A person the newest articles name, for /quote and /facts; null when none. */
  readonly person: string | null;
}

/** Newest articles tried for examples. */
const TRIED = 3;

/** The server's articles, newest first: by publication date, else by the order they were added. */
function newestFirst(articles: readonly Article[]): Article[] {
  const at = (a: Article) => (a.published ? Date.parse(a.published) : Number.NaN);
  return articles.map((a, i) => ({ a, i })).sort((x, y) => (at(y.a) || 0) - (at(x.a) || 0) || y.i - x.i).map(({ a }) => a);
}

/** Up to two questions that work, from the server's newest articles, and a person they name. */
export async function helpExamples(engine: Deps['engine'], scope: Scope): Promise<HelpExamples> {
  const newest = newestFirst(engine.articlesIn(scope)).slice(0, TRIED);
  const questions: { question: string; title: string }[] = [];
  for (const article of newest) {
    if (questions.length >= 2) break;
    const [question] = await workingQuestions(engine, article, scope, 1);
    if (question) questions.push({ question, title: article.title });
  }
  const entities = await engine.entities(scope);
  const person = newest.map((a) => candidateQuestions(a, entities).find((q) => q.startsWith('who is '))?.slice('who is '.length)).find((p) => p !== undefined) ?? null;
  return { questions, person };
}

/** The help text, with the examples given (none: placeholders in angle brackets). */
export function helpText(examples: HelpExamples): string {
  const code = (text: string) => `\`${text.replace(/`/g, '')}\``;
  const asks = examples.questions.length > 0
    ? examples.questions.map((q) => `${code(`/ask question: ${q.question}`)} (from “${escapeText(truncate(q.title, 80))}”)`)
    : [code('/ask question: <your question>')];
  const person = examples.person ?? '<a name>';
  return [
    'Pilcrow answers questions about the articles in this server’s knowledge base with the articles’ own words. Every answer is a sentence quoted verbatim, with the article and paragraph (¶) it comes from, so you can check it. Ask in your own words: Pilcrow matches words of the same meaning too. When it is not sure, it says so and shows the passages that may answer; when the articles do not cover a question, it says that plainly.',
    '',
    `**Ask** (examples from this server’s newest articles)`,
    ...asks,
    `${code('/ask question: … article: …')} (pick an article to search only that one)`,
    '',
    'Typos are fine. Questions starting with where, who, when, how many, how much or why look for a place, a person, a date, a number, an amount or a reason; in a question about one article, "he" or "she" means its main person. Use **Show ¶** for the whole paragraph, **Open article** for the page at the quoted sentence and **More results** for the other answers (only you see those). When Pilcrow is not sure, only you see its reply; **Share** posts it for everyone.',
    '',
    '**Quotations and facts**',
    `${code(`/quote who: ${person}`)}: what ${examples.person ? escapeText(person) : 'someone'} said (direct quotations first, then reported speech), then what others said about them; \`about:\` narrows it`,
    `${code(`/facts name: ${person}`)}: role, the sentences that mention them, their quotations; \`/facts\` alone: the main people and places`,
    '',
    '**Other commands**',
    '`/sources`: the articles Pilcrow knows here, with their dates and sizes',
    '`/digest now`: the news since this channel’s last digest, each story summarised in its own words with ¶ (only you see it; a manager’s is posted)',
    '`/digest schedule`, `stop`, `status`: post the digest in a channel at set times (needs Manage Server)',
    '`/ingest url:` or `/ingest file:`: add an article to this server (needs Manage Server)',
    '`/feed add url:`: follow a news feed; new articles are read within minutes and can be announced in a channel (needs Manage Server)',
    '`/help`: this message',
  ].join('\n');
}

/** The /help reply: private, its examples from the server's newest articles. */
export function renderHelp(examples: HelpExamples): MessagePayload {
  return { embeds: fitEmbeds([{ title: 'Pilcrow ¶', description: helpText(examples), color: COLOURS.info }]), components: [], allowedMentions: { parse: [] }, visibility: 'private' };
}

/** /help: what Pilcrow does and how to ask, with examples that work on this server's newest articles. Only the asker sees it. */
export const help = {
  data: new SlashCommandBuilder().setName('help').setDescription('What Pilcrow does and how to ask it').toJSON(),
  cooldown: false,
  async execute(interaction, deps) {
    const scope = scopeOf(interaction.guildId);
    // Trying the examples takes a few searches: deferred when slow, and given up for placeholders after the budget.
    const none: HelpExamples = { questions: [], person: null };
    await respond(interaction, async () => renderHelp(await withDeadline(helpExamples(deps.engine, scope), deps.suggestBudgetMs * 2, none)), { deferAfterMs: deps.deferAfterMs, ephemeral: true });
  },
} satisfies Command;
