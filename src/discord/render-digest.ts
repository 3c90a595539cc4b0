import { ButtonStyle, ComponentType, time, TimestampStyles, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import { type Digest, type DigestArticle, readableHost, summarise } from '../engine/index.js';
import type { Article } from '../model/article.js';
import { LIMITS } from './limits.js';
import { ASK_BUTTONS, COLOURS, discordTime, embedLength, escapeText, fitEmbeds, linkTo, truncate, type MessagePayload } from './render.js';

/** Custom ids of the digest's buttons. */
export const DIGEST_BUTTONS = Object.freeze({
  /** `readmore:<articleId>`: the summary's paragraphs with their neighbours, only to the member who clicked. */
  readMore: 'readmore',
});

/** What digests and announcements say, in one place. */
export const DIGEST_TEXTS = Object.freeze({
  heading: 'News digest',
  ask: 'Ask about',
  readMore: 'Read more',
  open: 'Open article',
  published: 'Published',
  added: 'Added',
  noSentence: 'No sentence of this article reads well on its own; open it with Read more.',
  stories: (n: number) => `${n} ${n === 1 ? 'story' : 'stories'}`,
});

/**
 * Stories per message: each story's own row of buttons (Ask about, Read more, Open article) sits in
 * one of the message's five action rows, in the order of the embeds.
 */
export const STORIES_PER_MESSAGE = LIMITS.actionRows;

/** Characters of a story's title on its Ask button ("Ask about “…”"), within the 80 of a label. */
const LABEL_TITLE = 48;

/**
 * A digest as Discord messages, each inside every limit (10 embeds, 6,000 characters, 5 action rows):
 * the first opens with a dated header (`## News digest · <t:…:D>`, shown in each reader's own zone),
 * how many stories since when, and how many old stories were left out; then one embed per story, as a
 * news card: the publisher's name above, the title linked to the page, the summary quoted with its ¶,
 * people, quotations and places as fields, the page's picture as a thumbnail and the publishing time as
 * the embed's timestamp. Each story has its own row of buttons: "Ask about “<title>”", "Read more" and
 * a link to the article. The last message says how many more stories there were. Every text is
 * escaped; nothing pings; no internal id or raw date is shown.
 */
export function renderDigest(digest: Digest, heading: string = DIGEST_TEXTS.heading): MessagePayload[] {
  const header = headerOf(digest, heading);
  if (digest.articles.length === 0) {
    const since = digest.since ? ` since ${discordTime(digest.since, 'f')}` : '';
    return [{ content: truncate([header, `No new stories${since}.`, olderLine(digest)].filter(Boolean).join('\n'), LIMITS.content), embeds: [], components: [], allowedMentions: { parse: [] } }];
  }
  const messages: MessagePayload[] = [];
  let current: { embeds: APIEmbed[]; rows: APIActionRowComponent<APIButtonComponent>[]; size: number } = { embeds: [], rows: [], size: 0 };
  const flush = () => {
    if (current.embeds.length === 0) return;
    messages.push({ embeds: current.embeds, components: current.rows, allowedMentions: { parse: [] } });
    current = { embeds: [], rows: [], size: 0 };
  };
  for (const story of digest.articles) {
    const [embed] = fitEmbeds([storyEmbed(story)]);
    const size = embedLength(embed!);
    if (current.embeds.length >= STORIES_PER_MESSAGE || current.size + size > LIMITS.embedsTotal) flush();
    current.embeds.push(embed!);
    current.size += size;
    current.rows.push(storyRow(story));
  }
  flush();
  const count = digest.articles.length + digest.more;
  const since = digest.since ? ` since ${discordTime(digest.since, 'f')}` : '';
  const lines = [header, `${DIGEST_TEXTS.stories(count)}${since}, newest first.`, olderLine(digest)];
  messages[0] = { ...messages[0]!, content: truncate(lines.filter(Boolean).join('\n'), LIMITS.content) };
  if (digest.more > 0) {
    const last = messages[messages.length - 1]!;
    messages[messages.length - 1] = { ...last, content: truncate(`${last.content ? `${last.content}\n` : ''}…and ${DIGEST_TEXTS.stories(digest.more)} more: \`/sources\` lists them.`, LIMITS.content) };
  }
  return messages;
}

/** "## News digest · <t:…:D>": dated by the end of the digest's period (when it was made). */
function headerOf(digest: Digest, heading: string): string {
  const name = escapeText(heading.replace(/\*\*/g, '').trim() || DIGEST_TEXTS.heading);
  return `## ${name} · ${time(digest.until ?? new Date(), TimestampStyles.LongDate)}`;
}

/** "2 older stories (published before <t:…:D>) left out.", or nothing. */
function olderLine(digest: Digest): string | null {
  if (digest.older === 0 || !digest.olderThan) return null;
  return `${DIGEST_TEXTS.stories(digest.older).replace(/^(\d+) /, '$1 older ')} (published before ${time(digest.olderThan, TimestampStyles.LongDate)}) left out.`;
}

/** A story as a news card (see {@link renderDigest}). */
function storyEmbed(a: DigestArticle): APIEmbed {
  const summary = a.summary.map((s) => `> ${escapeText(s.text)} (¶${s.paragraph})`).join('\n');
  const fields = [];
  if (a.people.length > 0) fields.push({ name: 'People', value: a.people.map((p) => escapeText(p.role ? `${p.name}, ${p.role}` : p.name)).join('\n') });
  if (a.quotes.length > 0) fields.push({ name: 'Quoted', value: a.quotes.map((q) => `“${escapeText(truncate(q.text, 300))}” — ${escapeText(q.speaker ?? 'unattributed')}${q.paragraph !== null ? ` (¶${q.paragraph})` : ''}`).join('\n') });
  if (a.places.length > 0) fields.push({ name: 'Places', value: escapeText(a.places.join(', ')), inline: true });
  const others = [...new Set(a.alsoFrom.map((x) => readableHost(x.url)).filter((h): h is string => h !== null && h !== a.site))];
  const footer = [cardTime(a).label, others.length > 0 ? `also from ${others.join(', ')}` : null].filter(Boolean).join(' · ');
  return {
    ...cardOf(a),
    description: summary || DIGEST_TEXTS.noSentence,
    ...(fields.length > 0 ? { fields } : {}),
    ...(footer ? { footer: { text: footer } } : {}),
  };
}

/** What every story card shows: the publisher as author, the title linked, the picture, the time. */
function cardOf(a: Pick<DigestArticle, 'title' | 'url' | 'site' | 'image' | 'published' | 'addedAt'>): APIEmbed {
  const time = cardTime(a);
  return {
    ...(a.site ? { author: { name: escapeText(a.site) } } : {}),
    title: escapeText(a.title),
    color: COLOURS.info,
    ...(a.url ? { url: a.url } : {}),
    ...(a.image ? { thumbnail: { url: a.image } } : {}),
    ...(time.at ? { timestamp: time.at } : {}),
  };
}

/** The card's time: when the story was published, else when Pilcrow read it (the embed timestamp shows it in each reader's zone). */
function cardTime(a: Pick<DigestArticle, 'published' | 'addedAt'>): { label: string; at: string | null } {
  const published = a.published ? Date.parse(a.published) : Number.NaN;
  if (!Number.isNaN(published)) return { label: DIGEST_TEXTS.published, at: new Date(published).toISOString() };
  return Number.isNaN(a.addedAt.getTime()) ? { label: '', at: null } : { label: DIGEST_TEXTS.added, at: a.addedAt.toISOString() };
}

/** A story's own buttons: Ask about “<title>”, Read more, and the article's page (when it has one). */
function storyRow(a: Pick<DigestArticle, 'id' | 'title' | 'url'>): APIActionRowComponent<APIButtonComponent> {
  const ask = `${ASK_BUTTONS.article}:${a.id}`;
  const more = `${DIGEST_BUTTONS.readMore}:${a.id}`;
  const buttons: APIButtonComponent[] = [];
  if (ask.length <= LIMITS.customId) buttons.push({ type: ComponentType.Button, style: ButtonStyle.Primary, label: truncate(`${DIGEST_TEXTS.ask} “${truncate(a.title, LABEL_TITLE)}”`, LIMITS.buttonLabel), custom_id: ask });
  if (more.length <= LIMITS.customId) buttons.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, label: DIGEST_TEXTS.readMore, custom_id: more });
  if (a.url && a.url.length <= 512) buttons.push({ type: ComponentType.Button, style: ButtonStyle.Link, label: DIGEST_TEXTS.open, url: a.url });
  return { type: ComponentType.ActionRow, components: buttons };
}

