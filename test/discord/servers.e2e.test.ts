import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/answers.js';
import { GUILD_ID, GUILD_ID_2 } from '../fake-discord/server.js';
import { article, seedArticle } from '../fixtures.js';
import { bodyOf, startHarness, type Harness } from './harness.js';

type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[] };
const embedsOf = (r: { body: unknown }) => (bodyOf(r).data.embeds as Embed[] | undefined) ?? [];
const textOf = (r: { body: unknown }) => embedsOf(r).map((e) => `${e.title ?? ''}\n${e.description ?? ''}\n${(e.fields ?? []).map((f) => `${f.name} ${f.value}`).join('\n')}`).join('\n').replaceAll('**', '');
const first = { guildId: GUILD_ID };
const second = { guildId: GUILD_ID_2 };

describe('two servers, each with its own articles, through the real client', () => {
  let h: Harness;
  beforeAll(async () => {
    const engine = new Engine([seedArticle()]);
    engine.store.put(article('parking-appeal', 'Driver loses parking fine appeal\n\nBarry Beavis, 48, lost his case at the Court of Appeal on Thursday.\n\n"This is a disgrace," Mr Beavis said outside the court.'), GUILD_ID);
    engine.store.put(article('imf-forecast', 'Fund cuts growth forecast\n\nThe International Monetary Fund cut its growth forecast for Britain on Tuesday.'), GUILD_ID_2);
    h = await startHarness({ engine });
  });
  afterAll(async () => h?.close());

  it('answers each server from the shared articles and its own', async () => {
    const a = h.fake.command('ask', { question: 'who lost his parking appeal' }, first);
    expect(textOf(await h.fake.callback(a.id))).toContain('Barry Beavis, 48, lost his case');
    const b = h.fake.command('ask', { question: 'what did the fund cut' }, second);
    expect(textOf(await h.fake.callback(b.id))).toContain('cut its growth forecast');
  });

  it('never shows one server the other\'s articles: not in /ask, /sources, autocomplete or /quote', async () => {
    const ask = h.fake.command('ask', { question: 'who lost his parking appeal at the Court of Appeal' }, second);
    expect(textOf(await h.fake.callback(ask.id))).not.toContain('Beavis');

    const sources = h.fake.command('sources', {}, second);
    const listed = textOf(await h.fake.callback(sources.id));
    expect(listed).toContain('Fund cuts growth forecast');
    expect(listed).toContain('Donald Trump to hold summit');
    expect(listed).not.toContain('parking');

    const complete = h.fake.autocomplete('ask', { question: 'x', article: 'parking' }, 'article', second);
    const choices = bodyOf(await h.fake.callback(complete.id)).data.choices as { value: string }[];
    expect(choices.map((c) => c.value)).not.toContain('parking-appeal');
    const mine = h.fake.autocomplete('ask', { question: 'x', article: 'parking' }, 'article', first);
    expect((bodyOf(await h.fake.callback(mine.id)).data.choices as { value: string }[]).map((c) => c.value)).toContain('parking-appeal');

    const quote = h.fake.command('quote', { who: 'Beavis' }, second);
    expect(textOf(await h.fake.callback(quote.id))).not.toContain('disgrace');
    const own = h.fake.command('quote', { who: 'Beavis' }, first);
    expect(textOf(await h.fake.callback(own.id))).toContain('This is a disgrace');
  });

  it('treats the other server\'s article as unknown when named by id or by a paragraph button', async () => {
    const ask = h.fake.command('ask', { question: 'who lost', article: 'parking-appeal' }, second);
    expect(textOf(await h.fake.callback(ask.id))).toContain('I do not know that article');
    const click = h.fake.button('para:p1:parking-appeal', second);
    const shown = textOf(await h.fake.callback(click.id));
    expect(shown).not.toContain('Beavis');
    expect(shown).toContain('no longer in the knowledge base');
  });
});
