import type { Client } from 'discord.js';
import type { DigestOutlet } from '../engine/index.js';
import { postInChannel } from './post.js';
import { renderDigest } from './render-digest.js';
import type { MessagePayload } from './render.js';

/**
 * Scheduled digests as Discord messages: rendered by render-digest.ts, posted with a nonce and
 * `enforce_nonce`, so that Discord drops a message resent after a crash. A deleted channel or a lost
 * permission rejects with ChannelUnavailable (see post.ts), which pauses the schedule.
 */
export function digestOutlet(client: () => Client | undefined): DigestOutlet<MessagePayload> {
  return {
    render: renderDigest,
    post: (channelId, message, nonce) => postInChannel(client, channelId, { ...message, nonce, enforceNonce: true }),
  };
}
