import { createHash } from 'node:crypto';
import { buildArticle, type ArticleParts, type ParseOptions } from '../knowledge/parse.js';
import type { Article, KnowledgeError } from '../model/article.js';
import type { Result } from '../result.js';
import type { Sql } from './sql.js';

/** How an article came to be stored. */
export type ArticleOrigin = 'ingest' | 'feed' | 'cli';

/** An article added at run time, as the state holds it. */
export interface ArticleRecord {
  readonly id: string;
  /** The server it belongs to, or LOCAL_OWNER (model/scope.ts) for the CLI's own. */
  readonly owner: string;
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly captions: readonly string[];
  readonly byline: string | null;
  readonly published: string | null;
  readonly url: string | null;
  readonly contentHash: string;
  readonly origin: ArticleOrigin;
  /** Who added it (a Discord user id), null for a feed or the CLI. */
  readonly addedBy: string | null;
  /** ISO 8601. */
  readonly addedAt: string;
  /** The page's picture (`og:image`) and the publisher's name; absent in rows stored before migration 9. */
  readonly image?: string | null;
  readonly site?: string | null;
}


/** sha256 of an article's title and paragraphs, white space normalised: the same story from two links is one. */
export function contentHash(parts: Pick<ArticleParts, 'title' | 'paragraphs'>): string {
  const norm = (t: string) => t.replace(/\s+/g, ' ').trim();
  // Fed a paragraph at a time, not joined first: the same hash, without copying a long article whole.
  const hash = createHash('sha256').update(norm(parts.title));
  for (const p of parts.paragraphs) hash.update('\n').update(norm(p));
  return hash.digest('hex');
}

/**
 * An id for a stored article: its title as a slug and a hash of its owner and content, so that it
 * reads well in autocomplete, two servers storing the same story get two ids, and it is unlikely to
 * meet a knowledge file's id.
 *
 * @example articleId('Trump to meet Putin', '123456789012345678', contentHash(parts)) // 'trump-to-meet-putin-1f0c9a2b'
 */
export function articleId(title: string, owner: string, hash: string): string {
  const slug = title.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return `${slug || 'article'}-${createHash('sha256').update(`${owner}\n${hash}`).digest('hex').slice(0, 8)}`;
}

/** The parts of an article as a record holds them. */
export function partsOfRecord(record: ArticleRecord): ArticleParts {
  return {
    title: record.title,
    paragraphs: record.paragraphs,
    captions: record.captions,
    ...(record.url ? { source: record.url } : {}),
    ...(record.published ? { published: record.published } : {}),
    ...(record.byline ? { author: record.byline } : {}),
    ...(record.image ? { image: record.image } : {}),
    ...(record.site ? { site: record.site } : {}),
  };
}

/** The {@link Article} of a record (sentences split again; the text is verbatim). */
export function articleOf(record: ArticleRecord, options: ParseOptions = {}): Result<Article, KnowledgeError> {
  return buildArticle(record.id, partsOfRecord(record), options);
}

interface Row {
  id: string;
  owner: string;
  title: string;
  paragraphs: string;
  captions: string;
  byline: string | null;
  published: string | null;
  url: string | null;
  content_hash: string;
  origin: ArticleOrigin;
  added_by: string | null;
  added_at: string;
  image: string | null;
  site: string | null;
}

const fromRow = (r: Row): ArticleRecord => ({
  id: r.id,
  owner: r.owner,
  title: r.title,
  paragraphs: JSON.parse(r.paragraphs) as string[],
  captions: JSON.parse(r.captions) as string[],
  byline: r.byline,
  published: r.published,
  url: r.url,
  contentHash: r.content_hash,
  origin: r.origin,
  addedBy: r.added_by,
  addedAt: r.added_at,
  image: r.image,
  site: r.site,
});

/** The articles added at run time as the state keeps them: every read and write of the `articles` table, on SQLite or PostgreSQL ({@link AddedArticles} is its one writer). */
export class ArticleRepository {
  constructor(readonly sql: Sql) {}

  /** The same repository inside a transaction (see Sql.transaction). */
  in(tx: Sql): ArticleRepository {
    return new ArticleRepository(tx);
  }

  /** Stores a record; when its owner already has the same content, nothing is written and that one is returned. */
  async insert(record: ArticleRecord): Promise<{ stored: boolean; record: ArticleRecord }> {
    const existing = await this.byContent(record.owner, record.contentHash);
    if (existing) return { stored: false, record: existing };
    const changed = await this.sql.run(
      `INSERT INTO articles (id, owner, title, paragraphs, captions, byline, published, url, content_hash, origin, added_by, added_at, image, site)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner, content_hash) DO NOTHING`,
      [record.id, record.owner, record.title, JSON.stringify(record.paragraphs), JSON.stringify(record.captions), record.byline, record.published, record.url, record.contentHash, record.origin, record.addedBy, record.addedAt, record.image ?? null, record.site ?? null],
    );
    // Another process stored the same text in between: that one stands.
    if (changed === 0) return { stored: false, record: (await this.byContent(record.owner, record.contentHash)) ?? record };
    return { stored: true, record };
  }

  async byContent(owner: string, hash: string): Promise<ArticleRecord | undefined> {
    const row = await this.sql.get<Row>('SELECT * FROM articles WHERE owner = ? AND content_hash = ?', [owner, hash]);
    return row && fromRow(row);
  }

  async get(id: string): Promise<ArticleRecord | undefined> {
    const row = await this.sql.get<Row>('SELECT * FROM articles WHERE id = ?', [id]);
    return row && fromRow(row);
  }

  /** Every stored article in the order stored; or one owner's. */
  async list(owner?: string): Promise<ArticleRecord[]> {
    // Order of storing: SQLite's rowid, PostgreSQL's seq column.
    const order = `added_at, ${this.sql.dialect === 'sqlite' ? 'rowid' : 'seq'}`;
    const rows = owner === undefined
      ? await this.sql.all<Row>(`SELECT * FROM articles ORDER BY ${order}`)
      : await this.sql.all<Row>(`SELECT * FROM articles WHERE owner = ? ORDER BY ${order}`, [owner]);
    return rows.map(fromRow);
  }

  /** Deletes a stored article; false when there was none. */
  async remove(id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM articles WHERE id = ?', [id])) > 0;
  }
}
