import { SlashCommandBuilder } from 'discord.js';
import { replyPaged } from '../src/discord/paginate.js';
import { renderSourcesPages } from '../src/discord/render-answers.js';
import { scopeOf } from '../src/model/scope.js';
import type { Command } from '../src/discord/command.js';

/** /sources: the articles this server sees (shared and its own) with their dates and paragraph counts; a listing, private, paged in place. */
export const sources = {
  data: new SlashCommandBuilder().setName('sources').setDescription('List the articles Pilcrow answers from').toJSON(),
  cooldown: false,
  async execute(interaction, deps) {
    await replyPaged(interaction, deps, async () => renderSourcesPages(deps.engine.articlesIn(scopeOf(interaction.guildId))));
  },
} satisfies Command;
