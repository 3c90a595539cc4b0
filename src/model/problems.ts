/**
 * The one list of expected failures (STYLE habit 4), as Sapphire's `Identifiers`: every refusal or
 * failure the engine, the sources and the feeds return carries one of these codes and the facts its
 * words need (a host, a status, a limit). Each front end turns a code into words in one place
 * (src/discord/problems.ts, src/cli/problems.ts); `message` stays for the logs only and may carry a
 * library's own text, so no front end shows it.
 */
export const PROBLEMS = Object.freeze({
  /** Not a web address at all, or one with a user name or password. */
  badUrl: 'bad_url',
  /** Not http or https (ftp:, file:, javascript:). */
  scheme: 'scheme',
  /** A private, loopback or reserved address, refused (`ALLOW_PRIVATE_URLS` off). */
  privateAddress: 'address',
  /** The host name does not resolve. */
  dns: 'dns',
  /** The site did not answer in time. */
  timeout: 'timeout',
  /** A page, feed or file over the size limit (`limitMb`). */
  tooLarge: 'too_large',
  /** The site sent something else than a page, feed or text file. */
  contentType: 'content_type',
  /** The body is compressed in a way that cannot be read, or damaged. */
  contentEncoding: 'content_encoding',
  /** The site answered an HTTP error (`status`). */
  http: 'http',
  /** More redirects than allowed. */
  redirects: 'redirects',
  /** The connection failed (refused, reset). */
  network: 'network',
  /** The page holds no article text. */
  notAnArticle: 'not_an_article',
  /** A feed item's page answered, but with another page than the story ("not found", a consent wall). */
  notTheStory: 'not_the_story',
  /** A feed item with no link and no text of its own. */
  noLink: 'no_link',
  /** The page or file could not be read as an article. */
  unreadable: 'unreadable',
  /** A file that is not text (binary, wrong encoding). */
  notText: 'not_text',
  /** A file of a type that is not read (`file`). */
  fileType: 'file_type',
  /** Reading took longer than its time limit (`seconds`). */
  tooSlow: 'too_slow',
  /** The worker reading it failed. */
  workerFailed: 'worker_failed',
  /** The article has no text, or no paragraphs. */
  empty: 'empty',
  noParagraphs: 'no_paragraphs',
  /** Nothing can be stored: no state database. */
  noState: 'no_state',
  /** The address sent no RSS, Atom or JSON feed. */
  notAFeed: 'not_a_feed',
  /** The server already follows that feed. */
  feedExists: 'exists',
  /** An item could not be stored (the database refused it). */
  notStored: 'not_stored',
  /** Discord refused a feed's announcement for a permission the bot lacks in that channel (`permission`, `channel`). */
  missingPermission: 'missing_permission',
  /** The thread, forum or channel a feed announced in was deleted (`channel`); it now posts in `fallback`, if any. */
  channelGone: 'channel_gone',
  // The digest scheduler's (src/jobs/scheduler.ts): a schedule as typed, and why one was paused.
  /** A schedule's time is not HH:MM on a 24-hour clock (`typed`). */
  badTime: 'bad_time',
  /** A schedule's time zone is not an IANA zone the runtime knows (`typed`). */
  badTimeZone: 'bad_timezone',
  /** A schedule's days are not daily, mon-fri, weekends or a list of days such as mon,wed,fri (`typed`). */
  badDays: 'bad_days',
  /** A digest's `since` is neither a time back (24h, 3d, 2w) nor a date (`typed`). */
  badSince: 'bad_since',
  /** A digest's `since` is a date in the future (`typed`). */
  sinceInFuture: 'since_future',
  /** A scheduled digest's channel was deleted (`channel`): its schedule is paused. */
  digestChannelGone: 'digest_channel_gone',
  /** Pilcrow may not post in a scheduled digest's channel (`channel`): its schedule is paused. */
  digestForbidden: 'digest_forbidden',
  /** Discord refused a feed's announcement for another reason than a permission or a deleted channel
   *  (`discordCode`, Discord's JSON error code; `channel`): a 4xx answer that posting the same again
   *  would not change (a forum that requires a tag none of its tags can meet, an invalid form, a
   *  thread limit reached). Shown in `/feed list` until an announcement is posted. */
  rejected: 'rejected',
  /** Something failed that should not have (a fault in Pilcrow; the log has the details). */
  bug: 'bug',
} as const);

