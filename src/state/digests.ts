import { servedRows, type ShardPart, type Sql } from './sql.js';

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

/** Digest schedules and sends: every read and write of `digest_schedules` and `digest_sends`, on SQLite or PostgreSQL. */
export class DigestRepository {
  private readonly served: string;

  /** With `part`, the scheduler sees the schedules and sends of that shard's servers only. */
  constructor(readonly sql: Sql, part?: ShardPart | null) {
    this.served = servedRows(part);
  }

  /** Sets (or replaces) a channel's schedule, active. */
  async schedule(s: Omit<ScheduleRecord, 'pausedAt' | 'pausedReason'>): Promise<ScheduleRecord> {
    await this.sql.run(
      `INSERT INTO digest_schedules (channel_id, owner, time, days, timezone, created_by, created_at, next_run_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (channel_id) DO UPDATE SET owner = excluded.owner, time = excluded.time, days = excluded.days, timezone = excluded.timezone,
        created_by = excluded.created_by, created_at = excluded.created_at, next_run_at = excluded.next_run_at, paused_at = NULL, paused_reason = NULL, claimed_until = NULL`,
      [s.channelId, s.owner, s.time, s.days, s.timezone, s.createdBy, s.createdAt, s.nextRunAt],
    );
    return (await this.scheduleOf(s.channelId))!;
  }

  async scheduleOf(channelId: string): Promise<ScheduleRecord | undefined> {
    const row = await this.sql.get<Record<string, unknown>>('SELECT * FROM digest_schedules WHERE channel_id = ?', [channelId]);
    return row && schedule(row);
  }

  /** A server's schedules. */
  async schedules(owner: string): Promise<ScheduleRecord[]> {
    return (await this.sql.all<Record<string, unknown>>('SELECT * FROM digest_schedules WHERE owner = ? ORDER BY channel_id', [owner])).map(schedule);
  }

  /**
   * Active schedules due at `now` that no process is working on, each claimed until `leaseUntil` in
   * the same transaction (rows locked as read on PostgreSQL, others' skipped), so that two processes
   * never post the same digest. The claim ends when the schedule moves to its next run.
   */
  claimDue(now: string, leaseUntil: string): Promise<ScheduleRecord[]> {
    return this.sql.transaction(async (tx) => {
      const rows = await tx.all<Record<string, unknown>>(
        `SELECT * FROM digest_schedules WHERE paused_at IS NULL AND next_run_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?) AND ${this.served}
          ORDER BY next_run_at${tx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : ''}`,
        [now, now],
      );
      for (const r of rows) await tx.run('UPDATE digest_schedules SET claimed_until = ? WHERE channel_id = ?', [leaseUntil, r.channel_id]);
      return rows.map(schedule);
    });
  }

  /** The earliest next run of any active schedule this process serves, or null. */
  async nextDue(): Promise<string | null> {
    return (await this.sql.get<{ next: string | null }>(`SELECT MIN(next_run_at) AS next FROM digest_schedules WHERE paused_at IS NULL AND ${this.served}`))?.next ?? null;
  }

  /** Moves a schedule to its next run, ending the claim on it. */
  async setNextRun(channelId: string, nextRunAt: string): Promise<void> {
    await this.sql.run('UPDATE digest_schedules SET next_run_at = ?, claimed_until = NULL WHERE channel_id = ?', [nextRunAt, channelId]);
  }

  async pause(channelId: string, reason: string, at: string): Promise<void> {
    await this.sql.run('UPDATE digest_schedules SET paused_at = ?, paused_reason = ?, claimed_until = NULL WHERE channel_id = ?', [at, reason, channelId]);
  }

  /** Stops a channel's schedule; false when it has none of this server's. */
  async stop(channelId: string, owner: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM digest_schedules WHERE channel_id = ? AND owner = ?', [channelId, owner])) > 0;
  }

  /**
   * Records a send before it is made, claimed until `leaseUntil` by this process. Returns the send
   * for this channel and slot: the new one, or the one already recorded (finished: skip it;
   * unfinished: a crash cut it short, send the rest with the same nonces).
   */
  async begin(s: { channelId: string; owner: string; slot: string; since: string | null; upTo: string; at: string; leaseUntil?: string | null }): Promise<SendRecord> {
    await this.sql.run(
      `INSERT INTO digest_sends (channel_id, owner, slot, since, up_to, started_at, claimed_until) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (channel_id, slot) DO NOTHING`,
      [s.channelId, s.owner, s.slot, s.since, s.upTo, s.at, s.leaseUntil ?? null],
    );
    return send((await this.sql.get<Record<string, unknown>>('SELECT * FROM digest_sends WHERE channel_id = ? AND slot = ?', [s.channelId, s.slot]))!);
  }

  /** How many messages the send has, once rendered. */
  async setMessages(id: number, messages: number): Promise<void> {
    await this.sql.run('UPDATE digest_sends SET messages = ? WHERE id = ?', [messages, id]);
  }

  /** One more message of the send went out. */
  async sentOne(id: number): Promise<void> {
    await this.sql.run('UPDATE digest_sends SET sent = sent + 1 WHERE id = ?', [id]);
  }

  async finish(id: number, at: string): Promise<void> {
    await this.sql.run('UPDATE digest_sends SET finished_at = ?, claimed_until = NULL WHERE id = ?', [at, id]);
  }

  /** Lets go of a send left unfinished (Discord failed), for the next run to finish. */
  async release(id: number): Promise<void> {
    await this.sql.run('UPDATE digest_sends SET claimed_until = NULL WHERE id = ?', [id]);
  }

  /** Sends cut short (by a crash, or a failure) that no process is working on, oldest first, each claimed until `leaseUntil`. */
  claimUnfinished(now: string, leaseUntil: string): Promise<SendRecord[]> {
    return this.sql.transaction(async (tx) => {
      const rows = await tx.all<Record<string, unknown>>(
        `SELECT * FROM digest_sends WHERE finished_at IS NULL AND (claimed_until IS NULL OR claimed_until <= ?) AND ${this.served}
          ORDER BY id${tx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : ''}`,
        [now],
      );
      for (const r of rows) await tx.run('UPDATE digest_sends SET claimed_until = ? WHERE id = ?', [leaseUntil, r.id]);
      return rows.map(send);
    });
  }

  /**
   * Ends the claims on the schedules and sends this process serves, at start: its previous run is
   * over. SQLite only, as for feeds (FeedRepository.releaseClaims); on PostgreSQL leases run out.
   */
  async releaseClaims(): Promise<number> {
    if (this.sql.dialect === 'postgres') return 0;
    const schedules = await this.sql.run(`UPDATE digest_schedules SET claimed_until = NULL WHERE claimed_until IS NOT NULL AND ${this.served}`);
    return schedules + (await this.sql.run(`UPDATE digest_sends SET claimed_until = NULL WHERE claimed_until IS NOT NULL AND ${this.served}`));
  }

  /** The end of the channel's last finished digest: the next one starts there. */
  async lastUpTo(channelId: string): Promise<string | null> {
    return (await this.sql.get<{ up_to: string | null }>('SELECT MAX(up_to) AS up_to FROM digest_sends WHERE channel_id = ? AND finished_at IS NOT NULL', [channelId]))?.up_to ?? null;
  }

  /** The channel's last finished digest. */
  async lastSend(channelId: string): Promise<SendRecord | undefined> {
    const row = await this.sql.get<Record<string, unknown>>('SELECT * FROM digest_sends WHERE channel_id = ? AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1', [channelId]);
    return row && send(row);
  }
}
