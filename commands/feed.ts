import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { deliverySentence, feedChoiceName, filterLine } from '../src/discord/render-feeds.js';
import type { Command } from '../src/discord/command.js';
import { forManagers } from '../src/discord/manage.js';
import { LIMITS } from '../src/discord/limits.js';
import { escapeText, renderFeedAdded, renderFeedListPages, renderFeedTest, renderNotice, truncate } from '../src/discord/render.js';
import { replyPaged } from '../src/discord/paginate.js';
import { bodyOf, replyNotice, respond } from '../src/discord/respond.js';
import { checkTerms, FILTER_LIMITS, type FeedChanges, type FeedRecord } from '../src/engine/index.js';
import { problemText } from '../src/discord/problems.js';

/** What /feed says when it cannot go on, in one place. */
export const FEED_MESSAGES = Object.freeze({
  notAllowed: 'Managing feeds needs the Manage Server permission.',
  serverOnly: 'Feeds belong to a server: use /feed in one.',
  notSetUp: 'This Pilcrow cannot follow feeds (its state database is not open). Ask whoever runs it.',
  unknown: 'This server follows no such feed. `/feed list` shows them.',
});

/** Channels a feed may announce in: text and announcement channels, forums (a post per article), threads. */
const ANNOUNCE_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum, ChannelType.PublicThread, ChannelType.AnnouncementThread] as const;
const THREADS: ReadonlySet<number> = new Set([ChannelType.PublicThread, ChannelType.AnnouncementThread, ChannelType.PrivateThread]);
/** A feed's id as autocomplete gave it (digits only: "7.0", "0x7" or "7e0" name no feed), else null. */
const feedIdOf = (typed: string): number | null => (/^\d{1,15}$/.test(typed) ? Number(typed) : null);

/** What clears a filter list in `/feed edit` (Discord sends no empty strings). */
const CLEAR = new Set(['none', '-']);

/** The options `/feed add` and `/feed edit` share: where and how to announce, and the filters. */
function deliveryOptions(c: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return c
    .addChannelOption((o) => o.setName('announce').setDescription('Post new articles here: a channel, a thread, or a forum (a post for each)').addChannelTypes(...ANNOUNCE_TYPES))
    .addBooleanOption((o) => o.setName('thread').setDescription('In a text channel, open a thread on each announcement, where /ask answers from that article'))
    .addStringOption((o) => o.setName('include').setDescription('Only articles with one of these words or "quoted phrases" (none: every article)').setMaxLength(FILTER_LIMITS.maxChars))
    .addStringOption((o) => o.setName('exclude').setDescription('Never articles with any of these words or "quoted phrases" (none: clear)').setMaxLength(FILTER_LIMITS.maxChars))
    .addStringOption((o) => o.setName('store').setDescription('Store every article (default), or only those the filters let through')
      .addChoices({ name: 'all articles (filters decide what is announced)', value: 'all' }, { name: 'only filtered articles', value: 'filtered' }));
}

/**
 * The delivery and filter changes a `/feed add` or `/feed edit` asks for, or what is wrong with them
 * in a sentence. A forum gets a post per article; a thread is posted in (its parent is where the feed
 * falls back if the thread goes); `thread:true` opens a thread on each announcement in a text
 * channel. A forum's or channel's fallback is the channel the command was run in, when that is
 * another text channel.
 */
