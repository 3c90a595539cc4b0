/**
 * Which articles a request may see: the shared ones (the knowledge folder) and those of `owner`, the
 * server the request comes from. Every question, autocomplete and listing carries one, so that a
 * function that cannot be given a scope cannot show one server's articles to another.
 */
export interface Scope {
  /** A server's id (or another owner, such as the CLI's own store); null for the shared articles only. */
  readonly owner: string | null;
}

/** The shared articles only: what a request that names no server sees. */
export const SHARED: Scope = Object.freeze({ owner: null });

/** The scope of a request from a server (null outside one: a DM sees the shared articles). */
export function scopeOf(owner: string | null | undefined): Scope {
  return owner ? { owner } : SHARED;
}

/** Whether an article with this owner is visible in the scope. */
export function sees(scope: Scope, owner: string | null): boolean {
  return owner === null || owner === scope.owner;
}
