import { SlashCommandBuilder } from 'discord.js';
import { renderSources } from '../src/discord/render.js';
import { scopeOf } from '../src/store/scope.js';
import type { Command } from '../src/discord/command.js';

/** /sources: the articles this server sees (shared and its own) with their dates and paragraph counts. */
export const sources = {
  data: new SlashCommandBuilder().setName('sources').setDescription('List the articles Pilcrow answers from').toJSON(),
  cooldown: true,
  async execute(interaction, deps) {
    await interaction.reply(renderSources(deps.engine.articlesIn(scopeOf(interaction.guildId))));
  },
} satisfies Command;