function changesOf(interaction: ChatInputCommandInteraction, current: { delivery: FeedChanges['delivery']; announceChannel: string | null } | null): { changes: FeedChanges } | { error: string } {
  const channel = interaction.options.getChannel('announce');
  const thread = interaction.options.getBoolean('thread');
  const changes: { -readonly [K in keyof FeedChanges]: FeedChanges[K] } = {};
  for (const which of ['include', 'exclude'] as const) {
    const typed = interaction.options.getString(which)?.trim();
    if (typed === undefined) continue;
    const value = CLEAR.has(typed.toLowerCase()) ? '' : typed;
    const problem = checkTerms(value, which);
    if (problem) return { error: problem };
    changes[which] = value;
  }
  const store = interaction.options.getString('store');
  if (store !== null) changes.storeFiltered = store === 'filtered';
  const from = interaction.channel;
  const home = from && (from.type === ChannelType.GuildText || from.type === ChannelType.GuildAnnouncement) ? from.id : null;
  if (channel) {
    changes.announceChannel = channel.id;
    if (channel.type === ChannelType.GuildForum) {
      changes.delivery = 'forum';
      changes.fallbackChannel = home !== channel.id ? home : null;
    } else if (THREADS.has(channel.type)) {
      if (thread) return { error: 'A thread cannot hold threads of its own: pick a text channel for `thread:true`, or leave it out.' };
      changes.delivery = 'channel';
      changes.fallbackChannel = 'parentId' in channel && typeof channel.parentId === 'string' ? channel.parentId : home;
    } else {
      changes.delivery = thread ? 'thread' : 'channel';
      changes.fallbackChannel = home !== channel.id ? home : null;
    }
  } else if (thread !== null) {
    if (!current?.announceChannel) return { error: 'Give the feed a channel with `announce:` first: threads are opened on its announcements.' };
    if (current.delivery === 'forum') return { error: 'This feed posts in a forum, where each article is already a post of its own: `thread` applies to text channels.' };
    changes.delivery = thread ? 'thread' : 'channel';
  }
  return { changes };
}

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
    .addSubcommand((c) => deliveryOptions(c.setName('add').setDescription('Follow an RSS, Atom or JSON feed')
      .addStringOption((o) => o.setName('url').setDescription('The feed’s address').setRequired(true).setMaxLength(2000))))
    .addSubcommand((c) => deliveryOptions(c.setName('edit').setDescription('Change where a feed posts, and which articles (filters)')
      .addStringOption((o) => o.setName('feed').setDescription('The feed').setRequired(true).setAutocomplete(true))))
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
      const asked = changesOf(interaction, null);
      if ('error' in asked) return void (await notice(asked.error));
      const followed: { value?: { feed: FeedRecord; found: number } } = {};
      await respond(interaction, async () => {
        const added = await feeds.add(owner, url, { ...asked.changes, announceChannel: asked.changes.announceChannel ?? null, addedBy: interaction.user.id });
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
    if (sub === 'edit') {
      const id = feedIdOf(interaction.options.getString('feed', true));
      const current = id === null ? undefined : (await feeds.list(owner)).find((f) => f.id === id);
      if (id === null || !current) return void (await notice(FEED_MESSAGES.unknown));
      const asked = changesOf(interaction, current);
      if ('error' in asked) return void (await notice(asked.error));
      if (Object.keys(asked.changes).length === 0) return void (await notice('Nothing to change: give `announce`, `thread`, `include`, `exclude` or `store`.'));
      const edited = await feeds.edit(id, owner, asked.changes);
      if (!edited) return void (await notice(FEED_MESSAGES.unknown));
      const lines = [
        `**${truncate(edited.title ?? 'The feed', 200)}** changed.`,
        deliverySentence(edited),
        filterLine(edited) ?? 'No filters: every new article is announced.',
        'Articles already read are never announced again; the filters apply to new ones.',
      ];
      return void (await notice(lines.join('\n')));
    }
    if (sub === 'list') return void (await replyPaged(interaction, deps, async () => renderFeedListPages(await feeds.list(owner))));
    const id = feedIdOf(interaction.options.getString('feed', true));
    const which = id === null ? undefined : (await feeds.list(owner)).find((f) => f.id === id);
    const done = id !== null && which !== undefined && (sub === 'remove' ? await feeds.remove(id, owner) : await feeds.resume(id, owner));
    // Named as /feed list names it, so that a member sees which feed went.
    const name = `**${escapeText(truncate(which?.title ?? which?.url ?? 'The feed', 200))}**`;
    await notice(!done ? FEED_MESSAGES.unknown : sub === 'remove' ? `No longer following ${name}. Its articles stay.` : `Started again: ${name} is read within a minute.`);
  },

  async autocomplete(interaction, deps) {
    if (!interaction.inGuild() || !deps.feeds) return void (await interaction.respond([]));
    const typed = interaction.options.getFocused().toLowerCase();
    const paused = interaction.options.getSubcommand() === 'resume';
    const all = await deps.feeds.list(interaction.guildId);
    const choices = all
      .filter((f) => (!paused || f.pausedAt !== null) && (typed === '' || `${f.title ?? ''} ${f.url}`.toLowerCase().includes(typed)))
      .slice(0, LIMITS.autocompleteChoices)
      .map((f) => ({ name: feedChoiceName(f, all), value: String(f.id) }));
    await interaction.respond(choices);
  },
} satisfies Command;
