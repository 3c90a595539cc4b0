import { servedRows, type Db, type ShardPart } from './db.js';

/** A channel's digest schedule. Times are ISO 8601 (UTC); `time` is local to `timezone`. */
export interface ScheduleRecord {
  readonly channelId: string;
  readonly owner: string;
  readonly time: string;
  readonly days: string;
  readonly timezone: string;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly nextRunAt: string;
  readonly pausedAt: string | null;
  readonly pausedReason: string | null;
}

/** One digest sent (or being sent) to a channel. */
export interface SendRecord {
  readonly id: number;
  readonly channelId: string;
  readonly owner: string;
  readonly slot: string;
  readonly since: string | null;
  readonly upTo: string;
  readonly messages: number;
  readonly sent: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

const schedule = (r: Record<string, unknown>): ScheduleRecord => ({
  channelId: r.channel_id as string,
  owner: r.owner as string,
  time: r.time as string,
  days: r.days as string,
  timezone: r.timezone as string,
  createdBy: r.created_by as string | null,
  createdAt: r.created_at as string,
  nextRunAt: r.next_run_at as string,
  pausedAt: r.paused_at as string | null,
  pausedReason: r.paused_reason as string | null,
});

const send = (r: Record<string, unknown>): SendRecord => ({
  id: r.id as number,
  channelId: r.channel_id as string,
  owner: r.owner as string,
  slot: r.slot as string,
  since: r.since as string | null,
  upTo: r.up_to as string,
  messages: r.messages as number,
  sent: r.sent as number,
  startedAt: r.started_at as string,
  finishedAt: r.finished_at as string | null,
});

/** Digest schedules and sends: every read and write of `digest_schedules` and `digest_sends`. */
export class DigestRepository {
  private readonly served: string;

  /** With `part`, the scheduler sees the schedules and sends of that shard's servers only. */
  constructor(readonly db: Db, part?: ShardPart | null) {
    this.served = servedRows(part);
  }

  /** Sets (or replaces) a channel's schedule, active. */
  schedule(s: Omit<ScheduleRecord, 'pausedAt' | 'pausedReason'>): ScheduleRecord {
    this.db
      .prepare(`INSERT INTO digest_schedules (channel_id, owner, time, days, timezone, created_by, created_at, next_run_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (channel_id) DO UPDATE SET owner = excluded.owner, time = excluded.time, days = excluded.days, timezone = excluded.timezone,
        created_by = excluded.created_by, created_at = excluded.created_at, next_run_at = excluded.next_run_at, paused_at = NULL, paused_reason = NULL`)
      .run(s.channelId, s.owner, s.time, s.days, s.timezone, s.createdBy, s.createdAt, s.nextRunAt);
    return this.scheduleOf(s.channelId)!;
  }

  scheduleOf(channelId: string): ScheduleRecord | undefined {
    const row = this.db.prepare('SELECT * FROM digest_schedules WHERE channel_id = ?').get(channelId) as Record<string, unknown> | undefined;
    return row && schedule(row);
  }

  /** A server's schedules. */
  schedules(owner: string): ScheduleRecord[] {
    return (this.db.prepare('SELECT * FROM digest_schedules WHERE owner = ? ORDER BY channel_id').all(owner) as Record<string, unknown>[]).map(schedule);
  }

  /** Active schedules due at `now`. */
  due(now: string): ScheduleRecord[] {
    return (this.db.prepare(`SELECT * FROM digest_schedules WHERE paused_at IS NULL AND next_run_at <= ? AND ${this.served} ORDER BY next_run_at`).all(now) as Record<string, unknown>[]).map(schedule);
  }

  /** The earliest next run of any active schedule, or null. */
  nextDue(): string | null {
    return (this.db.prepare(`SELECT MIN(next_run_at) AS next FROM digest_schedules WHERE paused_at IS NULL AND ${this.served}`).get() as { next: string | null }).next;
  }

  setNextRun(channelId: string, nextRunAt: string): void {
    this.db.prepare('UPDATE digest_schedules SET next_run_at = ? WHERE channel_id = ?').run(nextRunAt, channelId);
  }

  pause(channelId: string, reason: string, at: string): void {
    this.db.prepare('UPDATE digest_schedules SET paused_at = ?, paused_reason = ? WHERE channel_id = ?').run(at, reason, channelId);
  }

  /** Stops a channel's schedule; false when it has none of this server's. */
  stop(channelId: string, owner: string): boolean {
    return this.db.prepare('DELETE FROM digest_schedules WHERE channel_id = ? AND owner = ?').run(channelId, owner).changes > 0;
  }

  /**
   * Records a send before it is made. Returns the send for this channel and slot: the new one, or the
   * one already recorded (finished: skip it; unfinished: a crash cut it short, send the rest with the
   * same nonces).
   */
  begin(s: { channelId: string; owner: string; slot: string; since: string | null; upTo: string; at: string }): SendRecord {
    this.db
      .prepare(`INSERT INTO digest_sends (channel_id, owner, slot, since, up_to, started_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (channel_id, slot) DO NOTHING`)
      .run(s.channelId, s.owner, s.slot, s.since, s.upTo, s.at);
    return send(this.db.prepare('SELECT * FROM digest_sends WHERE channel_id = ? AND slot = ?').get(s.channelId, s.slot) as Record<string, unknown>);
  }

  /** How many messages the send has, once rendered. */
  setMessages(id: number, messages: number): void {
    this.db.prepare('UPDATE digest_sends SET messages = ? WHERE id = ?').run(messages, id);
  }

  /** One more message of the send went out. */
  sentOne(id: number): void {
    this.db.prepare('UPDATE digest_sends SET sent = sent + 1 WHERE id = ?').run(id);
  }

  finish(id: number, at: string): void {
    this.db.prepare('UPDATE digest_sends SET finished_at = ? WHERE id = ?').run(at, id);
  }

  /** Sends cut short by a crash, oldest first. */
  unfinished(): SendRecord[] {
    return (this.db.prepare(`SELECT * FROM digest_sends WHERE finished_at IS NULL AND ${this.served} ORDER BY id`).all() as Record<string, unknown>[]).map(send);
  }

  /** The end of the channel's last finished digest: the next one starts there. */
  lastUpTo(channelId: string): string | null {
    return (this.db.prepare('SELECT MAX(up_to) AS up_to FROM digest_sends WHERE channel_id = ? AND finished_at IS NOT NULL').get(channelId) as { up_to: string | null }).up_to;
  }

  /** The channel's last finished digest. */
  lastSend(channelId: string): SendRecord | undefined {
    const row = this.db.prepare('SELECT * FROM digest_sends WHERE channel_id = ? AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1').get(channelId) as Record<string, unknown> | undefined;
    return row && send(row);
  }
}
