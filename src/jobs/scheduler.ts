import { Cron } from 'croner';
import { Periodic } from './periodic.js';
import type { Logger } from '../logger.js';
import { decodeProblem, encodeProblem, PROBLEMS, type Problem, type ProblemCode, type ProblemFacts } from '../model/problems.js';
import { err, ok, type Result } from '../result.js';
import type { DigestRepository, ScheduleRecord, SendRecord } from '../state/digests.js';
import type { Engine } from '../engine/answers.js';
import type { Digest } from '../digest/digest.js';

/** Scheduling; see each field. */
export const SCHEDULE_DEFAULTS = Object.freeze({
  /** Seconds between two looks for due digests. */
  tickSeconds: 30,
  /** Stories in a scheduled digest; the rest are counted. */
  maxArticles: 25,
  /** Minutes a process holds a due digest or a send it is finishing; another process takes it over
   *  only after that (a crash mid-send). Far longer than a send takes. */
  leaseMinutes: 10,
});

/** Why a channel cannot take a message: it is gone, or the bot may not post there. */
export class ChannelUnavailable extends Error {
  constructor(readonly reason: 'gone' | 'forbidden', message: string) {
    super(message);
  }
}

/**
 * Where digests go: how one is rendered into messages, and how a message is posted with a nonce
 * (Discord then drops a second message with the same nonce, so a resend after a crash is not seen
 * twice). `post` rejects with {@link ChannelUnavailable} for a deleted channel or a lost permission.
 */
export interface DigestOutlet<M> {
  render(digest: Digest, heading: string): M[];
  post(channelId: string, message: M, nonce: string): Promise<void>;
}

/** What a schedule is asked to be, as typed. */
export interface ScheduleRequest {
  /** HH:MM, 24-hour, local to `timezone`. */
  readonly time: string;
  /** daily, mon-fri, weekends, or days such as "mon,wed,fri". */
  readonly days?: string | undefined;
  /** An IANA time zone ("Europe/London"); default UTC. */
  readonly timezone?: string | undefined;
}

/** Why a schedule as typed is refused: which part is wrong, and what was typed (`message` is for the logs). */
export interface ScheduleError extends Problem {
  readonly code: typeof PROBLEMS.badTime | typeof PROBLEMS.badTimeZone | typeof PROBLEMS.badDays;
  readonly typed: string;
}

/** Why a schedule is paused, as `/digest status` shows it: a code of src/model/problems.ts and its facts. */
export type SchedulePause = ProblemFacts & { readonly code: ProblemCode };

/**
 * The pause reasons stored before they were problem codes (the two sentences written then), read as
 * their codes, so a schedule paused by an earlier version still says why.
 */
const PAUSES_BEFORE_CODES: Readonly<Record<string, ProblemCode>> = {
  'the channel no longer exists': PROBLEMS.digestChannelGone,
  'Pilcrow may not post in the channel': PROBLEMS.digestForbidden,
};

/** A schedule's stored pause reason (see {@link encodeProblem}) read back; null when it is not paused. */
export function pauseOf(schedule: Pick<ScheduleRecord, 'pausedAt' | 'pausedReason' | 'channelId'>): SchedulePause | null {
  if (schedule.pausedAt === null) return null;
  const before = schedule.pausedReason === null ? undefined : PAUSES_BEFORE_CODES[schedule.pausedReason];
  if (before) return { code: before, channel: schedule.channelId };
  return decodeProblem(schedule.pausedReason) ?? { code: PROBLEMS.bug };
}

const DAY_NUMBERS: Readonly<Record<string, number>> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/**
 * A schedule as a cron expression, or which part of it is wrong: `bad_time`, `bad_timezone` or
 * `bad_days`, with the part as typed (front ends word it, src/discord/problems.ts).
 *
 * @example cronOf({ time: '25:00' }) // err({ code: 'bad_time', typed: '25:00', message: … })
 */
export function cronOf(request: ScheduleRequest): Result<{ cron: string; time: string; days: string; timezone: string }, ScheduleError> {
  const bad = (code: ScheduleError['code'], typed: string) => err({ code, typed, message: `schedule: ${code} ${JSON.stringify(typed)}` });
  const time = /^(\d{1,2}):(\d{2})$/.exec(request.time.trim());
  if (!time || Number(time[1]) > 23 || Number(time[2]) > 59) return bad(PROBLEMS.badTime, request.time.slice(0, 20));
  const timezone = (request.timezone ?? 'UTC').trim() || 'UTC';
  if (!isTimeZone(timezone)) return bad(PROBLEMS.badTimeZone, timezone.slice(0, 40));
  const days = (request.days ?? 'daily').trim().toLowerCase();
  let dow: string;
  if (days === 'daily' || days === 'every day') dow = '*';
  else if (days === 'mon-fri' || days === 'weekdays') dow = '1-5';
  else if (days === 'weekends' || days === 'sat-sun') dow = '0,6';
  else {
    const parts = days.split(/[\s,]+/).filter(Boolean).map((d) => DAY_NUMBERS[d.slice(0, 3)]);
    if (parts.length === 0 || parts.some((n) => n === undefined)) return bad(PROBLEMS.badDays, days.slice(0, 40));
    dow = [...new Set(parts as number[])].sort().join(',');
  }
  const hh = Number(time[1]);
  const mm = Number(time[2]);
  return ok({ cron: `${mm} ${hh} * * ${dow}`, time: `${String(hh).padStart(2, '0')}:${time[2]}`, days, timezone });
}

