import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/answers.js';
import { APP_ID } from '../fake-discord/server.js';
import { article, SEED_ID, SEED_TEXT } from '../fixtures.js';
import { bodyOf, startHarness, type Harness } from './harness.js';
import { humanValueBreaches, repliesOf, visibleText } from './human.js';

type Embed = { title?: string; url?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] };
type Button = { custom_id?: string; label: string; style: number; url?: string; disabled?: boolean };
type Reply = { body: unknown };
/** The message of an interaction callback (type 4 reply, 7 update), or of a follow-up or edit. */
const messageOf = (r: Reply) => ((r.body as { data?: unknown }).data ?? r.body) as { embeds: Embed[]; components?: { components: Button[] }[]; flags?: number };
const embedOf = (r: Reply) => messageOf(r).embeds[0]!;
const buttonsOf = (r: Reply) => (messageOf(r).components ?? []).flatMap((row) => row.components);
const isPrivate = (r: Reply) => ((messageOf(r).flags ?? 0) & 64) === 64;
const pageLabel = (r: Reply) => buttonsOf(r).find((b) => /^Page \d+\/\d+$/.test(b.label))?.label;
const ADDRESS = 'https://news.example/world/trump-putin-summit';

/** The seed article as read from its web page: with a web address, so that its citations link to it. */
const webEngine = () => new Engine([article(SEED_ID, `---\nsource: ${ADDRESS}\n---\n${SEED_TEXT}`)]);

