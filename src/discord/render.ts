import { escapeMarkdown, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import { webAddress } from '../model/place.js';
import type { Article } from '../model/article.js';
import type { FeedRecord, FeedTest, FirstRead, ScheduleRecord, SendRecord } from '../engine/index.js';
import { LIMITS } from './limits.js';
import { problemText, siteName, type ProblemLike } from './problems.js';
import { decodeProblem, hostOf, PROBLEMS } from '../model/problems.js';
import { deliveryLine, deliveryProblemLine, deliverySentence, filterLine } from './render-feeds.js';

/** Who sees a reply to an interaction: everyone in the channel, or only the member who asked. */
export type Visibility = 'public' | 'private';

/**
 * The one rule of who sees what, everywhere: noise (errors, refusals, empty results, listings, "not
 * covered") is private to the member who asked, and so is a "not sure" reply until they share it;
 * content (answers, shared replies, added articles, digests, announcements) is public.
 */
export const VISIBILITY = Object.freeze({
  answer: 'public',
  shared: 'public',
  added: 'public',
  digest: 'public',
  announcement: 'public',
  notSure: 'private',
  notCovered: 'private',
  empty: 'private',
  error: 'private',
  listing: 'private',
} as const satisfies Record<string, Visibility>);

/** A message body as discord.js sends it: never pings anyone (`allowedMentions.parse` empty). */
export interface MessagePayload {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: { parse: [] };
  /** Who sees it when it answers an interaction ({@link VISIBILITY}); unset: as the command defers. Never sent to Discord. */
  visibility?: Visibility;
}

/** Embed colours. */
export const COLOURS = Object.freeze({ answer: 0x2f6f9f, unsure: 0xc9a227, noAnswer: 0x9a9a9a, error: 0xb3261e, info: 0x4f7f4f });

/**
 * Shortens text to `max` characters, cutting at a word boundary and ending with an ellipsis.
 *
 * @example truncate('one two three', 9) // 'one two…'
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  const cut = text.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  // Cut at the last space unless that throws away most of the room (one very long word).
  const body = space > max * 0.6 ? cut.slice(0, space) : cut;
  // Never leave a dangling Markdown escape or half a surrogate pair at the cut.
  return `${body.replace(/\\+$/, '').replace(/[\uD800-\uDBFF]$/, '').trimEnd()}…`;
}

/**
 * A question as typed in Discord, without the mentions it may carry (`@everyone`, `<@123…>` for a
 * member, `<@&…>` a role, `<#…>` a channel): they are not words of the question, and their numbers
 * would be searched for.
 *
 * @example questionText('@everyone where is the summit <@1145678901234567890>') // 'where is the summit'
 */
export function questionText(text: string): string {
  return text.replace(/<(?:@[!&]?|#)\d+>|(?<![\w.])@(?:everyone|here)\b/g, ' ').replace(/\s+/g, ' ').trim();
}

/** User or article text made inert: Markdown escaped, so it renders as written. */
export function escapeText(text: string): string {
  return escapeMarkdown(text.replace(/\r?\n+/g, ' '), { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
}

/**
 * The one place that enforces embed limits: each field of each embed is cut to its limit, fields
 * beyond 25 are dropped, and descriptions are shortened until all embeds fit in 6000 characters.
 */
export function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[] {
  const out = embeds.slice(0, LIMITS.embedsPerMessage).map((e) => ({
    ...e,
    ...(e.title !== undefined ? { title: truncate(e.title, LIMITS.embedTitle) } : {}),
    ...(e.description !== undefined ? { description: truncate(e.description, LIMITS.embedDescription) } : {}),
    ...(e.footer ? { footer: { ...e.footer, text: truncate(e.footer.text, LIMITS.footer) } } : {}),
    ...(e.author ? { author: { ...e.author, name: truncate(e.author.name, LIMITS.author) } } : {}),
    ...(e.fields ? { fields: e.fields.slice(0, LIMITS.fields).map((f) => ({ ...f, name: truncate(f.name, LIMITS.fieldName), value: truncate(f.value, LIMITS.fieldValue) })) } : {}),
  }));
  // Over 6000 in all: shorten descriptions first, then drop fields from the last one back.
  let excess = out.reduce((n, e) => n + embedLength(e), 0) - LIMITS.embedsTotal;
  for (const e of out) {
    if (excess <= 0) break;
    if (!e.description) continue;
    const keep = Math.max(1, e.description.length - excess);
    excess -= e.description.length - keep;
    e.description = truncate(e.description, keep);
  }
  for (const e of [...out].reverse()) {
    while (excess > 0 && e.fields && e.fields.length > 0) {
      const dropped = e.fields.pop()!;
      excess -= dropped.name.length + dropped.value.length;
    }
  }
  return out;
}

/** Characters of an embed that count towards the 6,000 of a message. */
export function embedLength(e: APIEmbed): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

/** Custom ids of the /ask buttons; each fits Discord's 100 characters. */
export const ASK_BUTTONS = Object.freeze({
  /** `para:<p|c><n>:<articleId>`: show the whole paragraph or caption. */
  paragraph: 'para',
  /** `more:<session key>`: "More results" (/ask) or "N more" (/quote): the paginator, private, at its second page. */
  more: 'more',
  /** `share:<session key>`: posts a private "not sure" reply for everyone. */
  share: 'share',
  /** `askart:<articleId>`: "Ask about this article", a modal whose question is asked of that article alone. */
  article: 'askart',
});

/** A short notice (errors, refusals, expired buttons, empty results): private to the member ({@link VISIBILITY}). */
export function renderNotice(text: string, colour: number = COLOURS.noAnswer): MessagePayload {
  return { embeds: fitEmbeds([{ description: text, color: colour }]), components: [], allowedMentions: { parse: [] }, visibility: VISIBILITY.error };
}

/** The reply to /ingest: the article added (or already there), linked to its page, with how to ask about it. */
export function renderIngested(article: Article, stored: boolean): MessagePayload {
  const size = `${plural(article.paragraphs.length, 'paragraph')}${article.captions.length ? ` and ${plural(article.captions.length, 'photo caption')}` : ''}`;
  const what = stored ? `Added to this server’s articles: ${size}.` : `This server already has this article (${size}).`;
  return {
    embeds: fitEmbeds([{
      title: escapeText(article.title),
      description: `${what}\nAsk about it with \`/ask\`, or about it alone with \`/ask article:\` and its title.`,
      color: COLOURS.answer,
      ...linkTo(article),
      ...publishedAt(article.published),
    }]),
    components: [],
    allowedMentions: { parse: [] },
    visibility: VISIBILITY.added,
  };
}

/** The notice posted in a feed's channel when Pilcrow stops polling it after days of failure. */
export function renderFeedPaused(feed: { title: string | null; url: string; failingSince?: string | null }, reason: string): MessagePayload {
  const since = feed.failingSince ? ` since ${when(feed.failingSince)}` : '';
  return {
    embeds: fitEmbeds([{
      title: `Feed paused: ${escapeText(feedName(feed))}`,
      description: `Pilcrow stopped following this feed because it kept failing${since}: ${problemWords(reason)}\nFix the address or the site, then start it again with \`/feed resume\`.\n${feedLink(feed)}`,
      color: COLOURS.error,
    }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}

/** A time as Discord shows it, in each reader's own zone: R "3 hours ago", f "28 November 2026 08:00", F with the weekday. */
export function discordTime(at: Date | string, style: 'R' | 'f' | 'F' | 'D' = 'R'): string {
  return `<t:${Math.floor(new Date(at).getTime() / 1000)}:${style}>`;
}

const when = (iso: string) => discordTime(iso, 'R');

/**
 * A count with its noun, singular or plural as the count asks.
 *
 * @example plural(1, 'photo caption') // '1 photo caption'
 * @example plural(3, 'try', 'tries') // '3 tries'
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A problem stored with a feed (src/model/problems.ts `encodeProblem`) in words; "no reason recorded" for none. */
function problemWords(stored: string | null): string {
  const problem = decodeProblem(stored);
  return problem ? problemText(problem, { retried: true }) : 'no reason recorded.';
}

/** A feed's name: its title, else its site as people read it. */
function feedName(feed: { title: string | null; url: string }): string {
  return feed.title ?? readableFeed(feed.url);
}

/** A feed's address as a link whose text is its site ("news.example"), never the raw address with its port. */
function feedLink(feed: { url: string }): string {
  return `[${escapeText(readableFeed(feed.url)).replace(/[[\]]/g, '')}](${feed.url.replace(/[()\s]/g, encodeURIComponent)})`;
}

function readableFeed(url: string): string {
  const site = siteName(hostOf(url).host);
  return site === 'the site' ? 'feed address' : site;
}

/** An embed's timestamp and "Published" footer for a publication date, when it is a date (Discord shows it in each reader's zone). */
function publishedAt(published: string | undefined): Pick<APIEmbed, 'timestamp' | 'footer'> {
  const at = published ? Date.parse(published) : Number.NaN;
  return Number.isNaN(at) ? {} : { timestamp: new Date(at).toISOString(), footer: { text: 'Published' } };
}

/** An embed's link to the article's page, when it has one. */
export function linkTo(article: Pick<Article, 'source'>): { url?: string } {
  const url = webAddress(article);
  return url ? { url } : {};
}

/** A feed's health in a few words: OK, failing since when with the last error, or paused and why. */
export function feedHealth(feed: FeedRecord): string {
  if (feed.pausedAt) return `⏸ paused ${when(feed.pausedAt)}: ${problemWords(feed.pausedReason)} (\`/feed resume\` starts it again)`;
  if (feed.failingSince) return `⚠ failing since ${when(feed.failingSince)} (${plural(feed.failures, 'try', 'tries')}): ${problemWords(feed.lastError)} Next try ${when(feed.nextPollAt)}.`;
  if (feed.lastOkAt && feed.skippedRun > 0) {
    const items = feed.skippedRun === 1 ? 'the last item' : `the last ${feed.skippedRun} items`;
    return `⚠ read ${when(feed.lastOkAt)}, but ${items} could not be stored: ${problemWords(feed.skipProblem)} Next ${when(feed.nextPollAt)}.`;
  }
  if (feed.lastOkAt) return `✓ OK, last read ${when(feed.lastOkAt)}; next ${when(feed.nextPollAt)}`;
  return '… not read yet';
}

/**
 * The reply to `/feed add`: the feed followed, what it holds, where it announces; once its first
 * reading is done (`first`), the reply is edited to say how it went ("3 of 3 articles read") or what failed.
 */
export function renderFeedAdded(feed: FeedRecord, found: number, first?: FirstRead): MessagePayload {
  const reading = first === undefined
    ? `Found ${plural(found, 'article')}${found === 0 ? '.' : found === 1 ? '; reading it now (it is not announced).' : '; reading them now (they are not announced).'} New ones are read within minutes of appearing.`
    : first.items === 0 && first.problem
      ? `The first reading failed: ${problemText(first.problem, { retried: true })} Pilcrow tries again on its own; \`/feed list\` shows how it goes.`
      : [`${first.read} of ${plural(first.items, 'article')} read${first.read === 0 ? '' : first.read === 1 ? ' (it is not announced)' : ' (they are not announced)'}. New ones are read within minutes of appearing.`,
        first.skipped > 0 ? `${first.skipped === 1 ? '1 was' : `${first.skipped} were`} left out: ${problemText(first.problem ?? { code: PROBLEMS.unreadable })}` : null].filter(Boolean).join('\n');
  return {
    embeds: fitEmbeds([{
      title: `Following: ${escapeText(feedName(feed))}`,
      description: [
        reading,
        deliverySentence(feed),
        filterLine(feed),
        feedLink(feed),
      ].filter(Boolean).join('\n'),
      color: first && (first.skipped > 0 || (first.items === 0 && first.problem)) ? COLOURS.unsure : COLOURS.info,
    }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}

/** Feeds on one page of `/feed list`, at most; fewer when their fields would pass Discord's 6,000 characters. */
export const FEED_LIST_PAGE = 10;

type Field = { name: string; value: string };

/** The name of a feed's second field in `/feed list`, after the feed's. */
const CONTINUED = ' (continued)';

/** Characters of a feed's address above which `/feed list` names its site without linking it. */
const FEED_LINK_MAX = 500;

/**
 * A feed's fields in `/feed list`: its address, delivery, filters, delivery problem and health, one
 * line each, in one field, or, when they pass a field's 1,024 characters (two long filter lists and a
 * problem), in as many as they need, the next named "<feed> (continued)", so that no line is cut.
 */
function feedFields(f: FeedRecord): Field[] {
  const name = feedName(f);
  // A very long address is named, not linked: its link would not fit a field whole.
  const link = f.url.length > FEED_LINK_MAX ? escapeText(readableFeed(f.url)) : feedLink(f);
  const lines = [link, deliveryLine(f), filterLine(f), deliveryProblemLine(f), feedHealth(f)].filter((l): l is string => !!l).map((l) => truncate(l, LIMITS.fieldValue));
  const fields: Field[] = [];
  for (const line of lines) {
    const last = fields.at(-1);
    if (last && last.value.length + 1 + line.length <= LIMITS.fieldValue) last.value += `\n${line}`;
    else fields.push({ name: fields.length === 0 ? truncate(name, LIMITS.fieldName) : `${truncate(name, LIMITS.fieldName - CONTINUED.length)}${CONTINUED}`, value: line });
  }
  return fields;
}

/**
 * `/feed list`: every feed with its address, delivery, filters, delivery problem and health (see
 * feedFields), in pages for the paginator (src/discord/paginate.ts): at most {@link FEED_LIST_PAGE}
 * feeds to a page, and fewer where long fields would pass the 6,000 characters or 25 fields of a
 * message, so that {@link fitEmbeds} never has to drop or cut one. A footer "Feeds 11-20 of 32" when
 * there are several pages; one page saying so when the server follows none.
 */
export function renderFeedListPages(feeds: readonly FeedRecord[]): MessagePayload[] {
  const page = (title: string, description: string, fields: Field[] = [], footer?: string): MessagePayload => ({
    embeds: fitEmbeds([{ title, description, fields, color: COLOURS.info, ...(footer ? { footer: { text: footer } } : {}) }]),
    components: [],
    allowedMentions: { parse: [] },
    visibility: VISIBILITY.listing,
  });
  if (feeds.length === 0) return [page('Feeds followed', 'This server follows no feed yet. Add one with `/feed add url:`.')];
  const title = `Following ${plural(feeds.length, 'feed')}`;
  // Room for the fields of a page: the message's 6,000 less the title and the footer ("Feeds 11-20 of 32").
  const room = LIMITS.embedsTotal - title.length - 40;
  const pages: Field[][][] = [];
  let used = 0;
  for (const group of feeds.map(feedFields)) {
    const size = group.reduce((n, f) => n + f.name.length + f.value.length, 0);
    const last = pages.at(-1);
    if (last && last.length < FEED_LIST_PAGE && last.flat().length + group.length <= LIMITS.fields && used + size <= room) {
      last.push(group);
      used += size;
    } else {
      pages.push([group]);
      used = size;
    }
  }
  let first = 1;
  return pages.map((groups) => {
    const range = `Feeds ${first}-${first + groups.length - 1} of ${feeds.length}`;
    first += groups.length;
    return page(title, '', groups.flat(), pages.length > 1 ? range : undefined);
  });
}

/** Items of a feed test shown in its reply (a field each; Discord allows 25). */
export const FEED_TEST_ITEMS = 10;

/**
 * `/feed test`: the feed read once, each of its newest items as it would be stored (its title, date,
 * whose text and how many paragraphs, the opening words) or why it would be skipped. Nothing is stored.
 */
export function renderFeedTest(t: FeedTest): MessagePayload {
  const shown = t.items.slice(0, FEED_TEST_ITEMS);
  const stored = t.items.filter((i) => i.parts !== null).length;
  const fields = shown.map((i) => {
    const title = i.parts?.title ?? i.entry.title ?? '(no title)';
    const date = i.parts?.published ?? i.entry.published?.toISOString() ?? null;
    const dated = date !== null && !Number.isNaN(Date.parse(date)) ? ` · ${discordTime(date, 'f')}` : '';
    const lines = i.parts
      ? [`${i.text === 'page' ? 'From its page' : 'From the feed’s own text'} · ${plural(i.parts.paragraphs.length, 'paragraph')}${dated}`, `> ${escapeText(truncate(i.parts.paragraphs[0]!, 200))}`]
      : [`⚠ Would be skipped: ${problemText(i.skipped ?? { code: PROBLEMS.unreadable })}`];
    if (i.entry.link) lines.push(`[Open the item](${i.entry.link.replace(/[()\s]/g, encodeURIComponent)})`);
    return { name: truncate(title, LIMITS.fieldName), value: truncate(lines.join('\n'), LIMITS.fieldValue) };
  });
  const summary = t.items.length === 0
    ? 'The feed holds no items.'
    : `${stored} of ${plural(t.items.length, 'item')} would be stored.${t.items.length > shown.length ? ` The newest ${shown.length} are shown.` : ''} Nothing was stored: this was a test.`;
  return {
    embeds: fitEmbeds([{ title: `Feed test: ${escapeText(feedName(t))}`, description: `${feedLink(t)}\n${summary}`, fields, color: stored === t.items.length ? COLOURS.info : COLOURS.unsure }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}

/** `/digest status`: each scheduled digest with its next run, its last digest, and why it is paused. */
export function renderDigestStatus(entries: readonly { schedule: ScheduleRecord; paused: ProblemLike | null; last: SendRecord | undefined }[]): MessagePayload {
  const fields = entries.map(({ schedule: s, paused, last }) => ({
    name: truncate(`${s.time} ${s.timezone}, ${s.days}`, LIMITS.fieldName),
    value: truncate([
      `<#${s.channelId}>`,
      s.pausedAt ? `⏸ paused ${when(s.pausedAt)}: ${paused ? problemText(paused) : 'no reason recorded'} (schedule it again to resume)` : `next ${when(s.nextRunAt)}`,
      last ? `last digest ${when(last.finishedAt ?? last.startedAt)} (${plural(last.messages, 'message')})` : 'no digest yet',
    ].join('\n'), LIMITS.fieldValue),
  }));
  return {
    embeds: fitEmbeds([{ title: entries.length === 0 ? 'Scheduled digests' : plural(entries.length, 'scheduled digest'), description: entries.length === 0 ? 'None yet. `/digest schedule channel: time:` sets one.' : '', fields, color: COLOURS.info }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}
