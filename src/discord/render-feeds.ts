import { parseTerms, showTerms, type FeedRecord } from '../engine/index.js';
import { decodeProblem } from '../model/problems.js';
import { problemText } from './problems.js';

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
