import { webAddress } from '../model/place.js';
import type { Article } from '../model/article.js';
import type { Quote } from '../nlp/quotes.js';
import { err, ok, type Result } from '../result.js';
import { PROBLEMS } from '../model/problems.js';
import type { Scope } from '../model/scope.js';
import type { ArticleStore } from '../store/store.js';
import { tokens } from './rouge.js';
import { summarise, type SummarySentence } from './summary.js';

/** Tuning for {@link buildDigest}. */
export const DIGEST_DEFAULTS = Object.freeze({
  /** Articles in one digest, newest first; the rest are counted ("and N more"). 1-200. */
  maxArticles: 25,
  /** Key people, quotations and places shown per article. */
  people: 3,
  quotes: 2,
  places: 3,
  /** Words of an article's opening compared when looking for the same story told twice, and the
   *  share of shared five-word shingles above which two articles are one story (0-1). */
  shingleWords: 150,
  sameStory: 0.5,
  /**
   * A story published more than this many days before the digest's period began is old news (a feed's
   * archive, a page re-posted): left out, and counted. The period begins at `since`; a first digest
   * (no `since`) looks back {@link DIGEST_DEFAULTS.firstPeriodDays} from its end. 1-30.
   */
  staleDays: 3,
  /** Days a first digest (no `since`) counts as its period, for telling old news. 1-30. */
  firstPeriodDays: 7,
});

/** One story of a digest: an article with its summary, people, quotations and places. */
export interface DigestArticle {
  readonly id: string;
  readonly title: string;
  /** When the article was published, ISO 8601, as its page or feed said; null when unknown. */
  readonly published: string | null;
  readonly url: string | null;
  /**
   * Who published it, for people: the page's `og:site_name` (or the feed's title), else the web
   * address's host without "www." and port ("news.example"); null for an article with no address.
   */
  readonly site: string | null;
  /** The page's picture (`og:image`), an http(s) address, or null. */
  readonly image: string | null;
  readonly addedAt: Date;
  readonly summary: readonly SummarySentence[];
  readonly people: readonly { readonly name: string; readonly role: string | null }[];
  readonly quotes: readonly Quote[];
  readonly places: readonly string[];
  /** The same story from other sources (near-duplicate text): their ids and addresses. */
  readonly alsoFrom: readonly { readonly id: string; readonly url: string | null }[];
}

/** A digest: the stories, newest first, and how many more there were beyond the cap. */
export interface Digest {
  readonly since: Date | null;
  /** The end of its period (the time it was made, or the span a resent digest covers); null when open. */
  readonly until: Date | null;
  readonly articles: readonly DigestArticle[];
  readonly more: number;
  /** Stories left out as old news: published before `olderThan` (see DIGEST_DEFAULTS.staleDays). */
  readonly older: number;
  readonly olderThan: Date | null;
}

/** Which stories a digest tells, and how much of each (see {@link buildDigest}); every field has a default. */
export interface DigestOptions {
  /** Only articles that came after this (all of them when null or absent). */
  readonly since?: Date | null;
  /** Only articles that came up to this (a digest being resent covers the span it first covered). */
  readonly until?: Date;
  /** Stories told, newest first; the rest are counted in `more` (default {@link DIGEST_DEFAULTS.maxArticles}). */
  readonly maxArticles?: number;
  /** The time the period ends, when there is no `until` and no `since` (default: now). */
  readonly now?: Date;
  /** Keep old news (published long before the period) instead of counting it in `older`. */
  readonly keepOld?: boolean;
  /** Summaries only: no people, quotations or places, so no article is read for them ("Read more"). */
  readonly summariesOnly?: boolean;
}

/**
 * The digest of the articles a scope sees that came after `since` (all of them without it) and up to
 * `until` (a digest being resent covers the same span as when it was first made), newest
 * first: each with a summary of its own sentences (see {@link summarise}), its main people with their
 * roles, one or two quotations with their speakers, and its places. A story that arrived twice (from
 * two feeds) appears once, with both sources. A story published long before the period (see
 * DIGEST_DEFAULTS.staleDays) is left out and counted in `older`, unless `keepOld`. Plain data; the
 * front ends render it.
 *
 * @example const digest = await buildDigest(store, { owner: guildId }, { since: lastDigest });
 */
