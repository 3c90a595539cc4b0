import { ActionRowBuilder, ModalBuilder, SlashCommandBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import { ASK_BUTTONS, questionText, renderAsk, renderNotice, renderPassage } from '../src/discord/render.js';
import { LIMITS } from '../src/discord/limits.js';
import { replyNotice, respond, withFlags } from '../src/discord/respond.js';
import { ASK_DEFAULTS } from '../src/engine.js';
import { scopeOf } from '../src/store/scope.js';
import { articleChoices } from './articles.js';
import type { Command } from '../src/discord/command.js';

/** Results fetched per question; the reply pages through them three at a time. */
const FETCHED = 25;

/** /ask question:<text> [article:<autocomplete>]: the answer sentence(s) with their ¶ citations. */
export const ask = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Answer a question with the articles’ own words and a ¶ citation')
    .addStringOption((o) => o.setName('question').setDescription('Your question, e.g. where is the summit').setRequired(true).setMaxLength(ASK_DEFAULTS.maxQuestionLength))
    .addStringOption((o) => o.setName('article').setDescription('Only search this article').setAutocomplete(true).setMaxLength(100))
    .toJSON(),
  cooldown: true,

  async execute(interaction, deps) {
    const typed = interaction.options.getString('question') ?? '';
    const articleId = interaction.options.getString('article') ?? undefined;
    // Discord's client enforces the length; a raw API call does not, so check again here.
    if (typed.length > ASK_DEFAULTS.maxQuestionLength) {
      return void (await replyNotice(interaction, `That question is ${typed.length} characters long; please keep it under ${ASK_DEFAULTS.maxQuestionLength}.`));
    }
    const question = questionText(typed);
    const scope = scopeOf(interaction.guildId);
    if (articleId !== undefined && !deps.engine.article(articleId, scope)) {
      return void (await replyNotice(interaction, 'I do not know that article. Pick one from the list, or leave `article` empty to search them all.'));
    }
    await respond(interaction, async () => {
      const result = await deps.engine.answer(question, { top: FETCHED, articleId, scope });
      deps.sessions.set(interaction.id, { question, articleId });
      return renderAsk(result, 0, interaction.id);
    }, { deferAfterMs: deps.deferAfterMs });
  },

  async autocomplete(interaction, deps) {
    const typed = interaction.options.getFocused().slice(0, 100);
    await interaction.respond(articleChoices(deps.engine.findArticles(typed, scopeOf(interaction.guildId), LIMITS.autocompleteChoices)));
  },

  buttons: {
    /** "Show ¶5": the whole paragraph, only to the member who clicked. */
    async [ASK_BUTTONS.paragraph](interaction, [place = '', ...idParts], deps) {
      const articleId = idParts.join(':');
      const article = deps.engine.article(articleId, scopeOf(interaction.guildId));
      const n = Number(place.slice(1));
      const payload = article && (place[0] === 'p' || place[0] === 'c') && Number.isInteger(n)
        ? renderPassage(article, place[0] as 'p' | 'c', n)
        : renderNotice('That article is no longer in the knowledge base. Ask again to get fresh results.');
      await interaction.reply(withFlags(payload, true));
    },
    /** "Ask about this article" (under a feed announcement): a modal whose question is asked of that article alone. */
    async [ASK_BUTTONS.article](interaction, idParts, deps) {
      const articleId = idParts.join(':');
      const article = deps.engine.article(articleId, scopeOf(interaction.guildId));
      if (!article) return void (await replyNotice(interaction, 'That article is no longer in the knowledge base.'));
      const input = new TextInputBuilder().setCustomId('question').setLabel('Your question').setStyle(TextInputStyle.Short).setRequired(true).setMaxLength(Math.min(ASK_DEFAULTS.maxQuestionLength, 4000)).setPlaceholder('e.g. who said it, where, when');
      const modal = new ModalBuilder()
        .setCustomId(`${ASK_BUTTONS.article}:${articleId}`.slice(0, LIMITS.customId))
        .setTitle('Ask about this article')
        .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
      await interaction.showModal(modal);
    },
    /** "More results": the next page, only to the member who clicked. */
    async [ASK_BUTTONS.more](interaction, [key = '', pageText = '1'], deps) {
      const session = deps.sessions.get(key);
      if (!session) {
        return void (await replyNotice(interaction, 'These results have expired. Ask again with /ask.'));
      }
      const page = Math.max(1, Math.min(8, Number(pageText) || 1));
      const scope = scopeOf(interaction.guildId);
      await respond(interaction, async () => renderAsk(await deps.engine.answer(session.question, { top: FETCHED, articleId: session.articleId, scope }), page, key), {
        deferAfterMs: deps.deferAfterMs,
        ephemeral: true,
      });
    },
  },
  modals: {
    /** The question typed in "Ask about this article", answered from that article alone (as `/ask article:`). */
    async [ASK_BUTTONS.article](interaction, idParts, deps) {
      const articleId = idParts.join(':');
      const scope = scopeOf(interaction.guildId);
      if (!deps.engine.article(articleId, scope)) return void (await replyNotice(interaction, 'That article is no longer in the knowledge base.'));
      const question = questionText(interaction.fields.getTextInputValue('question'));
      await respond(interaction, async () => {
        const result = await deps.engine.answer(question, { top: FETCHED, articleId, scope });
        deps.sessions.set(interaction.id, { question, articleId });
        return renderAsk(result, 0, interaction.id);
      }, { deferAfterMs: deps.deferAfterMs });
    },
  },
} satisfies Command;
