import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import Fuse from 'fuse.js';
import { truncate } from '../src/discord/render.js';
import { LIMITS } from '../src/discord/limits.js';
import type { Article } from '../src/knowledge/types.js';

const indexes = new WeakMap<readonly Article[], Fuse<Article>>();

/**
 * Autocomplete choices for an `article` option: the articles whose title or id match what the
 * member typed (typo-tolerant), at most 25, names cut to 100 characters. Never throws.
 */
export function articleChoices(articles: readonly Article[], typed: string): ApplicationCommandOptionChoiceData<string>[] {
  const usable = articles.filter((a) => a.id.length <= LIMITS.choiceValue);
  let matches: readonly Article[];
  if (typed.trim() === '') {
    matches = usable;
  } else {
    let fuse = indexes.get(articles);
    if (!fuse) {
      fuse = new Fuse(usable, { keys: ['title', 'id'], threshold: 0.4, ignoreLocation: true });
      indexes.set(articles, fuse);
    }
    matches = fuse.search(typed.slice(0, 100), { limit: LIMITS.autocompleteChoices }).map((r) => r.item);
  }
  return matches.slice(0, LIMITS.autocompleteChoices).map((a) => ({ name: truncate(a.title, LIMITS.choiceName) || a.id, value: a.id }));
}

