import { SlashCommandBuilder } from 'discord.js';
import { renderSources } from '../src/discord/render.js';
import type { Command } from './types.js';

/** /sources: the articles in the knowledge base with their dates and paragraph counts. */
export const sources = {
  data: new SlashCommandBuilder().setName('sources').setDescription('List the articles Pilcrow answers from').toJSON(),
  cooldown: true,
  async execute(interaction, deps) {
    await interaction.reply(renderSources(deps.engine.articles));
  },
} satisfies Command;
