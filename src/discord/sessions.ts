import { LIMITS } from './limits.js';
import type { MessagePayload } from './render.js';

/**
 * What the buttons of one reply need after it was sent: its pages for the paginator ("More results",
 * ◀ ▶), worked out again when a button is clicked, and for a "not sure" reply the same reply as
 * everyone sees it once shared.
 */
export interface ReplySession {
  /** Every page of the reply as the paginator shows them (private), page 0 first. */
  pages(): Promise<readonly MessagePayload[]>;
  /** The reply as posted for everyone by "Share"; `by` is the member who shared it. */
  share?(by: string): Promise<MessagePayload>;
}

/**
 * Remembers recent replies for their buttons, whose custom id (100 characters) cannot hold a
 * 6,000-character question. Entries live as long as the interaction token (15 minutes) and the
 * oldest go first beyond `capacity`; after a restart a button says it expired.
 */
export class SessionStore<S = ReplySession> {
  private readonly entries = new Map<string, { session: S; expires: number }>();

  constructor(private readonly capacity = 10_000, private readonly ttlMs = LIMITS.tokenLifetimeMs, private readonly now = () => Date.now()) {}

  set(key: string, session: S): void {
    this.entries.delete(key);
    this.entries.set(key, { session, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get(key: string): S | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires < this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.session;
  }
}

/** Per-member cooldown: `check` says how many seconds are left, 0 when the member may go on. */
export class Cooldowns {
  private readonly last = new Map<string, number>();

  constructor(private readonly seconds: number, private readonly now = () => Date.now()) {}

  check(userId: string): number {
    if (this.seconds <= 0) return 0;
    const t = this.now();
    const previous = this.last.get(userId);
    if (previous !== undefined && t - previous < this.seconds * 1000) return Math.ceil((this.seconds * 1000 - (t - previous)) / 1000);
    this.last.set(userId, t);
    if (this.last.size > 50_000) for (const [k, v] of this.last) if (t - v > this.seconds * 1000) this.last.delete(k);
    return 0;
  }
}
