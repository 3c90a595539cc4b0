import { DiscordAPIError, type Client } from 'discord.js';
import { ChannelUnavailable, type DigestOutlet } from '../digest/scheduler.js';
import { renderDigest } from './render-digest.js';
import type { MessagePayload } from './render.js';

/** Discord's codes for a channel that is gone, and for one the bot may no longer see or post in. */
const GONE = new Set([10003]);
const FORBIDDEN = new Set([50001, 50013]);

/**
 * Scheduled digests as Discord messages: rendered by render-digest.ts, posted with a nonce and
 * `enforce_nonce`, so that Discord drops a message resent after a crash. A deleted channel or a lost
 * permission becomes {@link ChannelUnavailable}, which pauses the schedule.
 */
export function digestOutlet(client: () => Client | undefined): DigestOutlet<MessagePayload> {
  const unavailable = (error: unknown, channelId: string): ChannelUnavailable | null => {
    if (!(error instanceof DiscordAPIError)) return null;
    if (GONE.has(Number(error.code)) || error.status === 404) return new ChannelUnavailable('gone', `channel ${channelId} no longer exists`);
    if (FORBIDDEN.has(Number(error.code)) || error.status === 403) return new ChannelUnavailable('forbidden', `no permission to post in channel ${channelId}`);
    return null;
  };
  return {
    render: renderDigest,
    async post(channelId, message, nonce) {
      const c = client();
      if (!c?.isReady()) throw new Error('digest: not connected to Discord');
      try {
        const channel = await c.channels.fetch(channelId);
        if (!channel?.isSendable()) throw new ChannelUnavailable('forbidden', `cannot post in channel ${channelId}`);
        await channel.send({ ...message, nonce, enforceNonce: true });
      } catch (error) {
        throw unavailable(error, channelId) ?? error;
      }
    },
  };
}
