import pLimit, { type LimitFunction } from 'p-limit';
import type { ArticleParts } from '../knowledge/parse.js';
import type { Article } from '../knowledge/types.js';
import { Periodic } from '../jobs/periodic.js';
import type { Logger } from '../logger.js';
import { err, ok, type Result } from '../result.js';
import { htmlBlocks } from '../sources/extract.js';
import { safeFetch } from '../sources/fetch.js';
import { partsOfPage } from '../sources/ingest.js';
import { readPage } from '../sources/page.js';
import type { FeedRecord, FeedRepository } from '../state/feeds.js';
import type { Library } from '../store/library.js';
import { FEED_TYPES, readFeed, type FeedEntry } from './parse.js';

/** Feed polling; see each field. */
export const FEED_DEFAULTS = Object.freeze({
  /** Minutes between two polls of a healthy feed (FEED_INTERVAL_MINUTES), 1-1440. */
  intervalMinutes: 15,
  /** Each wait is stretched or shrunk by up to this share at random, so feeds added together drift apart. */
  jitter: 0.1,
  /** A failing feed is tried again after the interval, doubled at each failure, at most this many hours. */
  maxBackoffHours: 6,
  /** A feed failing without a break for this many days is paused, and its channel told. */
  pauseAfterDays: 3,
  /** Feeds polled at once. */
  concurrency: 4,
  /** Requests at once to one host (a feed and the pages it links to are usually on one site). */
  perHost: 1,
  /** A claimed poll that has not finished after this many minutes may be claimed again (a crash mid-poll). */
  leaseMinutes: 10,
  /** Seconds between two looks for due feeds. */
  tickSeconds: 30,
  /** Seconds a feed or page may take to arrive, whole exchange (see FETCH_DEFAULTS). */
  timeoutSeconds: 10,
});

export type FeedOptions = { -readonly [K in keyof typeof FEED_DEFAULTS]: number };

/** What the poller tells the front end about. */
export interface FeedEvents {
  /** A new article from a feed that has an announce channel (not the ones found when it was added). */
  announce?(feed: FeedRecord, article: Article): Promise<void>;
  /** A feed was paused after failing for days. */
  paused?(feed: FeedRecord, reason: string): Promise<void>;
}

/** Why a feed could not be followed; one sentence for people. */
export interface FeedAddError {
  readonly code: string;
  readonly message: string;
}

export interface FeedPollerDeps {
  readonly feeds: FeedRepository;
  readonly library: Library;
  readonly log: Logger;
  readonly allowPrivate: boolean;
  readonly events?: FeedEvents;
  readonly clock?: () => Date;
  readonly random?: () => number;
  readonly options?: Partial<FeedOptions>;
}

/**
 * Follows the servers' news feeds: polls each when due (conditional GET, jitter, a per-host limit,
 * exponential backoff on errors, a pause with a message after days of failure), reads each new item's
 * page down to the article (or the feed's own full text when the page cannot be read) and stores it
 * for the feed's server, marking the item seen in the same transaction. Items are known by guid and
 * by link, and the library keeps one copy per content hash, so feeds that rewrite dates or guids
 * produce no duplicates.
 */
export class FeedPoller {
  readonly options: FeedOptions;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly hosts = new Map<string, LimitFunction>();
  private readonly feedsAtOnce: LimitFunction;
  private readonly periodic: Periodic;
  constructor(private readonly deps: FeedPollerDeps) {
    this.options = { ...FEED_DEFAULTS, ...deps.options };
    this.clock = deps.clock ?? (() => new Date());
    this.random = deps.random ?? Math.random;
    this.feedsAtOnce = pLimit(this.options.concurrency);
    // Started, the first step ends the claims of this process's previous run (SQLite; see releaseClaims).
    this.periodic = new Periodic(() => this.pollDue(), this.options.tickSeconds * 1000, deps.log, 'feed polling', async () => {
      const released = await deps.feeds.releaseClaims();
      if (released > 0) deps.log.info({ feeds: released }, 'feed polls of the previous run released');
    });
  }

  /**
   * Follows a feed for a server: fetches it once, checks that it is a feed, stores it and says how
   * many articles it found (the newest {@link FEED_READ_DEFAULTS.maxItems} at most). Those are read
   * in the background by the first poll, which is due at once; they are not announced.
   */
  async add(owner: string, url: string, by: { announceChannel: string | null; addedBy: string | null }): Promise<Result<{ feed: FeedRecord; found: number }, FeedAddError>> {
    const fetched = await this.fetchFeed(url);
    if (!fetched.ok) return fetched;
    const parsed = readFeed(fetched.value.body, fetched.value.url);
    if (!parsed.ok) return parsed;
    const now = this.clock().toISOString();
    const feed = await this.deps.feeds.add({ owner, url: fetched.value.url, title: parsed.value.title, announceChannel: by.announceChannel, addedBy: by.addedBy, at: now, nextPollAt: now });
    if (!feed) return err({ code: 'exists', message: 'This server already follows that feed.' });
    this.deps.log.info({ feedId: feed.id, owner, url: feed.url, items: parsed.value.entries.length }, 'feed added');
    this.wake();
    return ok({ feed, found: parsed.value.entries.length });
  }