describe('replies: content public, noise private, links to the sentence, paging in place', () => {
  let h: Harness;
  beforeAll(async () => {
    // These tests read the replies' shape: on a busy machine a slow answer would be deferred (type 5, then an
    // edit), which the deferral tests below and ask.e2e check; here every reply is a direct one.
    h = await startHarness({ engine: webEngine(), deferAfterMs: 60_000 });
  });
  afterAll(async () => h?.close());

  it('answers publicly with one answer on top, cited "¶5 · Title" once and linked to the sentence with a text fragment', async () => {
    const { id } = h.fake.command('ask', { question: 'where is the summit' });
    const reply = await h.fake.callback(id);
    expect(bodyOf(reply).type).toBe(4);
    expect(isPrivate(reply)).toBe(false);
    const embed = embedOf(reply);
    const link = `${ADDRESS}#:~:text=Previous%20reports%20have%20named%20Vienna%20and%20Helsinki%20as%20locations%20for%20the%20summit.`;
    expect(embed.description).toBe(`> Previous reports have named Vienna and Helsinki as locations for the **summit**.\n— [¶5 · Donald Trump to hold summit with Vladimir Putin](${link})`);
    expect(embed.url).toBe(link);
    const open = buttonsOf(reply).find((b) => b.label === 'Open article')!;
    expect(open).toMatchObject({ style: 5, url: link });
    expect(buttonsOf(reply).map((b) => b.label)).toEqual(['Show ¶5', 'Open article', expect.stringMatching(/^More results \(\d+\)$/)]);
  });

  it('bolds only the question\'s own words, and their corrected forms', async () => {
    const { id } = h.fake.command('ask', { question: 'wher is the sumit' });
    const description = embedOf(await h.fake.callback(id)).description!;
    const bold = [...description.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1]!.toLowerCase());
    expect(bold).toContain('summit');
    for (const word of bold) expect(['summit', 'summits', 'wher', 'where']).toContain(word);
  });

  it('shows "not covered" to the asker only', async () => {
    const { id } = h.fake.command('ask', { question: 'best pizza in Naples' });
    const reply = await h.fake.callback(id);
    expect(isPrivate(reply)).toBe(true);
    expect(embedOf(reply).title).toBe('Not covered: best pizza in Naples');
  });

  it('shows "not sure" to the asker only, and its Share button posts it for everyone', async () => {
    const { id } = h.fake.command('ask', { question: 'what is the weather in Helsinki' });
    const reply = await h.fake.callback(id);
    expect(embedOf(reply).title).toBe('Not sure: what is the weather in Helsinki');
    expect(isPrivate(reply)).toBe(true);
    const share = buttonsOf(reply).find((b) => b.label === 'Share')!;
    expect(share.custom_id).toBe(`share:${id}`);
    const click = h.fake.button(share.custom_id!, undefined, messageOf(reply).components);
    // The private reply loses its Share button at once (an update of that message)...
    const updated = await h.fake.callback(click.id);
    expect(bodyOf(updated).type).toBe(7);
    expect(buttonsOf(updated).map((b) => b.label)).not.toContain('Share');
    expect(buttonsOf(updated).length).toBeGreaterThan(0);
    // ...and the reply is posted for everyone, once.
    const shared = await h.fake.followUp(click.token);
    expect(isPrivate(shared)).toBe(false);
    expect(embedOf(shared).title).toBe('Not sure: what is the weather in Helsinki');
    expect(embedOf(shared).footer!.text).toContain('Shared by Reader');
    expect(buttonsOf(shared).map((b) => b.label)).not.toContain('Share');
    // Pressed again (a stale copy of the message): told so privately, nothing posted.
    const again = h.fake.button(share.custom_id!, undefined, messageOf(reply).components);
    const refused = await h.fake.callback(again.id);
    expect(isPrivate(refused)).toBe(true);
    expect(embedOf(refused).description).toBe('This reply has already been shared.');
    // Nothing posted once the second press has been handled.
    await expect.poll(() => h.logs.lines.some((l) => l.msg === 'answered' && l.interactionId === again.id), { timeout: 10_000 }).toBe(true);
    expect(h.fake.requests.filter((r) => r.path.startsWith('/webhooks/') && r.path.includes(again.token))).toHaveLength(0);
  });

  it('answers an empty question, or one of mentions only, with a short private hint, never "Not sure: "', async () => {
    for (const question of ['   ', '<@1145678901234567890> @everyone']) {
      const reply = await h.fake.callback(h.fake.command('ask', { question }).id);
      expect(isPrivate(reply)).toBe(true);
      expect(embedOf(reply).title).toBeUndefined();
      expect(embedOf(reply).description).toContain('Ask a question about the articles');
    }
  });

  it('pages "More results" in one private message: ◀ ▶ edit it in place, "Page 2/3", never a new message', async () => {
    const { id } = h.fake.command('ask', { question: 'Putin' });
    const more = buttonsOf(await h.fake.callback(id)).find((b) => b.label.startsWith('More results'))!;
    const open = h.fake.button(more.custom_id!);
    const first = await h.fake.callback(open.id);
    expect(isPrivate(first)).toBe(true);
    const [, count] = /^Page 2\/(\d+)$/.exec(pageLabel(first)!)!;
    expect(Number(count)).toBeGreaterThanOrEqual(3);
    const next = buttonsOf(first).find((b) => b.label === '▶')!;
    const click = h.fake.button(next.custom_id!);
    const edited = await h.fake.callback(click.id);
    // Type 7: UPDATE_MESSAGE, the message the button is on is edited; no reply, no follow-up.
    expect(bodyOf(edited).type).toBe(7);
    expect(pageLabel(edited)).toBe(`Page 3/${count}`);
    expect(embedOf(edited).footer!.text).toMatch(/^Results? 5/);
    const back = h.fake.button(buttonsOf(edited).find((b) => b.label === '◀')!.custom_id!);
    expect(pageLabel(await h.fake.callback(back.id))).toBe(`Page 2/${count}`);
    expect(h.fake.requests.some((r) => r.method === 'POST' && (r.path === `/webhooks/${APP_ID}/${click.token}` || r.path === `/webhooks/${APP_ID}/${back.token}`))).toBe(false);
  });

  it('the last page\'s ▶ and the first page\'s ◀ are off: the end is said, never a silent cut', async () => {
    const { id } = h.fake.command('facts', { name: 'Bolton' });
    const reply = await h.fake.callback(id);
    expect(isPrivate(reply)).toBe(true);
    expect(pageLabel(reply)).toBe('Page 1/2');
    expect(buttonsOf(reply).find((b) => b.label === '◀')!.disabled).toBe(true);
    const last = await h.fake.callback(h.fake.button(buttonsOf(reply).find((b) => b.label === '▶')!.custom_id!).id);
    expect(bodyOf(last).type).toBe(7);
    expect(pageLabel(last)).toBe('Page 2/2');
    expect(buttonsOf(last).find((b) => b.label === '▶')!.disabled).toBe(true);
    expect(embedOf(last).fields!.find((f) => f.name === 'Mentioned (9)')!.value.split('\n')).toHaveLength(3);
  });

  it('/quote posts the quotations publicly, linked to the words on the page, and its "N more" opens the paginator', async () => {
    const { id } = h.fake.command('quote', { who: 'puttin' });
    const reply = await h.fake.callback(id, 10_000);
    expect(isPrivate(reply)).toBe(false);
    expect(embedOf(reply).description).toContain(`· [¶13 · Donald Trump to hold summit with Vladimir Putin](${ADDRESS}#:~:text=Russia%20did%20not%20meddle`);
    expect(buttonsOf(reply)).toEqual([]);
    // John Bolton is quoted nine times: five on the public page, "4 more" behind the button.
    const bolton = await h.fake.callback(h.fake.command('quote', { who: 'Bolton' }).id, 10_000);
    expect(isPrivate(bolton)).toBe(false);
    expect(embedOf(bolton).footer!.text).toBe('Quotations 1-5 of 9');
    const more = buttonsOf(bolton).find((b) => b.label === '4 more')!;
    const pager = await h.fake.callback(h.fake.button(more.custom_id!).id);
    expect(isPrivate(pager)).toBe(true);
    expect(pageLabel(pager)).toBe('Page 2/2');
    expect(embedOf(pager).footer!.text).toBe('Quotations 6-9 of 9');
  });

  it('lists /sources and /facts privately', async () => {
    const sources = await h.fake.callback(h.fake.command('sources').id);
    expect(isPrivate(sources)).toBe(true);
    expect(embedOf(sources).description).toBe(`• **[Donald Trump to hold summit with Vladimir Putin](${ADDRESS})**: 17 paragraphs, 3 photo captions`);
    const overview = await h.fake.callback(h.fake.command('facts').id);
    expect(isPrivate(overview)).toBe(true);
  });
  it('never shows a member a raw ISO date, an internal id, a library\'s error text, a machine address or a wrong plural', () => {
    const ids = [SEED_ID];
    const breaches = repliesOf(h.fake.requests).flatMap((r) => humanValueBreaches(visibleText(r.body), ids).map((b) => `${r.method} ${r.path.replace(/\/[\w-]{40,}/, '/…')}: ${b}`));
    expect(breaches).toEqual([]);
  });
});

