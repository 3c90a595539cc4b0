import { namesMatching, withoutInvisible } from '../src/engine/index.js';
import { SlashCommandBuilder } from 'discord.js';
import { truncate } from '../src/discord/render.js';
import { renderQuotePages } from '../src/discord/render-answers.js';
import { respond, withDeadline } from '../src/discord/respond.js';
import { LIMITS } from '../src/discord/limits.js';
import { articleById, titleOf } from '../src/model/place.js';
import { scopeOf } from '../src/model/scope.js';
import type { Command } from '../src/discord/command.js';

/** /quote who:<name or words> [about:<words>]: what someone said, attributed and cited. */
export const quote = {
  data: new SlashCommandBuilder()
    .setName('quote')
    .setDescription('What someone said in the articles, or quotations with these words')
    .addStringOption((o) => o.setName('who').setDescription('A person (e.g. Putin) or words to find in quotations').setRequired(true).setAutocomplete(true).setMaxLength(200))
    .addStringOption((o) => o.setName('about').setDescription('Only quotations containing these words').setMaxLength(200))
    .toJSON(),
  cooldown: false,

  async execute(interaction, deps) {
    const who = interaction.options.getString('who') ?? '';
    const about = interaction.options.getString('about') ?? '';
    const scope = scopeOf(interaction.guildId);
    const articles = deps.engine.articlesIn(scope);
    const pages = async (key: string | null) => renderQuotePages(await deps.engine.quote(who, about, scope), titleOf(articles), articleById(articles), key);
    // The quotations found are public; "N more" opens the rest in the paginator, privately.
    deps.sessions.set(interaction.id, { pages: () => pages(null) });
    await respond(interaction, async () => (await pages(interaction.id))[0]!, { deferAfterMs: deps.deferAfterMs });
  },

  async autocomplete(interaction, deps) {
    // Names match folded, transliterated and hyphenated or not ("yildirim", "zuerich", "seoyeon"); text
    // pasted from chat apps carries invisible characters inside words: they never decide a match.
    const typed = withoutInvisible(interaction.options.getFocused());
    const scope = scopeOf(interaction.guildId);
    const [speakers, entities] = await withDeadline(Promise.all([deps.engine.speakers(scope), deps.engine.entities(scope)]), LIMITS.autocompleteBudgetMs, [[], []]);
    const people = entities.filter((e) => e.type === 'person').map((e) => e.name);
    const matches = namesMatching(typed);
    const names = [...new Set([...speakers, ...people])].filter(matches);
    await interaction.respond(names.slice(0, LIMITS.autocompleteChoices).map((n) => ({ name: truncate(n, LIMITS.choiceName), value: truncate(n, LIMITS.choiceValue) })));
  },
} satisfies Command;
