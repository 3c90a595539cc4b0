/**
 * Reading pages, feeds and files, and the jobs that run on a timer (feed polling, scheduled digests)
 * with the state they keep: what the bot wires up and the CLI's `fetch`, `feed` and `ingest` use.
 * Reached through the door's `loadLive()` (src/engine/index.ts), never imported directly: the HTML
 * and feed parsers it loads are not needed to answer a question.
 */
export { readPage, PAGE_TYPES } from '../sources/page.js';
export { FeedReader } from '../feeds/reader.js';
export { Ingester } from '../sources/ingest.js';
export { INGEST_EXTENSIONS } from '../sources/files.js';
export { FeedPoller } from '../jobs/poller.js';
export { DigestScheduler } from '../jobs/scheduler.js';
export { FeedRepository } from '../state/feeds.js';
export { DigestRepository } from '../state/digests.js';
