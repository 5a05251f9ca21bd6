/**
 * The highest server QPS that still meets the latency bound, searched as loadgen's FindPeakPerformanceMode does
 * (loadgen.cc FindPeakPerformanceMode / FindBoundaries / FindPeakPerformanceBinarySearch, test_settings_internal.h
 * find_peak_performance): run the starting QPS, which must meet the bound (loadgen stops when it does not); widen the
 * upper bound by × (1 + step) until a run misses; then bisect [lower, upper) at lower + (upper − lower) / 2 until
 * floor(lower × 10^d) + 1 ≥ floor(upper × 10^d). The peak is the last lower bound; no cap on the number of runs.
 *
 * `decimals` is loadgen's precision: the search ends once lower and upper are one step of 10^−d apart, so the peak is
 * known to d decimals — `peakQpsAtDecimals`, floor(lower × 10^d) / 10^d, a rate at or under one that met the bound.
 *
 * One extension, for a start this suite guessed (no --target-qps): a missed start is halved (up to `maxHalvings`
 * times) until a rate meets, and the lowest rate that missed is then the upper bound — no rate is run twice. With a
 * start the user gave (`maxHalvings` 0), a miss ends the search as in loadgen.
 */
export interface PeakSearch {
  startQps: number;
  /** loadgen server_find_peak_qps_boundary_step_size (default 1: doubling) */
  step: number;
  /** loadgen server_find_peak_qps_decimals_of_precision (default 1) */
  decimals: number;
  /** halvings of a missed start (0: loadgen's behaviour) */
  maxHalvings: number;
}

export interface ProbeOutcome {
  meets: boolean;
}

export interface PeakResult<P extends ProbeOutcome> {
  /** the last lower bound: the highest rate run that met the bound; undefined when none did */
  peakQps: number | undefined;
  /** the peak to `decimals` decimals (floor) */
  peakQpsAtDecimals: number | undefined;
  /** the run at the peak */
  peak: P | undefined;
  probes: { qps: number; outcome: P }[];
  phase: 'found' | 'start-missed' | 'no-upper-bound';
  notes: string[];
}

/** Widening stops here (a system that meets every rate up to start × 2^64 has no finite peak to find). */
const MAX_WIDENINGS = 64;

export function bisectionFinished(lowerQps: number, upperQps: number, decimals: number): boolean {
  const scale = 10 ** decimals;
  return Math.floor(lowerQps * scale) + 1 >= Math.floor(upperQps * scale);
}

export function atDecimals(qps: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.floor(qps * scale) / scale;
}

export async function findPeakQps<P extends ProbeOutcome>(search: PeakSearch, probe: (qps: number) => Promise<P>): Promise<PeakResult<P>> {
  if (!(search.startQps > 0)) throw new RangeError(`find-peak needs a starting QPS > 0, got ${search.startQps}`);
  const probes: { qps: number; outcome: P }[] = [];
  const notes: string[] = [];
  const run = async (qps: number): Promise<P> => {
    const outcome = await probe(qps);
    probes.push({ qps, outcome });
    return outcome;
  };
  const done = (lower: number, outcome: P, phase: PeakResult<P>['phase']): PeakResult<P> => ({ peakQps: lower, peakQpsAtDecimals: atDecimals(lower, search.decimals), peak: outcome, probes, phase, notes });

  let lower = search.startQps;
  let lowerOutcome = await run(lower);
  let upper: number | undefined;
  for (let h = 0; !lowerOutcome.meets && h < search.maxHalvings; h++) {
    notes.push(`${lower} QPS missed the bound; halving the guessed starting QPS`);
    upper = lower;
    lower /= 2;
    lowerOutcome = await run(lower);
  }
  if (!lowerOutcome.meets) {
    if (search.maxHalvings === 0) notes.push(`the starting ${lower} QPS missed the bound: loadgen's find-peak needs a start that meets it (lower --target-qps)`);
    return { peakQps: undefined, peakQpsAtDecimals: undefined, peak: undefined, probes, phase: 'start-missed', notes };
  }
  // FindBoundaries: widen until a run misses (skipped when a halved start already has a missed rate above it)
  for (let w = 0; upper === undefined; w++) {
    if (w >= MAX_WIDENINGS) {
      notes.push(`every rate up to ${lower} QPS met the bound: no upper bound found`);
      return done(lower, lowerOutcome, 'no-upper-bound');
    }
    const next = lower * (1 + search.step);
    const outcome = await run(next);
    if (outcome.meets) {
      lower = next;
      lowerOutcome = outcome;
    } else {
      upper = next;
    }
  }
  // FindPeakPerformanceBinarySearch
  let top: number = upper;
  while (!bisectionFinished(lower, top, search.decimals)) {
    const mid: number = lower + (top - lower) / 2;
    const outcome = await run(mid);
    if (outcome.meets) {
      lower = mid;
      lowerOutcome = outcome;
    } else {
      top = mid;
    }
  }
  return done(lower, lowerOutcome, 'found');
}