/** Whether the runtime knows an IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The first run of a schedule after `from`, in its time zone (croner handles daylight-saving changes). */
export function nextRun(schedule: Pick<ScheduleRecord, 'time' | 'days' | 'timezone'>, from: Date): Date {
  const parsed = cronOf(schedule);
  if (!parsed.ok) throw new Error(`scheduler: stored schedule is invalid: ${parsed.error.message}`);
  const next = new Cron(parsed.value.cron, { timezone: parsed.value.timezone, paused: true }).nextRun(from);
  if (!next) throw new Error(`scheduler: schedule ${parsed.value.cron} never runs`);
  return next;
}

export interface DigestSchedulerDeps<M> {
  readonly repo: DigestRepository;
  /** Makes the digests (Engine.digest). */
  readonly engine: Pick<Engine, 'digest'>;
  readonly outlet: DigestOutlet<M>;
  readonly log: Logger;
  readonly clock?: () => Date;
  readonly options?: Partial<{ tickSeconds: number; maxArticles: number; leaseMinutes: number }>;
}

/**
 * Posts each channel's digest on its schedule, and never twice: a send is recorded before it is
 * made, each message carries a nonce derived from the record (a resend after a crash between posting
 * and recording is dropped by Discord), and a send cut short is finished at the next start. A digest
 * that fell due while the bot was down is posted once, not once per missed slot. A channel that was
 * deleted, or where the bot lost permission, has its schedule paused with the reason; the others go on.
 */
export class DigestScheduler<M> {
  private readonly clock: () => Date;
  private readonly options: { tickSeconds: number; maxArticles: number; leaseMinutes: number };
  private readonly periodic: Periodic;

  constructor(private readonly deps: DigestSchedulerDeps<M>) {
    this.clock = deps.clock ?? (() => new Date());
    this.options = { ...SCHEDULE_DEFAULTS, ...deps.options };
    // Started, the first step ends the claims of this process's previous run (SQLite; see releaseClaims).
    this.periodic = new Periodic(() => this.runDue(), this.options.tickSeconds * 1000, deps.log, 'digests', async () => {
      const released = await deps.repo.releaseClaims();
      if (released > 0) deps.log.info({ claims: released }, 'digest claims of the previous run released');
    });
  }

  /** Sets a channel's schedule (replacing any); the reply names the next run. */
  async schedule(owner: string, channelId: string, request: ScheduleRequest, by: string | null): Promise<Result<ScheduleRecord, ScheduleError>> {
    const parsed = cronOf(request);
    if (!parsed.ok) return parsed;
    const now = this.clock();
    const next = nextRun({ time: parsed.value.time, days: parsed.value.days, timezone: parsed.value.timezone }, now);
    const record = await this.deps.repo.schedule({ channelId, owner, time: parsed.value.time, days: parsed.value.days, timezone: parsed.value.timezone, createdBy: by, createdAt: now.toISOString(), nextRunAt: next.toISOString() });
    this.deps.log.info({ owner, channelId, time: record.time, days: record.days, timezone: record.timezone, next: record.nextRunAt }, 'digest scheduled');
    this.wake();
    return ok(record);
  }

  /** Stops a channel's schedule; false when this server has none there. */
  stop(owner: string, channelId: string): Promise<boolean> {
    return this.deps.repo.stop(channelId, owner);
  }

  /** A server's schedules with their state, why each paused one is paused (null: not paused), and each channel's last digest. */
  async status(owner: string): Promise<{ schedule: ScheduleRecord; paused: SchedulePause | null; last: SendRecord | undefined }[]> {
    const schedules = await this.deps.repo.schedules(owner);
    return Promise.all(schedules.map(async (schedule) => ({ schedule, paused: pauseOf(schedule), last: await this.deps.repo.lastSend(schedule.channelId) })));
  }

  /** The digest a channel would get now: what came since its last digest (everything the first time). */
  async digestFor(owner: string, channelId: string, since?: Date | null): Promise<{ digest: Digest; upTo: Date }> {
    const upTo = this.clock();
    const last = await this.deps.repo.lastUpTo(channelId);
    const from = since ?? (last ? new Date(last) : null);
    return { digest: await this.deps.engine.digest({ owner }, { since: from, until: upTo, maxArticles: this.options.maxArticles }), upTo };
  }

