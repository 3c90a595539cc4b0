import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { IngestStep } from '../src/engine/index.js';
import type { Command, Deps } from '../src/discord/command.js';
import { forManagers } from '../src/discord/manage.js';
import { COLOURS, renderIngested, renderNotice } from '../src/discord/render.js';
import { bodyOf, replyNotice, respond } from '../src/discord/respond.js';
import { problemText } from '../src/discord/problems.js';

/** What /ingest says when it cannot start, in one place. */
export const INGEST_MESSAGES = Object.freeze({
  notAllowed: 'Adding articles needs the **Manage Server** permission.',
  serverOnly: 'Articles are added to a server: use /ingest in one.',
  oneSource: 'Give either `url` (a web page) or `file` (a .txt, .md or .html file), not both and not neither.',
  notSetUp: 'This Pilcrow cannot store articles (its state database is not open). Ask whoever runs it.',
});

/** Timing of /ingest's progress report. */
export const INGEST_PROGRESS = Object.freeze({
  /** A page not added after this long shows its progress, ms. */
  afterMs: 2000,
  /** At most one progress edit this often, ms. */
  everyMs: 2000,
});

/** A step of reading a page in words ("Fetching the page…"). */
function stepText(step: IngestStep, seconds: number): string {
  const words = step.step === 'fetch' ? 'Fetching the page…' : step.step === 'read' ? `Reading the article out of the page (${Math.max(1, Math.round(step.bytes / 1024))} KB)…` : 'Storing the article and making it searchable…';
  return `⏳ ${words} (${seconds} s so far)`;
}

/**
 * Edits the deferred /ingest reply with the step a slow page is at, from {@link INGEST_PROGRESS.afterMs}
 * on. `stop` waits for an edit under way, so that the answer always comes after the last progress line.
 */
function progressReport(interaction: ChatInputCommandInteraction, deps: Deps): { step: (step: IngestStep) => void; stop: () => Promise<void> } {
  const started = Date.now();
  let current: IngestStep = { step: 'fetch' };
  let shown: string | null = null;
  let pending: Promise<unknown> = Promise.resolve();
  const show = () => {
    if (!interaction.deferred) return;
    const text = stepText(current, Math.round((Date.now() - started) / 1000));
    if (text === shown) return;
    shown = text;
    pending = pending.then(() => interaction.editReply(bodyOf(renderNotice(text, COLOURS.info)))).catch((error: unknown) => deps.log.warn({ interactionId: interaction.id, err: error }, 'could not show /ingest progress'));
  };
  let ticking: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    show();
    ticking = setInterval(show, INGEST_PROGRESS.everyMs);
  }, INGEST_PROGRESS.afterMs);
  return {
    step: (step) => void (current = step),
    async stop() {
      clearTimeout(first);
      clearInterval(ticking);
      await pending;
    },
  };
}

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
      // A slow page shows how it is going in the deferred reply; the answer replaces it.
      const progress = progressReport(interaction, deps);
      let added;
      try {
        added = url !== undefined ? await ingester.fromUrl(url, by, progress.step) : await ingester.fromUpload({ name: file!.name, url: file!.url, size: file!.size }, by);
      } finally {
        await progress.stop();
      }
      if (!added.ok) {
        deps.log.info({ guildId: interaction.guildId, code: added.error.code }, 'ingest refused');
        return renderNotice(`Nothing was added. ${problemText(added.error)}`);
      }
      return renderIngested(added.value.article, added.value.stored);
      // Deferred at once: a page is fetched and read, or a file of up to 5 MB read and indexed.
    }, { deferAfterMs: 0 });
  },
} satisfies Command;
