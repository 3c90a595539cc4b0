import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { parseSince } from '../src/digest/digest.js';
import type { Command } from '../src/discord/command.js';
import { forManagers } from '../src/discord/manage.js';
import { LIMITS } from '../src/discord/limits.js';
import { DIGEST_BUTTONS, renderDigest, renderReadMore } from '../src/discord/render-digest.js';
import { summarise } from '../src/digest/summary.js';
import { scopeOf } from '../src/store/scope.js';
import { discordTime, renderDigestStatus, renderNotice } from '../src/discord/render.js';
import { replyNotice, withFlags } from '../src/discord/respond.js';

/** What /digest says when it cannot go on, in one place. */
export const DIGEST_MESSAGES = Object.freeze({
  notAllowed: 'Digests need the Manage Server permission.',
  serverOnly: 'Digests belong to a server: use /digest in one.',
  notSetUp: 'This Pilcrow cannot keep digests (its state database is not open). Ask whoever runs it.',
});

/** Every IANA zone the runtime knows, for autocomplete. */
const ZONES = Intl.supportedValuesOf('timeZone');

/** /digest now | schedule | stop | status: the server's news digest. Manage Server only (it posts several messages in a channel). */
export const digest = {
  data: new SlashCommandBuilder()
    .setName('digest')
    .setDescription('A digest of the news: each article summarised in its own words, cited')
    .addSubcommand((c) => c.setName('now').setDescription('Post the digest here: what came since this channel’s last one')
      .addStringOption((o) => o.setName('since').setDescription('From when instead: 24h, 3d, 2w or a date (2026-11-01)').setMaxLength(40)))
    .addSubcommand((c) => c.setName('schedule').setDescription('Post the digest in a channel at a time, on some days')
      .addChannelOption((o) => o.setName('channel').setDescription('Where').setRequired(true).addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement))
      .addStringOption((o) => o.setName('time').setDescription('HH:MM, 24-hour (e.g. 08:00)').setRequired(true).setMaxLength(5))
      .addStringOption((o) => o.setName('days').setDescription('daily (default), mon-fri, weekends, or e.g. mon,wed,fri').setMaxLength(40))
      .addStringOption((o) => o.setName('timezone').setDescription('e.g. Europe/London (default UTC)').setAutocomplete(true).setMaxLength(64)))
    .addSubcommand((c) => c.setName('stop').setDescription('Stop a channel’s scheduled digest')
      .addChannelOption((o) => o.setName('channel').setDescription('Which (default: this one)').addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement)))
    .addSubcommand((c) => c.setName('status').setDescription('The scheduled digests, their next run and last digest'))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  cooldown: true,

  async execute(interaction, deps) {
    const allowed = await forManagers(interaction, deps.digests, DIGEST_MESSAGES);
    if (!allowed) return;
    const { owner, service: digests } = allowed;
    const notice = (text: string) => replyNotice(interaction, text);
    const sub = interaction.options.getSubcommand();
    if (sub === 'schedule') {
      const channel = interaction.options.getChannel('channel', true);
      const set = await digests.schedule(owner, channel.id, { time: interaction.options.getString('time', true), days: interaction.options.getString('days') ?? undefined, timezone: interaction.options.getString('timezone') ?? undefined }, interaction.user.id);
      return void (await notice(set.ok ? `The digest will be posted in <#${channel.id}> at ${set.value.time} (${set.value.timezone}), ${set.value.days}; next ${discordTime(set.value.nextRunAt, 'F')}.` : set.error.message));
    }
    if (sub === 'stop') {
      const channelId = interaction.options.getChannel('channel')?.id ?? interaction.channelId;
      return void (await notice((await digests.stop(owner, channelId)) ? `No more scheduled digests in <#${channelId}>.` : `<#${channelId}> has no scheduled digest.`));
    }
    if (sub === 'status') return void (await interaction.reply(withFlags(renderDigestStatus(await digests.status(owner)), true)));
    // now: what came since this channel's last digest, or since the time given.
    const sinceText = interaction.options.getString('since');
    let since: Date | null = null;
    if (sinceText) {
      const parsed = parseSince(sinceText, new Date());
      if (!parsed.ok) return void (await notice(parsed.error.message));
      since = parsed.value;
    }
    await interaction.deferReply();
    const { digest: built, upTo } = await digests.digestFor(owner, interaction.channelId, since);
    const messages = renderDigest(built, '**News digest**');
    await interaction.editReply(messages[0]!);
    for (const message of messages.slice(1)) await interaction.followUp(message);
    await digests.recordAnswered(owner, interaction.channelId, `now:${interaction.id}`, built.since, upTo, messages.length);
  },

  buttons: {
    /** "Read more #n": the summary's paragraphs with their neighbours, only to the member who clicked. */
    async [DIGEST_BUTTONS.readMore](interaction, idParts, deps) {
      const article = deps.engine.article(idParts.join(':'), scopeOf(interaction.guildId));
      const payload = article ? renderReadMore(article, summarise(article).map((s) => s.paragraph)) : renderNotice('That article is no longer in the knowledge base.');
      await interaction.reply(withFlags(payload, true));
    },
  },

  async autocomplete(interaction) {
    const typed = interaction.options.getFocused().toLowerCase().replace(/\s+/g, '_');
    await interaction.respond(ZONES.filter((z) => z.toLowerCase().includes(typed)).slice(0, LIMITS.autocompleteChoices).map((z) => ({ name: z, value: z })));
  },
} satisfies Command;
