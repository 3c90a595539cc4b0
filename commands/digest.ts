import { ChannelType, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { parseSince } from '../src/engine/index.js';
import type { Command } from '../src/discord/command.js';
import { forManagers } from '../src/discord/manage.js';
import { LIMITS } from '../src/discord/limits.js';
import { DIGEST_BUTTONS, DIGEST_TEXTS, renderDigest, renderReadMore } from '../src/discord/render-digest.js';
import { oneArticle, scopeOf } from '../src/model/scope.js';
import { discordTime, renderDigestStatus, renderNotice } from '../src/discord/render.js';
import { replyNotice, withFlags } from '../src/discord/respond.js';
import { problemText } from '../src/discord/problems.js';
import type { Deps } from '../src/discord/command.js';

/** What /digest says when it cannot go on, in one place. */
export const DIGEST_MESSAGES = Object.freeze({
  notAllowed: 'Scheduling digests needs the Manage Server permission; `/digest now` shows you the news.',
  serverOnly: 'Digests belong to a server: use /digest in one.',
  notSetUp: 'This Pilcrow cannot keep digests (its state database is not open). Ask whoever runs it.',
});

/** Every IANA zone the runtime knows, for autocomplete. */
const ZONES = Intl.supportedValuesOf('timeZone');

/**
 * /digest now | schedule | stop | status: the server's news digest. Any member may run `/digest now`
 * and see the digest only themselves; with Manage Server it is posted in the channel (for everyone,
 * and the channel's next digest starts after it). Scheduling, stopping and the status need Manage Server.
 */
export const digest = {
  data: new SlashCommandBuilder()
    .setName('digest')
    .setDescription('A digest of the news: each article summarised in its own words, cited')
    .addSubcommand((c) => c.setName('now').setDescription('The news since this channel’s last digest: posted here by managers, else shown only to you')
      .addStringOption((o) => o.setName('since').setDescription('From when instead: 24h, 3d, 2w or a date (2026-11-01)').setMaxLength(40)))
    .addSubcommand((c) => c.setName('schedule').setDescription('Post the digest in a channel at a time, on some days')
      .addChannelOption((o) => o.setName('channel').setDescription('Where').setRequired(true).addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement))
      .addStringOption((o) => o.setName('time').setDescription('HH:MM, 24-hour (e.g. 08:00)').setRequired(true).setMaxLength(5))
      .addStringOption((o) => o.setName('days').setDescription('daily (default), mon-fri, weekends, or e.g. mon,wed,fri').setMaxLength(40))
      .addStringOption((o) => o.setName('timezone').setDescription('e.g. Europe/London (default UTC)').setAutocomplete(true).setMaxLength(64)))
    .addSubcommand((c) => c.setName('stop').setDescription('Stop a channel’s scheduled digest')
      .addChannelOption((o) => o.setName('channel').setDescription('Which (default: this one)').addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement)))
    .addSubcommand((c) => c.setName('status').setDescription('The scheduled digests, their next run and last digest'))
    // No default_member_permissions: members may run `/digest now` for themselves; the rest is checked when run.
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  cooldown: false,

  async execute(interaction, deps) {
    if (interaction.options.getSubcommand() === 'now') return digestNow(interaction, deps);
    const allowed = await forManagers(interaction, deps.digests, DIGEST_MESSAGES);
    if (!allowed) return;
    const { owner, service: digests } = allowed;
    const notice = (text: string) => replyNotice(interaction, text);
    const sub = interaction.options.getSubcommand();
    if (sub === 'schedule') {
      const channel = interaction.options.getChannel('channel', true);
      const set = await digests.schedule(owner, channel.id, { time: interaction.options.getString('time', true), days: interaction.options.getString('days') ?? undefined, timezone: interaction.options.getString('timezone') ?? undefined }, interaction.user.id);
      return void (await notice(set.ok ? `The digest will be posted in <#${channel.id}> at ${set.value.time} (${set.value.timezone}), ${set.value.days}; next ${discordTime(set.value.nextRunAt, 'F')}.` : problemText(set.error)));
    }
    if (sub === 'stop') {
      const channelId = interaction.options.getChannel('channel')?.id ?? interaction.channelId;
      return void (await notice((await digests.stop(owner, channelId)) ? `No more scheduled digests in <#${channelId}>.` : `<#${channelId}> has no scheduled digest.`));
    }
    if (sub === 'status') return void (await interaction.reply(withFlags(renderDigestStatus(await digests.status(owner)), true)));
  },
  buttons: {
    /** "Read more #n": the summary's paragraphs with their neighbours, only to the member who clicked. */
    async [DIGEST_BUTTONS.readMore](interaction, idParts, deps) {
      const scope = oneArticle(scopeOf(interaction.guildId), idParts.join(':'));
      const article = deps.engine.article(idParts.join(':'), scope);
      const story = article ? (await deps.engine.digest(scope, { keepOld: true, summariesOnly: true })).articles[0] : undefined;
      const payload = article && story ? renderReadMore(article, story.summary.map((s) => s.paragraph)) : renderNotice('That article is no longer in the knowledge base.');
      await interaction.reply(withFlags(payload, true));
    },
  },

  async autocomplete(interaction) {
    const typed = interaction.options.getFocused().toLowerCase().replace(/\s+/g, '_');
    await interaction.respond(ZONES.filter((z) => z.toLowerCase().includes(typed)).slice(0, LIMITS.autocompleteChoices).map((z) => ({ name: z, value: z })));
  },
} satisfies Command;

/**
 * /digest now: what came since this channel's last digest, or since the time given. A manager's is
 * posted in the channel and recorded (the channel's next digest starts after it); anyone else's is
 * shown only to them and changes nothing. "No new stories" is always only for the one who asked.
 */
async function digestNow(interaction: ChatInputCommandInteraction, deps: Deps): Promise<void> {
  if (!interaction.inGuild()) return replyNotice(interaction, DIGEST_MESSAGES.serverOnly);
  const digests = deps.digests;
  if (!digests) return replyNotice(interaction, DIGEST_MESSAGES.notSetUp);
  const sinceText = interaction.options.getString('since');
  let since: Date | null = null;
  if (sinceText) {
    const parsed = parseSince(sinceText, new Date());
    if (!parsed.ok) return replyNotice(interaction, problemText(parsed.error));
    since = parsed.value;
  }
  const posts = interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild);
  const flags = posts ? undefined : MessageFlags.Ephemeral;
  // Reading a day of stories may take more than Discord's 3 seconds: deferred at once.
  await interaction.deferReply(flags ? { flags } : {});
  const { digest: built, upTo } = await digests.digestFor(interaction.guildId, interaction.channelId, since);
  const messages = renderDigest(built, DIGEST_TEXTS.heading);
  if (built.articles.length === 0 && posts) {
    // Nothing to post: the channel is not told, only the manager who asked.
    await interaction.deleteReply();
    await interaction.followUp({ ...messages[0]!, flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.editReply(messages[0]!);
  for (const message of messages.slice(1)) await interaction.followUp(flags ? { ...message, flags } : message);
  if (posts) await digests.recordAnswered(interaction.guildId, interaction.channelId, `now:${interaction.id}`, built.since, upTo, messages.length);
}
