/**
 * The two small learners behind the ranker and the confidence model, on plain arrays: a listwise
 * softmax ranker (several right answers allowed per list) and a logistic regression. Full-batch Adam
 * with a little L2; deterministic (weights start at zero, no sampling).
 */

/** One ranked list: a feature vector per candidate, the candidates that are right, and a weight. */
export interface ListExample {
  readonly features: readonly Float64Array[];
  readonly gold: ReadonlySet<number>;
  readonly weight: number;
}

/** One example for the logistic model. */
export interface BinaryExample {
  readonly x: Float64Array;
  readonly y: 0 | 1;
  readonly weight: number;
}

export const FIT_DEFAULTS = Object.freeze({ steps: 600, rate: 0.05, l2: 1e-4 });

/** A weight's allowed sign: 1 (never below 0), -1 (never above 0) or 0 (free). */
export type Sign = -1 | 0 | 1;

function adam(n: number, steps: number, rate: number, gradient: (w: Float64Array) => Float64Array, fixed: ReadonlyMap<number, number> = new Map(), signs: readonly Sign[] = []): Float64Array {
  const w = new Float64Array(n);
  for (const [j, v] of fixed) w[j] = v;
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  for (let step = 1; step <= steps; step++) {
    const g = gradient(w);
    for (let j = 0; j < n; j++) {
      if (fixed.has(j)) continue;
      m[j] = 0.9 * m[j]! + 0.1 * g[j]!;
      v[j] = 0.999 * v[j]! + 0.001 * g[j]! ** 2;
      w[j] -= (rate * (m[j]! / (1 - 0.9 ** step))) / (Math.sqrt(v[j]! / (1 - 0.999 ** step)) + 1e-8);
      // Projected: a weight whose direction is known (more evidence never lowers confidence) stays on its side.
      if (signs[j] === 1 && w[j]! < 0) w[j] = 0;
      if (signs[j] === -1 && w[j]! > 0) w[j] = 0;
    }
  }
  return w;
}

const dot = (w: Float64Array, x: Float64Array) => {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += w[j]! * x[j]!;
  return s;
};

/** A list's features in one row-major array (candidate k's feature j at k·n + j), made once per fit. */
interface FlatList {
  readonly x: Float64Array;
  readonly count: number;
  readonly gold: Uint8Array;
  readonly weight: number;
}

function flatten(examples: readonly ListExample[], n: number): FlatList[] {
  return examples.map((ex) => {
    const x = new Float64Array(ex.features.length * n);
    ex.features.forEach((f, k) => x.set(f.subarray(0, n), k * n));
    const gold = new Uint8Array(ex.features.length);
    for (const k of ex.gold) gold[k] = 1;
    return { x, count: ex.features.length, gold, weight: ex.weight };
  });
}

/**
 * Fits ranking weights: for each list, the softmax probability of its right candidates (summed)
 * should be high. `fixed` holds weights not learned (feature index → value).
 */
export function fitRanker(examples: readonly ListExample[], n: number, fixed: ReadonlyMap<number, number> = new Map(), signs: readonly Sign[] = [], options = FIT_DEFAULTS): Float64Array {
  const total = examples.reduce((s, e) => s + e.weight, 0);
  const lists = flatten(examples, n);
  const longest = lists.reduce((m, l) => Math.max(m, l.count), 0);
  const scores = new Float64Array(longest);
  return adam(n, options.steps, options.rate, (w) => {
    const g = new Float64Array(n);
    for (let j = 0; j < n; j++) g[j] = options.l2 * w[j]!;
    for (const { x, count, gold, weight } of lists) {
      let max = -Infinity;
      for (let k = 0; k < count; k++) {
        let s = 0;
        for (let j = 0, at = k * n; j < n; j++) s += w[j]! * x[at + j]!;
        scores[k] = s;
        if (s > max) max = s;
      }
      let z = 0;
      let goldMass = 0;
      for (let k = 0; k < count; k++) {
        const e = Math.exp(scores[k]! - max);
        scores[k] = e;
        z += e;
        if (gold[k]) goldMass += e;
      }
      for (let k = 0; k < count; k++) {
        // d(-log Σ_gold p) / d score_k = p_k - [k gold] p_k / Σ_gold p
        const p = scores[k]! / z - (gold[k] ? scores[k]! / goldMass : 0);
        if (p === 0) continue;
        const c = (weight * p) / total;
        for (let j = 0, at = k * n; j < n; j++) g[j] += c * x[at + j]!;
      }
    }
    return g;
  }, fixed, signs);
}

/** Share of lists whose best-scored candidate is right (weights not applied). */
export function top1(w: Float64Array, examples: readonly ListExample[]): number {
  if (examples.length === 0) return 0;
  return examples.filter((ex) => {
    const scores = ex.features.map((f) => dot(w, f));
    return ex.gold.has(scores.indexOf(Math.max(...scores)));
  }).length / examples.length;
}

/** Fits a logistic regression; the last weight is the bias. `signs` constrains each feature's weight. */
export function fitLogistic(examples: readonly BinaryExample[], n: number, signs: readonly Sign[] = [], options = { ...FIT_DEFAULTS, steps: 1500 }): Float64Array {
  const total = examples.reduce((s, e) => s + e.weight, 0);
  return adam(n + 1, options.steps, options.rate, (w) => {
    const g = new Float64Array(n + 1);
    for (let j = 0; j < n; j++) g[j] = options.l2 * w[j]!;
    for (const ex of examples) {
      const p = 1 / (1 + Math.exp(-(dot(w, ex.x) + w[n]!)));
      const c = (ex.weight * (p - ex.y)) / total;
      for (let j = 0; j < n; j++) g[j] += c * ex.x[j]!;
      g[n] += c;
    }
    return g;
  }, new Map(), signs);
}

/** The logistic model's probability for one feature vector (bias last). */
export const probability = (w: Float64Array, x: Float64Array): number => 1 / (1 + Math.exp(-(dot(w, x) + w[x.length]!)));
