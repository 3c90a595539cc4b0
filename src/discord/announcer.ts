import { ChannelFlags, ChannelType, DiscordAPIError, RESTJSONErrorCodes, ThreadAutoArchiveDuration, type Client, type ForumChannel, type GuildForumTag, type Message } from 'discord.js';
import { wordsOf, type Announced, type FeedEvents } from '../engine/index.js';
import type { Article } from '../model/article.js';
import type { Logger } from '../logger.js';
import { hostOf, PROBLEMS } from '../model/problems.js';
import type { FeedRecord } from '../engine/index.js';
import { postInChannel } from './post.js';
import { problemText } from './problems.js';
import { COLOURS, escapeText, renderFeedPaused, truncate, type MessagePayload } from './render.js';
import { renderAnnouncement } from './render-digest.js';

/** How threads and forum posts are opened; see each field. */
export const THREAD_DEFAULTS = Object.freeze({
  /** Characters of a thread's or forum post's name, at most (Discord's limit). */
  nameMax: 100,
  /** Minutes of quiet before Discord archives a thread made for an article (one of 60, 1440, 4320,
   *  10080): a week, so that an article's thread stays listed while its news is news. Posting in an
   *  archived thread (or /ask there) opens it again. */
  archiveMinutes: ThreadAutoArchiveDuration.OneWeek,
});

/** Discord's error codes: a channel, thread or message gone; a permission or access missing. */
const GONE = new Set([10003]);
const FORBIDDEN = new Set([50001, 50013]);

/**
 * A thread's name from an article's title: the title when it fits in Discord's 100 characters, else
 * cut on the last word boundary before the limit with "…" (a single word longer than that is cut
 * inside). Never empty.
 *
 * @example threadName('Museum returns stolen painting') // 'Museum returns stolen painting'
 */
export function threadName(title: string, max: number = THREAD_DEFAULTS.nameMax): string {
  const plain = title.replace(/\s+/g, ' ').trim() || 'Article';
  // Cut as every reply cuts (whole characters, on a word boundary), without a comma or dash before the "…".
  const cut = truncate(plain, max);
  return cut === plain ? plain : cut.replace(/[\s,;:–—-]+…$/, '…');
}

/**
 * The forum tag for a feed's posts: the tag whose name is the feed's title, its publisher's name
 * (the article's site) or its web site's name ("bbc" for feeds.bbci.co.uk's "BBC"), compared as
 * folded words; failing that, a tag whose words appear as a phrase in one of those names ("BBC" in
 * "BBC News - World"), the longest first. No tag when none matches, unless the forum requires one:
 * then its first tag that members may apply (a post without a tag would be refused).
 */
export function pickTag(tags: readonly Pick<GuildForumTag, 'id' | 'name' | 'moderated'>[], names: readonly (string | null | undefined)[], required: boolean): Pick<GuildForumTag, 'id' | 'name'> | null {
  const known = names.filter((n): n is string => !!n).map(wordsOf).filter((w) => w.length > 0);
  const words = tags.map((tag) => ({ tag, words: wordsOf(tag.name) })).filter((t) => t.words.length > 0);
  const same = words.find((t) => known.some((k) => k.join(' ') === t.words.join(' ')));
  if (same) return same.tag;
  const within = (k: readonly string[], w: readonly string[]) => k.some((_, i) => w.every((x, j) => k[i + j] === x));
  const inside = words.filter((t) => known.some((k) => within(k, t.words))).sort((a, b) => b.words.length - a.words.length)[0];
  if (inside) return inside.tag;
  return required ? (tags.find((t) => !t.moderated) ?? null) : null;
}

/** A web site's own name from a feed's address: "feeds.bbci.co.uk" → "bbci", "www.theguardian.com" → "theguardian". */
function siteWord(url: string): string | null {
  const host = hostOf(url).host?.replace(/:\d+$/, '');
  if (!host || /^[\d.]+$/.test(host)) return null;
  const labels = host.split('.').filter((l) => !['www', 'feeds', 'rss', 'com', 'co', 'org', 'net', 'uk', 'news'].includes(l));
  return labels[0] ?? null;
}

