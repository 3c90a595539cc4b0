import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import { truncate } from '../src/discord/render.js';
import { LIMITS } from '../src/discord/limits.js';
import type { Article } from '../src/model/article.js';

/**
 * Autocomplete choices for an `article` option, from the articles the engine found for what the
 * member typed (`engine.findArticles`, typo-tolerant, within the server's scope): at most 25, names
 * cut to 100 characters; ids too long for a choice value are left out. Never throws.
 */
export function articleChoices(articles: readonly Article[]): ApplicationCommandOptionChoiceData<string>[] {
  return articles
    .filter((a) => a.id.length <= LIMITS.choiceValue)
    .slice(0, LIMITS.autocompleteChoices)
    .map((a) => ({ name: truncate(a.title, LIMITS.choiceName) || a.id, value: a.id }));
}
