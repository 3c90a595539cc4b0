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
});