/**
 * A new article of a followed feed, posted in its announce channel as a news card: the publisher's
 * name (the page's, else the feed's title, else the host), the title linked, its summary quoted with
 * ¶ (the article's first sentences that read on their own), its picture, the publishing time as the
 * embed's timestamp, and its own buttons (Ask about, Read more, Open article). Nothing pings.
 */
export function renderAnnouncement(article: Article, feedTitle: string | null, addedAt: Date = new Date()): MessagePayload {
  const url = linkTo(article).url ?? null;
  const story = { id: article.id, title: article.title, url, site: article.site ?? feedTitle ?? readableHost(url), image: article.image && /^https?:\/\//i.test(article.image) ? article.image : null, published: article.published ?? null, addedAt };
  const summary = summarise(article).slice(0, 2).map((s) => `> ${escapeText(s.text)} (¶${s.paragraph})`).join('\n');
  const time = cardTime(story);
  const from = feedTitle && feedTitle !== story.site ? `From ${feedTitle}` : null;
  return {
    embeds: fitEmbeds([{
      ...cardOf(story),
      description: summary || DIGEST_TEXTS.noSentence,
      color: COLOURS.answer,
      // "From <feed> · published" then the embed's timestamp, as Discord shows it: "… • 23 November 2026 08:00".
      footer: { text: [from, from ? time.label.toLowerCase() : time.label].filter(Boolean).join(' · ') || DIGEST_TEXTS.added },
    }]),
    components: [storyRow(story)].filter((r) => r.components.length > 0),
    allowedMentions: { parse: [] },
  };
}

/** "Read more": the paragraphs the summary comes from, each with the one before and after, cited. */
export function renderReadMore(article: Article, paragraphs: readonly number[]): MessagePayload {
  const wanted = new Set<number>();
  for (const n of paragraphs) for (const k of [n - 1, n, n + 1]) if (k >= 1 && k <= article.paragraphs.length) wanted.add(k);
  if (wanted.size === 0) for (let k = 1; k <= Math.min(3, article.paragraphs.length); k++) wanted.add(k);
  const lines = [...wanted].sort((a, b) => a - b).map((k) => `**¶${k}** ${escapeText(article.paragraphs[k - 1]!.text)}`);
  return {
    embeds: fitEmbeds([{ title: escapeText(article.title), description: lines.join('\n\n'), color: COLOURS.info, ...linkTo(article) }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}
