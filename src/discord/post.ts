import { DiscordAPIError, type Client, type MessageCreateOptions } from 'discord.js';
import { ChannelUnavailable } from '../engine/index.js';

/** Discord's codes for a channel that is gone, and for one the bot may no longer see or post in. */
const GONE = new Set([10003]);
const FORBIDDEN = new Set([50001, 50013]);

/**
 * Posts a message in a channel, outside any interaction (feed announcements, scheduled digests). A
 * deleted channel or a lost permission rejects with {@link ChannelUnavailable}; anything else (not
 * connected yet, Discord down) with its own error. `client` is read when the message is due: the bot
 * logs in after the jobs that post are made.
 */
export async function postInChannel(client: () => Client | undefined, channelId: string, message: MessageCreateOptions): Promise<void> {
  const c = client();
  if (!c?.isReady()) throw new Error('post: not connected to Discord');
  try {
    const channel = await c.channels.fetch(channelId);
    if (!channel?.isSendable()) throw new ChannelUnavailable('forbidden', `cannot post in channel ${channelId}`);
    await channel.send(message);
  } catch (error) {
    if (!(error instanceof DiscordAPIError)) throw error;
    if (GONE.has(Number(error.code)) || error.status === 404) throw new ChannelUnavailable('gone', `channel ${channelId} no longer exists`);
    if (FORBIDDEN.has(Number(error.code)) || error.status === 403) throw new ChannelUnavailable('forbidden', `no permission to post in channel ${channelId}`);
    throw error;
  }
}
