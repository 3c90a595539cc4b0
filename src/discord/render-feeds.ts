import { parseTerms, showTerms, type FeedRecord } from '../engine/index.js';
import { decodeProblem } from '../model/problems.js';
import { problemText } from './problems.js';
import { truncate } from './render.js';

type Delivering = Pick<FeedRecord, 'announceChannel' | 'delivery' | 'forumTag'>;
type Filtering = Pick<FeedRecord, 'include' | 'exclude' | 'storeFiltered'>;

/** A list of words as shown (phrases quoted), backticked so that Markdown in them is shown as typed. */
const terms = (typed: string) => `\`${showTerms(parseTerms(typed)).replace(/`/g, '\'')}\``;

/**
 * Where and how a feed posts new articles, in a few words: "posts each article in <#c>", "…with a
 * thread on each", "a forum post for each in <#f> (tag: BBC)", or "not announced".
 */
export function deliveryLine(feed: Delivering): string {
  if (!feed.announceChannel) return 'not announced';
  const at = `<#${feed.announceChannel}>`;
  if (feed.delivery === 'forum') return `a forum post for each article in ${at}${feed.forumTag ? ` (tag: ${feed.forumTag.replace(/[`*_~|]/g, '')})` : ''}`;
  if (feed.delivery === 'thread') return `announces in ${at}, with a thread on each article`;
  return `announces in ${at}`;
}

/** A feed's filters in a few words ("only: climate, "la nina" · never: opinion"), or null with none. */
export function filterLine(feed: Filtering): string | null {
  const include = parseTerms(feed.include).length > 0 ? `only articles with: ${terms(feed.include)}` : null;
  const exclude = parseTerms(feed.exclude).length > 0 ? `never: ${terms(feed.exclude)}` : null;
  if (!include && !exclude) return null;
  return `Filters: ${[include, exclude].filter(Boolean).join(' · ')} (${feed.storeFiltered ? 'others are not stored' : 'others are stored, not announced'})`;
}

/** Why the feed's last announcement could not be posted, in words, or null when it was. */
export function deliveryProblemLine(feed: Pick<FeedRecord, 'deliveryProblem'>): string | null {
  const problem = decodeProblem(feed.deliveryProblem);
  return problem ? `⚠ ${problemText(problem, { retried: true })}` : null;
}

/** What `/feed add` and `/feed edit` say of where new articles go, as a sentence. */
export function deliverySentence(feed: Delivering): string {
  if (!feed.announceChannel) return 'New articles are not announced (add the feed with `announce:` to have them posted).';
  const at = `<#${feed.announceChannel}>`;
  if (feed.delivery === 'forum') return `Each new article will be a forum post of its own in ${at}, tagged for this feed where the forum has a matching tag.`;
  if (feed.delivery === 'thread') return `New articles will be announced in ${at}, each with a thread where \`/ask\` answers from that article.`;
  return `New articles will be announced in ${at}.`;
}

/**
 * A feed as autocomplete offers it (`/feed edit`, `remove`, `resume`), within Discord's 100
 * characters: its title (its address when it has none), " (paused)" when paused, and, when another
 * of `all` (the server's feeds) has the same title, its address without the scheme, so that two
 * feeds called "BBC News" are told apart: "BBC News · feeds.bbci.co.uk/news/world/rss.xml" (a long
 * address keeps its end, where feeds of one site differ).
 */
export function feedChoiceName(feed: Pick<FeedRecord, 'title' | 'url' | 'pausedAt'>, all: readonly Pick<FeedRecord, 'title' | 'url'>[]): string {
  const max = 100;
  const label = (f: Pick<FeedRecord, 'title' | 'url'>) => (f.title ?? f.url).trim().toLowerCase();
  const paused = feed.pausedAt ? ' (paused)' : '';
  const title = feed.title ?? feed.url;
  const clash = feed.title !== null && all.some((f) => f.url !== feed.url && label(f) === label(feed));
  if (!clash) return truncate(`${title}${paused}`, max);
  const address = feed.url.replace(/^https?:\/\/(?:www\.)?/i, '').replace(/\/$/, '');
  // The title gets at most half the room; the address the rest, keeping its end.
  const head = truncate(title, Math.min(title.length, max / 2));
  const room = max - head.length - ' · '.length - paused.length;
  return `${head} · ${address.length <= room ? address : `…${address.slice(address.length - room + 1)}`}${paused}`;
}
