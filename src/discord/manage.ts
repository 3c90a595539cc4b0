import { PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { replyNotice } from './respond.js';

/** What a server-management command says when it cannot go on. */
export interface ManageTexts {
  readonly serverOnly: string;
  readonly notAllowed: string;
  readonly notSetUp: string;
}

/**
 * The checks every server-management command (/ingest, /feed, /digest) makes before doing anything:
 * run in a server, by a member with Manage Server (the command is also hidden from others by
 * `default_member_permissions`, but a server can change who sees it), with the service it needs.
 * Returns the server's id and the service, or null after telling the member why not (only to them).
 */
export async function forManagers<S>(interaction: ChatInputCommandInteraction, service: S | undefined, texts: ManageTexts): Promise<{ owner: string; service: S } | null> {
  const refuse = async (text: string) => {
    await replyNotice(interaction, text);
    return null;
  };
  if (!interaction.inGuild()) return refuse(texts.serverOnly);
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return refuse(texts.notAllowed);
  if (service === undefined) return refuse(texts.notSetUp);
  return { owner: interaction.guildId, service };
}
