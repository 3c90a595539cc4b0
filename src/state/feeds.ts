import { cleanText } from '../knowledge/clean.js';
import { servedRows, type ShardPart, type Sql } from './sql.js';

/**
 * A feed's title as both databases can store it (see cleanText); null when nothing is left, so that
 * a title made only of such characters does not replace a good one.
 */
const storable = (title: string | null): string | null => (title === null ? null : cleanText(title) || null);

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
  /** Items skipped (no readable text, or not storable) since the feed last stored one: a feed whose
   *  every new item fails is not healthy, though the feed itself reads fine. */
  readonly skippedRun: number;
  /** Why the last item was skipped, while {@link skippedRun} is above 0. */
  readonly skipProblem: string | null;
  /** How new articles are delivered in {@link announceChannel}: posted there, posted with a thread
   *  opened on each, or (a forum channel) each a forum post of its own. */
  readonly delivery: Delivery;
  /** Where the feed falls back when its thread or forum is deleted; null when it has nowhere to go. */
  readonly fallbackChannel: string | null;
  /** The forum tag last applied to its posts (the tag's name), or null. */
  readonly forumTag: string | null;
  /** The include and exclude lists as typed ('' for none); src/feeds/filter.ts reads them. */
  readonly include: string;
  readonly exclude: string;
  /** Whether articles the filters turn away are not stored either (else stored, only not announced). */
  readonly storeFiltered: boolean;
  /** Why the last announcement could not be posted (an encoded problem, src/model/problems.ts), until one is. */
  readonly deliveryProblem: string | null;
}

/** How a feed delivers new articles: see {@link FeedRecord.delivery}. */
export type Delivery = 'channel' | 'thread' | 'forum';

/** What can be changed of a feed with `/feed edit`; an absent field stays as it is. */
export interface FeedChanges {
  readonly announceChannel?: string | null;
  readonly delivery?: Delivery;
  readonly fallbackChannel?: string | null;
  readonly include?: string;
  readonly exclude?: string;
  readonly storeFiltered?: boolean;
}

/** A thread or forum post opened for an article: /ask there answers from that article. */
export interface ArticleThread {
  readonly threadId: string;
  readonly owner: string;
  readonly articleId: string;
  readonly feedId: number | null;
  /** The text channel or forum it was opened in. */
  readonly channelId: string;
}

/** What a feed remembers of an item key it has met. */
export interface SeenItem {
  /** The article stored for it; null when it was skipped. */
  readonly articleId: string | null;
  /** How many times it was read. */
  readonly attempts: number;
  /** Whether it was skipped for a failure that may pass, and is to be read again. */
  readonly retry: boolean;
  /** The item's title when it was met (null for items met before titles were kept). */
  readonly title: string | null;
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
  skipped_run: number;
  skip_problem: string | null;
  delivery: string;
  fallback_channel: string | null;
  forum_tag: string | null;
  include_words: string;
  exclude_words: string;
  store_filtered: number;
  delivery_problem: string | null;
}

const DELIVERIES: ReadonlySet<string> = new Set<Delivery>(['channel', 'thread', 'forum']);


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
  skippedRun: Number(r.skipped_run ?? 0),
  skipProblem: r.skip_problem ?? null,
  delivery: DELIVERIES.has(r.delivery) ? (r.delivery as Delivery) : 'channel',
  fallbackChannel: r.fallback_channel ?? null,
  forumTag: r.forum_tag ?? null,
  include: r.include_words ?? '',
  exclude: r.exclude_words ?? '',
  storeFiltered: Number(r.store_filtered ?? 0) === 1,
  deliveryProblem: r.delivery_problem ?? null,
});

/** Columns of {@link FeedChanges}. */
const CHANGE_COLUMNS = { announceChannel: 'announce_channel', delivery: 'delivery', fallbackChannel: 'fallback_channel', include: 'include_words', exclude: 'exclude_words', storeFiltered: 'store_filtered' } as const;

/** The followed feeds and their seen items: every read and write of `feeds` and `feed_items`, on SQLite or PostgreSQL. */
export class FeedRepository {
  private readonly served: string;

