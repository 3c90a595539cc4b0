/**
 * The state database's schema, as an append-only list: migration i takes a database from version i
 * to i + 1 (SQLite's `user_version`). Never edit one that has shipped; add the next.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: articles added at run time (by /ingest, the CLI or a feed); the knowledge folder's stay files.
  `
  CREATE TABLE articles (
    id           TEXT PRIMARY KEY,
    -- The server it belongs to (a Discord id), or 'local' for the CLI's own articles.
    owner        TEXT NOT NULL,
    title        TEXT NOT NULL,
    -- JSON arrays of strings: the paragraphs and photo captions, verbatim.
    paragraphs   TEXT NOT NULL,
    captions     TEXT NOT NULL DEFAULT '[]',
    byline       TEXT,
    published    TEXT,
    url          TEXT,
    -- sha256 of the title and paragraphs: the same article from two links is stored once per owner.
    content_hash TEXT NOT NULL,
    origin       TEXT NOT NULL CHECK (origin IN ('ingest', 'feed', 'cli')),
    added_by     TEXT,
    added_at     TEXT NOT NULL
  ) STRICT;
  CREATE INDEX articles_by_owner ON articles (owner, added_at);
  CREATE UNIQUE INDEX articles_by_content ON articles (owner, content_hash);
  `,
  // 2: news feeds a server follows, and the items of each already seen.
  `
  CREATE TABLE feeds (
    id               INTEGER PRIMARY KEY,
    owner            TEXT NOT NULL,
    url              TEXT NOT NULL,
    title            TEXT,
    -- The channel new articles are announced in, or NULL.
    announce_channel TEXT,
    added_by         TEXT,
    added_at         TEXT NOT NULL,
    -- Conditional GET validators of the last successful fetch.
    etag             TEXT,
    last_modified    TEXT,
    next_poll_at     TEXT NOT NULL,
    last_ok_at       TEXT,
    -- Health: consecutive failures, since when, and the last error in one line.
    failures         INTEGER NOT NULL DEFAULT 0,
    failing_since    TEXT,
    last_error       TEXT,
    paused_at        TEXT,
    paused_reason    TEXT,
    -- A poll under way holds the feed until then, so that no other poller takes it meanwhile.
    claimed_until    TEXT,
    UNIQUE (owner, url)
  ) STRICT;
  CREATE INDEX feeds_due ON feeds (next_poll_at) WHERE paused_at IS NULL;
  CREATE TABLE feed_items (
    feed_id    INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    -- 'guid:…' or 'link:…': an item counts as seen when any of its keys is here.
    key        TEXT NOT NULL,
    -- The article stored for it; NULL when it was skipped (no readable text).
    article_id TEXT,
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (feed_id, key)
  ) STRICT, WITHOUT ROWID;
  `,
  // 3: digests: each channel's schedule, and every digest sent (recorded before sending, so never twice).
  `
  CREATE TABLE digest_schedules (
    channel_id    TEXT PRIMARY KEY,
    owner         TEXT NOT NULL,
    -- Local time HH:MM, cron day-of-week field (1-5, *), IANA time zone.
    time          TEXT NOT NULL,
    days          TEXT NOT NULL,
    timezone      TEXT NOT NULL,
    created_by    TEXT,
    created_at    TEXT NOT NULL,
    next_run_at   TEXT NOT NULL,
    paused_at     TEXT,
    paused_reason TEXT
  ) STRICT;
  CREATE TABLE digest_sends (
    id          INTEGER PRIMARY KEY,
    channel_id  TEXT NOT NULL,
    owner       TEXT NOT NULL,
    -- The scheduled run it is for (ISO time), or 'now:<interaction id>': one send per slot.
    slot        TEXT NOT NULL,
    -- Articles that came after since (NULL: all) and up to up_to are in it.
    since       TEXT,
    up_to       TEXT NOT NULL,
    -- Message i of the send carries a nonce made of id and i (scheduler.ts, nonceOf), so a resend
    -- after a crash is deduplicated by Discord.
    messages    INTEGER NOT NULL DEFAULT 0,
    sent        INTEGER NOT NULL DEFAULT 0,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    UNIQUE (channel_id, slot)
  ) STRICT;
  CREATE INDEX digest_sends_by_channel ON digest_sends (channel_id, finished_at);
  `,
  // 4: what the readers made of each article (people, quotations, entities), kept so that a restart does not read it again.
  `
  CREATE TABLE readings (
    -- sha256 of the readers' version and the article's id and text (store.ts, readingKey).
    key  TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    at   TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  `,
  // 5: how each passage text splits into sentences, kept so that a restart does not split it again.
  `
  CREATE TABLE sentence_splits (
    -- sha1 of the splitter's version and the passage text.
    key     TEXT PRIMARY KEY,
    -- JSON [[start, end], ...]: each sentence's offsets in the text.
    offsets TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  `,
  // 6: what indexing made of each article (words, terms, marks, sentence spans), kept so that a restart does not tokenize it again.
  `
  CREATE TABLE prepared_articles (
    -- sha1 of the index version, the vectors' dimensions and the passages' texts and sentences (search/index.ts, keyOf).
    key  TEXT PRIMARY KEY,
    -- node:v8 serialization of a PreparedArticle.
    data BLOB NOT NULL,
    at   TEXT NOT NULL
  ) STRICT;
  `,
  // 7: claims on digests, as feeds have: a schedule or send being worked on is held until then, so
  // that no other process (a shard, a second machine) takes it meanwhile.
  `
  ALTER TABLE digest_schedules ADD COLUMN claimed_until TEXT;
  ALTER TABLE digest_sends ADD COLUMN claimed_until TEXT;
  `,
  // 8: feed health and retries. An item skipped for a failure that may pass (a timeout, a 5xx
  // answer) is read again at later polls, a bounded number of times; a feed counts the items it could
  // not read since it last stored one, so that a feed whose pages all fail does not show as healthy.
  // An item's title is kept with its keys: a guid met again with another link and another title is
  // a guid the publisher reuses, not the same story.
  `
  ALTER TABLE feed_items ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE feed_items ADD COLUMN retry INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE feed_items ADD COLUMN problem TEXT;
  ALTER TABLE feed_items ADD COLUMN title TEXT;
  ALTER TABLE feeds ADD COLUMN skipped_run INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE feeds ADD COLUMN skip_problem TEXT;
  `,
  // 9: an article's picture (the page's og:image) and its publisher's name, shown in digests and announcements.
  `
  ALTER TABLE articles ADD COLUMN image TEXT;
  ALTER TABLE articles ADD COLUMN site TEXT;
  `,
  // 10: how each feed delivers (in its channel, a thread on each announcement, a post in a forum),
  // its keyword filters, why its last announcement failed, and the thread or forum post made for each
  // article, so that /ask in one answers from that article (kept when the feed is removed).
  `
  -- 'channel', 'thread' (a thread opened on each announcement) or 'forum' (announce_channel is a forum).
  ALTER TABLE feeds ADD COLUMN delivery TEXT NOT NULL DEFAULT 'channel';
  -- Where the feed falls back when its thread or forum is deleted (the channel it was set up from, or a thread's parent).
  ALTER TABLE feeds ADD COLUMN fallback_channel TEXT;
  -- The forum tag last applied to its posts (its name), or NULL.
  ALTER TABLE feeds ADD COLUMN forum_tag TEXT;
  -- The include and exclude lists as typed (src/feeds/filter.ts reads them); '' for none.
  ALTER TABLE feeds ADD COLUMN include_words TEXT NOT NULL DEFAULT '';
  ALTER TABLE feeds ADD COLUMN exclude_words TEXT NOT NULL DEFAULT '';
  -- 1: articles the filters turn away are not stored either ('store:filtered'); 0: stored, not announced.
  ALTER TABLE feeds ADD COLUMN store_filtered INTEGER NOT NULL DEFAULT 0;
  -- Why the last announcement could not be posted (src/model/problems.ts, encoded), until one is.
  ALTER TABLE feeds ADD COLUMN delivery_problem TEXT;
  CREATE TABLE feed_threads (
    thread_id  TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,
    article_id TEXT NOT NULL,
    feed_id    INTEGER REFERENCES feeds (id) ON DELETE SET NULL,
    channel_id TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX feed_threads_by_article ON feed_threads (article_id);
  `,
  // 11: what is derived from an article, one record per article with one version (state/derived.ts),
  // instead of three caches with three versions (readings, sentence_splits, prepared_articles: 4-6).
  // A cache: the old rows are dropped, not copied, and worked out again.
  `
  DROP TABLE readings;
  DROP TABLE sentence_splits;
  DROP TABLE prepared_articles;
  CREATE TABLE derived (
    -- sha256 of the article's id, title and passages' texts (store.ts, derivedKey).
    key       TEXT PRIMARY KEY,
    -- store.ts, DERIVED_VERSION ('r4.s2.i3': the readers', the splitter's and the index's versions)
    -- when written; a row of another version holds nothing usable.
    version   TEXT NOT NULL,
    -- The parts, each NULL until made. Written when the article joins the index: JSON
    -- [[passage key, [[start, end], ...]], ...] (knowledge/splits.ts, splitKey), and search/index.ts's
    -- keyOf with node:v8's serialization of a PreparedArticle.
    splits    TEXT,
    index_key TEXT,
    prepared  BLOB,
    -- Written when the article is first read (a worker thread in the bot): JSON ReadingData (store.ts).
    reading   TEXT,
    at        TEXT NOT NULL
  ) STRICT;
  `,
];

/**
 * The shared state's schema on PostgreSQL (DATABASE_URL), as an append-only list like
 * {@link MIGRATIONS}, its version kept in `pilcrow_schema`. The same tables and columns as the
 * SQLite state (so the same queries run on both), without what stays on each machine (what is
 * derived from the articles, the `derived` table, is kept in DATA_DIR's SQLite file).
 */
