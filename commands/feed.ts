import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { forManagers } from '../src/discord/manage.js';
import { LIMITS } from '../src/discord/limits.js';
import { renderFeedAdded, renderFeedList, renderFeedTest, renderNotice, truncate } from '../src/discord/render.js';
import { bodyOf, replyNotice, respond, withFlags } from '../src/discord/respond.js';
import type { FeedRecord } from '../src/engine/index.js';
import { problemText } from '../src/discord/problems.js';

/** What /feed says when it cannot go on, in one place. */
export const FEED_MESSAGES = Object.freeze({
  notAllowed: 'Managing feeds needs the Manage Server permission.',
  serverOnly: 'Feeds belong to a server: use /feed in one.',
  notSetUp: 'This Pilcrow cannot follow feeds (its state database is not open). Ask whoever runs it.',
  unknown: 'This server follows no such feed. `/feed list` shows them.',
});

/** Timing of /feed's replies. */
const FEED_TEXTS = Object.freeze({
  /** The first reading is awaited until this long before the reply's token expires (15 minutes), ms. */
  editMarginMs: 60_000,
});

/** /feed add | list | test | remove | resume: the news feeds this server follows. Manage Server only. */
export const feed = {
  data: new SlashCommandBuilder()
    .setName('feed')
    .setDescription('News feeds this server follows: new articles are read and answerable within minutes')
    .addSubcommand((c) => c.setName('add').setDescription('Follow an RSS, Atom or JSON feed')
      .addStringOption((o) => o.setName('url').setDescription('The feed’s address').setRequired(true).setMaxLength(2000))
      .addChannelOption((o) => o.setName('announce').setDescription('Post new articles in this channel').addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement)))
    .addSubcommand((c) => c.setName('list').setDescription('The feeds followed, with their health'))
    .addSubcommand((c) => c.setName('test').setDescription('Read a feed once and show each item as it would be stored; stores nothing')
      .addStringOption((o) => o.setName('url').setDescription('The feed’s address').setRequired(true).setMaxLength(2000)))
    .addSubcommand((c) => c.setName('remove').setDescription('Stop following a feed (its articles stay)')
      .addStringOption((o) => o.setName('feed').setDescription('The feed').setRequired(true).setAutocomplete(true)))
    .addSubcommand((c) => c.setName('resume').setDescription('Start a paused feed again')
      .addStringOption((o) => o.setName('feed').setDescription('The feed').setRequired(true).setAutocomplete(true)))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  cooldown: false,

  async execute(interaction, deps) {
    const allowed = await forManagers(interaction, deps.feeds, FEED_MESSAGES);
    if (!allowed) return;
    const { owner, service: feeds } = allowed;
    const notice = (text: string) => replyNotice(interaction, text);
    const sub = interaction.options.getSubcommand();
    if (sub === 'add') {
      const url = interaction.options.getString('url', true).trim();
      const channel = interaction.options.getChannel('announce');
      const followed: { value?: { feed: FeedRecord; found: number } } = {};
      await respond(interaction, async () => {
        const added = await feeds.add(owner, url, { announceChannel: channel?.id ?? null, addedBy: interaction.user.id });
        if (!added.ok) return renderNotice(`Not followed. ${problemText(added.error)}`);
        followed.value = added.value;
        return renderFeedAdded(added.value.feed, added.value.found);
      }, { deferAfterMs: deps.deferAfterMs, ephemeral: true });
      // Then the reply says how the first reading went ("3 of 3 articles read") or what failed, while its token lasts.
      if (!followed.value) return;
      const { feed: added, found } = followed.value;
      // Not awaited: the command is answered; the edit comes when the reading is done.
      void feeds.firstRead(added.id, LIMITS.tokenLifetimeMs - FEED_TEXTS.editMarginMs)
        .then((first) => first && interaction.editReply(bodyOf(renderFeedAdded(added, found, first))))
        .catch((error: unknown) => deps.log.warn({ feedId: added.id, err: error }, 'could not edit the /feed add reply'));
      return;
    }
    if (sub === 'test') {
      const url = interaction.options.getString('url', true).trim();
      // Deferred at once: every item's page is fetched and read.
      return void (await respond(interaction, async () => {
        const read = await feeds.test(url);
        return read.ok ? renderFeedTest(read.value) : renderNotice(`Not a feed Pilcrow can read. ${problemText(read.error)}`);
      }, { deferAfterMs: 0, ephemeral: true }));
    }
    if (sub === 'list') return void (await interaction.reply(withFlags(renderFeedList(await feeds.list(owner)), true)));
    const id = Number(interaction.options.getString('feed', true));
    const done = Number.isInteger(id) && (sub === 'remove' ? await feeds.remove(id, owner) : await feeds.resume(id, owner));
    await notice(!done ? FEED_MESSAGES.unknown : sub === 'remove' ? 'No longer following that feed. Its articles stay.' : 'Started again: it is read within a minute.');
  },

  async autocomplete(interaction, deps) {
    if (!interaction.inGuild() || !deps.feeds) return void (await interaction.respond([]));
    const typed = interaction.options.getFocused().toLowerCase();
    const paused = interaction.options.getSubcommand() === 'resume';
    const choices = (await deps.feeds.list(interaction.guildId))
      .filter((f) => (!paused || f.pausedAt !== null) && (typed === '' || `${f.title ?? ''} ${f.url}`.toLowerCase().includes(typed)))
      .slice(0, LIMITS.autocompleteChoices)
      .map((f) => ({ name: truncate(`${f.title ?? f.url}${f.pausedAt ? ' (paused)' : ''}`, LIMITS.choiceName), value: String(f.id) }));
    await interaction.respond(choices);
  },
} satisfies Command;