  /** With `part`, polling sees the feeds of that shard's servers only (claims, next poll). */
  constructor(readonly sql: Sql, private readonly part?: ShardPart | null) {
    this.served = servedRows(part);
  }

  /** The same repository inside a transaction (see Sql.transaction). */
  in(tx: Sql): FeedRepository {
    return new FeedRepository(tx, this.part);
  }

  /** Follows a feed for a server; undefined when that server already follows this address. */
  async add(feed: { owner: string; url: string; title: string | null; announceChannel: string | null; addedBy: string | null; at: string; nextPollAt: string } & Omit<FeedChanges, 'announceChannel'>): Promise<FeedRecord | undefined> {
    const row = await this.sql.get<{ id: number }>(
      `INSERT INTO feeds (owner, url, title, announce_channel, added_by, added_at, next_poll_at, delivery, fallback_channel, include_words, exclude_words, store_filtered)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (owner, url) DO NOTHING RETURNING id`,
      [feed.owner, cleanText(feed.url), storable(feed.title), feed.announceChannel, feed.addedBy, feed.at, feed.nextPollAt,
        feed.delivery ?? 'channel', feed.fallbackChannel ?? null, cleanText(feed.include ?? ''), cleanText(feed.exclude ?? ''), feed.storeFiltered ? 1 : 0],
    );
    return row ? this.get(row.id) : undefined;
  }

