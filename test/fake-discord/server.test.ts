import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { APP_ID, CHANNEL_ID, CHANNEL_TYPE, FAKE_TOKEN, FakeDiscord, PERMISSION, REQUIRE_TAG, snowflake } from './server.js';

let fake: FakeDiscord;
beforeEach(async () => {
  fake = await new FakeDiscord().start();
});
afterEach(async () => fake.stop());

const auth = { authorization: `Bot ${FAKE_TOKEN}` };

/** A raw gateway client: connects, collects payloads, sends ops. */
async function gateway(): Promise<{ ws: WebSocket; got: { op: number; t?: string; s?: number; d: Record<string, unknown> }[]; next: (t: string) => Promise<Record<string, unknown>> }> {
  const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
  const got: { op: number; t?: string; s?: number; d: Record<string, unknown> }[] = [];
  ws.on('message', (m) => got.push(JSON.parse(m.toString())));
  await new Promise((r) => ws.once('open', r));
  /** The first payload of type `t` (or HELLO), already received or the next to come. */
  const next = (t: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const check = () => {
        const hit = got.find((p) => p.t === t || (t === 'HELLO' && p.op === 10));
        if (!hit) return;
        ws.off('message', check);
        resolve(hit.d);
      };
      // Listeners run in order: this one after the collector above has pushed the payload.
      ws.on('message', check);
      check();
    });
  return { ws, got, next };
}

