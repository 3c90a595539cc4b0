import type { InteractionReplyOptions, MessageComponentInteraction, RepliableInteraction } from 'discord.js';
import { EPHEMERAL } from './limits.js';
import { renderNotice, type MessagePayload, type Visibility } from './render.js';

/**
 * Replies with the payload `work` produces, deferring first if it takes longer than `deferAfterMs`
 * (Discord invalidates an interaction that gets no response within 3 seconds), and then editing the
 * deferred reply. A fast answer costs one request; a slow one still arrives. With `deferAfterMs` 0
 * the reply is deferred before the work starts (work that is always slow: fetching, reading a file).
 *
 * Who sees the reply is the payload's `visibility` (the one rule, {@link VISIBILITY}); `ephemeral`
 * is what a deferral guesses (and what a payload without a visibility gets). A deferral cannot change
 * who sees it, so when the payload disagrees with the guess (a public /ask deferral that turns out
 * "not covered"), the deferred message is deleted and the reply sent as a follow-up seen as it should be.
 */
export async function respond(
  interaction: RepliableInteraction,
  work: () => MessagePayload | Promise<MessagePayload>,
  { deferAfterMs, ephemeral = false }: { deferAfterMs: number; ephemeral?: boolean },
): Promise<void> {
  const { payload, deferral } = await withDeferral(work, deferAfterMs, () => interaction.deferReply(ephemeral ? { flags: EPHEMERAL } : {}), deferAfterMs <= 0);
  const hidden = isPrivate(payload, ephemeral);
  if (!deferral) return void (await interaction.reply(withFlags(payload, hidden)));
  await deferral;
  if (hidden === ephemeral) return void (await interaction.editReply(bodyOf(payload)));
  await interaction.deleteReply();
  await interaction.followUp(withFlags(payload, hidden));
}

/**
 * Replaces the message a button is on with the payload `work` produces (the paginator's ◀ ▶):
 * one message, edited in place, never a new one. Slow work is acknowledged first (a deferred update),
 * then the message edited.
 */
export async function update(interaction: MessageComponentInteraction, work: () => MessagePayload | Promise<MessagePayload>, { deferAfterMs }: { deferAfterMs: number }): Promise<void> {
  const { payload, deferral } = await withDeferral(work, deferAfterMs, () => interaction.deferUpdate(), false);
  if (deferral) {
    await deferral;
    await interaction.editReply(bodyOf(payload));
  } else {
    await interaction.update(bodyOf(payload));
  }
}

/**
 * Runs `work`, acknowledging the interaction with `defer` once it has taken `deferAfterMs` (before it
 * starts with `now`); resolves to its payload and the deferral, if one was started. When the work
 * throws, the deferral is let land first, so that the central handler sees the interaction as
 * deferred; then the error is thrown on.
 */
async function withDeferral(work: () => MessagePayload | Promise<MessagePayload>, deferAfterMs: number, defer: () => Promise<unknown>, now: boolean): Promise<{ payload: MessagePayload; deferral: Promise<unknown> | undefined }> {
  let deferral: Promise<unknown> | undefined;
  // Awaited by the caller (before the reply is edited), or below before an error goes on.
  const start = (): void => {
    deferral ??= defer();
  };
  if (now) start();
  const timer = setTimeout(start, Math.max(0, deferAfterMs));
  try {
    const payload = await work();
    return { payload, deferral };
  } catch (error) {
    await deferral?.catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Replies with a short notice (a refusal, an expired button) that only the member sees. */
export async function replyNotice(interaction: RepliableInteraction, text: string): Promise<void> {
  await interaction.reply(withFlags(renderNotice(text), true));
}

/** Whether a payload is seen by the member only: its visibility, else `fallback`. */
function isPrivate(payload: MessagePayload, fallback: boolean): boolean {
  const v: Visibility | undefined = payload.visibility;
  return v === undefined ? fallback : v === 'private';
}

/** The payload as discord.js sends it: without the visibility, which is Pilcrow's, not Discord's. */
export function bodyOf(payload: MessagePayload): Omit<MessagePayload, 'visibility'> {
  const body: MessagePayload = { ...payload };
  delete body.visibility;
  return body;
}

/** The payload as reply options, ephemeral when asked. */
export function withFlags(payload: MessagePayload, ephemeral: boolean): InteractionReplyOptions {
  return { ...bodyOf(payload), ...(ephemeral ? { flags: EPHEMERAL } : {}) } as InteractionReplyOptions;
}

/** The payload as reply options, seen by whom its visibility says (`fallback` when it says nothing). */
export function asSeen(payload: MessagePayload, fallback: Visibility = 'private'): InteractionReplyOptions {
  return withFlags(payload, isPrivate(payload, fallback === 'private'));
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
