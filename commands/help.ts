import { SlashCommandBuilder } from 'discord.js';
import { COLOURS, fitEmbeds } from '../src/discord/render.js';
import { withFlags } from '../src/discord/respond.js';
import type { Command } from '../src/discord/command.js';

const HELP = [
  'Pilcrow answers questions about the articles in this server’s knowledge base with the articles’ own words. Every answer is a sentence quoted verbatim, with the article and paragraph (¶) it comes from, so you can check it. Ask in your own words: Pilcrow matches words of the same meaning too. When it is not sure, it says so and shows the passages that may answer; when the articles do not cover a question, it says that plainly.',
  '',
  '**Ask**',
  '`/ask question: where is the summit`',
  '`/ask question: who is the national security adviser`',
  '`/ask question: when did Bolton hold his press conference article: …` (pick an article to search only that one)',
  '',
  'Typos are fine (`wher is the sumit`). Questions starting with where, who, when, how many, how much or why look for a place, a person, a date, a number, an amount or a reason; in a question about one article, "he" or "she" means its main person. Use **Show ¶** for the whole paragraph, **Open article** for the page at the quoted sentence and **More results** for the other answers (only you see those). When Pilcrow is not sure, only you see its reply; **Share** posts it for everyone.',
  '',
  '**Quotations and facts**',
  '`/quote who: Putin`: what Putin said (direct quotations first, then reported speech), then what others said about him',
  '`/quote who: sanctions`: quotations with these words; `about:` narrows either',
  '`/facts name: John Bolton`: role, the sentences that mention him, his quotations; `/facts` alone: the main people and places',
  '',
  '**Other commands**',
  '`/sources`: the articles Pilcrow knows here, with their dates and sizes',
  '`/ingest url:` or `/ingest file:`: add an article to this server (needs Manage Server)',
  '`/feed add url:`: follow a news feed; new articles are read within minutes and can be announced in a channel (needs Manage Server)',
  '`/digest now` or `/digest schedule`: the news digest, each story summarised in its own words with ¶ (needs Manage Server)',
  '`/help`: this message',
].join('\n');

/** /help: what Pilcrow does and how to ask, with examples. Only the asker sees it. */
export const help = {
  data: new SlashCommandBuilder().setName('help').setDescription('What Pilcrow does and how to ask it').toJSON(),
  cooldown: false,
  async execute(interaction) {
    await interaction.reply(withFlags({ embeds: fitEmbeds([{ title: 'Pilcrow ¶', description: HELP, color: COLOURS.info }]), components: [], allowedMentions: { parse: [] } }, true));
  },
} satisfies Command;
