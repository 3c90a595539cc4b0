/**
 * Which articles a request may see: the shared ones (the knowledge folder) and those of `owner`, the
 * server the request comes from; with `article`, that one article alone ("Ask about this article").
 * Every question, autocomplete, digest and listing carries one, and no function defaults it, so that
 * a function that cannot be given a scope cannot show one server's articles to another.
 */
export interface Scope {
  /** A server's id (or another owner, such as the CLI's own store); null for the shared articles only. */
  readonly owner: string | null;
  /** One article's id: only that article, if `owner` sees it (nothing otherwise). Absent: every article `owner` sees. */
  readonly article?: string | undefined;
}

/** The owner of the articles stored with `pilcrow ingest`: the CLI and the console see them. */
export const LOCAL_OWNER = 'local';

/** The shared articles only: what a request that names no server sees. */
export const SHARED: Scope = Object.freeze({ owner: null });

/** The scope of a request from a server (null outside one: a DM sees the shared articles). */
export function scopeOf(owner: string | null | undefined): Scope {
  return owner ? { owner } : SHARED;
}

/**
 * One article of what a scope's owner sees, as a scope of its own.
 *
 * @example oneArticle(scopeOf(guildId), 'trump-putin-summit') // { owner: guildId, article: 'trump-putin-summit' }
 */
export function oneArticle(scope: Scope, articleId: string): Scope {
  return { owner: scope.owner, article: articleId };
}

/** Every article the scope's owner sees: the scope without its one-article limit (itself when it has none). */
export function wholeOf(scope: Scope): Scope {
  return scope.article === undefined ? scope : { owner: scope.owner };
}

/** Whether an article (its id, and its owner: null for a shared one) is visible in the scope. */
export function sees(scope: Scope, owner: string | null, articleId: string): boolean {
  return (owner === null || owner === scope.owner) && (scope.article === undefined || scope.article === articleId);
}