  /**
   * Changes a server's feed (`/feed edit`): the fields given, the others as they were. A change of
   * channel or delivery clears the last delivery problem (the next announcement tries the new place).
   * Undefined when the server has no feed of that id.
   */
  async edit(id: number, owner: string, changes: FeedChanges): Promise<FeedRecord | undefined> {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [field, column] of Object.entries(CHANGE_COLUMNS) as [keyof FeedChanges, string][]) {
      const value = changes[field];
      if (value === undefined) continue;
      sets.push(`${column} = ?`);
      values.push(typeof value === 'boolean' ? (value ? 1 : 0) : typeof value === 'string' ? cleanText(value) : value);
    }
    if (changes.announceChannel !== undefined || changes.delivery !== undefined) sets.push('delivery_problem = NULL, forum_tag = NULL');
    if (sets.length > 0) await this.sql.run(`UPDATE feeds SET ${sets.join(', ')} WHERE id = ? AND owner = ?`, [...values, id, owner]);
    const feed = await this.get(id);
    return feed?.owner === owner ? feed : undefined;
  }

  /** Records why the last announcement could not be posted (an encoded problem), or null once one is. */
  async setDeliveryProblem(id: number, problem: string | null): Promise<void> {
    await this.sql.run('UPDATE feeds SET delivery_problem = ? WHERE id = ?', [problem === null ? null : cleanText(problem), id]);
  }

  /** Records the forum tag applied to the feed's posts (its name), or null. */
  async setForumTag(id: number, tag: string | null): Promise<void> {
    await this.sql.run('UPDATE feeds SET forum_tag = ? WHERE id = ?', [storable(tag), id]);
  }

  /**
   * The feed's thread or forum is gone: it posts in `channel` from now on (null: nowhere, until
   * `/feed edit` gives it a channel), as plain messages, with `problem` to say why in `/feed list`.
   */
  async fallBack(id: number, channel: string | null, problem: string): Promise<FeedRecord | undefined> {
    await this.sql.run("UPDATE feeds SET announce_channel = ?, delivery = 'channel', fallback_channel = NULL, forum_tag = NULL, delivery_problem = ? WHERE id = ?", [channel, cleanText(problem), id]);
    return this.get(id);
  }

  /** Remembers the thread or forum post opened for an article. */
  async recordThread(thread: ArticleThread & { at: string }): Promise<void> {
    await this.sql.run(
      'INSERT INTO feed_threads (thread_id, owner, article_id, feed_id, channel_id, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (thread_id) DO NOTHING',
      [thread.threadId, thread.owner, thread.articleId, thread.feedId, thread.channelId, thread.at],
    );
  }

  /** The article a thread or forum post was opened for, or undefined for any other channel. */
  async threadOf(threadId: string): Promise<ArticleThread | undefined> {
    const row = await this.sql.get<{ thread_id: string; owner: string; article_id: string; feed_id: number | null; channel_id: string }>('SELECT * FROM feed_threads WHERE thread_id = ?', [threadId]);
    return row && { threadId: row.thread_id, owner: row.owner, articleId: row.article_id, feedId: row.feed_id === null ? null : Number(row.feed_id), channelId: row.channel_id };
  }

  async get(id: number): Promise<FeedRecord | undefined> {
    const row = await this.sql.get<Row>('SELECT * FROM feeds WHERE id = ?', [id]);
    return row && fromRow(row);
  }

  /** A server's feeds, in the order they were added; every feed without an owner given. */
  async list(owner?: string): Promise<FeedRecord[]> {
    const rows = owner === undefined ? await this.sql.all<Row>('SELECT * FROM feeds ORDER BY id') : await this.sql.all<Row>('SELECT * FROM feeds WHERE owner = ? ORDER BY id', [owner]);
    return rows.map(fromRow);
  }

  /** Stops following a feed (its seen items go with it; its articles stay). False when the server has no such feed. */
  async remove(id: number, owner: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM feeds WHERE id = ? AND owner = ?', [id, owner])) > 0;
  }

  /**
   * Feeds due for a poll at `now` (not paused, not held by a poll under way), earliest first, each
   * claimed until `leaseUntil` in the same transaction, so that no other poller (another shard, another
   * machine) takes it meanwhile: on PostgreSQL the rows are locked as they are read and rows another
   * process is claiming are skipped (FOR UPDATE SKIP LOCKED); SQLite has one writer at a time. A claim
   * ends with the poll's result, or when it runs out (a crash mid-poll).
   */
  claimDue(now: string, leaseUntil: string, limit: number): Promise<FeedRecord[]> {
    return this.sql.transaction(async (tx) => {
      const rows = await tx.all<Row>(
        `SELECT * FROM feeds WHERE paused_at IS NULL AND next_poll_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?) AND ${this.served}
          ORDER BY next_poll_at LIMIT ?${tx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : ''}`,
        [now, now, limit],
      );
      for (const r of rows) await tx.run('UPDATE feeds SET claimed_until = ? WHERE id = ?', [leaseUntil, r.id]);
      return rows.map(fromRow);
    });
  }

  /**
   * Ends the claims on the feeds this process polls, at start: the polls of its previous run are over.
   * SQLite only: there each shard's servers are polled by one process. On PostgreSQL other processes
   * may be polling now; their claims end when they finish or their leases run out.
   */
  async releaseClaims(): Promise<number> {
    if (this.sql.dialect === 'postgres') return 0;
    return this.sql.run(`UPDATE feeds SET claimed_until = NULL WHERE claimed_until IS NOT NULL AND ${this.served}`);
  }

  /** The earliest next poll of any active feed this process polls, or null. */
  async nextDue(): Promise<string | null> {
    const row = await this.sql.get<{ next: string | null }>(`SELECT MIN(next_poll_at) AS next FROM feeds WHERE paused_at IS NULL AND ${this.served}`);
    return row?.next ?? null;
  }

  /**
   * A successful poll: validators kept, health reset, next poll set. `skipped` (items skipped since
   * the feed last stored one, and why the last was) is left as it was when not given (a 304).
   */
  async recordSuccess(id: number, poll: { title: string | null; etag: string | null; lastModified: string | null; at: string; nextPollAt: string; skipped?: { run: number; problem: string | null } }): Promise<void> {
    const health = poll.skipped ? ', skipped_run = ?, skip_problem = ?' : '';
    await this.sql.run(
      `UPDATE feeds SET title = COALESCE(?, title), etag = ?, last_modified = ?, last_ok_at = ?, next_poll_at = ?,
        failures = 0, failing_since = NULL, last_error = NULL, claimed_until = NULL${health} WHERE id = ?`,
      [storable(poll.title), poll.etag, poll.lastModified, poll.at, poll.nextPollAt, ...(poll.skipped ? [poll.skipped.run, storable(poll.skipped.problem)] : []), id],
    );
  }

  /** A failed poll: one more failure, since when, the error, the next try. Returns the feed as it now stands. */
  async recordFailure(id: number, poll: { error: string; at: string; nextPollAt: string }): Promise<FeedRecord | undefined> {
    await this.sql.run(
      'UPDATE feeds SET failures = failures + 1, failing_since = COALESCE(failing_since, ?), last_error = ?, next_poll_at = ?, claimed_until = NULL WHERE id = ?',
      [poll.at, cleanText(poll.error), poll.nextPollAt, id],
    );
    return this.get(id);
  }

  async pause(id: number, reason: string, at: string): Promise<void> {
    await this.sql.run('UPDATE feeds SET paused_at = ?, paused_reason = ?, claimed_until = NULL WHERE id = ?', [at, cleanText(reason), id]);
  }

  /** Starts a paused feed again, polled at `nextPollAt` with a clean bill of health. */
  async resume(id: number, owner: string, nextPollAt: string): Promise<boolean> {
    const changed = await this.sql.run(
      'UPDATE feeds SET paused_at = NULL, paused_reason = NULL, failures = 0, failing_since = NULL, next_poll_at = ? WHERE id = ? AND owner = ?',
      [nextPollAt, id, owner],
    );
    return changed > 0;
  }

  /** Which of these item keys the feed has met, and what came of each. */
  async seen(feedId: number, keys: readonly string[]): Promise<Map<string, SeenItem>> {
    if (keys.length === 0) return new Map();
    const rows = await this.sql.all<{ key: string; article_id: string | null; attempts: number; retry: number; title: string | null }>(
      `SELECT key, article_id, attempts, retry, title FROM feed_items WHERE feed_id = ? AND key IN (${keys.map(() => '?').join(',')})`,
      [feedId, ...keys],
    );
    return new Map(rows.map((r) => [r.key, { articleId: r.article_id, attempts: Number(r.attempts), retry: Number(r.retry) === 1, title: r.title }]));
  }

  /**
   * Marks an item's keys seen for good, with the article stored for it (call inside the transaction
   * that stores it: see {@link in}) or null (known under another key). A key skipped before, to be
   * read again, is settled by this.
   */
  async markSeen(feedId: number, keys: readonly string[], articleId: string | null, at: string, title: string | null = null): Promise<void> {
    for (const key of keys) {
      await this.sql.run(
        `INSERT INTO feed_items (feed_id, key, article_id, seen_at, title) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (feed_id, key) DO UPDATE SET article_id = COALESCE(feed_items.article_id, excluded.article_id), retry = 0, problem = NULL,
            title = COALESCE(excluded.title, feed_items.title)
          WHERE feed_items.retry = 1 OR excluded.article_id IS NOT NULL`,
        [feedId, key, articleId, at, storable(title)],
      );
    }
  }

  /**
   * Records an item skipped (no readable text, or it could not be stored): `retry` when the failure
   * may pass and the item is to be read again at a later poll. Each call counts one more attempt.
   */
  async markSkipped(feedId: number, keys: readonly string[], skip: { problem: string; retry: boolean; at: string; title?: string | null }): Promise<void> {
    for (const key of keys) {
      await this.sql.run(
        `INSERT INTO feed_items (feed_id, key, article_id, seen_at, attempts, retry, problem, title) VALUES (?, ?, NULL, ?, 1, ?, ?, ?)
          ON CONFLICT (feed_id, key) DO UPDATE SET attempts = feed_items.attempts + 1, retry = excluded.retry, problem = excluded.problem
          WHERE feed_items.article_id IS NULL`,
        [feedId, key, skip.at, skip.retry ? 1 : 0, storable(skip.problem), storable(skip.title ?? null)],
      );
    }
  }
}
