/**
 * MLPerf's early-stopping criterion (inference_rules.adoc, appendix "Early Stopping Criterion"; loadgen
 * early_stopping.cc and results.cc PerformanceSummary::EarlyStopping), with confidence c = 0.99 and tolerance d = 0.
 *
 * odds(h, t, p) = P(at most t over-latency queries in h + t queries | each is under latency with probability p)
 *              = Σ_{x=0..t} C(h+t, x) p^(h+t-x) (1-p)^x   (= BetaRegularized[p, h, 1+t])
 * minPassing(t, p) = the smallest h with odds(h, t, p) < 1 - c: seeing only t over-latency queries among h + t is then
 * too unlikely for a system that just fails p.
 *
 * Computed here in log space by the sum itself (exact for every t), not loadgen's hypergeometric series; the same h.
 */
export interface EarlyStoppingParams {
  confidence: number;
  tolerance: number;
}

export const MLPERF_EARLY_STOPPING: EarlyStoppingParams = { confidence: 0.99, tolerance: 0 };

function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** P(at most t over-latency in h + t queries) when each query is under latency with probability q. */
export function binomialOdds(h: number, t: number, q: number): number {
  const n = h + t;
  if (q <= 0) return h === 0 ? 1 : 0;
  if (q >= 1) return 1;
  const lq = Math.log(q);
  const l1q = Math.log(1 - q);
  let logTerm = n * lq; // x = 0
  let logSum = logTerm;
  for (let x = 1; x <= t; x++) {
    logTerm += Math.log(n - x + 1) - Math.log(x) + l1q - lq;
    logSum = logSumExp(logSum, logTerm);
  }
  return Math.min(1, Math.exp(logSum));
}

/** The smallest h such that odds(h, t, p - d) < 1 - c (loadgen's MinPassingQueriesFinder). */
export function minPassingQueries(t: number, p: number, params: EarlyStoppingParams = MLPERF_EARLY_STOPPING): number {
  if (!Number.isInteger(t) || t < 0) throw new RangeError(`over-latency count must be a whole number ≥ 0, got ${t}`);
  const q = p - params.tolerance;
  const limit = 1 - params.confidence;
  let hi = Math.max(1, Math.ceil(Math.log(limit) / Math.log(q)));
  while (binomialOdds(hi, t, q) >= limit) hi *= 2;
  let lo = 0;
  // invariant: odds(hi) < limit; find the smallest such h in (lo, hi]
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (binomialOdds(mid, t, q) < limit) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface StreamEarlyStopping {
  /** queries needed before any estimate exists (minPassing(1, p) + 1) */
  minQueries: number;
  met: boolean;
  /** the estimate: the latency after discarding the t - 1 highest (only when met) */
  estimateMs?: number;
  /** t: the over-latency count the estimate allows */
  overLatencyAllowed?: number;
}

/**
 * Single-stream and multi-stream: with q queries processed, the largest t with q ≥ minPassing(t, p) + t; discard the
 * t - 1 highest latencies and report the highest remaining (sorted[q - t]), as loadgen does.
 */
export function streamEarlyStopping(latenciesMs: readonly number[], p: number, params: EarlyStoppingParams = MLPERF_EARLY_STOPPING): StreamEarlyStopping {
  const q = latenciesMs.length;
  const hMin = minPassingQueries(1, p, params);
  if (q < hMin + 1) return { minQueries: hMin + 1, met: false };
  // h(t) + t grows with t: binary search for the largest t in [1, q] with h(t) + t ≤ q
  let lo = 1;
  let hi = q;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (minPassingQueries(mid, p, params) + mid <= q) lo = mid;
    else hi = mid - 1;
  }
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { minQueries: hMin + 1, met: true, estimateMs: sorted[q - lo] as number, overLatencyAllowed: lo };
}

export interface ServerEarlyStopping {
  overLatency: number;
  /** queries needed for this over-latency count: minPassing(t, p) + t */
  queriesNeeded: number;
  met: boolean;
}

/** Server: t = queries over the bound; the run passes when queries ≥ minPassing(t, p) + t. */
export function serverEarlyStopping(latenciesMs: readonly number[], boundMs: number, p: number, params: EarlyStoppingParams = MLPERF_EARLY_STOPPING): ServerEarlyStopping {
  let t = 0;
  for (const x of latenciesMs) if (x > boundMs) t++;
  const queriesNeeded = minPassingQueries(t, p, params) + t;
  return { overLatency: t, queriesNeeded, met: latenciesMs.length >= queriesNeeded };
}
