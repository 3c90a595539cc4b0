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
];