export const PG_MIGRATIONS: readonly string[] = [
  // 1: SQLite's migrations 1, 2, 3 and 7.
  `
  CREATE TABLE articles (
    id           TEXT PRIMARY KEY,
    owner        TEXT NOT NULL,
    title        TEXT NOT NULL,
    paragraphs   TEXT NOT NULL,
    captions     TEXT NOT NULL DEFAULT '[]',
    byline       TEXT,
    published    TEXT,
    url          TEXT,
    content_hash TEXT NOT NULL,
    origin       TEXT NOT NULL CHECK (origin IN ('ingest', 'feed', 'cli')),
    added_by     TEXT,
    added_at     TEXT NOT NULL,
    -- Order of storing, as SQLite's rowid.
    seq          BIGINT GENERATED ALWAYS AS IDENTITY
  );
  CREATE INDEX articles_by_owner ON articles (owner, added_at);
  CREATE UNIQUE INDEX articles_by_content ON articles (owner, content_hash);
  CREATE TABLE feeds (
    id               BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    owner            TEXT NOT NULL,
    url              TEXT NOT NULL,
    title            TEXT,
    announce_channel TEXT,
    added_by         TEXT,
    added_at         TEXT NOT NULL,
    etag             TEXT,
    last_modified    TEXT,
    next_poll_at     TEXT NOT NULL,
    last_ok_at       TEXT,
    failures         INTEGER NOT NULL DEFAULT 0,
    failing_since    TEXT,
    last_error       TEXT,
    paused_at        TEXT,
    paused_reason    TEXT,
    claimed_until    TEXT,
    UNIQUE (owner, url)
  );
  CREATE INDEX feeds_due ON feeds (next_poll_at) WHERE paused_at IS NULL;
  CREATE TABLE feed_items (
    feed_id    BIGINT NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    article_id TEXT,
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (feed_id, key)
  );
  CREATE TABLE digest_schedules (
    channel_id    TEXT PRIMARY KEY,
    owner         TEXT NOT NULL,
    time          TEXT NOT NULL,
    days          TEXT NOT NULL,
    timezone      TEXT NOT NULL,
    created_by    TEXT,
    created_at    TEXT NOT NULL,
    next_run_at   TEXT NOT NULL,
    paused_at     TEXT,
    paused_reason TEXT,
    claimed_until TEXT
  );
  CREATE TABLE digest_sends (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    channel_id  TEXT NOT NULL,
    owner       TEXT NOT NULL,
    slot        TEXT NOT NULL,
    since       TEXT,
    up_to       TEXT NOT NULL,
    messages    INTEGER NOT NULL DEFAULT 0,
    sent        INTEGER NOT NULL DEFAULT 0,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    claimed_until TEXT,
    UNIQUE (channel_id, slot)
  );
  CREATE INDEX digest_sends_by_channel ON digest_sends (channel_id, finished_at);
  `,
  // 2: SQLite's migration 8 (feed health and retries).
  `
  ALTER TABLE feed_items ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE feed_items ADD COLUMN retry INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE feed_items ADD COLUMN problem TEXT;
  ALTER TABLE feed_items ADD COLUMN title TEXT;
  ALTER TABLE feeds ADD COLUMN skipped_run INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE feeds ADD COLUMN skip_problem TEXT;
  `,
  // 3: SQLite's migration 9 (an article's picture and publisher).
  `
  ALTER TABLE articles ADD COLUMN image TEXT;
  ALTER TABLE articles ADD COLUMN site TEXT;
  `,
  // 4: SQLite's migration 10 (delivery in threads and forums, filters, threads made).
  `
  ALTER TABLE feeds ADD COLUMN delivery TEXT NOT NULL DEFAULT 'channel';
  ALTER TABLE feeds ADD COLUMN fallback_channel TEXT;
  ALTER TABLE feeds ADD COLUMN forum_tag TEXT;
  ALTER TABLE feeds ADD COLUMN include_words TEXT NOT NULL DEFAULT '';
  ALTER TABLE feeds ADD COLUMN exclude_words TEXT NOT NULL DEFAULT '';
  ALTER TABLE feeds ADD COLUMN store_filtered INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE feeds ADD COLUMN delivery_problem TEXT;
  CREATE TABLE feed_threads (
    thread_id  TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,
    article_id TEXT NOT NULL,
    feed_id    BIGINT REFERENCES feeds (id) ON DELETE SET NULL,
    channel_id TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX feed_threads_by_article ON feed_threads (article_id);
  `,
];
