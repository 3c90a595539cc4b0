import type { Client } from 'discord.js';
import type { FeedEvents } from '../engine/index.js';
import type { Logger } from '../logger.js';
import { postInChannel } from './post.js';
import { renderFeedPaused } from './render.js';
import { renderAnnouncement } from './render-digest.js';

/**
 * The feed poller's messages as Discord posts: a new article in its feed's announce channel, and the
 * notice that a feed was paused. A post that fails (a deleted channel, a lost permission) rejects;
 * the poller logs it and reads the feed on.
 */
export function feedAnnouncer(client: () => Client | undefined, log: Logger): FeedEvents {
  const post = (channelId: string, payload: Parameters<typeof postInChannel>[2]) => postInChannel(client, channelId, payload);
  return {
    async announce(feed, article) {
      if (!feed.announceChannel) return;
      await post(feed.announceChannel, renderAnnouncement(article, feed.title));
      log.info({ feedId: feed.id, channel: feed.announceChannel, article: article.id }, 'article announced');
    },
    async paused(feed, reason) {
      if (feed.announceChannel) await post(feed.announceChannel, renderFeedPaused(feed, reason));
    },
  };
}
