/**
 * Expected failures are values, not exceptions (STYLE habit 4): a `Result` is either
 * `{ ok: true, value }` or `{ ok: false, error }` where `error` carries a machine-readable `code`.
 */
export type Result<T, E extends { code: string }> = { ok: true; value: T } | { ok: false; error: E };

/** Wraps a value as a successful {@link Result}. */
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/** Wraps an expected failure as an unsuccessful {@link Result}. */
export const err = <E extends { code: string }>(error: E): { ok: false; error: E } => ({ ok: false, error });
