/**
 * The engine's one door: the only engine module that the front ends (`src/discord/`, `commands/`,
 * `src/cli/`) and `scripts/` import (eslint.config.js says so). Beside it they may import `src/model/`
 * (Article, Place, Scope, problem codes), `src/config.ts`, `src/logger.ts` and front-end modules.
 *
 * What it offers:
 * - start-up: {@link openApp}, the one path by which the bot, the CLI, the console and the scripts
 *   open config, state and articles;
 * - answers, within a scope: `Engine` `ask` / `answer`, `quote`, `facts`, `entities`, `speakers`,
 *   `digest` (the one digest function: the scheduler, `/digest now`, "Read more" and the CLI call it),
 *   and the article listings `articlesIn`, `article`, `findArticles`;
 * - read-only feed and digest status as data (FeedRecord, ScheduleRecord, SendRecord, FirstRead);
 * - what reads pages, feeds and files and runs the jobs (feed polling, scheduled digests), loaded
 *   only when used ({@link loadLive}), so that a question from the CLI does not wait for them;
 * - tooling for `scripts/` (evaluation, benchmarks, training): internals they legitimately need,
 *   such as the ranker's features, behind {@link loadTooling}. Nothing else should use them.
 *
 * Results are plain data carrying codes (`AskResult.reason`, `Problem.code`), never sentences for
 * people: each front end words them once.
 */

import type * as Live from './live.js';
import type * as Tooling from './tooling.js';

// Start-up.
export { APP_DEFAULTS, openApp, type App, type AppError, type AppOptions } from '../app.js';
export { openDatabase, stateWriteFailure, type StateWriteFailure } from '../state/db.js';

// Answers.
export { ASK_DEFAULTS, Engine, type Answer, type AskOptions, type AskResult, type AskRoute } from './answers.js';
export type { Outcome } from '../search/confidence.js';
export type { FactCard, QuoteResult } from '../nlp/book.js';
export type { Entity } from '../nlp/entities.js';
export { cueLabel, type Quote } from '../nlp/quotes.js';

// Digests.
export { parseSince, readableHost, type Digest, type DigestArticle, type DigestOptions } from '../digest/digest.js';
export { summarise, type SummarySentence } from '../digest/summary.js';
export { ChannelUnavailable, type DigestOutlet, type DigestScheduler } from '../jobs/scheduler.js';
export type { ScheduleRecord, SendRecord } from '../state/digests.js';

// Feeds, pages and files (types; the code behind loadLive).
export type { Announced, FeedEvents, FeedPoller, FirstRead } from '../jobs/poller.js';
export type { ArticleThread, FeedChanges, FeedRecord } from '../state/feeds.js';
// A feed's include/exclude words, read and shown as /feed edit and /feed list do.
export { checkTerms, FILTER_LIMITS, parseTerms, showTerms, wordsOf } from '../feeds/filter.js';
export type { FeedTest } from '../feeds/reader.js';
export type { ExtractedArticle } from '../sources/extract.js';
export type { Ingester, IngestStep } from '../sources/ingest.js';

// What people type, read as the engine reads it (autocomplete matches names as questions do).
export { tokenize, withoutInvisible } from '../search/tokenize.js';
export { namesMatching } from '../search/names.js';
export { cleanText } from '../knowledge/clean.js';

/**
 * Reading pages, feeds and files, and the jobs (feed polling, scheduled digests) with their state:
 * loaded when first used (the HTML and feed parsers take a while to load; a CLI question never needs them).
 *
 * @example const { readPage } = await loadLive(); const read = await readPage(url, { allowPrivate: false });
 */
export function loadLive(): Promise<typeof Live> {
  return import('./live.js');
}

/**
 * Tooling for `scripts/` only (evaluation, benchmarks, training): the internals they measure or fit,
 * such as the ranker's features and weights, the parser and the extractor. Loaded when used.
 */
export function loadTooling(): Promise<typeof Tooling> {
  return import('./tooling.js');
}
export type * from './tooling.js';