export async function buildDigest(store: ArticleStore, scope: Scope, options: DigestOptions = {}): Promise<Digest> {
  const since = options.since ?? null;
  const until = options.until ?? null;
  const max = options.maxArticles ?? DIGEST_DEFAULTS.maxArticles;
  const day = 86_400_000;
  const start = since ?? new Date((until ?? options.now ?? new Date()).getTime() - DIGEST_DEFAULTS.firstPeriodDays * day);
  const olderThan = new Date(start.getTime() - DIGEST_DEFAULTS.staleDays * day);
  const inSpan = store
    .stored(scope)
    .filter((s) => (since === null || s.addedAt.getTime() > since.getTime()) && (until === null || s.addedAt.getTime() <= until.getTime()));
  // Old news arrived late (a feed's archive, an old page ingested): counted, not shown.
  const isOld = (published: string | undefined) => {
    if (options.keepOld) return false;
    const at = published ? Date.parse(published) : Number.NaN;
    return !Number.isNaN(at) && at < olderThan.getTime();
  };
  const older = inSpan.filter((s) => isOld(s.article.published)).length;
  const fresh = inSpan
    .filter((s) => !isOld(s.article.published))
    .sort((a, b) => b.addedAt.getTime() - a.addedAt.getTime() || (b.article.published ?? '').localeCompare(a.article.published ?? ''));
  // The same story from several sources: keep the newest, list the others under it.
  const stories: { stored: (typeof fresh)[number]; shingles: Set<string>; also: { id: string; url: string | null }[] }[] = [];
  for (const s of fresh) {
    const shingles = shinglesOf(s.article);
    const same = stories.find((t) => jaccard(t.shingles, shingles) >= DIGEST_DEFAULTS.sameStory);
    if (same) same.also.push({ id: s.article.id, url: webAddress(s.article) });
    else stories.push({ stored: s, shingles, also: [] });
  }
  const shown = stories.slice(0, max);
  const articles: DigestArticle[] = [];
  for (const { stored, also } of shown) {
    const article = stored.article;
    const summary = summarise(article);
    if (options.summariesOnly) {
      articles.push({ ...storyOf(article, stored.addedAt, also), summary, people: [], quotes: [], places: [] });
      continue;
    }
    const reading = await store.reading(article.id);
    const people = reading.people.main().slice(0, DIGEST_DEFAULTS.people).map((p) => ({ name: p.name, role: reading.people.person(p.name)?.role ?? null }));
    const quotes = [...reading.quotes]
      // Only what people said: never words a speaker rejected ("denied that …"), shown as their claim;
      // and not words the summary already quotes.
      .filter((q) => q.speakerIsPerson && q.kind === 'direct' && q.polarity === 'asserted' && tokens(q.text).length >= 5)
      .filter((q) => !summary.some((s) => s.text.includes(q.text)))
      .sort((a, b) => (a.paragraph ?? 999) - (b.paragraph ?? 999))
      .slice(0, DIGEST_DEFAULTS.quotes);
    const places: string[] = [];
    // A place is a name: compromise sometimes tags a common noun ("footbridge") as one.
    for (const s of reading.sightings) if (s.type === 'place' && /^\p{Lu}/u.test(s.name) && !places.includes(s.name) && places.length < DIGEST_DEFAULTS.places) places.push(s.name);
    articles.push({ ...storyOf(article, stored.addedAt, also), summary, people, quotes, places });
  }
  return { since, until, articles, more: stories.length - shown.length, older, olderThan: older > 0 ? olderThan : null };
}

/** What a digest says of a story from the article alone: its title, date, address, site and picture. */
function storyOf(article: Article, addedAt: Date, alsoFrom: DigestArticle['alsoFrom']): Omit<DigestArticle, 'summary' | 'people' | 'quotes' | 'places'> {
  return {
    id: article.id,
    title: article.title,
    published: article.published ?? null,
    url: webAddress(article),
    site: article.site ?? readableHost(webAddress(article)),
    image: article.image && /^https?:\/\//i.test(article.image) ? article.image : null,
    addedAt,
    alsoFrom,
  };
}

/**
 * A web address's host as people read it: without "www." and the port ("https://www.news.example:8080/x"
 * → "news.example"); null for no address or one that does not parse.
 */
export function readableHost(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/**
 * A `since` as people type it: a duration back from `now` ("24h", "3d", "2w") or a date ("2026-11-01",
 * any ISO 8601 time). An error is `bad_since` or `since_future` with what was typed (at most 40
 * characters), worded by the front ends (src/discord/problems.ts, src/cli/problems.ts).
 *
 * @example parseSince('3d', new Date('2026-11-28T10:00:00Z')) // 2026-11-25T10:00:00Z
 * @example parseSince('yesterday', now) // err({ code: 'bad_since', typed: 'yesterday', message: … })
 */
export function parseSince(text: string, now: Date): Result<Date, SinceError> {
  const bad = (code: SinceError['code']) => err({ code, typed: text.trim().slice(0, 40), message: `since: ${code} ${JSON.stringify(text.slice(0, 40))}` });
  const t = text.trim().toLowerCase();
  const duration = /^(\d{1,4})\s*(m|min|minutes?|h|hours?|d|days?|w|weeks?)$/.exec(t);
  if (duration) {
    const n = Number(duration[1]);
    const unit = duration[2]!;
    const minutes = unit.startsWith('m') ? n : unit.startsWith('h') ? n * 60 : unit.startsWith('d') ? n * 1440 : n * 10080;
    return ok(new Date(now.getTime() - minutes * 60_000));
  }
  if (/^\d{4}-\d{2}-\d{2}(?:[t ][\d:.]+(?:z|[+-]\d{2}:?\d{2})?)?$/.test(t)) {
    const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : t.toUpperCase().replace(' ', 'T'));
    if (!Number.isNaN(date.getTime())) return date.getTime() > now.getTime() ? bad(PROBLEMS.sinceInFuture) : ok(date);
  }
  return bad(PROBLEMS.badSince);
}

/** Why a `since` was refused (see {@link parseSince}); `message` is for logs only. */
export interface SinceError {
  readonly code: typeof PROBLEMS.badSince | typeof PROBLEMS.sinceInFuture;
  readonly typed: string;
  readonly message: string;
}

/** Five-word shingles of an article's opening: what two copies of one story share. */
function shinglesOf(article: Article): Set<string> {
  const words = tokens(article.paragraphs.map((p) => p.text).join(' ')).slice(0, DIGEST_DEFAULTS.shingleWords);
  const out = new Set<string>();
  for (let i = 0; i + 5 <= words.length; i++) out.add(words.slice(i, i + 5).join(' '));
  return out;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}
