import { PROBLEMS, type ProblemCode, type ProblemFacts } from '../model/problems.js';

/**
 * The one place where the CLI says a problem: each code of src/model/problems.ts as one plain line for
 * whoever runs Pilcrow (the host is named as asked, port included: it is theirs to check), never a
 * library's message. A code this version does not know reads as a fault of Pilcrow's.
 *
 * @example problemLine({ code: 'http', status: 404, host: 'news.example' }) // 'news.example says that page does not exist (HTTP 404).'
 */
export function problemLine(problem: { readonly code: string } & ProblemFacts): string {
  const host = problem.host ?? 'the site';
  const code = problem.code as ProblemCode;
  switch (code) {
    case PROBLEMS.badUrl: return 'that is not a web address (give the whole address, starting with https://).';
    case PROBLEMS.scheme: return 'only http and https addresses can be read.';
    case PROBLEMS.privateAddress: return `${host} is a private or local address; set ALLOW_PRIVATE_URLS=true to read it.`;
    case PROBLEMS.dns: return `${host} could not be found (check the address).`;
    case PROBLEMS.timeout: return `${host} did not answer in time.`;
    case PROBLEMS.tooLarge: return `${problem.file ?? `what ${host} sent`} is larger than the ${problem.limitMb ?? 5} MB limit.`;
    case PROBLEMS.contentType: return `what ${host} sent is not a web page, feed or text file.`;
    case PROBLEMS.contentEncoding: return `${host} sent a body compressed in a way that cannot be read, or damaged.`;
    case PROBLEMS.http: return httpLine(host, problem.status);
    case PROBLEMS.redirects: return `${host} redirects too many times.`;
    case PROBLEMS.network: return `${host} could not be reached.`;
    case PROBLEMS.notAnArticle: return 'no article text was found on that page.';
    case PROBLEMS.notTheStory: return 'its page does not hold the story (a "not found" page or a consent wall?).';
    case PROBLEMS.noLink: return 'it has no link and no text of its own.';
    case PROBLEMS.unreadable: return 'it could not be read as an article.';
    case PROBLEMS.notText: return `${problem.file ?? 'that file'} is not a text file.`;
    case PROBLEMS.fileType: return `${problem.file ?? 'that file'} is not an article file (send a .txt, .md or .html file).`;
    case PROBLEMS.tooSlow: return `reading it took more than ${problem.seconds ?? 'a few'} seconds; it was given up.`;
    case PROBLEMS.workerFailed: return 'it could not be read.';
    case PROBLEMS.empty:
    case PROBLEMS.noParagraphs: return 'it holds no paragraphs of text.';
    case PROBLEMS.noState: return 'articles cannot be stored: the state database is not open.';
    case PROBLEMS.notAFeed: return `${host} sent no RSS, Atom or JSON feed at that address.`;
    case PROBLEMS.feedExists: return 'that feed is already followed.';
    case PROBLEMS.notStored: return 'it could not be stored (the database refused it; see the log).';
    case PROBLEMS.missingPermission: return `the bot lacks the ${problem.permission ?? 'needed'} permission in channel ${problem.channel ?? '(unknown)'}.`;
    case PROBLEMS.channelGone: return `channel ${problem.channel ?? '(unknown)'} was deleted${problem.fallback ? `; posting in channel ${problem.fallback} instead` : ''}.`;
    case PROBLEMS.badTime: return `the time "${problem.typed ?? ''}" is not HH:MM on a 24-hour clock (08:00, 17:30).`;
    case PROBLEMS.badTimeZone: return `"${problem.typed ?? ''}" is not an IANA time zone (Europe/London, America/New_York).`;
    case PROBLEMS.badSince: return `"${problem.typed ?? ''}" is neither a time back (24h, 3d, 2w) nor a date (2026-11-01).`;
    case PROBLEMS.sinceInFuture: return `"${problem.typed ?? ''}" is in the future.`;
    case PROBLEMS.badDays: return `the days "${problem.typed ?? ''}" are not daily, mon-fri, weekends or days such as mon,wed,fri.`;
    case PROBLEMS.digestChannelGone: return `the digest's channel ${problem.channel ?? '(unknown)'} was deleted; its schedule is paused.`;
    case PROBLEMS.digestForbidden: return `the bot may not post in the digest's channel ${problem.channel ?? '(unknown)'}; its schedule is paused.`;
    case PROBLEMS.rejected: return `Discord refused the last announcement in channel ${problem.channel ?? '(unknown)'} (Discord error ${problem.discordCode ?? 'unknown'}).`;
    case PROBLEMS.bug: return 'something went wrong inside Pilcrow (see the log).';
    default:
      code satisfies never;
      return 'something went wrong inside Pilcrow (see the log).';
  }
}

function httpLine(host: string, status: number | undefined): string {
  const n = status ?? 0;
  if (n === 404 || n === 410) return `${host} says that page does not exist (HTTP ${n}).`;
  if (n === 401 || n === 403) return `${host} refuses to let the page be read (HTTP ${n}).`;
  if (n >= 500) return `${host} had a problem of its own (HTTP ${n}); try again later.`;
  if (n >= 300 && n < 400) return `${host} redirected without saying where to (HTTP ${n}).`;
  return `${host} refused the request (HTTP ${n}).`;
}

/**
 * A file that cannot be read, in plain words for its error code (Node's `code`: ENOENT, EACCES, …),
 * never the code itself: "No such file or folder: /nonexistent", "Permission denied: notes.txt".
 *
 * @example fileProblemLine('/nonexistent', 'ENOENT') // 'No such file or folder: /nonexistent'
 */
export function fileProblemLine(path: string, code: string | undefined): string {
  switch (code) {
    case 'ENOENT': return `No such file or folder: ${path}`;
    case 'ENOTDIR': return `No such file or folder: ${path} (a part of the path is a file, not a folder)`;
    case 'EACCES':
    case 'EPERM': return `Permission denied: ${path}`;
    case 'EISDIR': return `${path} is a folder; give one article file (or put the files in the knowledge folder).`;
    case 'ELOOP': return `${path} is a link that leads back to itself.`;
    case 'ENAMETOOLONG': return `The file name is too long: ${path}`;
    default: return `${path} cannot be read${code ? ` (${code})` : ''}.`;
  }
}
