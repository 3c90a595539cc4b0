import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { forManagers } from '../src/discord/manage.js';
import { renderIngested, renderNotice } from '../src/discord/render.js';
import { replyNotice, respond } from '../src/discord/respond.js';
import { problemText } from '../src/discord/problems.js';

/** What /ingest says when it cannot start, in one place. */
export const INGEST_MESSAGES = Object.freeze({
  notAllowed: 'Adding articles needs the **Manage Server** permission.',
  serverOnly: 'Articles are added to a server: use /ingest in one.',
  oneSource: 'Give either `url` (a web page) or `file` (a .txt, .md or .html file), not both and not neither.',
  notSetUp: 'This Pilcrow cannot store articles (its state database is not open). Ask whoever runs it.',
});

/** /ingest url:<web page> | file:<attachment>: adds an article to this server's own knowledge. Manage Server only. */
export const ingest = {
  data: new SlashCommandBuilder()
    .setName('ingest')
    .setDescription('Add an article to this server’s knowledge: a web page or a .txt, .md or .html file')
    .addStringOption((o) => o.setName('url').setDescription('The article’s web address').setMaxLength(2000))
    .addAttachmentOption((o) => o.setName('file').setDescription('A .txt or .md file (first line the title) or a saved .html page'))
    // Hidden from members without Manage Server; checked again below (a server can change who sees commands).
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  cooldown: false,

  async execute(interaction, deps) {
    const allowed = await forManagers(interaction, deps.ingester, INGEST_MESSAGES);
    if (!allowed) return;
    const { owner, service: ingester } = allowed;
    const url = interaction.options.getString('url')?.trim() || undefined;
    const file = interaction.options.getAttachment('file') ?? undefined;
    if ((url === undefined) === (file === undefined)) return void (await replyNotice(interaction, INGEST_MESSAGES.oneSource));
    const by = { owner, origin: 'ingest' as const, user: interaction.user.id };
    await respond(interaction, async () => {
      const added = url !== undefined ? await ingester.fromUrl(url, by) : await ingester.fromUpload({ name: file!.name, url: file!.url, size: file!.size }, by);
      if (!added.ok) {
        deps.log.info({ guildId: interaction.guildId, code: added.error.code }, 'ingest refused');
        return renderNotice(`Nothing was added. ${problemText(added.error)}`);
      }
      return renderIngested(added.value.article, added.value.stored);
      // Deferred at once: a page is fetched and read, or a file of up to 5 MB read and indexed.
    }, { deferAfterMs: 0 });
  },
} satisfies Command;