/** The notice posted where a feed falls back to when its thread or forum was deleted. */
export function renderFellBack(feed: Pick<FeedRecord, 'title' | 'url' | 'announceChannel'>, gone: string): MessagePayload {
  return {
    embeds: [{
      title: truncate(`Feed moved: ${escapeText(feed.title ?? 'a feed')}`, 256),
      description: problemText({ code: PROBLEMS.channelGone, channel: gone, ...(feed.announceChannel ? { fallback: feed.announceChannel } : {}) }),
      color: COLOURS.unsure,
    }],
    components: [],
    allowedMentions: { parse: [] },
  };
}

/**
 * What a Discord error means for an announcement: its channel gone; a permission missing (which);
 * refused for good (any other 4xx: Discord would refuse the same post again, so it is reported in
 * `/feed list` with Discord's code, never retried); or null for what may pass (a 5xx, a rate limit
 * discord.js did not wait out, the network), which the caller rethrows.
 */
function classify(error: unknown, channel: string, permission: string): Announced | null {
  if (!(error instanceof DiscordAPIError)) return null;
  const code = Number(error.code);
  if (GONE.has(code) || (error.status === 404 && code !== RESTJSONErrorCodes.UnknownMessage)) return { kind: 'gone', channel };
  if (FORBIDDEN.has(code) || error.status === 403) return { kind: 'refused', problem: { code: PROBLEMS.missingPermission, permission: code === 50001 ? 'View Channel' : permission, channel } };
  // 401 is the bot's token, not this channel; 429 may pass; a message deleted before its thread opened is nobody's fault.
  if (error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 429 && code !== RESTJSONErrorCodes.UnknownMessage) {
    return { kind: 'refused', problem: { code: PROBLEMS.rejected, channel, ...(Number.isInteger(code) && code > 0 ? { discordCode: code } : {}) } };
  }
  return null;
}

/**
 * The feed poller's messages as Discord posts: a new article in its feed's announce channel (a
 * message; a message with a thread opened on it; or, in a forum, a post of its own whose first
 * message is the announcement, tagged for the feed), the notice that a feed was paused, and the
 * notice that a feed fell back to another channel. Discord's REST queue (discord.js) spaces the
 * requests and waits out rate limits; an announcement is at most three requests (fetch the channel,
 * post, open the thread). A deleted channel, a missing permission or another refusal Discord would
 * repeat (a 4xx: a forum tag required, an invalid form, a thread limit; `rejected` with Discord's
 * code) resolves as such (see {@link Announced}), so the poller records it for `/feed list` and never
 * retries that article; anything that may pass (not connected, Discord down) rejects, and the poller logs it.
 */
