/**
 * Query arrival times. Server queries arrive as a Poisson process: exponentially distributed gaps with mean
 * 1 / targetQps (loadgen ScheduleDistribution<Server>). The schedule is generated up front, as loadgen does, until
 * the last scheduled time reaches the minimum duration and the count the minimum query count
 * (GenerateQueries: `while (prev_timestamp < duration || queries.size() < min_queries)`).
 * The generator is seeded (mulberry32, the same as @modelbench/models' Rng), so a seed gives one schedule everywhere.
 */
export class SeededUniform {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** uniform in [0, 1) */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** a whole number in [0, n) */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** One exponential gap (ms) at `qps` queries per second, by inversion: -ln(1 - u) / rate. */
export function exponentialGapMs(u: number, qps: number): number {
  const gapMs = (-Math.log1p(-u) / qps) * 1000;
  return gapMs === 0 ? 0 : gapMs; // no -0 at u = 0
}

export interface ArrivalPlan {
  targetQps: number;
  minDurationMs: number;
  minQueries: number;
  seed: number;
  /** stop generating here even if the minima are not reached (a safety cap) */
  maxQueries?: number;
}

/** Scheduled times (ms from the start) of the server queries; the first is at 0, as in loadgen. */
export function poissonSchedule(plan: ArrivalPlan): number[] {
  if (!(plan.targetQps > 0)) throw new RangeError(`target QPS must be > 0, got ${plan.targetQps}`);
  const rng = new SeededUniform(plan.seed);
  const times: number[] = [];
  const cap = plan.maxQueries ?? Number.MAX_SAFE_INTEGER;
  let timestamp = 0;
  let previous = 0;
  while ((previous < plan.minDurationMs || times.length < plan.minQueries) && times.length < cap) {
    times.push(timestamp);
    previous = timestamp;
    timestamp += exponentialGapMs(rng.next(), plan.targetQps);
  }
  return times;
}

/** Sample indices for each query: uniform over the performance set (loadgen's performance-mode distribution). */
export function sampleIndices(queries: number, samplesPerQuery: number, sampleCount: number, seed: number): number[][] {
  const rng = new SeededUniform(seed ^ 0x5a17);
  const out: number[][] = [];
  for (let q = 0; q < queries; q++) {
    const row: number[] = [];
    for (let s = 0; s < samplesPerQuery; s++) row.push(rng.nextInt(sampleCount));
    out.push(row);
  }
  return out;
}
