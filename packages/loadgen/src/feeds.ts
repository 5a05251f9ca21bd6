/** Feeds for a call of `samples` samples, cut from feeds built for a larger batch (leading dimension = batch). */
import type { Feeds, HostTensor } from '@modelbench/backends';

export function leadingSlice(t: HostTensor, samples: number): HostTensor {
  const batch = t.dims[0];
  if (batch === undefined || samples === batch) return t;
  if (samples > batch) throw new RangeError(`a call of ${samples} samples needs feeds for at least that batch, these have ${batch}`);
  const per = t.data.length / batch;
  return { type: t.type, dims: [samples, ...t.dims.slice(1)], data: t.data.subarray(0, per * samples) as HostTensor['data'] };
}

export function feedsFor(feeds: Feeds, samples: number): Feeds {
  const out: Feeds = {};
  for (const [k, v] of Object.entries(feeds)) out[k] = leadingSlice(v, samples);
  return out;
}
