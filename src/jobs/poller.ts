import pLimit, { type LimitFunction } from 'p-limit';
import type { Article } from '../model/article.js';
import { Periodic } from './periodic.js';
import type { Logger } from '../logger.js';
import { decodeProblem, encodeProblem, hostOf, PROBLEMS, type ProblemFacts } from '../model/problems.js';
import { err, ok, type Result } from '../result.js';
import type { ArticleThread, FeedChanges, FeedRecord, FeedRepository, SeenItem } from '../state/feeds.js';
import type { AddedArticles } from '../store/library.js';
import type { FeedEntry } from '../feeds/parse.js';
import { FeedReader, itemKeys, type FeedTest } from '../feeds/reader.js';
import { filterOf, passes } from '../feeds/filter.js';

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
  /** Times an item whose page failed in a way that may pass (timeout, 5xx) is read before it is given up. 1-10. */
  itemAttempts: 3,
  /** A claimed poll that has not finished after this many minutes may be claimed again (a crash mid-poll). */
  leaseMinutes: 10,
  /** Seconds between two looks for due feeds. */
  tickSeconds: 30,
  /** Seconds a feed or page may take to arrive, whole exchange (see FETCH_DEFAULTS). */
  timeoutSeconds: 10,
});

export type FeedOptions = { -readonly [K in keyof typeof FEED_DEFAULTS]: number };

/**
 * How an announcement went, as the front end tells the poller: posted (with the thread or forum post
 * opened for the article, and the forum tag applied); or refused, for a permission the bot lacks
 * (`missing_permission`) or by another 4xx answer that posting again would not change (`rejected`,
 * with Discord's code): the article is not sent again, the feed keeps its channel and shows the
 * problem in `/feed list` until an announcement is posted; or its channel, thread or forum is
 * gone (the feed falls back, see FeedRepository.fallBack).
 */
export type Announced =
  | { readonly kind: 'posted'; readonly thread?: { readonly id: string; readonly channelId: string }; readonly tag?: string | null; readonly problem?: { readonly code: string } & ProblemFacts }
  | { readonly kind: 'refused'; readonly problem: { readonly code: string } & ProblemFacts }
  | { readonly kind: 'gone'; readonly channel: string };

/** What the poller tells the front end about. */
export interface FeedEvents {
  /**
   * A new article from a feed that has an announce channel (not the ones found when it was added, nor
   * those its filters turn away), delivered as the feed says (a message, a thread on it, a forum post).
   * Resolves with how it went (nothing: posted); rejects on a failure that may pass (Discord down).
   */
  announce?(feed: FeedRecord, article: Article): Promise<Announced | void>;
  /** A feed's thread or forum is gone: it now posts in `feed.announceChannel`, which is told so here. */
  fellBack?(feed: FeedRecord, gone: string): Promise<void>;
  /** A feed was paused after failing for days. */
  paused?(feed: FeedRecord, reason: string): Promise<void>;
}

/** How the first reading of a newly added feed went: its items, how many were read, and the last problem. */
export interface FirstRead {
  /** Items the feed held. */
  readonly items: number;
  /** Items whose article is now stored (or already was). */
  readonly read: number;
  /** Items that could not be read or stored. */
  readonly skipped: number;
  /** Why the feed could not be read at all, else the last item's problem; null when all went well. */
  readonly problem: ({ readonly code: string } & ProblemFacts) | null;
}

/** A failure as the poller records it: a code of src/model/problems.ts, its facts, and a line for the logs. */
type Failure = { readonly code: string; readonly message: string } & ProblemFacts;

/** Why a feed could not be followed: a code of src/model/problems.ts and its facts. */
export interface FeedAddError extends ProblemFacts {
  readonly code: string;
  readonly message: string;
}

