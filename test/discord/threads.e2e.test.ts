import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedAnnouncer } from '../../src/discord/announcer.js';
import { Engine } from '../../src/engine/answers.js';
import { FeedPoller } from '../../src/jobs/poller.js';
import { createLogger } from '../../src/logger.js';
import { ArticleRepository } from '../../src/state/articles.js';
import { openDatabase, type Db } from '../../src/state/db.js';
import { FeedRepository } from '../../src/state/feeds.js';
import { SqliteSql } from '../../src/state/sql.js';
import { AddedArticles } from '../../src/store/library.js';
import { CHANNEL_ID, CHANNEL_TYPE, GUILD_ID, MANAGER_PERMISSIONS, PERMISSION, REQUIRE_TAG, type FakeChannel } from '../fake-discord/server.js';
import { seedArticle } from '../fixtures.js';
import { feedOf, feedRoute, storyPage, type FeedItem } from '../feeds/news.js';
import { LocalSite } from '../sources/site.js';
import { bodyOf, startHarness, type Harness } from './harness.js';
import { humanValueBreaches, repliesOf, visibleText } from './human.js';

type Embed = { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] };
type Message = { content?: string; embeds?: Embed[] };
const plain = (embeds: Embed[] = []) => embeds.map((e) => [e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name} ${f.value}`)].filter(Boolean).join('\n')).join('\n').replaceAll('**', '');
const manager = { guildId: GUILD_ID, permissions: MANAGER_PERMISSIONS };

const LONG_TITLE = 'Regional transport authority publishes its long awaited review of rural bus routes, fares and timetables for the coming decade';

describe('feeds in threads and forums, filters, and /ask in a thread, through the real client', () => {
  let h: Harness;
  let site: LocalSite;
  let dir: string;
  let db: Db;
  let engine: Engine;
  let poller: FeedPoller;
  let library: AddedArticles;
  let forum: FakeChannel;
  let feedId: number;
  const clock = { now: new Date('2026-11-28T10:00:00Z') };
  const items: FeedItem[] = [];
  const log = createLogger(process.env.THREADS_LOG ? 'debug' : 'silent');

  /** A story served on the local site, and its feed item. */
  function story(slug: string, title: string, paragraphs: string[]): FeedItem {
    site.routes.set(`/news/${slug}`, (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(storyPage({ title, paragraphs })));
    // The feed carries the text too: a page this short may be read as no article, and the feed's own text is then used.
    return { title, link: `${site.base}/news/${slug}`, guid: slug, date: '2026-11-27T08:00:00Z', content: paragraphs.map((p) => `<p>${p}</p>`).join('') };
  }

  /** Opens the state and the poller, as a start of the bot does. */
  function open(): void {
    db = openDatabase(dir);
    library = new AddedArticles(engine.store, new ArticleRepository(new SqliteSql(db)), log);
    poller = new FeedPoller({ feeds: new FeedRepository(new SqliteSql(db)), library, log, allowPrivate: true, clock: () => clock.now, random: () => 0.5, events: feedAnnouncer(() => h?.bot.client, log) });
  }

  /** The next poll, after the interval. */
  async function nextPoll(): Promise<void> {
    clock.now = new Date(clock.now.getTime() + 16 * 60_000);
    await poller.pollDue();
  }

  async function replyTo(i: { id: string; token: string }): Promise<Message & { flags?: number }> {
    const first = await h.fake.callback(i.id, 10_000);
    return bodyOf(first).type === 5 ? ((await h.fake.afterDeferral(i.token, 10_000)).body as Message) : (bodyOf(first).data as Message & { flags?: number });
  }

  /** The /feed list field of the feed called `name`, as a member reads it. */
  async function listed(name: string): Promise<string> {
    const list = await replyTo(h.fake.command('feed list', {}, manager));
    const field = (list.embeds ?? []).flatMap((e) => e.fields ?? []).find((f) => f.name === name);
    return field ? plain([{ fields: [field] }]) : '';
  }

  const posts = (path: string) => h.fake.requests.filter((r) => r.method === 'POST' && r.path === path);
  const announcedTitles = () => h.fake.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/(messages|threads)$/.test(r.path))
    .map((r) => (r.body as { embeds?: Embed[]; message?: { embeds?: Embed[] } }))
    .map((b) => (b.message?.embeds ?? b.embeds ?? [])[0]?.title);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pilcrow-threads-'));
    site = await new LocalSite().start();
    items.push(story('bridge', 'Council approves new footbridge', ['The council approved a new footbridge over the river on Tuesday after two years of debate.', 'Building will start in the spring and take two years, the council leader said.']));
    site.routes.set('/feed.xml', feedRoute(() => feedOf('rss', 'Local News', items)));
    engine = new Engine([seedArticle()]);
    open();
    // The poller is reached through this door, so that a restart can put a new one behind it.
    const door = {
      add: (...a: Parameters<FeedPoller['add']>) => poller.add(...a),
      edit: (...a: Parameters<FeedPoller['edit']>) => poller.edit(...a),
      firstRead: (...a: Parameters<FeedPoller['firstRead']>) => poller.firstRead(...a),
      list: (...a: Parameters<FeedPoller['list']>) => poller.list(...a),
      remove: (...a: Parameters<FeedPoller['remove']>) => poller.remove(...a),
      resume: (...a: Parameters<FeedPoller['resume']>) => poller.resume(...a),
      test: (...a: Parameters<FeedPoller['test']>) => poller.test(...a),
      threadOf: (...a: Parameters<FeedPoller['threadOf']>) => poller.threadOf(...a),
    };
    h = await startHarness({ engine, feeds: door });
    forum = h.fake.addChannel({ type: CHANNEL_TYPE.forum, name: 'stories', tags: ['Sport', 'Local News', 'Weather'] });
  });
  afterAll(async () => {
    await poller?.stop();
    await h?.close();
    await site?.stop();
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('posts each new article in a forum as its own post: named after it (cut on a word), the announcement first, the feed\'s tag', async () => {
    const added = await replyTo(h.fake.command('feed add', { url: `${site.base}/feed.xml` }, manager, {}, { announce: forum.id }));
    expect(plain(added.embeds)).toContain(`Each new article will be a forum post of its own in <#${forum.id}>`);
    await poller.pollDue();
    feedId = (await poller.list(GUILD_ID))[0]!.id;
    // The first reading is not announced.
    expect(posts(`/channels/${forum.id}/threads`)).toHaveLength(0);

    items.push(story('museum', 'Museum returns stolen painting', ['A museum in Vienna returned a painting stolen during the war to the family of its owner.', 'The painting, a small landscape, hung in the museum for more than seventy years.']));
    items.push(story('buses', LONG_TITLE, ['The transport authority published its review of rural bus routes on Thursday.', 'It proposes new evening services in twelve villages.']));
    await nextPoll();
    const made = posts(`/channels/${forum.id}/threads`).map((r) => r.body as { name: string; applied_tags: string[]; auto_archive_duration: number; message: { embeds: Embed[] } });
    expect(made.map((m) => m.name)).toEqual(['Museum returns stolen painting', expect.stringMatching(/^Regional transport authority .*\w…$/)]);
    // Cut within Discord's 100 characters, on a word boundary.
    const cut = made[1]!.name.slice(0, -1);
    expect(made[1]!.name.length).toBeLessThanOrEqual(100);
    expect(LONG_TITLE.startsWith(cut) && LONG_TITLE[cut.length] === ' ').toBe(true);
    expect(made[0]!.message.embeds[0]!.title).toBe('Museum returns stolen painting');
    const localNews = forum.available_tags!.find((t) => t.name === 'Local News')!.id;
    expect(made.map((m) => m.applied_tags)).toEqual([[localNews], [localNews]]);
    expect(made[0]!.auto_archive_duration).toBe(10080);
    expect(h.fake.threads.map((t) => t.parent_id)).toEqual([forum.id, forum.id]);
    const list = await replyTo(h.fake.command('feed list', {}, manager));
    expect(plain(list.embeds)).toContain(`a forum post for each article in <#${forum.id}> (tag: Local News)`);
  });

  it('answers /ask inside an article\'s forum post from that article and says so; all:true widens to every article', async () => {
    const post = h.fake.threads.find((t) => t.name === 'Museum returns stolen painting')!;
    const inThread = { ...manager, channelId: post.id };
    const answer = await replyTo(h.fake.command('ask', { question: 'where is the museum' }, inThread));
    expect(answer.content).toMatch(/^in: Museum returns stolen painting · /);
    expect(plain(answer.embeds)).toContain('A museum in Vienna returned a painting');
    // Only that article: the footbridge article, which holds the words, is not searched.
    const narrow = await replyTo(h.fake.command('ask', { question: 'when will building of the footbridge start' }, inThread));
    expect(plain(narrow.embeds)).not.toContain('Building will start in the spring');
    const wide = await replyTo(h.fake.command('ask', { question: 'when will building of the footbridge start', all: true }, inThread));
    expect(plain(wide.embeds)).toContain('Building will start in the spring');
    expect(wide.content ?? '').not.toMatch(/^in: /);
    // In the server's own channel, nothing changes.
    const outside = await replyTo(h.fake.command('ask', { question: 'when will building of the footbridge start' }, manager));
    expect(outside.content ?? '').toBe('');
    expect(plain(outside.embeds)).toContain('Building will start in the spring');
  });

  it('opens a thread on each announcement with thread:true, and reports a missing Create Public Threads in /feed list', async () => {
    const edited = await replyTo(h.fake.command('feed edit', { feed: String(feedId), thread: true }, manager, {}, { announce: CHANNEL_ID }));
    expect(plain(edited.embeds)).toContain(`New articles will be announced in <#${CHANNEL_ID}>, each with a thread`);
    items.push(story('strike', 'Rail workers vote to strike', ['Rail workers voted to strike in December over pay, their union said on Wednesday evening.', 'The rail operator said it was disappointed.']));
    await nextPoll();
    const message = posts(`/channels/${CHANNEL_ID}/messages`).at(-1)!;
    expect(plain((message.body as Message).embeds)).toContain('Rail workers vote to strike');
    const opened = h.fake.requests.find((r) => r.method === 'POST' && /^\/channels\/\d+\/messages\/\d+\/threads$/.test(r.path))!;
    expect(opened.body).toMatchObject({ name: 'Rail workers vote to strike', auto_archive_duration: 10080 });
    const thread = h.fake.threads.at(-1)!;
    expect(thread).toMatchObject({ parent_id: CHANNEL_ID, type: CHANNEL_TYPE.publicThread });
    // /ask in that thread answers from its article.
    const answer = await replyTo(h.fake.command('ask', { question: 'what did the rail operator say' }, { ...manager, channelId: thread.id }));
    expect(answer.content).toMatch(/^in: Rail workers vote to strike/);

    h.fake.deny(CHANNEL_ID, PERMISSION.CreatePublicThreads);
    items.push(story('snow', 'Snow closes mountain pass', ['Snow closed the mountain pass in Wales on Friday, stranding dozens of drivers overnight.', 'The police said the road would stay shut until Sunday.']));
    await nextPoll();
    // Announced in the channel, without its thread; the problem shows in /feed list.
    expect(plain((posts(`/channels/${CHANNEL_ID}/messages`).at(-1)!.body as Message).embeds)).toContain('Snow closes mountain pass');
    expect(h.fake.threads.at(-1)!.id).toBe(thread.id);
    const list = await replyTo(h.fake.command('feed list', {}, manager));
    expect(plain(list.embeds)).toContain(`⚠ Pilcrow lacks the Create Public Threads permission in <#${CHANNEL_ID}>`);
    h.fake.denied.clear();
    items.push(story('library', 'Library extends opening hours', ['The town library will open until nine on weekdays from January, the council said.', 'It is the first change to its hours in ten years.']));
    await nextPoll();
    expect(h.fake.threads.at(-1)!.name).toBe('Library extends opening hours');
    expect(plain((await replyTo(h.fake.command('feed list', {}, manager))).embeds)).not.toContain('⚠');
  });

  it('filters what is announced and stored, never announces an article twice, and keeps its filters across a restart', async () => {
    const edited = await replyTo(h.fake.command('feed edit', { feed: String(feedId), include: 'museum "opening hours" Zürich', exclude: 'opinion', store: 'filtered' }, manager));
    expect(plain(edited.embeds)).toContain('Filters: only articles with: `museum, "opening hours", zurich` · never: `opinion` (others are not stored)');
    // Restart: the state is closed and opened again, with a new poller.
    await poller.stop();
    db.close();
    open();
    const before = announcedTitles().length;
    items.push(story('opinion', 'Opinion: the museum we deserve', ['Our museum should open its doors on Sundays and on public holidays, this writer argues, because families have no other day to visit it together.', 'It is a matter of civic pride, and the cost of the extra staff would be small next to the money the museum already spends on its building.']));
    items.push(story('budget', 'Council sets next year budget', ['The council set its budget for next year on Monday, with a rise in council tax.', 'Councillors voted by twenty to twelve.']));
    items.push(story('zurich', 'Floods close Zurich station', ['Floods closed the main railway station in Zürich on Sunday morning after a night of heavy rain across the north of Switzerland.', 'Trains were diverted to other stations for most of the day, and the railway company said services would return to normal by Monday evening.']));
    await nextPoll();
    const after = announcedTitles().slice(before);
    expect(after).toEqual(['Floods close Zurich station']);
    // store:filtered: what the filters turn away is not stored either.
    const titles = engine.articlesIn({ owner: GUILD_ID }).map((a) => a.title);
    expect(titles).toContain('Floods close Zurich station');
    expect(titles).not.toContain('Council sets next year budget');
    expect(titles).not.toContain('Opinion: the museum we deserve');
    // Another poll, and a change of filters that now lets earlier articles through: none comes again.
    await replyTo(h.fake.command('feed edit', { feed: String(feedId), include: 'none', exclude: 'none' }, manager));
    await nextPoll();
    expect(announcedTitles().slice(before)).toEqual(['Floods close Zurich station']);
    const every = announcedTitles().filter(Boolean);
    expect(new Set(every).size).toBe(every.length);
    const list = await replyTo(h.fake.command('feed list', {}, manager));
    expect(plain(list.embeds)).not.toContain('Filters:');
    // store:all (the default): an article the filters turn away is stored, answerable, but not announced.
    await replyTo(h.fake.command('feed edit', { feed: String(feedId), exclude: 'hospital', store: 'all' }, manager));
    items.push(story('ward', 'Hospital opens new children\'s ward', ['The county hospital opened a new children\'s ward on Monday with twenty beds and a playroom for young patients.', 'The ward was paid for by ten years of fundraising by local families, the hospital trust said in a statement.']));
    await nextPoll();
    expect(engine.articlesIn({ owner: GUILD_ID }).map((a) => a.title)).toContain('Hospital opens new children\'s ward');
    expect(announcedTitles()).not.toContain('Hospital opens new children\'s ward');
    await replyTo(h.fake.command('feed edit', { feed: String(feedId), exclude: 'none' }, manager));
  });

  it('falls back to the thread\'s channel, with a notice, when the thread it posts in is deleted; never retries the deleted one', async () => {
    const thread = h.fake.addChannel({ type: CHANNEL_TYPE.publicThread, name: 'Local news here', parentId: CHANNEL_ID });
    await replyTo(h.fake.command('feed edit', { feed: String(feedId), thread: false }, manager, {}, { announce: thread.id }));
    items.push(story('ferry', 'Ferry service resumes after storm', ['The island ferry sailed again on Tuesday after three days of storms had kept it in harbour and cut the islanders off from the mainland.', 'Passengers queued from dawn with cars, vans and livestock, and the operator added two extra crossings to clear the backlog by the evening.']));
    await nextPoll();
    expect(plain((posts(`/channels/${thread.id}/messages`).at(-1)!.body as Message).embeds)).toContain('Ferry service resumes after storm');

    h.fake.deleteChannel(thread.id);
    items.push(story('school', 'School wins national science prize', ['Pupils from the village school won the national science prize on Friday for a project that measured pollution in the river for a whole year.', 'Their teacher said the children had collected more than four hundred samples, and the water company has asked to use their results.']));
    await nextPoll();
    const notice = posts(`/channels/${CHANNEL_ID}/messages`).map((r) => plain((r.body as Message).embeds)).find((t) => t.includes('Feed moved'));
    expect(notice).toContain(`<#${thread.id}> was deleted; new articles are posted in <#${CHANNEL_ID}> instead.`);
    expect(plain((posts(`/channels/${CHANNEL_ID}/messages`).at(-1)!.body as Message).embeds)).toContain('School wins national science prize');
    const triedThread = h.fake.requests.filter((r) => r.path.startsWith(`/channels/${thread.id}`)).length;
    items.push(story('market', 'Christmas market opens early', ['The Christmas market opened a week earlier than usual this year, traders said, to make the most of the mild weather and the school holidays.', 'Forty wooden stalls line the square, selling food, crafts and toys, and the market stays open until the evening before Christmas.']));
    await nextPoll();
    expect(h.fake.requests.filter((r) => r.path.startsWith(`/channels/${thread.id}`)).length).toBe(triedThread);
    expect(plain((posts(`/channels/${CHANNEL_ID}/messages`).at(-1)!.body as Message).embeds)).toContain('Christmas market opens early');
    const list = await replyTo(h.fake.command('feed list', {}, manager));
    expect(plain(list.embeds)).toContain(`<#${thread.id}> was deleted; new articles are posted in <#${CHANNEL_ID}> instead.`);
  });

  it('waits out a rate limit on opening a forum post, and falls back to the channel it was set up from when the forum is deleted', async () => {
    const second = h.fake.addChannel({ type: CHANNEL_TYPE.forum, name: 'wire', tags: [] });
    const wire: FeedItem[] = [story('harbour', 'Harbour wall repaired after winter storms', ['Engineers finished repairing the harbour wall on Wednesday, five months after winter storms broke a section of it.', 'Fishing boats can use the inner harbour again from next week, the harbour master said.'])];
    site.routes.set('/wire.xml', feedRoute(() => feedOf('rss', 'Wire Service', wire)));
    await replyTo(h.fake.command('feed add', { url: `${site.base}/wire.xml` }, manager, {}, { announce: second.id }));
    await poller.pollDue();
    // Discord asks to slow down once: discord.js waits and sends the post again, once.
    h.fake.inject({ method: 'POST', path: new RegExp(`^/channels/${second.id}/threads$`), status: 429, headers: { 'retry-after': '1' }, body: { message: 'You are being rate limited.', retry_after: 1, global: false } });
    wire.push(story('lifeboat', 'Lifeboat crew rescue two walkers', ['A lifeboat crew rescued two walkers cut off by the tide below the cliffs on Saturday afternoon.', 'Both were taken to hospital as a precaution and later released, the coastguard said.']));
    await nextPoll();
    const tries = posts(`/channels/${second.id}/threads`);
    expect(tries).toHaveLength(2);
    expect(h.fake.threads.filter((t) => t.parent_id === second.id).map((t) => t.name)).toEqual(['Lifeboat crew rescue two walkers']);
    // No tag matches "Wire Service" in a forum without tags: none is applied.
    expect((tries[1]!.body as { applied_tags: string[] }).applied_tags).toEqual([]);

    h.fake.deleteChannel(second.id);
    wire.push(story('pier', 'Pier reopens to the public', ['The pier reopened to the public on Sunday after a year of repairs to its iron legs and wooden deck.', 'Hundreds of people walked to the end on the first morning, the town council said.']));
    await nextPoll();
    const notices = posts(`/channels/${CHANNEL_ID}/messages`).map((r) => plain((r.body as Message).embeds));
    expect(notices.find((t) => t.includes('Feed moved: Wire Service'))).toContain(`<#${second.id}> was deleted; new articles are posted in <#${CHANNEL_ID}> instead.`);
    expect(notices.at(-1)).toContain('Pier reopens to the public');
  });

  it('announces in an announcement channel with thread:true: the card, then an announcement thread where /ask answers from its article', async () => {
    const press = h.fake.addChannel({ type: CHANNEL_TYPE.announcement, name: 'press' });
    const edited = await replyTo(h.fake.command('feed edit', { feed: String(feedId), thread: true }, manager, {}, { announce: press.id }));
    expect(plain(edited.embeds)).toContain(`New articles will be announced in <#${press.id}>, each with a thread`);
    items.push(story('orchard', 'Community orchard planted on old car park', ['Volunteers planted forty apple and pear trees on the old car park behind the station on Saturday.', 'The orchard was paid for by a grant from the county council, the organisers said.']));
    await nextPoll();
    expect(plain((posts(`/channels/${press.id}/messages`).at(-1)!.body as Message).embeds)).toContain('Community orchard planted on old car park');
    const thread = h.fake.threads.at(-1)!;
    // Discord makes a thread on an announcement channel's message an announcement thread.
    expect(thread).toMatchObject({ parent_id: press.id, type: CHANNEL_TYPE.announcementThread, name: 'Community orchard planted on old car park' });
    const answer = await replyTo(h.fake.command('ask', { question: 'who paid for the orchard' }, { ...manager, channelId: thread.id }));
    expect(answer.content).toMatch(/^in: Community orchard planted on old car park · /);
    expect(plain(answer.embeds)).toContain('grant from the county council');
    expect(await listed('Local News')).toContain(`announces in <#${press.id}>, with a thread on each article`);
  });

  it('reports a refusal Discord would repeat (an invalid form, a thread limit) in /feed list with its reason, never retries that article, and clears it once one is posted', async () => {
    const desk: FeedItem[] = [story('desk-first', 'Desk opens for the winter', ['The information desk at the town hall opens for the winter on Monday, with longer hours.', 'Staff will answer questions about bins, parking and council tax.'])];
    site.routes.set('/desk.xml', feedRoute(() => feedOf('rss', 'Desk Feed', desk)));
    await replyTo(h.fake.command('feed add', { url: `${site.base}/desk.xml` }, manager, {}, { announce: CHANNEL_ID }));
    await poller.pollDue();
    const deskId = (await poller.list(GUILD_ID)).find((f) => f.title === 'Desk Feed')!.id;
    const toChannel = () => posts(`/channels/${CHANNEL_ID}/messages`).length;

    // A 400 that posting again would not change (50035 Invalid Form Body): reported, not retried.
    h.fake.inject({ method: 'POST', path: new RegExp(`^/channels/${CHANNEL_ID}/messages$`), status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { embeds: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' }] } } } });
    desk.push(story('desk-bakery', 'Bakery wins regional bread prize', ['A family bakery on the high street won the regional bread prize on Thursday for its rye loaf.', 'The owners said they would keep their prices as they are.']));
    await nextPoll();
    const tried = toChannel();
    expect(await listed('Desk Feed')).toContain(`⚠ Discord refused the last announcement in <#${CHANNEL_ID}>: it found the announcement malformed, a fault of Pilcrow’s; whoever runs it will find the details in its log (error 50035).`);
    await nextPoll();
    expect(toChannel()).toBe(tried);

    // With thread:true, the card is posted but Discord refuses the thread (160006, too many active threads).
    await replyTo(h.fake.command('feed edit', { feed: String(deskId), thread: true }, manager));
    h.fake.inject({ method: 'POST', path: new RegExp(`^/channels/${CHANNEL_ID}/messages/\\d+/threads$`), status: 400, body: { message: 'Maximum number of active threads reached', code: 160006 } });
    const threads = h.fake.threads.length;
    desk.push(story('desk-choir', 'Choir sings at the hospital', ['The town choir sang carols on the children’s ward of the county hospital on Wednesday evening.', 'Nurses and patients joined in for the last song.']));
    await nextPoll();
    expect(plain((posts(`/channels/${CHANNEL_ID}/messages`).at(-1)!.body as Message).embeds)).toContain('Choir sings at the hospital');
    expect(h.fake.threads).toHaveLength(threads);
    expect(await listed('Desk Feed')).toContain('the channel has as many active threads as Discord allows; archive some (error 160006).');

    // The next article posts with its thread, and the warning goes.
    desk.push(story('desk-lights', 'Christmas lights switched on', ['The Christmas lights on the high street were switched on by the mayor on Friday evening.', 'Hundreds of people came to watch, the council said.']));
    await nextPoll();
    expect(h.fake.threads.at(-1)!.name).toBe('Christmas lights switched on');
    expect(await listed('Desk Feed')).not.toContain('⚠');
  });

  it('in a forum that requires a tag: applies its first tag when Discord says one is required, and reports a forum with no tag Pilcrow may apply', async () => {
    const deskId = (await poller.list(GUILD_ID)).find((f) => f.title === 'Desk Feed')!.id;
    const desk = (title: string, slug: string): FeedItem => story(slug, title, [`${title} on Monday, the town council said in a statement to the local paper.`, 'More details will follow later in the week, a spokesperson added.']);
    const more: FeedItem[] = [];
    site.routes.set('/desk.xml', feedRoute(() => feedOf('rss', 'Desk Feed', [...more])));

    // A forum whose "require a tag" the client has not heard of: Discord says 40067, and the post is sent again with the forum's first tag.
    const late = h.fake.addChannel({ type: CHANNEL_TYPE.forum, name: 'desk-late', tags: ['Culture', 'Sport'] });
    await replyTo(h.fake.command('feed edit', { feed: String(deskId) }, manager, {}, { announce: late.id }));
    h.fake.setFlags(late.id, REQUIRE_TAG, { tell: false });
    more.push(desk('Market hall reopens', 'desk-market'));
    await nextPoll();
    const tries = posts(`/channels/${late.id}/threads`).map((r) => (r.body as { applied_tags: string[] }).applied_tags);
    expect(tries).toEqual([[], [late.available_tags![0]!.id]]);
    expect(h.fake.threads.at(-1)).toMatchObject({ parent_id: late.id, name: 'Market hall reopens' });
    expect(await listed('Desk Feed')).toContain(`a forum post for each article in <#${late.id}> (tag: Culture)`);

    // A forum that requires a tag and has only moderators' tags: reported, and not retried.
    const strict = h.fake.addChannel({ type: CHANNEL_TYPE.forum, name: 'desk-strict', moderatedTags: ['Staff pick'], flags: REQUIRE_TAG });
    await replyTo(h.fake.command('feed edit', { feed: String(deskId) }, manager, {}, { announce: strict.id }));
    more.push(desk('Swimming pool closes for repairs', 'desk-pool'));
    await nextPoll();
    expect(posts(`/channels/${strict.id}/threads`)).toHaveLength(1);
    expect(await listed('Desk Feed')).toContain(`⚠ Discord refused the last announcement in <#${strict.id}>: the forum requires a tag on each post and has none Pilcrow may apply; add a tag that members may use (or one named like the feed) (error 40067).`);
    await nextPoll();
    expect(posts(`/channels/${strict.id}/threads`)).toHaveLength(1);
  });

  it('pages /feed list so that every feed is shown, however many and however long their filters', async () => {
    // 32 more feeds, each with include and exclude filters near their 300-character limit.
    const filter = Array.from({ length: 10 }, (_, i) => `"a long phrase number ${i} here"`).join(' ');
    expect(filter.length).toBeLessThanOrEqual(300);
    for (let i = 0; i < 32; i++) {
      site.routes.set(`/many-${i}.xml`, feedRoute(() => feedOf('rss', `Many Feed ${String(i).padStart(2, '0')}`, [])));
      const added = await poller.add(GUILD_ID, `${site.base}/many-${i}.xml`, { announceChannel: null, include: filter, exclude: filter, addedBy: manager.guildId });
      expect(added.ok).toBe(true);
    }
    await poller.pollDue();
    const all = (await poller.list(GUILD_ID)).map((f) => f.title);
    expect(all.length).toBeGreaterThan(32);
    type Listing = Message & { embeds: (Embed & { footer?: { text: string } })[]; components?: { components: { custom_id?: string; label: string; disabled?: boolean }[] }[] };
    const next = (m: Listing) => (m.components ?? []).flatMap((r) => r.components).find((b) => b.label === '▶');
    let page = (await replyTo(h.fake.command('feed list', {}, manager))) as Listing;
    const seen: string[] = [];
    for (;;) {
      const embed = page.embeds[0]!;
      // Within Discord's limits as sent, so that fitEmbeds had nothing to drop or cut.
      expect((embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)).toBeLessThanOrEqual(6000);
      for (const f of embed.fields ?? []) {
        // Whole: the filters and the health line, the field's last, are there.
        if (f.name.startsWith('Many Feed')) expect(f.value).toContain('never: `"a long phrase number 0 here", ');
        expect(f.value.split('\n').at(-1)).toMatch(/^(✓|⚠|⏸|…)/);
      }
      seen.push(...(embed.fields ?? []).map((f) => f.name));
      expect(embed.footer?.text).toBe(`Feeds ${seen.length - (embed.fields ?? []).length + 1}-${seen.length} of ${all.length}`);
      const button = next(page);
      if (!button || button.disabled) break;
      const click = h.fake.button(button.custom_id!, manager);
      const first = await h.fake.callback(click.id, 10_000);
      page = (bodyOf(first).type === 6 ? (await h.fake.edit(click.token)).body : bodyOf(first).data) as Listing;
    }
    expect(seen).toEqual(all);
    for (let i = 0; i < 32; i++) await poller.remove((await poller.list(GUILD_ID)).find((f) => f.title === `Many Feed ${String(i).padStart(2, '0')}`)!.id, GUILD_ID);
  });

  it('says so when /ask is asked in the thread of an article since removed, and answers from all of the server\'s articles', async () => {
    const museum = engine.articlesIn({ owner: GUILD_ID }).find((a) => a.title === 'Museum returns stolen painting')!;
    const post = h.fake.threads.find((t) => t.name === 'Museum returns stolen painting')!;
    expect(await library.remove(museum.id, GUILD_ID)).toBe(true);
    const answer = await replyTo(h.fake.command('ask', { question: 'when will building of the footbridge start' }, { ...manager, channelId: post.id }));
    expect(answer.content).toBe('This thread’s article is no longer among Pilcrow’s articles, so this answers from all of the server’s articles.');
    expect(plain(answer.embeds)).toContain('Building will start in the spring');
  });

  it('tells two feeds of one title apart in autocomplete, takes only whole-number feed ids, and names the feed it removes', async () => {
    for (const part of ['world', 'uk']) {
      site.routes.set(`/twin/${part}.xml`, feedRoute(() => feedOf('rss', 'Twin News', [])));
      expect((await poller.add(GUILD_ID, `${site.base}/twin/${part}.xml`, { announceChannel: null, addedBy: null })).ok).toBe(true);
    }
    const complete = bodyOf(await h.fake.callback(h.fake.autocomplete('feed edit', { feed: 'twin' }, 'feed', manager).id));
    const choices = complete.data.choices as { name: string; value: string }[];
    expect(choices.map((c) => c.name)).toEqual([expect.stringMatching(/^Twin News · 127\.0\.0\.1:\d+\/twin\/world\.xml$/), expect.stringMatching(/^Twin News · 127\.0\.0\.1:\d+\/twin\/uk\.xml$/)]);
    const id = choices[1]!.value;
    // Only the id autocomplete gives: "7.0", " 7" or "0x7" name no feed.
    for (const typed of [`${id}.0`, ` ${id}`, `0x${Number(id).toString(16)}`, `${id}e0`]) {
      const refused = await replyTo(h.fake.command('feed remove', { feed: typed }, manager));
      expect(plain(refused.embeds)).toBe('This server follows no such feed. `/feed list` shows them.');
    }
    const edited = await replyTo(h.fake.command('feed edit', { feed: `${id}.0`, include: 'ferry' }, manager));
    expect(plain(edited.embeds)).toBe('This server follows no such feed. `/feed list` shows them.');
    const removed = await replyTo(h.fake.command('feed remove', { feed: id }, manager));
    expect(plain(removed.embeds)).toBe('No longer following Twin News. Its articles stay.');
    expect((await poller.list(GUILD_ID)).filter((f) => f.title === 'Twin News').map((f) => f.url)).toEqual([`${site.base}/twin/world.xml`]);
  });

  it('never shows a member a raw ISO date, an internal id, a library\'s error text, a machine address or a wrong plural', () => {
    const ids = engine.articlesIn({ owner: GUILD_ID }).map((a) => a.id);
    const breaches = repliesOf(h.fake.requests).flatMap((r) => humanValueBreaches(visibleText(r.body), ids).map((b) => `${r.method} ${r.path.replace(/\/[\w-]{40,}/, '/…')}: ${b}`));
    expect(breaches).toEqual([]);
  });
});