  /** A server's feeds with their health, in the order they were added. */
  list(owner: string): Promise<FeedRecord[]> {
    return this.deps.feeds.list(owner);
  }

  /** Stops following a feed (its articles stay); false when the server has no feed of that id. */
  async remove(id: number, owner: string): Promise<boolean> {
    const removed = await this.deps.feeds.remove(id, owner);
    if (removed) this.deps.log.info({ feedId: id, owner }, 'feed removed');
    return removed;
  }

  /** Starts a paused feed again, polled at once; false when the server has no feed of that id. */
  async resume(id: number, owner: string): Promise<boolean> {
    const resumed = await this.deps.feeds.resume(id, owner, this.clock().toISOString());
    if (resumed) {
      this.deps.log.info({ feedId: id, owner }, 'feed resumed');
      this.wake();
    }
    return resumed;
  }

  /** Polls every due feed (at most {@link FEED_DEFAULTS.concurrency} at once); resolves when all are done. */
  async pollDue(): Promise<number> {
    const now = this.clock();
    const lease = new Date(now.getTime() + this.options.leaseMinutes * 60_000).toISOString();
    const due = await this.deps.feeds.claimDue(now.toISOString(), lease, 100);
    await Promise.all(due.map((feed) => this.feedsAtOnce(() => this.poll(feed))));
    return due.length;
  }

  /** Polls on a timer until {@link stop}: one look every {@link FEED_DEFAULTS.tickSeconds}, at once after an add. */
  start(): void {
    this.periodic.start();
  }

  /** Stops polling and waits for the polls under way. */
  async stop(): Promise<void> {
    await this.periodic.stop();
  }

  private wake(): void {
    this.periodic.wake();
  }

  /** One poll of one feed; never throws (a failure is recorded against the feed). */
  async poll(feed: FeedRecord): Promise<void> {
    const { feeds, log } = this.deps;
    const started = this.clock();
    try {
      const fetched = await this.fetchFeed(feed.url, feed);
      if (!fetched.ok) return await this.failed(feed, fetched.error.message, fetched.error.code);
      if (fetched.value.notModified) {
        await feeds.recordSuccess(feed.id, { title: null, etag: feed.etag, lastModified: feed.lastModified, at: started.toISOString(), nextPollAt: this.next(started) });
        return;
      }
      const parsed = readFeed(fetched.value.body, fetched.value.url);
      if (!parsed.ok) return await this.failed(feed, parsed.error.message, parsed.error.code);
      // The items found when the feed was added are read but not announced: only news is.
      const backfill = feed.lastOkAt === null;
      let added = 0;
      // Oldest first, so that announcements come in the order the news did.
      for (const entry of [...parsed.value.entries].reverse()) {
        if (this.periodic.isStopped) break;
        if (await this.item(feed, entry, backfill)) added++;
      }
      await feeds.recordSuccess(feed.id, { title: parsed.value.title, etag: fetched.value.etag, lastModified: fetched.value.lastModified, at: this.clock().toISOString(), nextPollAt: this.next(this.clock()) });
      log.info({ feedId: feed.id, owner: feed.owner, items: parsed.value.entries.length, added }, 'feed polled');
    } catch (error) {
      await this.failed(feed, `unexpected error: ${(error as Error).message}`.slice(0, 300), 'bug');
      log.error({ feedId: feed.id, err: error }, 'feed poll crashed');
    }
  }

  /** Stores one item's article unless the feed has seen it; true when an article was added. */
  private async item(feed: FeedRecord, entry: FeedEntry, backfill: boolean): Promise<boolean> {
    const { feeds, library, log } = this.deps;
    const keys = keysOf(entry);
    if (keys.length === 0) return false;
    const seen = await feeds.seen(feed.id, keys);
    const now = () => this.clock().toISOString();
    if (seen.size > 0) {
      // Known under another key (a rewritten guid): remember the new one too.
      if (seen.size < keys.length) await feeds.markSeen(feed.id, keys.filter((k) => !seen.has(k)), null, now());
      return false;
    }
    const parts = await this.partsOf(entry);
    if (!parts) {
      log.warn({ feedId: feed.id, link: entry.link, guid: entry.guid }, 'feed item skipped: no readable text');
      await feeds.markSeen(feed.id, keys, null, now());
      return false;
    }
    const added = await library.add(parts, { owner: feed.owner, origin: 'feed', url: entry.link }, (tx, articleId) => feeds.in(tx).markSeen(feed.id, keys, articleId, now()));
    if (!added.ok) {
      log.warn({ feedId: feed.id, link: entry.link, problem: added.error.message }, 'feed item skipped');
      await feeds.markSeen(feed.id, keys, null, now());
      return false;
    }
    if (!added.value.stored) return false;
    if (!backfill && feed.announceChannel && this.deps.events?.announce) {
      await this.deps.events.announce(feed, added.value.article).catch((error: unknown) => log.warn({ feedId: feed.id, channel: feed.announceChannel, err: error }, 'announcement failed'));
    }
    return true;
  }

