import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Digest } from '../../src/digest/digest.js';
import { ChannelUnavailable, cronOf, DigestScheduler, nextRun, pauseOf, type DigestOutlet } from '../../src/jobs/scheduler.js';
import { Engine } from '../../src/engine/answers.js';
import { createLogger } from '../../src/logger.js';
import { openDatabase, type Db } from '../../src/state/db.js';
import { SqliteSql } from '../../src/state/sql.js';
import { DigestRepository } from '../../src/state/digests.js';
import { article, tempFolder } from '../fixtures.js';

const GUILD = '1123456789012345678';
const NEWS = '1134567890123456789';
const OTHER = '1134567890123456790';

describe('why a schedule is paused', () => {
  const paused = { pausedAt: '2026-11-28T08:00:05.000Z', channelId: NEWS };
  it('reads the two sentences stored before pause reasons were codes as their codes', () => {
    expect(pauseOf({ ...paused, pausedReason: 'the channel no longer exists' })).toEqual({ code: 'digest_channel_gone', channel: NEWS });
    expect(pauseOf({ ...paused, pausedReason: 'Pilcrow may not post in the channel' })).toEqual({ code: 'digest_forbidden', channel: NEWS });
  });

  it('is nothing for a schedule that runs, and a stored code read back otherwise', () => {
    expect(pauseOf({ pausedAt: null, pausedReason: null, channelId: NEWS })).toBeNull();
    expect(pauseOf({ ...paused, pausedReason: '{"code":"digest_forbidden","channel":"1134567890123456789"}' })).toEqual({ code: 'digest_forbidden', channel: NEWS });
  });
});

describe('schedules', () => {
  it('names what is wrong with a time, days or a time zone by a code, with the part as typed', () => {
    expect(cronOf({ time: '25:00' })).toMatchObject({ ok: false, error: { code: 'bad_time', typed: '25:00' } });
    expect(cronOf({ time: '8am' })).toMatchObject({ ok: false, error: { code: 'bad_time', typed: '8am' } });
    expect(cronOf({ time: '08:00', timezone: 'Europe/Londn' })).toMatchObject({ ok: false, error: { code: 'bad_timezone', typed: 'Europe/Londn' } });
    expect(cronOf({ time: '08:00', days: 'someday' })).toMatchObject({ ok: false, error: { code: 'bad_days', typed: 'someday' } });
    expect(cronOf({ time: '08:00', timezone: 'x'.repeat(100) })).toMatchObject({ ok: false, error: { code: 'bad_timezone', typed: 'x'.repeat(40) } });
    expect(cronOf({ time: '8:05', days: 'mon,wed,fri', timezone: 'Europe/Paris' })).toMatchObject({ ok: true, value: { cron: '5 8 * * 1,3,5', time: '08:05' } });
  });

  it('keeps the local time across daylight-saving changes', () => {
    const s = { time: '08:30', days: 'daily', timezone: 'Europe/London' };
    // The clocks go forward on 29 March 2026 and back on 25 October 2026.
    expect(nextRun(s, new Date('2026-03-28T12:00:00Z')).toISOString()).toBe('2026-03-29T07:30:00.000Z');
    expect(nextRun(s, new Date('2026-03-27T12:00:00Z')).toISOString()).toBe('2026-03-28T08:30:00.000Z');
    expect(nextRun(s, new Date('2026-10-25T00:00:00Z')).toISOString()).toBe('2026-10-25T08:30:00.000Z');
    expect(nextRun({ ...s, days: 'mon-fri' }, new Date('2026-11-27T09:00:00Z')).toISOString()).toBe('2026-11-30T08:30:00.000Z');
  });
});

/** An outlet that behaves as Discord does with enforce_nonce: a repeated nonce adds no message. */
class MemoryOutlet implements DigestOutlet<string> {
  readonly channels = new Map<string, { nonce: string; text: string }[]>();
  failAfter: number | null = null;
  unavailable = new Map<string, 'gone' | 'forbidden'>();
  posts = 0;
  render(digest: Digest): string[] {
    return digest.articles.map((a) => a.title);
  }
  async post(channelId: string, message: string, nonce: string): Promise<void> {
    const reason = this.unavailable.get(channelId);
    if (reason) throw new ChannelUnavailable(reason, 'unavailable');
    this.posts++;
    const list = this.channels.get(channelId) ?? [];
    if (!list.some((m) => m.nonce === nonce)) list.push({ nonce, text: message });
    this.channels.set(channelId, list);
    // A crash after Discord took the message and before the send was recorded.
    if (this.failAfter !== null && this.posts >= this.failAfter) throw new Error('connection lost');
  }
}

