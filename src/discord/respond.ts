import type { InteractionReplyOptions, RepliableInteraction } from 'discord.js';
import { EPHEMERAL } from './limits.js';
import { renderNotice, type MessagePayload } from './render.js';

/**
 * Replies with the payload `work` produces, deferring first if it takes longer than `deferAfterMs`
 * (Discord invalidates an interaction that gets no response within 3 seconds), and then editing the
 * deferred reply. A fast answer costs one request; a slow one still arrives. With `deferAfterMs` 0
 * the reply is deferred before the work starts (work that is always slow: fetching, reading a file).
 */
export async function respond(
  interaction: RepliableInteraction,
  work: () => MessagePayload | Promise<MessagePayload>,
  { deferAfterMs, ephemeral = false }: { deferAfterMs: number; ephemeral?: boolean },
): Promise<void> {
  let deferral: Promise<unknown> | undefined;
  // Awaited below (before the reply is edited, or before an error goes to the central handler).
  const defer = (): void => {
    deferral ??= interaction.deferReply(ephemeral ? { flags: EPHEMERAL } : {});
  };
  if (deferAfterMs <= 0) defer();
  const timer = setTimeout(defer, Math.max(0, deferAfterMs));
  let payload: MessagePayload;
  try {
    payload = await work();
  } catch (error) {
    // Let the deferral land first, so that the central handler sees the interaction as deferred.
    await deferral?.catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  if (deferral) {
    await deferral;
    await interaction.editReply(payload);
  } else {
    await interaction.reply(withFlags(payload, ephemeral));
  }
}

/** Replies with a short notice (a refusal, an expired button) that only the member sees. */
export async function replyNotice(interaction: RepliableInteraction, text: string): Promise<void> {
  await interaction.reply(withFlags(renderNotice(text), true));
}

/** The payload as reply options, ephemeral when asked. */
export function withFlags(payload: MessagePayload, ephemeral: boolean): InteractionReplyOptions {
  return { ...payload, ...(ephemeral ? { flags: EPHEMERAL } : {}) } as InteractionReplyOptions;
}

/**
 * `promise`'s value, or `fallback` if it is not there within `ms`. Autocomplete cannot be deferred:
 * while quotations are still being read at start-up, it answers with what it has rather than late.
 */
export async function withDeadline<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
