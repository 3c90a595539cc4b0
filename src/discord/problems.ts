import { RESTJSONErrorCodes as E } from 'discord.js';
import { PROBLEMS, type ProblemCode, type ProblemFacts } from '../model/problems.js';

/** A problem as the Discord replies receive it: a code of src/model/problems.ts and its facts (its log line is never shown). */
export type ProblemLike = { readonly code: string } & ProblemFacts;

/**
 * A site as a member reads it: its host name without "www." and the port ("news.example"), or "the
 * site" for an address that is only numbers or a machine's own name (127.0.0.1:36499, localhost).
 */
export function siteName(host: string | undefined): string {
  if (!host) return 'the site';
  const name = host.replace(/^\[.*\](?::\d+)?$/, '').replace(/:\d+$/, '').replace(/^www\./, '').toLowerCase();
  return name === '' || /^[\d.]+$/.test(name) || name === 'localhost' || !name.includes('.') ? 'the site' : name;
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The one place where Discord replies say a problem: each code of {@link PROBLEMS} as one or two
 * plain sentences, naming the site as people know it, never a library's message, an internal id or
 * an address with its port. A code this version does not know reads as a fault of Pilcrow's. With
 * `retried` (a feed, read again on its own), no "Try again later".
 *
 * @example problemText({ code: 'http', status: 404, host: '127.0.0.1:36499' }) // 'The site says that page does not exist (error 404).'
 */
export function problemText(problem: ProblemLike, { retried = false }: { retried?: boolean } = {}): string {
  const text = words(problem);
  // Pilcrow tries again itself (a feed): the member is not told to.
  return retried ? text.replace(/ Try again later\.$/, '') : text;
}

function words(problem: ProblemLike): string {
  const site = siteName(problem.host);
  const Site = capital(site);
  const code = problem.code as ProblemCode;
  switch (code) {
    case PROBLEMS.badUrl:
      return 'That is not a web address Pilcrow can read: paste the whole address, starting with https://.';
    case PROBLEMS.scheme:
      return 'Only web addresses (starting with http:// or https://) can be read.';
    case PROBLEMS.privateAddress:
      return 'That address is on a private network, which Pilcrow does not read.';
    case PROBLEMS.dns:
      return site === 'the site' ? 'That site could not be found. Check the address for typos.' : `No site called ${site} could be found. Check the address for typos.`;
    case PROBLEMS.timeout:
      return `${Site} did not answer in time. Try again later.`;
    case PROBLEMS.tooLarge:
      return `${problem.file ? problem.file : 'It'} is larger than the ${problem.limitMb ?? 5} MB Pilcrow reads.`;
    case PROBLEMS.contentType:
      return `What ${site} sent is not something Pilcrow reads here (a web page, a feed or a text file).`;
    case PROBLEMS.contentEncoding:
      return `${Site} sent its page compressed in a way that cannot be read.`;
    case PROBLEMS.http:
      return httpText(Site, problem.status);
    case PROBLEMS.redirects:
      return `${Site} sends the address on to another too many times.`;
    case PROBLEMS.network:
      return `${Site} could not be reached. Try again later.`;
    case PROBLEMS.notAnArticle:
      return 'No article text was found on that page.';
    case PROBLEMS.notTheStory:
      return 'Its page did not hold the story (a “not found” page or a consent wall?).';
    case PROBLEMS.noLink:
      return 'It has no link and no text of its own.';
    case PROBLEMS.unreadable:
      return 'It could not be read as an article.';
    case PROBLEMS.notText:
      return `${problem.file ?? 'That file'} is not a text file.`;
    case PROBLEMS.fileType:
      return `${problem.file ?? 'That file'} is not an article file: send a .txt, .md or .html file.`;
    case PROBLEMS.tooSlow:
      return `Reading it took more than ${problem.seconds ?? 'a few'} seconds, so it was given up.`;
    case PROBLEMS.workerFailed:
      return 'It could not be read.';
    case PROBLEMS.empty:
    case PROBLEMS.noParagraphs:
      return 'It holds no paragraphs of text.';
    case PROBLEMS.noState:
      return 'This Pilcrow cannot store articles (its database is not open). Ask whoever runs it.';
    case PROBLEMS.notAFeed:
      return `${Site} sent no RSS, Atom or JSON feed at that address.`;
    case PROBLEMS.feedExists:
      return 'This server already follows that feed.';
    case PROBLEMS.notStored:
      return 'It could not be stored: Pilcrow’s database refused it.';
    case PROBLEMS.missingPermission:
      return `Pilcrow lacks the ${problem.permission ?? 'needed'} permission in ${problem.channel ? `<#${problem.channel}>` : 'that channel'}, so new articles are not posted there; give it that permission (channel settings, Permissions).`;
    case PROBLEMS.channelGone:
      return `${problem.channel ? `<#${problem.channel}>` : 'The channel it posted in'} was deleted; ${problem.fallback ? `new articles are posted in <#${problem.fallback}> instead` : 'new articles are not posted until `/feed edit` gives it a channel'}.`;
    case PROBLEMS.badTime:
      return `The time "${problem.typed ?? ''}" is not HH:MM on a 24-hour clock (08:00, 17:30).`;
    case PROBLEMS.badTimeZone:
      return `"${problem.typed ?? ''}" is not a time zone; pick one from the list (Europe/London, America/New_York…).`;
    case PROBLEMS.badSince:
      return `"${problem.typed ?? ''}" is neither a time back (24h, 3d, 2w) nor a date (2026-11-01).`;
    case PROBLEMS.sinceInFuture:
      return `"${problem.typed ?? ''}" is in the future.`;
    case PROBLEMS.badDays:
      return `The days "${problem.typed ?? ''}" are not daily, mon-fri, weekends or days such as mon,wed,fri.`;
    // These two follow "paused <when>:" in `/digest status`, which names the channel above them.
    case PROBLEMS.digestChannelGone:
      return 'the channel no longer exists';
    case PROBLEMS.digestForbidden:
      return 'Pilcrow may not post in the channel';
    case PROBLEMS.rejected:
      return `Discord refused the last announcement in ${problem.channel ? `<#${problem.channel}>` : 'that channel'}: ${REJECTED[problem.discordCode ?? 0] ?? 'it did not take it'}${problem.discordCode ? ` (error ${problem.discordCode})` : ''}.`;
    case PROBLEMS.bug:
      return 'Something went wrong inside Pilcrow; whoever runs it will find the details in its log.';
    default:
      code satisfies never;
      return 'Something went wrong inside Pilcrow; whoever runs it will find the details in its log.';
  }
}

/** Why Discord refused an announcement, by its JSON error code, in words (after "Discord refused the last announcement in #c: "). */
const REJECTED: Readonly<Record<number, string>> = Object.freeze({
  [E.TagRequiredToCreateAForumPostInThisChannel]: 'the forum requires a tag on each post and has none Pilcrow may apply; add a tag that members may use (or one named like the feed)',
  [E.ThereAreNoTagsAvailableThatCanBeSetByNonModerators]: 'the forum requires a tag on each post and has none Pilcrow may apply; add a tag that members may use (or one named like the feed)',
  [E.InvalidFormBodyOrContentType]: 'it found the announcement malformed, a fault of Pilcrow’s; whoever runs it will find the details in its log',
  [E.MaximumActiveThreads]: 'the channel has as many active threads as Discord allows; archive some',
  [E.MaximumActiveAnnouncementThreads]: 'the channel has as many active threads as Discord allows; archive some',
  [E.MaximumThreadParticipantsReached]: 'the thread has as many members as Discord allows',
  [E.MaximumNumberOfWebhooksReached]: 'the channel has as many webhooks as Discord allows',
  [E.MaximumNumberOfWebhooksPerGuildReached]: 'the server has as many webhooks as Discord allows',
  [E.ThreadAlreadyCreatedForMessage]: 'a thread was already open on that announcement',
  [E.ThreadLocked]: 'the thread is locked; unlock it, or pick another channel with `/feed edit`',
  [E.InvalidActionOnArchivedThread]: 'the thread is archived and locked; unlock it, or pick another channel with `/feed edit`',
  [E.CannotSendMessagesInNonTextChannel]: 'that kind of channel takes no announcements; pick a text channel, a thread or a forum with `/feed edit`',
  [E.CannotExecuteActionOnThisChannelType]: 'that kind of channel takes no announcements; pick a text channel, a thread or a forum with `/feed edit`',
  [E.CannotSendAMessageInAForumChannel]: 'that kind of channel takes no announcements; pick a text channel, a thread or a forum with `/feed edit`',
});

/** An HTTP error status in words. */
function httpText(Site: string, status: number | undefined): string {
  const n = status ?? 0;
  if (n === 404 || n === 410) return `${Site} says that page does not exist (error ${n}).`;
  if (n === 401 || n === 403) return `${Site} does not let Pilcrow read that page (error ${n}).`;
  if (n === 429) return `${Site} asked Pilcrow to slow down (error 429). Try again later.`;
  if (n >= 500) return `${Site} had a problem of its own (error ${n}). Try again later.`;
  if (n >= 300 && n < 400) return `${Site} sent the address on without saying where to.`;
  return `${Site} refused the request (error ${n}).`;
}