describe('the digest scheduler', () => {
  let t: ReturnType<typeof tempFolder>;
  let db: Db;
  let engine: Engine;
  let outlet: MemoryOutlet;
  const clock = { now: new Date('2026-11-28T07:00:00Z') };
  const make = () => new DigestScheduler({ repo: new DigestRepository(new SqliteSql(db)), engine, outlet, log: createLogger('silent'), clock: () => clock.now });
  const add = (id: string, title: string, minutesAgo: number) =>
    engine.store.put(article(id, `${title}\n\nThe ${title.toLowerCase()} story was reported on ${id}, the council said on Monday.\n\nMore details will follow later this week, officials said.`), GUILD, new Date(clock.now.getTime() - minutesAgo * 60_000));

  beforeEach(() => {
    t = tempFolder({});
    db = openDatabase(join(t.dir, 'data'));
    engine = new Engine([], { meaning: null });
    outlet = new MemoryOutlet();
    clock.now = new Date('2026-11-28T07:00:00Z');
  });
  afterEach(() => {
    db.close();
    t.cleanup();
  });

  it('posts everything the first time, then only what is new, and nothing when nothing is', async () => {
    add('a1', 'Bridge approved', 60);
    add('a2', 'Strike called', 30);
    const s = make();
    expect(await s.schedule(GUILD, NEWS, { time: '08:00', timezone: 'Europe/London' }, null)).toMatchObject({ ok: true, value: { nextRunAt: '2026-11-28T08:00:00.000Z' } });
    clock.now = new Date('2026-11-28T08:00:05Z');
    await s.runDue();
    expect(outlet.channels.get(NEWS)!.map((m) => m.text)).toEqual(['Strike called', 'Bridge approved']);
    clock.now = new Date('2026-11-29T08:00:05Z');
    add('a3', 'Museum reopens', 10);
    await s.runDue();
    expect(outlet.channels.get(NEWS)!.map((m) => m.text)).toEqual(['Strike called', 'Bridge approved', 'Museum reopens']);
    clock.now = new Date('2026-11-30T08:00:05Z');
    await s.runDue();
    expect(outlet.channels.get(NEWS)).toHaveLength(3);
  });

  it('posts a digest that fell due while it was down once, not once per missed day', async () => {
    add('a1', 'Bridge approved', 60);
    await make().schedule(GUILD, NEWS, { time: '08:00' }, null);
    clock.now = new Date('2026-12-01T12:00:00Z');
    const s = make();
    expect(await s.runDue()).toBe(1);
    expect(outlet.channels.get(NEWS)).toHaveLength(1);
    expect(await s.runDue()).toBe(0);
    expect((await new DigestRepository(new SqliteSql(db)).scheduleOf(NEWS))!.nextRunAt).toBe('2026-12-02T08:00:00.000Z');
  });

  it('never shows a message twice after a crash between posting it and recording it', async () => {
    for (let k = 0; k < 3; k++) add(`a${k}`, `Story ${k}`, 60 - k);
    await make().schedule(GUILD, NEWS, { time: '08:00' }, null);
    clock.now = new Date('2026-11-28T08:00:05Z');
    outlet.failAfter = 2; // the second message reaches Discord, then the connection drops
    await make().runDue();
    expect(outlet.channels.get(NEWS)).toHaveLength(2);
    // Restart: the send is finished with the same nonces; Discord drops the repeated one.
    outlet.failAfter = null;
    clock.now = new Date('2026-11-28T08:05:00Z');
    await make().runDue();
    expect(outlet.channels.get(NEWS)!.map((m) => m.text)).toEqual(['Story 2', 'Story 1', 'Story 0']);
    expect(outlet.posts).toBe(4);
    await make().runDue();
    expect(outlet.channels.get(NEWS)).toHaveLength(3);
  });

  it('pauses the schedule of a channel where it lost permission, saying so', async () => {
    add('a1', 'Bridge approved', 60);
    const s = make();
    await s.schedule(GUILD, NEWS, { time: '08:00' }, null);
    outlet.unavailable.set(NEWS, 'forbidden');
    clock.now = new Date('2026-11-28T08:00:05Z');
    await s.runDue();
    expect((await s.status(GUILD))[0]!.paused).toEqual({ code: 'digest_forbidden', channel: NEWS });
    // A paused schedule is not run again until it is set anew.
    clock.now = new Date('2026-11-30T08:00:05Z');
    expect(await s.runDue()).toBe(0);
  });

  it('pauses the schedule of a deleted channel, with the reason, and carries on with the others', async () => {
    add('a1', 'Bridge approved', 60);
    const s = make();
    await s.schedule(GUILD, NEWS, { time: '08:00' }, null);
    await s.schedule(GUILD, OTHER, { time: '08:00' }, null);
    outlet.unavailable.set(NEWS, 'gone');
    clock.now = new Date('2026-11-28T08:00:05Z');
    await s.runDue();
    const status = await s.status(GUILD);
    expect(status.find((x) => x.schedule.channelId === NEWS)!.paused).toEqual({ code: 'digest_channel_gone', channel: NEWS });
    expect(status.find((x) => x.schedule.channelId === OTHER)!.paused).toBeNull();
    expect(outlet.channels.get(OTHER)).toHaveLength(1);
    clock.now = new Date('2026-11-29T08:00:05Z');
    add('a2', 'Strike called', 1);
    await s.runDue();
    expect(outlet.channels.get(OTHER)).toHaveLength(2);
    expect(outlet.channels.get(NEWS)).toBeUndefined();
  });
});
