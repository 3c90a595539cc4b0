import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { APP_ID, FAKE_TOKEN, FakeDiscord, snowflake } from './server.js';

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
});
