import { ActionRowBuilder, ModalBuilder, SlashCommandBuilder, TextInputBuilder, TextInputStyle, type RepliableInteraction } from 'discord.js';
import { parsePlace } from '../src/model/place.js';
import { ASK_BUTTONS, escapeText, questionText, truncate, type MessagePayload } from '../src/discord/render.js';
import { ANSWER_TEXTS, renderAsk, renderAskPages, renderPassage } from '../src/discord/render-answers.js';
import { LIMITS } from '../src/discord/limits.js';
import { replyNotice, respond, withDeadline, withFlags } from '../src/discord/respond.js';
import { workingQuestions } from '../src/discord/suggest.js';
import { ASK_DEFAULTS, type AskOptions } from '../src/engine/index.js';
import { oneArticle, scopeOf, type Scope } from '../src/model/scope.js';
import { articleChoices } from './articles.js';
import type { Command, Deps } from '../src/discord/command.js';

/** Results fetched per question: the answer on top, the rest paged behind "More results". */
const FETCHED = 25;

/**
 * Answers `question` and replies: the answer public, a "not sure" or "not covered" private (the one
 * rule, VISIBILITY). Its buttons ("More results", "Share") find the question again under the
 * interaction's id; an empty question gets a short private hint instead.
 */
async function answer(interaction: RepliableInteraction, question: string, options: { articleId: string | undefined; scope: Scope; thread?: ThreadAsked }, deps: Deps): Promise<void> {
  if (question === '') return void (await replyNotice(interaction, ANSWER_TEXTS.emptyQuestion));
  const ask = { top: FETCHED, scope: options.articleId === undefined ? options.scope : oneArticle(options.scope, options.articleId) } satisfies AskOptions;
  const articles = (id: string) => deps.engine.article(id, options.scope);
  // A question of one article says which it searched.
  const only = options.articleId !== undefined ? deps.engine.article(options.articleId, options.scope)?.title : undefined;
  const searched = only !== undefined ? { searchedIn: only } : {};
  // Asked in an article's thread: the reply says which article it answers from, and how to widen; or that the article is gone.
  const line = options.thread === 'article' && only !== undefined ? ASK_THREAD_TEXTS.inThread(only) : options.thread === 'gone' ? ASK_THREAD_TEXTS.articleGone : undefined;
  const note = (payload: MessagePayload): MessagePayload => (line !== undefined ? { ...payload, content: line } : payload);
  deps.sessions.set(interaction.id, {
    pages: async () => renderAskPages(await deps.engine.answer(question, ask), articles, only),
    share: async (by) => note(renderAsk(await deps.engine.answer(question, ask), 0, { key: null, articles, sharedBy: by, ...searched })),
  });
  // A question of one article reads that article's passages anew (1-2 s on a large one): deferred at once.
  await respond(interaction, async () => note(renderAsk(await deps.engine.answer(question, ask), 0, { key: interaction.id, articles, ...searched })), { deferAfterMs: only !== undefined ? 0 : deps.deferAfterMs });
}

/** What /ask says in an article's thread or forum post. */
export const ASK_THREAD_TEXTS = Object.freeze({
  /** The line above an answer asked in an article's thread. */
  inThread: (title: string) => truncate(`in: ${escapeText(title)} · \`/ask all:True\` searches every article`, 2000),
  /** The line above an answer asked in the thread of an article since removed (searched: all of the server's). */
  articleGone: 'This thread’s article is no longer among Pilcrow’s articles, so this answers from all of the server’s articles.',
});

/** Where a question was asked: in the thread of an article still known, or of one since removed. */
type ThreadAsked = 'article' | 'gone';

/**
 * The article whose thread or forum post `channelId` is, for this server: its id while it is known,
 * `gone` when it was since removed; undefined for any other channel (or when feeds are not set up).
 */
async function threadArticle(channelId: string | null, scope: Scope, owner: string | null, deps: Deps): Promise<{ articleId: string } | 'gone' | undefined> {
  if (!channelId || !owner || !deps.feeds) return undefined;
  const thread = await deps.feeds.threadOf(channelId).catch((error: unknown) => {
    deps.log.warn({ channel: channelId, err: error }, 'could not look up the thread of /ask');
    return undefined;
  });
  if (!thread || thread.owner !== owner) return undefined;
  return deps.engine.article(thread.articleId, scope) ? { articleId: thread.articleId } : 'gone';
}

