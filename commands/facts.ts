import { namesMatching, withoutInvisible } from '../src/engine/index.js';
import { SlashCommandBuilder } from 'discord.js';
import { renderNotice, truncate } from '../src/discord/render.js';
import { renderFactCardPages, renderFactsOverviewPages } from '../src/discord/render-answers.js';
import { replyPaged } from '../src/discord/paginate.js';
import { withDeadline } from '../src/discord/respond.js';
import { LIMITS } from '../src/discord/limits.js';
import { articleById, titleOf } from '../src/model/place.js';
import { scopeOf } from '../src/model/scope.js';
import type { Command } from '../src/discord/command.js';

/** /facts [name]: a card about a person, place or organisation; without a name, the main ones. Private, paged in place. */
export const facts = {
  data: new SlashCommandBuilder()
    .setName('facts')
    .setDescription('People, places and organisations in the articles, with roles and citations')
    .addStringOption((o) => o.setName('name').setDescription('A person, place or organisation').setAutocomplete(true).setMaxLength(200))
    .toJSON(),
  cooldown: false,

  async execute(interaction, deps) {
    const name = (interaction.options.getString('name') ?? '').trim();
    const scope = scopeOf(interaction.guildId);
    await replyPaged(interaction, deps, async () => {
      if (name === '') return renderFactsOverviewPages(await deps.engine.entities(scope));
      const card = await deps.engine.facts(name, scope);
      const articles = deps.engine.articlesIn(scope);
      return card ? renderFactCardPages(card, titleOf(articles), articleById(articles)) : [renderNotice('The articles say nothing about that name. Try `/facts` without a name for the people and places they cover.')];
    });
  },

  async autocomplete(interaction, deps) {
    // Names match folded, transliterated and hyphenated or not ("yildirim", "zuerich", "seoyeon"); text
    // pasted from chat apps carries invisible characters inside words: they never decide a match.
    const typed = withoutInvisible(interaction.options.getFocused());
    const entities = await withDeadline(deps.engine.entities(scopeOf(interaction.guildId)), LIMITS.autocompleteBudgetMs, []);
    const matches = namesMatching(typed);
    const names = entities.filter((e) => e.type !== 'date' && [e.name, ...e.aliases].some(matches));
    await interaction.respond(names.slice(0, LIMITS.autocompleteChoices).map((e) => ({ name: truncate(`${e.name} (${e.type})`, LIMITS.choiceName), value: truncate(e.name, LIMITS.choiceValue) })));
  },
} satisfies Command;
