/**
 * The highest server QPS that still meets the latency bound, searched as loadgen's FindPeakPerformance mode does
 * (loadgen.cc FindBoundaries / FindPeakPerformanceBinarySearch, test_settings_internal.h): check the starting QPS,
 * widen the upper bound by (1 + step) until a run misses the bound, then bisect [lower, upper) until
 * floor(lower × 10^d) + 1 ≥ floor(upper × 10^d); the peak is the last lower bound.
 * One difference, said in the result: loadgen gives up when the starting QPS misses the bound; here it is halved up
 * to `maxHalvings` times first, so a guessed start still finds a peak.
 */
export interface PeakSearch {
  startQps: number;
  /** loadgen server_find_peak_qps_boundary_step_size (default 1: doubling) */
  step: number;
  /** loadgen server_find_peak_qps_decimals_of_precision (default 1) */
  decimals: number;
  maxHalvings: number;
  /** a safety cap on the number of runs */
  maxProbes: number;
}

export interface ProbeOutcome {
  meets: boolean;
}

export interface PeakResult<P extends ProbeOutcome> {
  /** undefined when even the lowest QPS tried missed the bound */
  peakQps: number | undefined;
  /** the run at the peak */
  peak: P | undefined;
  probes: { qps: number; outcome: P }[];
  phase: 'found' | 'start-missed' | 'probe-cap';
  notes: string[];
}

export function bisectionFinished(lowerQps: number, upperQps: number, decimals: number): boolean {
  const scale = 10 ** decimals;
  return Math.floor(lowerQps * scale) + 1 >= Math.floor(upperQps * scale);
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
  let lower = search.startQps;
  let lowerOutcome = await run(lower);
  for (let h = 0; !lowerOutcome.meets && h < search.maxHalvings; h++) {
    notes.push(`${lower} QPS missed the bound; halving the starting QPS (loadgen would stop here)`);
    lower /= 2;
    lowerOutcome = await run(lower);
  }
  if (!lowerOutcome.meets) return { peakQps: undefined, peak: undefined, probes, phase: 'start-missed', notes };
  let upper = lower * (1 + search.step);
  for (;;) {
    if (probes.length >= search.maxProbes) return { peakQps: lower, peak: lowerOutcome, probes, phase: 'probe-cap', notes: [...notes, `stopped after ${probes.length} runs before the bound was bracketed`] };
    const outcome = await run(upper);
    if (!outcome.meets) break;
    lower = upper;
    lowerOutcome = outcome;
    upper = upper * (1 + search.step);
  }
  while (!bisectionFinished(lower, upper, search.decimals)) {
    if (probes.length >= search.maxProbes) return { peakQps: lower, peak: lowerOutcome, probes, phase: 'probe-cap', notes: [...notes, `stopped after ${probes.length} runs within [${lower}, ${upper})`] };
    const mid = lower + (upper - lower) / 2;
    const outcome = await run(mid);
    if (outcome.meets) {
      lower = mid;
      lowerOutcome = outcome;
    } else {
      upper = mid;
    }
  }
  return { peakQps: lower, peak: lowerOutcome, probes, phase: 'found', notes };
}