/** One of {@link PROBLEMS}. */
export type ProblemCode = (typeof PROBLEMS)[keyof typeof PROBLEMS];

/** The facts a problem's words may name; each is set only where it means something. */
export interface ProblemFacts {
  /** The host asked (`news.example`, `127.0.0.1:8080`); front ends print it as people read it. */
  readonly host?: string;
  /** The HTTP status, for `http`. */
  readonly status?: number;
  /** The size limit in MB, for `too_large`. */
  readonly limitMb?: number;
  /** The time limit in seconds, for `too_slow`. */
  readonly seconds?: number;
  /** The file's name, for `file_type`, `not_text`, `too_large` of an upload. */
  readonly file?: string;
  /** A Discord permission by its name in Discord's settings ("Create Public Threads"), for `missing_permission`. */
  readonly permission?: string;
  /** A Discord channel id, for `missing_permission` and `channel_gone` (shown as a channel mention). */
  readonly channel?: string;
  /** The channel a feed falls back to, for `channel_gone` (a channel id). */
  readonly fallback?: string;
  /** What was typed, as typed (at most 40 characters), for `bad_time`, `bad_timezone`, `bad_days`, `bad_since`, `since_future`; never stored. */
  readonly typed?: string;
  /** Discord's JSON error code (40067, 50035, 160006…), for `rejected`; front ends say what it means. */
  readonly discordCode?: number;
}

/** An expected failure: its code, the facts its words need, and a line for the logs (never shown to people). */
export interface Problem extends ProblemFacts {
  readonly code: ProblemCode;
  readonly message: string;
}

const CODES: ReadonlySet<string> = new Set(Object.values(PROBLEMS));

/** Whether `code` is one of {@link PROBLEMS}. */
export function isProblemCode(code: string): code is ProblemCode {
  return CODES.has(code);
}

/**
 * A problem as stored with a feed (its last error, why it was paused, why items were skipped): JSON
 * of its code and facts, without the log line (which may hold a library's text).
 *
 * @example encodeProblem({ code: 'http', status: 404, host: 'news.example', message: '…' }) // '{"code":"http","host":"news.example","status":404}'
 */
export function encodeProblem(problem: { code: string } & ProblemFacts): string {
  const { code, host, status, limitMb, seconds, file, permission, channel, fallback, discordCode } = problem;
  return JSON.stringify({ code: isProblemCode(code) ? code : PROBLEMS.bug, host, status, limitMb, seconds, file, permission, channel, fallback, discordCode });
}

/**
 * A stored problem read back (see {@link encodeProblem}); text stored before problems had codes (a
 * sentence) reads as `unreadable`, its words never shown. Null for null.
 */
export function decodeProblem(stored: string | null): (ProblemFacts & { code: ProblemCode }) | null {
  if (stored === null) return null;
  try {
    const parsed = JSON.parse(stored) as Partial<Record<keyof ProblemFacts | 'code', unknown>>;
    if (typeof parsed === 'object' && parsed !== null && typeof parsed.code === 'string' && isProblemCode(parsed.code)) {
      return {
        code: parsed.code,
        ...(typeof parsed.host === 'string' ? { host: parsed.host } : {}),
        ...(typeof parsed.status === 'number' ? { status: parsed.status } : {}),
        ...(typeof parsed.limitMb === 'number' ? { limitMb: parsed.limitMb } : {}),
        ...(typeof parsed.seconds === 'number' ? { seconds: parsed.seconds } : {}),
        ...(typeof parsed.file === 'string' ? { file: parsed.file } : {}),
        ...(typeof parsed.permission === 'string' ? { permission: parsed.permission } : {}),
        ...(typeof parsed.channel === 'string' && /^\d{1,20}$/.test(parsed.channel) ? { channel: parsed.channel } : {}),
        ...(typeof parsed.fallback === 'string' && /^\d{1,20}$/.test(parsed.fallback) ? { fallback: parsed.fallback } : {}),
        ...(typeof parsed.discordCode === 'number' && Number.isInteger(parsed.discordCode) ? { discordCode: parsed.discordCode } : {}),
      };
    }
  } catch {
    // A sentence stored by an earlier version.
  }
  return { code: PROBLEMS.unreadable };
}

/**
 * The host of a web address as a problem's fact (`{ host: 'news.example:8080' }`), or nothing when it
 * does not parse.
 */
export function hostOf(url: string): { host?: string } {
  try {
    const host = new URL(url).host;
    return host ? { host } : {};
  } catch {
    return {};
  }
}