describe('replies from the knowledge folder and slow answers', () => {
  let h: Harness | undefined;
  afterAll(async () => h?.close());

  it('shows no link for an article without a web address, and a deferred "not covered" ends private', async () => {
    h = await startHarness({ deferAfterMs: 0 });
    const answered = h.fake.command('ask', { question: 'where is the summit' });
    expect(bodyOf(await h.fake.callback(answered.id)).type).toBe(5);
    const answer = await h.fake.edit(answered.token);
    expect(embedOf(answer).description).toContain('— ¶5 · Donald Trump to hold summit with Vladimir Putin');
    expect(embedOf(answer).description).not.toContain('](');
    expect(embedOf(answer).url).toBeUndefined();
    expect(buttonsOf(answer).map((b) => b.label)).not.toContain('Open article');

    const uncovered = h.fake.command('ask', { question: 'best pizza in Naples' });
    expect(bodyOf(await h.fake.callback(uncovered.id)).type).toBe(5);
    // The public "thinking…" cannot turn private: it is deleted, and the reply follows privately.
    const reply = await h.fake.followUp(uncovered.token);
    expect(isPrivate(reply)).toBe(true);
    expect(embedOf(reply).title).toBe('Not covered: best pizza in Naples');
    expect(h.fake.requests.some((r) => r.method === 'DELETE' && r.path === `/webhooks/${APP_ID}/${uncovered.token}/messages/@original`)).toBe(true);
  });
});
