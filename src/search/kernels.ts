/**
 * Kernel-pooled soft matches (K-NRM: Xiong et al. 2017, "End-to-End Neural Ad-hoc Ranking with Kernel
 * Pooling"), over the fixed word vectors instead of learned ones: for each question term q and each
 * kernel k, a soft term frequency counts the passage's words d by how close cos(q, d) lies to the
 * kernel's centre, softTF_k(q) = Σ_d exp(-(cos(q, d) - μ_k)² / (2σ²)); the exact kernel counts the
 * question term itself. Each kernel's feature is the question's IDF-weighted mean of log(1 + softTF_k(q)),
 * so that a handful of linear weights learn how much a near-synonym, a related word or a word of the
 * same topic is worth.
 */

/** Centres of the soft kernels (cosine). Two random words of the vectors lie near 0.05 (sd 0.12);
 *  paraphrases near 0.5-0.85 ("boss" / "chief" 0.54, "killed" / "died" 0.74, "car" / "vehicle" 0.86). */
export const KERNEL_MUS = [0.9, 0.7, 0.5, 0.3] as const;

/** Width of each soft kernel (cosine), as in K-NRM. */
export const KERNEL_SIGMA = 0.1;

/** Rows of a soft-TF table: the exact kernel first, then one per soft kernel. */
export const KERNEL_ROWS = 1 + KERNEL_MUS.length;

/** A kernel value below this is not counted (the word is more than ~3.7σ from every centre). */
const NEGLIGIBLE = 1e-3;

/**
 * The soft kernels' values for one passage word against each question term (row-major, kernel × term,
 * soft kernels only), given its cosine to each term (NaN where either has no vector); null when every
 * value is negligible, so that most words cost nothing per occurrence.
 */
export function kernelValues(sims: Float32Array): Float32Array | null {
  const n = sims.length;
  let values: Float32Array | null = null;
  for (let k = 0; k < KERNEL_MUS.length; k++) {
    const mu = KERNEL_MUS[k]!;
    for (let q = 0; q < n; q++) {
      const sim = sims[q]!;
      if (Number.isNaN(sim)) continue;
      const v = Math.exp(-((sim - mu) ** 2) / (2 * KERNEL_SIGMA * KERNEL_SIGMA));
      if (v < NEGLIGIBLE) continue;
      values ??= new Float32Array(KERNEL_MUS.length * n);
      values[k * n + q] = v;
    }
  }
  return values;
}

/**
 * Each kernel's feature for a table of soft term frequencies (KERNEL_ROWS × terms, exact row first):
 * Σ_q w_q · log(1 + softTF_k(q)) / Σ_q w_q over the terms with `weights[q]` > 0 (0-≈2; 0.69 for one
 * match per term).
 */
export function kernelFeatures(table: Float32Array, weights: Float64Array, total: number): number[] {
  const n = weights.length;
  const out = new Array<number>(KERNEL_ROWS).fill(0);
  if (total <= 0) return out;
  for (let k = 0; k < KERNEL_ROWS; k++) {
    let sum = 0;
    for (let q = 0; q < n; q++) {
      const w = weights[q]!;
      if (w > 0) sum += w * Math.log1p(table[k * n + q]!);
    }
    out[k] = sum / total;
  }
  return out;
}