/** /ask question:<text> [article:<autocomplete>] [all:<bool>]: the answer sentence(s) with their ¶ citations. */
export const ask = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Answer a question with the articles’ own words and a ¶ citation')
    .addStringOption((o) => o.setName('question').setDescription('Your question, e.g. where is the summit').setRequired(true).setMaxLength(ASK_DEFAULTS.maxQuestionLength))
    .addStringOption((o) => o.setName('article').setDescription('Only search this article').setAutocomplete(true).setMaxLength(100))
    .addBooleanOption((o) => o.setName('all').setDescription('In an article’s thread: search every article, not only that one'))
    .toJSON(),
  cooldown: true,
  // A question typed in "Ask about this article" is a new question too.
  cooldownAlso: [ASK_BUTTONS.article],

  async execute(interaction, deps) {
    const typed = interaction.options.getString('question') ?? '';
    const chosen = interaction.options.getString('article') ?? undefined;
    const all = interaction.options.getBoolean('all') ?? false;
    // Discord's client enforces the length; a raw API call does not, so check again here.
    if (typed.length > ASK_DEFAULTS.maxQuestionLength) {
      return void (await replyNotice(interaction, `That question is ${typed.length} characters long; please keep it under ${ASK_DEFAULTS.maxQuestionLength}.`));
    }
    const question = questionText(typed);
    const scope = scopeOf(interaction.guildId);
    if (chosen !== undefined && !deps.engine.article(chosen, scope)) {
      return void (await replyNotice(interaction, 'I do not know that article. Pick one from the list, or leave `article` empty to search them all.'));
    }
    // In an article's thread or forum post, that article is the scope unless another is chosen or all asked.
    const fromThread = chosen === undefined && !all ? await threadArticle(interaction.channelId, scope, interaction.guildId, deps) : undefined;
    const fromArticle = typeof fromThread === 'object' ? fromThread.articleId : undefined;
    const thread = fromThread === undefined ? {} : { thread: fromArticle !== undefined ? 'article' as const : 'gone' as const };
    await answer(interaction, question, { articleId: chosen ?? fromArticle, scope, ...thread }, deps);
  },

  async autocomplete(interaction, deps) {
    const typed = interaction.options.getFocused().slice(0, 100);
    await interaction.respond(articleChoices(deps.engine.findArticles(typed, scopeOf(interaction.guildId), LIMITS.autocompleteChoices)));
  },

  buttons: {
    /** "Show ¶5": the whole paragraph, only to the member who clicked. */
    async [ASK_BUTTONS.paragraph](interaction, [key = '', ...idParts], deps) {
      const article = deps.engine.article(idParts.join(':'), scopeOf(interaction.guildId));
      const place = parsePlace(key);
      if (!article || !place) return void (await replyNotice(interaction, ANSWER_TEXTS.goneArticle));
      await interaction.reply(withFlags(renderPassage(article, place), true));
    },
    /** "Ask about this article" (under a feed announcement): a modal whose question is asked of that article alone. */
    async [ASK_BUTTONS.article](interaction, idParts, deps) {
      const articleId = idParts.join(':');
      const article = deps.engine.article(articleId, scopeOf(interaction.guildId));
      if (!article) return void (await replyNotice(interaction, 'That article is no longer in the knowledge base.'));
      // Questions this article answers, tried on it first; the form must open within Discord's 3 seconds.
      const scope = scopeOf(interaction.guildId);
      const works = await withDeadline(workingQuestions(deps.engine, article, scope, 2), deps.suggestBudgetMs, []);
      const placeholder = works.length > 0 ? `e.g. ${works.join(' · ')}` : 'e.g. who is it about, where, when';
      const input = new TextInputBuilder().setCustomId('question').setLabel('Your question about this article').setStyle(TextInputStyle.Short).setRequired(true).setMaxLength(Math.min(ASK_DEFAULTS.maxQuestionLength, 4000)).setPlaceholder(truncate(placeholder, LIMITS.placeholder));
      const modal = new ModalBuilder()
        .setCustomId(`${ASK_BUTTONS.article}:${articleId}`.slice(0, LIMITS.customId))
        .setTitle(truncate(`Ask: ${article.title}`, LIMITS.modalTitle))
        .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
      await interaction.showModal(modal);
    },
  },
  modals: {
    /** The question typed in "Ask about this article", answered from that article alone (as `/ask article:`). */
    async [ASK_BUTTONS.article](interaction, idParts, deps) {
      const articleId = idParts.join(':');
      const scope = scopeOf(interaction.guildId);
      if (!deps.engine.article(articleId, scope)) return void (await replyNotice(interaction, 'That article is no longer in the knowledge base.'));
      await answer(interaction, questionText(interaction.fields.getTextInputValue('question')), { articleId, scope }, deps);
    },
  },
} satisfies Command;