  /** The article of an item: its page read down to the article, else the feed's own full text, else null. */
  private async partsOf(entry: FeedEntry): Promise<ArticleParts | null> {
    if (entry.link) {
      const link = entry.link;
      const page = await this.host(link, () => readPage(link, { allowPrivate: this.deps.allowPrivate, timeoutMs: this.options.timeoutSeconds * 1000 }));
      if (page.ok) return { ...partsOfPage(page.value), ...(entry.title ? { title: entry.title } : {}), ...(!page.value.published && entry.published ? { published: entry.published.toISOString() } : {}) };
      this.deps.log.info({ link, problem: page.error.message }, 'feed item page unreadable; trying the feed\'s text');
    }
    if (entry.content && entry.title) {
      const { paragraphs, captions } = htmlBlocks(entry.content);
      if (paragraphs.length > 0) {
        return {
          title: entry.title,
          paragraphs,
          captions,
          ...(entry.link ? { source: entry.link } : {}),
          ...(entry.published ? { published: entry.published.toISOString() } : {}),
          ...(entry.author ? { author: entry.author } : {}),
        };
      }
    }
    return null;
  }

  /** Records a failed poll with backoff; pauses the feed, and says so, after days of failure. */
  private async failed(feed: FeedRecord, message: string, code: string): Promise<void> {
    const now = this.clock();
    const backoffMinutes = Math.min(this.options.maxBackoffHours * 60, this.options.intervalMinutes * 2 ** feed.failures);
    const updated = await this.deps.feeds.recordFailure(feed.id, { error: message, at: now.toISOString(), nextPollAt: this.after(now, backoffMinutes) });
    this.deps.log.warn({ feedId: feed.id, owner: feed.owner, url: feed.url, code, failures: (updated?.failures ?? feed.failures + 1), problem: message }, 'feed poll failed');
    if (!updated?.failingSince) return;
    const failingFor = now.getTime() - new Date(updated.failingSince).getTime();
    if (failingFor < this.options.pauseAfterDays * 24 * 3600_000) return;
    const reason = `failing since ${updated.failingSince.slice(0, 16).replace('T', ' ')} UTC: ${message}`;
    await this.deps.feeds.pause(feed.id, reason, now.toISOString());
    this.deps.log.warn({ feedId: feed.id, owner: feed.owner, url: feed.url }, 'feed paused');
    await this.deps.events?.paused?.(updated, reason).catch((error: unknown) => this.deps.log.warn({ feedId: feed.id, err: error }, 'pause notice failed'));
  }

  private next(from: Date): string {
    return this.after(from, this.options.intervalMinutes);
  }

  /** `from` plus `minutes`, jittered. */
  private after(from: Date, minutes: number): string {
    const spread = 1 + this.options.jitter * (2 * this.random() - 1);
    return new Date(from.getTime() + minutes * spread * 60_000).toISOString();
  }

  /** Fetches a feed within its host's limit, conditionally when the last poll's validators are given. */
  private fetchFeed(url: string, validators: { etag: string | null; lastModified: string | null } = { etag: null, lastModified: null }) {
    return this.host(url, () => safeFetch(url, { accept: FEED_TYPES, allowPrivate: this.deps.allowPrivate, etag: validators.etag, lastModified: validators.lastModified, timeoutMs: this.options.timeoutSeconds * 1000 }));
  }

  /** Runs a request within its host's limit. */
  private host<T>(url: string, work: () => Promise<T>): Promise<T> {
    let host = '';
    try {
      host = new URL(url).host;
    } catch {
      // A bad address fails inside `work` with its own message.
    }
    let limit = this.hosts.get(host);
    if (!limit) {
      limit = pLimit(this.options.perHost);
      this.hosts.set(host, limit);
    }
    return limit(work);
  }
}

/**
 * The keys an item is known by: its guid and its link (without a fragment or tracking parameters), so
 * that a feed that rewrites one of them still matches on the other.
 */
export function keysOf(entry: FeedEntry): string[] {
  const keys: string[] = [];
  if (entry.guid) keys.push(`guid:${entry.guid}`);
  if (entry.link) {
    const url = new URL(entry.link);
    url.hash = '';
    for (const p of [...url.searchParams.keys()]) if (/^(?:utm_|fbclid$|gclid$|ocid$|cmpid$)/i.test(p)) url.searchParams.delete(p);
    keys.push(`link:${url.toString()}`);
  }
  return keys;
}
