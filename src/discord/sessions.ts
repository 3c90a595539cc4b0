import { LIMITS } from './limits.js';

/** What a "More results" button needs to redo the search. */
export interface AskSession {
  readonly question: string;
  readonly articleId: string | undefined;
}

/**
 * Remembers recent /ask questions for their "More results" buttons, whose custom id (100
 * characters) cannot hold a 6,000-character question. Entries live as long as the interaction token
 * (15 minutes) and the oldest go first beyond `capacity`; after a restart a button says it expired.
 */
export class SessionStore {
  private readonly entries = new Map<string, { session: AskSession; expires: number }>();

  constructor(private readonly capacity = 10_000, private readonly ttlMs = LIMITS.tokenLifetimeMs, private readonly now = () => Date.now()) {}

  set(key: string, session: AskSession): void {
    this.entries.delete(key);
    this.entries.set(key, { session, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get(key: string): AskSession | undefined {
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
