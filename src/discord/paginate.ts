import { ButtonStyle, ComponentType, type APIButtonComponent, type ButtonInteraction, type RepliableInteraction } from 'discord.js';
import type { Deps } from './command.js';
import { LIMITS } from './limits.js';
import { ASK_BUTTONS, VISIBILITY, type MessagePayload } from './render.js';
import { replyNotice, respond, update, withFlags } from './respond.js';
import type { ReplySession } from './sessions.js';

/**
 * The one paginator of Pilcrow's replies ("More results", /quote's "N more", /facts, /sources): a
 * private message with ◀ "Page 2/3" ▶ under it, each click editing that same message in place (never
 * a new message per page, never a silent cut: the last page says it is the last).
 */
export const PAGER = Object.freeze({
  /** `page:<session key>:<page index>:<prev|at|next>`; the last part keeps the three ids apart. */
  button: 'page',
  previous: '◀',
  next: '▶',
  label: (page: number, count: number) => `Page ${page + 1}/${count}`,
});

/** Texts of the paginator, in one place. */
export const PAGER_TEXTS = Object.freeze({
  expired: 'These results have expired. Ask again to get fresh ones.',
  nothingToShare: 'Only a reply you were shown privately can be shared.',
  alreadyShared: 'This reply has already been shared.',
});

/**
 * Page `index` of `pages` (clamped), with the paginator's row under it when there is more than one
 * page: ◀ (off on the first page), "Page i/n" (a label, always off), ▶ (off on the last). The row
 * is added to the page's own buttons, within Discord's five rows.
 */
export function pageOf(pages: readonly MessagePayload[], index: number, key: string): MessagePayload {
  const at = Math.max(0, Math.min(pages.length - 1, index));
  const page = pages[at]!;
  if (pages.length <= 1) return page;
  const id = (i: number, part: string) => `${PAGER.button}:${key}:${i}:${part}`.slice(0, LIMITS.customId);
  const row: APIButtonComponent[] = [
    { type: ComponentType.Button, style: ButtonStyle.Secondary, label: PAGER.previous, custom_id: id(at - 1, 'prev'), disabled: at === 0 },
    { type: ComponentType.Button, style: ButtonStyle.Secondary, label: PAGER.label(at, pages.length), custom_id: id(at, 'at'), disabled: true },
    { type: ComponentType.Button, style: ButtonStyle.Secondary, label: PAGER.next, custom_id: id(at + 1, 'next'), disabled: at === pages.length - 1 },
  ];
  return { ...page, components: [...page.components.slice(0, LIMITS.actionRows - 1), { type: ComponentType.ActionRow, components: row }] };
}

/**
 * Replies with a paged listing (/facts, /sources): page 0, private, with the paginator's row; its
 * buttons edit this same reply. The pages are remembered under the interaction's id for 15 minutes.
 */
export async function replyPaged(interaction: RepliableInteraction, deps: Deps, pages: () => Promise<readonly MessagePayload[]>): Promise<void> {
  deps.sessions.set(interaction.id, { pages });
  await respond(interaction, async () => ({ ...pageOf(await pages(), 0, interaction.id), visibility: VISIBILITY.listing }), { deferAfterMs: deps.deferAfterMs, ephemeral: true });
}

/** Sessions whose reply was shared: "Share" posts once. */
const shared = new WeakSet<ReplySession>();

/** Action rows without the "Share" button (rows left empty dropped). */
function withoutShare(rows: readonly { type: number; components?: readonly unknown[] }[]): unknown[] {
  return rows
    .map((row) => ({ ...row, components: (row.components ?? []).filter((c) => !String((c as { custom_id?: string }).custom_id ?? '').startsWith(`${ASK_BUTTONS.share}:`)) }))
    .filter((row) => row.components.length > 0);
}

/** The session a button names, or null after telling the member it has expired. */
async function sessionOf(interaction: ButtonInteraction, key: string, deps: Deps): Promise<ReplySession | null> {
  const session = deps.sessions.get(key);
  if (!session) await replyNotice(interaction, PAGER_TEXTS.expired);
  return session ?? null;
}

/**
 * The paginator's buttons, for the dispatcher: "More" opens the paginator (a private message at the
 * reply's second page, under a new key so that it pages on its own), ◀ ▶ edit it in place, "Share"
 * posts a private "not sure" reply for everyone.
 */
export const PAGER_BUTTONS: Readonly<Record<string, (interaction: ButtonInteraction, args: string[], deps: Deps) => Promise<void>>> = Object.freeze({
  async [ASK_BUTTONS.more](interaction, [key = ''], deps) {
    const session = await sessionOf(interaction, key, deps);
    if (!session) return;
    deps.sessions.set(interaction.id, { pages: session.pages });
    await respond(interaction, async () => ({ ...pageOf(await session.pages(), 1, interaction.id), visibility: VISIBILITY.listing }), { deferAfterMs: deps.deferAfterMs, ephemeral: true });
  },
  async [PAGER.button](interaction, [key = '', index = '0'], deps) {
    const session = await sessionOf(interaction, key, deps);
    if (!session) return;
    await update(interaction, async () => pageOf(await session.pages(), Number(index) || 0, key), { deferAfterMs: deps.deferAfterMs });
  },
  async [ASK_BUTTONS.share](interaction, [key = ''], deps) {
    const session = await sessionOf(interaction, key, deps);
    if (!session) return;
    if (!session.share) return void (await replyNotice(interaction, PAGER_TEXTS.nothingToShare));
    // Posted once: a second click (or a click on a copy of the message) is told so.
    if (shared.has(session)) return void (await replyNotice(interaction, PAGER_TEXTS.alreadyShared));
    shared.add(session);
    const share = session.share;
    // First the private message loses its Share button (the first response, at once), then the reply is posted for everyone.
    await interaction.update({ components: withoutShare(interaction.message.components.map((row) => row.toJSON())) as MessagePayload['components'] });
    const payload = await share(interaction.user.displayName);
    await interaction.followUp(withFlags({ ...payload, visibility: VISIBILITY.shared }, false));
  },
});