export function feedAnnouncer(client: () => Client | undefined, log: Logger): FeedEvents {
  const post = (channelId: string, payload: Parameters<typeof postInChannel>[2]) => postInChannel(client, channelId, payload);
  /** {@link classify}, with Discord's own words for a refusal in the log (never shown to members). */
  const known = (feed: FeedRecord, error: unknown, channel: string, permission: string): Announced | null => {
    const outcome = classify(error, channel, permission);
    if (outcome?.kind === 'refused' && outcome.problem.code === PROBLEMS.rejected) {
      log.warn({ feedId: feed.id, channel, status: (error as DiscordAPIError).status, discordCode: outcome.problem.discordCode ?? null, err: (error as DiscordAPIError).message }, 'Discord refused an announcement');
    }
    return outcome;
  };
  return {
    async announce(feed, article) {
      const channelId = feed.announceChannel;
      if (!channelId) return;
      const c = client();
      if (!c?.isReady()) throw new Error('announce: not connected to Discord');
      const payload = renderAnnouncement(article, feed.title);
      let channel;
      try {
        channel = await c.channels.fetch(channelId);
      } catch (error) {
        const outcome = known(feed, error, channelId, 'View Channel');
        if (outcome) return outcome;
        throw error;
      }
      if (!channel) return { kind: 'gone', channel: channelId };
      if (channel.type === ChannelType.GuildForum) return forumPost(channel, feed, article, payload);
      if (!channel.isSendable()) return { kind: 'refused', problem: { code: PROBLEMS.missingPermission, permission: 'Send Messages', channel: channelId } };
      let message: Message;
      try {
        message = await channel.send(payload);
      } catch (error) {
        const outcome = known(feed, error, channelId, channel.isThread() ? 'Send Messages in Threads' : 'Send Messages');
        if (outcome) return outcome;
        throw error;
      }
      log.info({ feedId: feed.id, channel: channelId, article: article.id }, 'article announced');
      if (feed.delivery !== 'thread' || channel.isThread()) return { kind: 'posted' };
      try {
        const thread = await message.startThread({ name: threadName(article.title), autoArchiveDuration: THREAD_DEFAULTS.archiveMinutes });
        log.info({ feedId: feed.id, channel: channelId, thread: thread.id, article: article.id }, 'article thread opened');
        return { kind: 'posted', thread: { id: thread.id, channelId } };
      } catch (error) {
        const outcome = known(feed, error, channelId, 'Create Public Threads');
        // The announcement is posted; the thread is not: the problem shows in /feed list until one opens.
        if (outcome?.kind === 'refused') return { kind: 'posted', problem: outcome.problem };
        if (outcome?.kind === 'gone') return outcome;
        log.warn({ feedId: feed.id, channel: channelId, err: error }, 'article thread could not be opened');
        return { kind: 'posted' };
      }
    },
    async paused(feed, reason) {
      // A forum takes posts, not messages: the notice goes where the feed would fall back to.
      const to = feed.delivery === 'forum' ? feed.fallbackChannel : feed.announceChannel;
      if (to) await post(to, renderFeedPaused(feed, reason));
    },
    async fellBack(feed, gone) {
      if (feed.announceChannel) await post(feed.announceChannel, renderFellBack(feed, gone));
    },
  };

  /**
   * A forum post for the article: named after it, its announcement as the first message, tagged for
   * the feed (see {@link pickTag}). When Discord answers that the forum requires a tag though none was
   * applied (its flags changed since they were read), the post is sent once more with the tag a
   * required one would be; a forum with no tag Pilcrow may apply is reported (`rejected`, 40067).
   */
  async function forumPost(forum: ForumChannel, feed: FeedRecord, article: Article, payload: MessagePayload): Promise<Announced> {
    const names = [feed.title, article.site, siteWord(feed.url)];
    const create = async (tag: Pick<GuildForumTag, 'id' | 'name'> | null): Promise<Announced> => {
      const thread = await forum.threads.create({ name: threadName(article.title), autoArchiveDuration: THREAD_DEFAULTS.archiveMinutes, message: payload, appliedTags: tag ? [tag.id] : [] });
      log.info({ feedId: feed.id, forum: forum.id, thread: thread.id, article: article.id, tag: tag?.name ?? null }, 'article posted in forum');
      return { kind: 'posted', thread: { id: thread.id, channelId: forum.id }, tag: tag?.name ?? null };
    };
    const tag = pickTag(forum.availableTags, names, forum.flags.has(ChannelFlags.RequireTag));
    try {
      return await create(tag);
    } catch (error) {
      const required = error instanceof DiscordAPIError && Number(error.code) === RESTJSONErrorCodes.TagRequiredToCreateAForumPostInThisChannel;
      const retag = required && !tag ? pickTag(forum.availableTags, names, true) : null;
      if (retag) {
        try {
          return await create(retag);
        } catch (again) {
          return refusedOr(again);
        }
      }
      return refusedOr(error);
    }

    function refusedOr(error: unknown): Announced {
      const outcome = known(feed, error, forum.id, 'Create Posts');
      if (outcome) return outcome;
      throw error;
    }
  }
}