export interface FeedPollerDeps {
  readonly feeds: FeedRepository;
  readonly library: AddedArticles;
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
  /** Reads feeds and items: the one path `/feed test` and `pilcrow feed` take too. */
  readonly reader: FeedReader;
  private readonly feedsAtOnce: LimitFunction;
  private readonly periodic: Periodic;
  /** Who waits for a new feed's first reading ({@link firstRead}), by feed id. */
  private readonly firstReaders = new Map<number, ((read: FirstRead) => void)[]>();
  constructor(private readonly deps: FeedPollerDeps) {
    this.options = { ...FEED_DEFAULTS, ...deps.options };
    this.reader = new FeedReader(deps.library.work, deps.allowPrivate, { timeoutSeconds: this.options.timeoutSeconds, perHost: this.options.perHost });
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
  async add(owner: string, url: string, by: { announceChannel: string | null; addedBy: string | null } & Omit<FeedChanges, 'announceChannel'>): Promise<Result<{ feed: FeedRecord; found: number }, FeedAddError>> {
    const fetched = await this.reader.fetch(url);
    if (!fetched.ok) return fetched;
    const parsed = fetched.value.feed;
    if (!parsed) return err({ code: PROBLEMS.notAFeed, ...hostOf(url), message: `${url.slice(0, 200)} sent no feed.` });
    const now = this.clock().toISOString();
    const feed = await this.deps.feeds.add({ ...by, owner, url: fetched.value.url, title: parsed.title, at: now, nextPollAt: now });
    if (!feed) return err({ code: PROBLEMS.feedExists, message: `feed ${url.slice(0, 200)} is already followed` });
    this.deps.log.info({ feedId: feed.id, owner, url: feed.url, items: parsed.entries.length }, 'feed added');
    this.wake();
    return ok({ feed, found: parsed.entries.length });
  }

  /**
   * Resolves when the first reading of a feed just added (its backfill) is done, with how it went;
   * null after `timeoutMs` or when this process does not read it (a feed read before, or by another shard).
   */
  firstRead(feedId: number, timeoutMs: number): Promise<FirstRead | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.firstReaders.set(feedId, (this.firstReaders.get(feedId) ?? []).filter((r) => r !== done));
        resolve(null);
      }, timeoutMs);
      timer.unref();
      const done = (read: FirstRead) => {
        clearTimeout(timer);
        resolve(read);
      };
      this.firstReaders.set(feedId, [...(this.firstReaders.get(feedId) ?? []), done]);
    });
  }

  /** Tells those waiting for a feed's first reading how it went. */
  private settleFirstRead(feedId: number, read: FirstRead): void {
    const waiting = this.firstReaders.get(feedId);
    this.firstReaders.delete(feedId);
    for (const resolve of waiting ?? []) resolve(read);
  }

  /** A server's feeds with their health, in the order they were added. */
  list(owner: string): Promise<FeedRecord[]> {
    return this.deps.feeds.list(owner);
  }

  /**
   * Changes a server's feed (`/feed edit`): its channel and delivery, its filters. Articles already
   * met are never read or announced again, whatever the new filters say: filters apply to new items.
   * Undefined when the server has no feed of that id.
   */
  async edit(id: number, owner: string, changes: FeedChanges): Promise<FeedRecord | undefined> {
    const edited = await this.deps.feeds.edit(id, owner, changes);
    if (edited) this.deps.log.info({ feedId: id, owner, changes: Object.keys(changes) }, 'feed edited');
    return edited;
  }

  /** The article a thread or forum post was opened for (`/ask` there answers from it), or undefined. */
  threadOf(channelId: string): Promise<ArticleThread | undefined> {
    return this.deps.feeds.threadOf(channelId);
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
      const fetched = await this.reader.fetch(feed.url, feed);
      if (!fetched.ok) {
        await this.failed(feed, fetched.error);
        return this.settleFirstRead(feed.id, { items: 0, read: 0, skipped: 0, problem: fetched.error });
      }
      const parsed = fetched.value.feed;
      if (!parsed) {
        await feeds.recordSuccess(feed.id, { title: null, etag: feed.etag, lastModified: feed.lastModified, at: started.toISOString(), nextPollAt: this.next(started) });
        return this.settleFirstRead(feed.id, { items: 0, read: 0, skipped: 0, problem: null });
      }
      // The items found when the feed was added are read but not announced: only news is.
      const backfill = feed.lastOkAt === null;
      const health = { run: feed.skippedRun, problem: feed.skipProblem };
      let added = 0;
      let same = 0;
      let skipped = 0;
      let lastProblem: FirstRead['problem'] = null;
      // The feed as it stands: an announcement may move it to another channel mid-poll.
      const current = { feed };
      // Oldest first, so that announcements come in the order the news did.
      for (const { entry, keys } of itemKeys(parsed.entries, fetched.value.url).reverse()) {
        if (this.periodic.isStopped) break;
        const outcome = await this.item(current, entry, keys, backfill);
        if (outcome.kind === 'added' || outcome.kind === 'same' || outcome.kind === 'filtered') health.run = 0;
        if (outcome.kind === 'added') added++;
        if (outcome.kind === 'same') same++;
        if (outcome.kind === 'skipped') {
          skipped++;
          lastProblem = decodeProblem(outcome.problem);
          health.run++;
          health.problem = outcome.problem;
        }
      }
      await feeds.recordSuccess(feed.id, { title: parsed.title, etag: fetched.value.etag, lastModified: fetched.value.lastModified, at: this.clock().toISOString(), nextPollAt: this.next(this.clock()), skipped: { run: health.run, problem: health.run > 0 ? health.problem : null } });
      log.info({ feedId: feed.id, owner: feed.owner, items: parsed.entries.length, added, skipped }, 'feed polled');
      if (backfill) this.settleFirstRead(feed.id, { items: parsed.entries.length, read: added + same, skipped, problem: lastProblem });
    } catch (error) {
      const failure = { code: PROBLEMS.bug, message: `unexpected error: ${(error as Error).message}`.slice(0, 300) };
      this.settleFirstRead(feed.id, { items: 0, read: 0, skipped: 0, problem: failure });
      await this.failed(feed, failure);
      log.error({ feedId: feed.id, err: error }, 'feed poll crashed');
    }
  }

  /**
   * Stores one item's article unless the feed has met it. An item that cannot be read or stored is
   * recorded as skipped (to be read again later when its failure may pass) and never stops the items
   * after it. Never throws.
   */
  private async item(current: { feed: FeedRecord }, entry: FeedEntry, keys: readonly string[], backfill: boolean): Promise<{ kind: 'known' | 'added' | 'same' | 'filtered' } | { kind: 'skipped'; problem: string }> {
    const { feeds, library, log } = this.deps;
    const feed = current.feed;
    const now = () => this.clock().toISOString();
    let attempts = 0;
    try {
      const seen = await feeds.seen(feed.id, keys);
      if (seen.size > 0 && !reusedGuid(keys, seen, entry)) {
        const again = [...seen.values()].every((s) => s.articleId === null && s.retry);
        if (!again) {
          // Known under another key (a rewritten guid or link): remember the new one too.
          if (seen.size < keys.length) await feeds.markSeen(feed.id, keys.filter((k) => !seen.has(k)), null, now(), entry.title);
          return { kind: 'known' };
        }
        for (const s of seen.values()) attempts = Math.max(attempts, s.attempts);
      }
      const read = await this.reader.item(entry);
      if (!read.parts) return await this.skip(feed, entry, keys, read.skipped ?? { code: PROBLEMS.unreadable, message: 'no readable text' }, read.temporary, attempts);
      // The publisher's name: the page's own, else the feed's title (shown in digests and announcements).
      const parts = !read.parts.site && feed.title ? { ...read.parts, site: feed.title } : read.parts;
      // The feed's filters: an article they turn away is not announced, and with store:filtered not stored either.
      const wanted = passes(filterOf(feed.include, feed.exclude), { title: parts.title, text: parts.paragraphs.join('\n') });
      if (!wanted && feed.storeFiltered) {
        await feeds.markSeen(feed.id, keys, null, now(), entry.title);
        log.info({ feedId: feed.id, link: entry.link }, 'feed item filtered out, not stored');
        return { kind: 'filtered' };
      }
      const added = await library.add(parts, { owner: feed.owner, origin: 'feed', url: entry.link }, (tx, articleId) => feeds.in(tx).markSeen(feed.id, keys, articleId, now(), entry.title));
      if (!added.ok) return await this.skip(feed, entry, keys, added.error, added.error.code === 'too_slow', attempts);
      if (!added.value.stored) return { kind: 'same' };
      log.info({ feedId: feed.id, article: added.value.article.id, link: entry.link, text: read.from }, 'feed item stored');
      if (!wanted) log.info({ feedId: feed.id, article: added.value.article.id }, 'feed item filtered out, stored but not announced');
      if (!backfill && wanted) await this.announce(current, added.value.article);
      return { kind: 'added' };
    } catch (error) {
      // A store that refused this item (a database error) must not hold up the items after it.
      log.error({ feedId: feed.id, link: entry.link, guid: entry.guid, err: error }, 'feed item could not be stored');
      return this.skip(feed, entry, keys, { code: PROBLEMS.notStored, message: `could not be stored: ${(error as Error).message}`.slice(0, 300) }, true, attempts).catch((again: unknown) => {
        log.error({ feedId: feed.id, link: entry.link, err: again }, 'feed item could not be recorded');
        return { kind: 'skipped' as const, problem: encodeProblem({ code: PROBLEMS.notStored }) };
      });
    }
  }

  /**
   * Announces a new article as its feed delivers, and records how it went: the thread or forum post
   * opened for it, the forum tag, a missing permission (shown in `/feed list`, cleared by the next
   * announcement that is posted), or a deleted channel, thread or forum, after which the feed falls
   * back to its fallback channel (told so) and the article is posted there, once: never a retry loop.
   * Never throws.
   */
  private async announce(current: { feed: FeedRecord }, article: Article): Promise<void> {
    const { feeds, log, events } = this.deps;
    for (let attempt = 0; attempt < 2 && current.feed.announceChannel && events?.announce; attempt++) {
      const feed = current.feed;
      try {
        const outcome = (await events.announce(feed, article)) ?? { kind: 'posted' as const };
        if (outcome.kind === 'posted') {
          if (outcome.thread) await feeds.recordThread({ threadId: outcome.thread.id, owner: feed.owner, articleId: article.id, feedId: feed.id, channelId: outcome.thread.channelId, at: this.clock().toISOString() });
          if (outcome.tag !== undefined && outcome.tag !== feed.forumTag) await feeds.setForumTag(feed.id, outcome.tag);
          // A post clears a missing permission; that the feed fell back stays said until /feed edit moves it.
          const fellBack = decodeProblem(feed.deliveryProblem)?.code === PROBLEMS.channelGone;
          const problem = outcome.problem ? encodeProblem(outcome.problem) : fellBack ? feed.deliveryProblem : null;
          if (problem !== feed.deliveryProblem) await feeds.setDeliveryProblem(feed.id, problem);
          current.feed = { ...feed, deliveryProblem: problem, forumTag: outcome.tag === undefined ? feed.forumTag : outcome.tag };
          return;
        }
        if (outcome.kind === 'refused') {
          const problem = encodeProblem(outcome.problem);
          log.warn({ feedId: feed.id, channel: feed.announceChannel, code: outcome.problem.code, permission: outcome.problem.permission }, 'announcement refused');
          if (problem !== feed.deliveryProblem) await feeds.setDeliveryProblem(feed.id, problem);
          current.feed = { ...feed, deliveryProblem: problem };
          return;
        }
        // Gone: fall back once, to a channel that is not the one gone; the article goes there.
        const to = feed.fallbackChannel && feed.fallbackChannel !== outcome.channel ? feed.fallbackChannel : null;
        const moved = await feeds.fallBack(feed.id, to, encodeProblem({ code: PROBLEMS.channelGone, channel: outcome.channel, ...(to ? { fallback: to } : {}) }));
        log.warn({ feedId: feed.id, gone: outcome.channel, fallback: to }, 'announce channel gone, feed falls back');
        if (!moved) return;
        current.feed = moved;
        if (to) await events.fellBack?.(moved, outcome.channel).catch((error: unknown) => log.warn({ feedId: feed.id, err: error }, 'fall-back notice failed'));
      } catch (error) {
        log.warn({ feedId: feed.id, channel: feed.announceChannel, err: error }, 'announcement failed');
        return;
      }
    }
  }

  /**
   * Records a skipped item, to be read again at a later poll when its failure may pass and it has
   * attempts left. The problem is stored as its code and facts (src/model/problems.ts), its line logged.
   */
  private async skip(feed: FeedRecord, entry: FeedEntry, keys: readonly string[], failure: Failure, temporary: boolean, attempts: number): Promise<{ kind: 'skipped'; problem: string }> {
    const retry = temporary && attempts + 1 < this.options.itemAttempts;
    this.deps.log.warn({ feedId: feed.id, link: entry.link, guid: entry.guid, attempt: attempts + 1, retry, code: failure.code, problem: failure.message }, 'feed item skipped');
    const problem = encodeProblem(failure);
    await this.deps.feeds.markSkipped(feed.id, keys, { problem, retry, at: this.clock().toISOString(), title: entry.title });
    return { kind: 'skipped', problem };
  }

  /**
   * Reads a feed once and each of its items down to the article it would store, storing nothing
   * (`/feed test`): see FeedReader.test, the reading {@link add} and polling do.
   */
  test(url: string): Promise<Result<FeedTest, FeedAddError>> {
    return this.reader.test(url);
  }

  /** Records a failed poll with backoff; pauses the feed, and says so, after days of failure. */
  private async failed(feed: FeedRecord, failure: Failure): Promise<void> {
    const now = this.clock();
    const backoffMinutes = Math.min(this.options.maxBackoffHours * 60, this.options.intervalMinutes * 2 ** feed.failures);
    // Stored as its code and facts (src/model/problems.ts): each front end says it in its own words.
    const problem = encodeProblem(failure);
    const updated = await this.deps.feeds.recordFailure(feed.id, { error: problem, at: now.toISOString(), nextPollAt: this.after(now, backoffMinutes) });
    this.deps.log.warn({ feedId: feed.id, owner: feed.owner, url: feed.url, code: failure.code, failures: (updated?.failures ?? feed.failures + 1), problem: failure.message }, 'feed poll failed');
    if (!updated?.failingSince) return;
    const failingFor = now.getTime() - new Date(updated.failingSince).getTime();
    if (failingFor < this.options.pauseAfterDays * 24 * 3600_000) return;
    // The reason is the last problem; since when it failed is the feed's failingSince.
    const reason = problem;
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
}

/**
 * Whether an item's guid was met before with another story: the feed knows the guid but not the
 * link, and the title it was met with is another. Publishers that number their items by position
 * (1, 2, 3… shifting as news comes) or give a "latest" item one fixed guid reuse guids; a story that
 * only moved to another address keeps its title, and stays known.
 */
export function reusedGuid(keys: readonly string[], seen: ReadonlyMap<string, SeenItem>, entry: FeedEntry): boolean {
  const guid = keys.find((k) => k.startsWith('guid:'));
  const link = keys.find((k) => k.startsWith('link:'));
  if (!guid || !link || seen.has(link)) return false;
  const before = seen.get(guid)?.title;
  if (before === undefined || before === null || entry.title === null) return false;
  const plain = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return plain(before) !== plain(entry.title);
}
