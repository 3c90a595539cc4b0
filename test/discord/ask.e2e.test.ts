import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('/ask through the real discord.js client', () => {
  it('logs in with the Guilds intent only', () => {
    const identify = h.fake.gatewayOps.find((o) => o.op === 2)!.d as { intents: number };
    expect(identify.intents).toBe(1);
  });

  it('replies with the quoted answer, the matched words in bold and the ¶ citation', async () => {
    const { id } = h.fake.command('ask', { question: 'where is the summit' });
    const reply = bodyOf(await h.fake.callback(id));
    expect(reply.type).toBe(4);
    const embed = (reply.data.embeds as { description: string; title: string }[])[0]!;
    expect(embed.title).toBe('where is the summit');
    expect(embed.description).toMatch(/Previous reports have named Vienna and Helsinki as locations for the \*\*summit\*\*\./);
    expect(embed.description).toContain('— ¶5 · Donald Trump to hold summit with Vladimir Putin');
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers "who is X" from the facts card, opening with the role, cited', async () => {
    type Embed = { description: string; title: string; footer: { text: string } };
    const { id, token } = h.fake.command('ask', { question: 'who is John Bolton' });
    const reply = bodyOf(await h.fake.callback(id, 15_000));
    // The card needs the quotation book, read in worker threads: a first answer may be deferred, then edited in.
    const embed = reply.type === 5 ? ((await h.fake.edit(token, 20_000)).body as { embeds: Embed[] }).embeds[0]! : (reply.data.embeds as Embed[])[0]!;
    expect(embed.title).toBe('who is John Bolton');
    expect(embed.description).toMatch(/^\*\*John Bolton, US national security adviser:\*\*\n\n> /);
    expect(embed.description).toContain('— ¶3 · Donald Trump to hold summit with Vladimir Putin');
    expect(embed.footer.text).toContain('From the facts about them');
  }, 30_000);

  it('says "not covered" for a question the articles do not cover, with no passage', async () => {
    const { id } = h.fake.command('ask', { question: 'banana bread recipe' });
    const embed = (bodyOf(await h.fake.callback(id)).data.embeds as { description: string; title: string }[])[0]!;
    expect(embed.title).toBe('Not covered: banana bread recipe');
    expect(embed.description).toMatch(/^\*\*The articles do not cover this\.\*\*/);
  });
});
