import { servedRows, type Db, type ShardPart } from './db.js';

/** A followed feed and its health, as the state holds it. Times are ISO 8601. */
export interface FeedRecord {
  readonly id: number;
  /** The server that follows it. */
  readonly owner: string;
  readonly url: string;
  readonly title: string | null;
  readonly announceChannel: string | null;
  readonly addedBy: string | null;
  readonly addedAt: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly nextPollAt: string;
  readonly lastOkAt: string | null;
  readonly failures: number;
  readonly failingSince: string | null;
  readonly lastError: string | null;
  readonly pausedAt: string | null;
  readonly pausedReason: string | null;
}

interface Row {
  id: number;
  owner: string;
  url: string;
  title: string | null;
  announce_channel: string | null;
  added_by: string | null;
  added_at: string;
  etag: string | null;
  last_modified: string | null;
  next_poll_at: string;
  last_ok_at: string | null;
  failures: number;
  failing_since: string | null;
  last_error: string | null;
  paused_at: string | null;
  paused_reason: string | null;
}

const fromRow = (r: Row): FeedRecord => ({
  id: r.id,
  owner: r.owner,
  url: r.url,
  title: r.title,
  announceChannel: r.announce_channel,
  addedBy: r.added_by,
  addedAt: r.added_at,
  etag: r.etag,
  lastModified: r.last_modified,
  nextPollAt: r.next_poll_at,
  lastOkAt: r.last_ok_at,
  failures: r.failures,
  failingSince: r.failing_since,
  lastError: r.last_error,
  pausedAt: r.paused_at,
  pausedReason: r.paused_reason,
});

/** The followed feeds and their seen items: every read and write of `feeds` and `feed_items`. */
export class FeedRepository {
  private readonly served: string;

  /** With `part`, polling sees the feeds of that shard's servers only (claims, next poll). */
  constructor(readonly db: Db, part?: ShardPart | null) {
    this.served = servedRows(part);
  }

  /** Follows a feed for a server; undefined when that server already follows this address. */
  add(feed: { owner: string; url: string; title: string | null; announceChannel: string | null; addedBy: string | null; at: string; nextPollAt: string }): FeedRecord | undefined {
    const result = this.db
      .prepare(`INSERT INTO feeds (owner, url, title, announce_channel, added_by, added_at, next_poll_at) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (owner, url) DO NOTHING`)
      .run(feed.owner, feed.url, feed.title, feed.announceChannel, feed.addedBy, feed.at, feed.nextPollAt);
    return result.changes === 0 ? undefined : this.get(Number(result.lastInsertRowid));
  }

  get(id: number): FeedRecord | undefined {
    const row = this.db.prepare('SELECT * FROM feeds WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  /** A server's feeds, in the order they were added; every feed without an owner given. */
  list(owner?: string): FeedRecord[] {
    const rows = (owner === undefined ? this.db.prepare('SELECT * FROM feeds ORDER BY id').all() : this.db.prepare('SELECT * FROM feeds WHERE owner = ? ORDER BY id').all(owner)) as Row[];
    return rows.map(fromRow);
  }

  /** Stops following a feed (its seen items go with it; its articles stay). False when the server has no such feed. */
  remove(id: number, owner: string): boolean {
    return this.db.prepare('DELETE FROM feeds WHERE id = ? AND owner = ?').run(id, owner).changes > 0;
  }

  /**
   * Feeds due for a poll at `now` (not paused, not held by a poll under way), earliest first, each
   * claimed until `leaseUntil` in the same transaction, so that a second poller never takes it
   * meanwhile. A claim ends with the poll's result, or when it runs out (a crash mid-poll).
   */
  claimDue(now: string, leaseUntil: string, limit: number): FeedRecord[] {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(`SELECT * FROM feeds WHERE paused_at IS NULL AND next_poll_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?) AND ${this.served} ORDER BY next_poll_at LIMIT ?`)
        .all(now, now, limit) as Row[];
      const claim = this.db.prepare('UPDATE feeds SET claimed_until = ? WHERE id = ?');
      for (const r of rows) claim.run(leaseUntil, r.id);
      return rows.map(fromRow);
    })();
  }

  /**
   * Ends every claim on the feeds this process polls: at start, the polls of its previous run are
   * over (the feeds of another shard's servers are that shard's).
   */
  releaseClaims(): number {
    return this.db.prepare(`UPDATE feeds SET claimed_until = NULL WHERE claimed_until IS NOT NULL AND ${this.served}`).run().changes;
  }

  /** The earliest next poll of any active feed, or null. */
  nextDue(): string | null {
    const row = this.db.prepare(`SELECT MIN(next_poll_at) AS next FROM feeds WHERE paused_at IS NULL AND ${this.served}`).get() as { next: string | null };
    return row.next;
  }

  /** A successful poll: validators kept, health reset, next poll set. */
  recordSuccess(id: number, poll: { title: string | null; etag: string | null; lastModified: string | null; at: string; nextPollAt: string }): void {
    this.db
      .prepare(`UPDATE feeds SET title = COALESCE(?, title), etag = ?, last_modified = ?, last_ok_at = ?, next_poll_at = ?,
        failures = 0, failing_since = NULL, last_error = NULL, claimed_until = NULL WHERE id = ?`)
      .run(poll.title, poll.etag, poll.lastModified, poll.at, poll.nextPollAt, id);
  }

  /** A failed poll: one more failure, since when, the error, the next try. Returns the feed as it now stands. */
  recordFailure(id: number, poll: { error: string; at: string; nextPollAt: string }): FeedRecord | undefined {
    this.db
      .prepare('UPDATE feeds SET failures = failures + 1, failing_since = COALESCE(failing_since, ?), last_error = ?, next_poll_at = ?, claimed_until = NULL WHERE id = ?')
      .run(poll.at, poll.error, poll.nextPollAt, id);
    return this.get(id);
  }

  pause(id: number, reason: string, at: string): void {
    this.db.prepare('UPDATE feeds SET paused_at = ?, paused_reason = ?, claimed_until = NULL WHERE id = ?').run(at, reason, id);
  }

  /** Starts a paused feed again, polled at `nextPollAt` with a clean bill of health. */
  resume(id: number, owner: string, nextPollAt: string): boolean {
    return this.db
      .prepare('UPDATE feeds SET paused_at = NULL, paused_reason = NULL, failures = 0, failing_since = NULL, next_poll_at = ? WHERE id = ? AND owner = ?')
      .run(nextPollAt, id, owner).changes > 0;
  }

  /** Which of these item keys the feed has seen. */
  seen(feedId: number, keys: readonly string[]): Set<string> {
    if (keys.length === 0) return new Set();
    const rows = this.db.prepare(`SELECT key FROM feed_items WHERE feed_id = ? AND key IN (${keys.map(() => '?').join(',')})`).all(feedId, ...keys) as { key: string }[];
    return new Set(rows.map((r) => r.key));
  }

  /** Marks an item's keys seen (call inside the transaction that stores its article). */
  markSeen(feedId: number, keys: readonly string[], articleId: string | null, at: string): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO feed_items (feed_id, key, article_id, seen_at) VALUES (?, ?, ?, ?)');
    for (const key of keys) insert.run(feedId, key, articleId, at);
  }
}
