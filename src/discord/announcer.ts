import type { Client } from 'discord.js';
import type { FeedEvents } from '../feeds/poller.js';
import type { Logger } from '../logger.js';
import { renderAnnouncement, renderFeedPaused, type MessagePayload } from './render.js';

/**
 * The feed poller's messages as Discord posts: a new article in its feed's announce channel, and the
 * notice that a feed was paused. `client` is read when a message is due (the bot logs in after the
 * poller is made). A post that fails (a deleted channel, a lost permission) rejects; the poller logs it.
 */
export function feedAnnouncer(client: () => Client | undefined, log: Logger): FeedEvents {
  const post = async (channelId: string, payload: MessagePayload) => {
    const c = client();
    if (!c?.isReady()) throw new Error('announcer: not connected to Discord');
    const channel = await c.channels.fetch(channelId);
    if (!channel?.isSendable()) throw new Error(`announcer: cannot post in channel ${channelId}`);
    await channel.send(payload);
  };
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