describe('FakeDiscord', () => {
  it('uses 19-digit snowflake ids', () => {
    expect(snowflake()).toMatch(/^\d{19}$/);
    expect(snowflake()).not.toBe(snowflake());
  });

  it('serves /gateway/bot with its WebSocket address and rejects a wrong token with 401', async () => {
    const ok = await fetch(`${fake.apiUrl}/v10/gateway/bot`, { headers: auth });
    expect(((await ok.json()) as { url: string }).url).toBe(fake.gatewayUrl);
    const bad = await fetch(`${fake.apiUrl}/v10/gateway/bot`, { headers: { authorization: 'Bot nope' } });
    expect(bad.status).toBe(401);
  });

  it('says HELLO, answers IDENTIFY with READY then GUILD_CREATE, and acknowledges heartbeats', async () => {
    const g = await gateway();
    expect((await g.next('HELLO')).heartbeat_interval).toBe(41_250);
    g.ws.send(JSON.stringify({ op: 2, d: { token: FAKE_TOKEN, intents: 1, properties: {} } }));
    const ready = await g.next('READY');
    expect(ready).toMatchObject({ v: 10, application: { id: APP_ID }, shard: [0, 1] });
    expect(typeof ready.resume_gateway_url).toBe('string');
    await g.next('GUILD_CREATE');
    g.ws.send(JSON.stringify({ op: 1, d: 2 }));
    await expect.poll(() => g.got.some((p) => p.op === 11)).toBe(true);
    g.ws.close();
  });

  it('closes with 4004 on a bad token', async () => {
    const g = await gateway();
    const closed = new Promise<number>((r) => g.ws.once('close', (code) => r(code)));
    g.ws.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: 1, properties: {} } }));
    expect(await closed).toBe(4004);
  });

  it('replays missed dispatches on RESUME, then sends RESUMED', async () => {
    const g = await gateway();
    g.ws.send(JSON.stringify({ op: 2, d: { token: FAKE_TOKEN, intents: 1, properties: {} } }));
    const ready = await g.next('READY');
    await g.next('GUILD_CREATE');
    const lastSeen = Math.max(...g.got.map((p) => p.s ?? 0));
    fake.drop(4000);
    const { id } = fake.command('ask', { question: 'missed' });
    const again = await gateway();
    again.ws.send(JSON.stringify({ op: 6, d: { token: FAKE_TOKEN, session_id: ready.session_id, seq: lastSeen } }));
    const replayed = await again.next('INTERACTION_CREATE');
    expect(replayed.id).toBe(id);
    await again.next('RESUMED');
    expect(fake.resumes).toBe(1);
    again.ws.close();
  });

  it('injects a fault the given number of times, then answers normally', async () => {
    fake.inject({ method: 'POST', path: /callback$/, status: 429, headers: { 'retry-after': '2' }, times: 1 });
    const url = `${fake.apiUrl}/v10/interactions/123/tok/callback`;
    const first = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":4}' });
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '2']);
    const second = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":4}' });
    expect(second.status).toBe(204);
    expect(fake.requests.map((r) => r.body)).toEqual([{ type: 4 }, { type: 4 }]);
  });

  it('decodes @original in webhook paths and records bulk command registration', async () => {
    await fetch(`${fake.apiUrl}/v10/webhooks/${APP_ID}/tok/messages/%40original`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"content":"x"}' });
    expect((await fake.edit('tok')).body).toEqual({ content: 'x' });
    const put = await fetch(`${fake.apiUrl}/v10/applications/${APP_ID}/commands`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: '[{"name":"ask","description":"d"}]' });
    expect(((await put.json()) as { name: string; id: string }[])[0]).toMatchObject({ name: 'ask', id: expect.stringMatching(/^\d{19}$/) });
    expect(fake.commands.get('global')).toHaveLength(1);
  });

  describe('threads and forums', () => {
    const post = (path: string, body: unknown) => fetch(`${fake.apiUrl}/v10${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = async (r: Response) => (await r.json()) as Record<string, unknown>;

    it('opens a thread on a message (its id the message\'s), enforcing the name length, archive durations and Create Public Threads', async () => {
      const message = await json(await post(`/channels/${CHANNEL_ID}/messages`, { content: 'news' }));
      const long = await post(`/channels/${CHANNEL_ID}/messages/${String(message.id)}/threads`, { name: 'x'.repeat(101) });
      expect([long.status, (await json(long)).code]).toEqual([400, 50035]);
      const badArchive = await post(`/channels/${CHANNEL_ID}/messages/${String(message.id)}/threads`, { name: 'ok', auto_archive_duration: 30 });
      expect(badArchive.status).toBe(400);
      fake.deny(CHANNEL_ID, PERMISSION.CreatePublicThreads);
      const denied = await post(`/channels/${CHANNEL_ID}/messages/${String(message.id)}/threads`, { name: 'ok' });
      expect([denied.status, (await json(denied)).code]).toEqual([403, 50013]);
      fake.denied.clear();
      const made = await post(`/channels/${CHANNEL_ID}/messages/${String(message.id)}/threads`, { name: 'x'.repeat(100), auto_archive_duration: 4320 });
      expect(made.status).toBe(201);
      const thread = await json(made);
      expect(thread).toMatchObject({ id: message.id, type: CHANNEL_TYPE.publicThread, parent_id: CHANNEL_ID, thread_metadata: { auto_archive_duration: 4320, archived: false } });
      const again = await post(`/channels/${CHANNEL_ID}/messages/${String(message.id)}/threads`, { name: 'again' });
      expect((await json(again)).code).toBe(160004);
      // Posting in the thread needs Send Messages in Threads.
      fake.deny(CHANNEL_ID, PERMISSION.SendMessagesInThreads);
      expect((await json(await post(`/channels/${String(thread.id)}/messages`, { content: 'hi' }))).code).toBe(50013);
      fake.denied.clear();
      expect((await post(`/channels/${String(thread.id)}/messages`, { content: 'hi' })).status).toBe(200);
      const unknown = await post(`/channels/${CHANNEL_ID}/messages/${snowflake()}/threads`, { name: 'ok' });
      expect((await json(unknown)).code).toBe(10008);
    });

    it('makes forum posts with tags from the forum\'s available_tags, and refuses plain messages in a forum', async () => {
      const forum = fake.addChannel({ type: CHANNEL_TYPE.forum, name: 'stories', tags: ['BBC', 'Local News'] });
      const got = await json(await fetch(`${fake.apiUrl}/v10/channels/${forum.id}`, { headers: auth }));
      expect(got.available_tags).toEqual([expect.objectContaining({ name: 'BBC' }), expect.objectContaining({ name: 'Local News' })]);
      const tag = forum.available_tags![1]!.id;
      expect((await post(`/channels/${forum.id}/messages`, { content: 'x' })).status).toBe(400);
      expect((await post(`/channels/${forum.id}/threads`, { name: 'no message' })).status).toBe(400);
      expect((await post(`/channels/${forum.id}/threads`, { name: 'bad tag', message: { content: 'x' }, applied_tags: [snowflake()] })).status).toBe(400);
      fake.deny(forum.id, PERMISSION.SendMessages);
      expect((await json(await post(`/channels/${forum.id}/threads`, { name: 'denied', message: { content: 'x' } }))).code).toBe(50013);
      fake.denied.clear();
      const made = await json(await post(`/channels/${forum.id}/threads`, { name: 'A story', message: { content: 'card' }, applied_tags: [tag], auto_archive_duration: 1440 }));
      expect(made).toMatchObject({ type: CHANNEL_TYPE.publicThread, parent_id: forum.id, applied_tags: [tag], message: { id: made.id, channel_id: made.id, content: 'card' } });
      expect(fake.threads.map((t) => t.id)).toEqual([made.id]);
      const strict = fake.addChannel({ type: CHANNEL_TYPE.forum, name: 'tagged', tags: ['A'], flags: REQUIRE_TAG });
      expect((await json(await post(`/channels/${strict.id}/threads`, { name: 'untagged', message: { content: 'x' } }))).code).toBe(40067);
    });

    it('answers 10003 Unknown Channel for a deleted thread or forum', async () => {
      const forum = fake.addChannel({ type: CHANNEL_TYPE.forum, name: 'stories' });
      fake.deleteChannel(forum.id);
      expect((await json(await fetch(`${fake.apiUrl}/v10/channels/${forum.id}`, { headers: auth }))).code).toBe(10003);
      expect((await json(await post(`/channels/${forum.id}/threads`, { name: 'x', message: { content: 'x' } }))).code).toBe(10003);
    });

    it('sends interactions from a thread with the thread as their channel', async () => {
      const g = await gateway();
      g.ws.send(JSON.stringify({ op: 2, d: { token: FAKE_TOKEN, intents: 1, properties: {} } }));
      await g.next('GUILD_CREATE');
      const thread = fake.addChannel({ type: CHANNEL_TYPE.publicThread, name: 'A story', parentId: CHANNEL_ID });
      fake.command('ask', { question: 'where' }, { channelId: thread.id });
      const interaction = await g.next('INTERACTION_CREATE');
      expect(interaction.channel_id).toBe(thread.id);
      expect(interaction.channel).toMatchObject({ id: thread.id, type: 11, parent_id: CHANNEL_ID });
      g.ws.close();
    });
  });
});