  /** Records a digest answered by other means (`/digest now` replies to its interaction): the channel's next digest starts after it. */
  async recordAnswered(owner: string, channelId: string, slot: string, since: Date | null, upTo: Date, messages: number): Promise<void> {
    const send = await this.deps.repo.begin({ channelId, owner, slot, since: since?.toISOString() ?? null, upTo: upTo.toISOString(), at: this.clock().toISOString() });
    await this.deps.repo.setMessages(send.id, messages);
    await this.deps.repo.finish(send.id, this.clock().toISOString());
  }

  /** Finishes sends cut short by a crash, then posts every due digest; resolves when done. */
  async runDue(): Promise<number> {
    const { repo } = this.deps;
    // Sends cut short, then due schedules, each claimed first: no other process takes them meanwhile.
    for (const send of await repo.claimUnfinished(this.clock().toISOString(), this.lease())) await this.resume(send);
    const now = this.clock();
    const due = await repo.claimDue(now.toISOString(), this.lease());
    for (const schedule of due) await this.post(schedule, now);
    return due.length;
  }

  /** Runs on a timer until {@link halt}; the first run ends this process's claims of its previous run (SQLite). */
  start(): void {
    this.periodic.start();
  }

  /** Until when a claim taken now holds. */
  private lease(): string {
    return new Date(this.clock().getTime() + this.options.leaseMinutes * 60_000).toISOString();
  }

  async halt(): Promise<void> {
    await this.periodic.stop();
  }

  private wake(): void {
    this.periodic.wake();
  }

  /**
   * Records, renders and posts one scheduled digest: the send is recorded first, then the schedule
   * moves on (one digest for this run, however many slots passed while the bot was down), then the
   * messages go. A crash anywhere in between leaves a recorded send that the next start finishes.
   */
  private async post(schedule: ScheduleRecord, now: Date): Promise<void> {
    const { digest, upTo } = await this.digestFor(schedule.owner, schedule.channelId);
    const send = await this.deps.repo.begin({ channelId: schedule.channelId, owner: schedule.owner, slot: schedule.nextRunAt, since: digest.since?.toISOString() ?? null, upTo: upTo.toISOString(), at: this.clock().toISOString(), leaseUntil: this.lease() });
    await this.deps.repo.setNextRun(schedule.channelId, nextRun(schedule, now).toISOString());
    if (send.finishedAt) return;
    await this.deliver(send, digest, schedule);
  }

  /** A send a crash cut short: the same digest again (same span), the messages not yet confirmed, with their nonces. */
  private async resume(send: SendRecord): Promise<void> {
    const schedule = await this.deps.repo.scheduleOf(send.channelId);
    const digest = await this.deps.engine.digest({ owner: send.owner }, { since: send.since ? new Date(send.since) : null, until: new Date(send.upTo), maxArticles: this.options.maxArticles });
    this.deps.log.info({ channelId: send.channelId, slot: send.slot, sent: send.sent, messages: send.messages }, 'digest send resumed after a restart');
    await this.deliver(send, digest, schedule);
  }

  private async deliver(send: SendRecord, digest: Digest, schedule: ScheduleRecord | undefined): Promise<void> {
    const { repo, outlet, log } = this.deps;
    if (digest.articles.length === 0 && send.sent === 0) {
      // A scheduled digest with no news says nothing: no message, and the next one starts here.
      await repo.finish(send.id, this.clock().toISOString());
      log.info({ channelId: send.channelId, owner: send.owner }, 'digest skipped: no new articles');
      return;
    }
    const messages = outlet.render(digest, 'News digest');
    await repo.setMessages(send.id, messages.length);
    // Resent messages keep their nonce: a message posted before a crash is dropped by Discord the second time.
    for (let i = 0; i < messages.length; i++) {
      if (i < send.sent) continue;
      try {
        await outlet.post(send.channelId, messages[i]!, nonceOf(send, i));
      } catch (error) {
        if (error instanceof ChannelUnavailable) {
          const reason = error.reason === 'gone' ? PROBLEMS.digestChannelGone : PROBLEMS.digestForbidden;
          if (schedule) await repo.pause(send.channelId, encodeProblem({ code: reason, channel: send.channelId }), this.clock().toISOString());
          await repo.finish(send.id, this.clock().toISOString());
          log.warn({ channelId: send.channelId, owner: send.owner, reason }, 'digest schedule paused');
          return;
        }
        // Anything else (Discord down, a timeout): left unfinished, resumed at the next run.
        log.warn({ channelId: send.channelId, err: error }, 'digest message failed; will resume');
        await repo.release(send.id);
        return;
      }
      await repo.sentOne(send.id);
    }
    await repo.finish(send.id, this.clock().toISOString());
    log.info({ channelId: send.channelId, owner: send.owner, articles: digest.articles.length, messages: messages.length }, 'digest posted');
  }
}

/** Message i of a send's nonce: unique per send and index, at most 25 characters as Discord allows. */
export function nonceOf(send: Pick<SendRecord, 'id'>, index: number): string {
  return `dg${send.id}-${index}`.slice(0, 25);
}
