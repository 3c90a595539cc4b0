import type { AutocompleteInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { facts } from '../../commands/facts.js';
import { quote } from '../../commands/quote.js';
import type { Deps } from '../../src/discord/command.js';
import type { Entity } from '../../src/nlp/entities.js';

const entity = (name: string, type: Entity['type'], aliases: string[] = []): Entity => ({ name, type, aliases, role: null, gender: null, mentions: [] });
const ENTITIES = [
  entity('Ayşe Yıldırım', 'person', ['Yıldırım']), entity('Łukasz Wróbel', 'person'), entity('Park Seo-yeon', 'person'),
  entity('Zürich', 'place'), entity('Tromsø', 'place'), entity('Saint-Étienne-du-Lac', 'place'), entity('Thursday', 'date'),
];
const deps = {
  engine: { entities: async () => ENTITIES, speakers: async () => ['Ayşe Yıldırım', 'Park Seo-yeon'] },
} as unknown as Deps;

/** What a command's autocomplete offers for this typed text: the choices' values. */
async function offered(command: typeof quote | typeof facts, typed: string): Promise<string[]> {
  let choices: { value: string }[] = [];
  const interaction = {
    guildId: null,
    options: { getFocused: () => typed },
    respond: async (c: { value: string }[]) => {
      choices = c;
    },
  } as unknown as AutocompleteInteraction;
  await command.autocomplete(interaction, deps);
  return choices.map((c) => c.value);
}

describe('/quote who: autocomplete', () => {
  it.each([
    ['yildirim', ['Ayşe Yıldırım']], ['Lukasz Wro', ['Łukasz Wróbel']], ['seoyeon', ['Park Seo-yeon']], ['Park Seo Yeon', ['Park Seo-yeon']],
    ['seo-y', ['Park Seo-yeon']], ['\u200byildirim', ['Ayşe Yıldırım']],
  ])('offers for "%s" %j', async (typed, names) => {
    expect(await offered(quote, typed)).toEqual(names);
  });
});

describe('/facts name: autocomplete', () => {
  it.each([
    ['Tromso', ['Tromsø']], ['zuerich', ['Zürich']], ['Zurich', ['Zürich']], ['saint etienne du lac', ['Saint-Étienne-du-Lac']],
    ['ayse', ['Ayşe Yıldırım']], ['wrobel', ['Łukasz Wróbel']], ['thurs', []],
  ])('offers for "%s" %j', async (typed, names) => {
    expect(await offered(facts, typed)).toEqual(names);
  });
});
