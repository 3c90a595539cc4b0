import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, seedEngineOnce } from '../fixtures.js';
import { SHARED } from '../../src/model/scope.js';

// The seed dev questions live in ../shared/eval and are never copied here; skip when absent.
const FILE = join(process.env.PILCROW_EVAL_DIR ?? join(ROOT, '..', 'shared', 'eval'), 'seed', 'dev-questions.jsonl');
const rows: { q: string; evidence: string[] }[] = existsSync(FILE)
  ? readFileSync(FILE, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
  : [];

describe.skipIf(rows.length === 0)('seed dev questions (../shared/eval/seed)', () => {
  it.each(rows.map((r) => [r.q, r.evidence] as const))('%s', (q, evidence) => {
    const r = seedEngineOnce().ask(q, { scope: SHARED });
    if (evidence.length === 0) {
      expect(r.answered).toBe(false);
    } else {
      expect(r.answered).toBe(true);
      expect(evidence.some((e) => r.results[0]!.quote.includes(e))).toBe(true);
    }
  });
});
