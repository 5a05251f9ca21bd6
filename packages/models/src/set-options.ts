/**
 * What `models synthesize WORKLOAD --set KEY=VALUE` accepts: each builder's scalar options (see their *Options types)
 * with the range in which the built model is usable. A value outside it is a USAGE error naming the range, before
 * anything is built (`numClasses=0` made logits [batch, 0]; `imageSize=1` a ResNet50 that sees one pixel).
 */
import { BenchError } from '@modelbench/core';
import type { WorkloadId } from './catalogue/types.ts';
import type { SyntheticOptions } from './synthetic-registry.ts';
import { SSD300_MAX_CANDIDATES } from './synthetic/ssd300/hot-groups.ts';

interface NumberOption {
  type: 'number';
  min: number;
  max: number;
  /** a valid value for the fix */
  example: number;
  /** why the range is what it is (shown in the fix) */
  why?: string;
  /** must be a multiple of this */
  multipleOf?: number;
}
type SetOption = NumberOption | { type: 'boolean' };

const SEED: NumberOption = { type: 'number', min: 0, max: 2 ** 32 - 1, example: 7, why: 'the seed is a 32-bit unsigned integer' };

export const SET_OPTIONS: Record<WorkloadId, Record<string, SetOption>> = {
  resnet50: {
    seed: SEED,
    imageSize: { type: 'number', min: 32, max: 1024, example: 224, why: "ResNet50's total stride is 32: below 32 pixels layer4 sees less than one" },
    numClasses: { type: 'number', min: 5, max: 100_000, example: 1000, why: 'top-5 accuracy needs at least 5 classes' },
  },
  ssd: {
    seed: SEED,
    candidates: { type: 'number', min: 0, max: SSD300_MAX_CANDIDATES, example: 1000, why: 'the boxes that can pass the 0.01 score threshold' },
    exposeHeadOutputs: { type: 'boolean' },
  },
  maskrcnn: {
    seed: SEED,
    detections: { type: 'number', min: 1, max: 100, example: 100, why: "torchvision's box_detections_per_img caps it at 100" },
    macImageSize: { type: 'number', min: 32, max: 4096, multipleOf: 32, example: 800, why: 'torchvision pads the image to a multiple of 32' },
  },
  bert: {
    seed: SEED,
    macSeqLen: { type: 'number', min: 1, max: 512, example: 384, why: "DistilBERT's 512 positions" },
  },
};

function rangeText(o: NumberOption): string {
  return o === SEED ? 'N' : `${o.min}..${o.max}`;
}

export function parseSet(workload: WorkloadId, items: string[]): SyntheticOptions {
  const known = SET_OPTIONS[workload];
  const listing = `options of the ${workload} builder: ${Object.entries(known).map(([k, o]) => `${k}=${o.type === 'number' ? rangeText(o) : 'true|false'}`).join(', ')}`;
  const out: Record<string, number | boolean> = {};
  for (const item of items) {
    const m = /^([A-Za-z_][\w]*)=(.*)$/.exec(item);
    if (!m) throw new BenchError('USAGE', `--set takes KEY=VALUE, got '${item}'`, { hint: listing });
    const [, key = '', raw = ''] = m;
    const option = known[key];
    if (option === undefined) throw new BenchError('USAGE', `--set ${key}: the ${workload} builder has no option '${key}'`, { hint: listing });
    if (option.type === 'boolean') {
      if (raw !== 'true' && raw !== 'false') throw new BenchError('USAGE', `--set ${key} takes true or false, got '${raw}'`, { hint: listing });
      out[key] = raw === 'true';
      continue;
    }
    const n = Number(raw);
    const fix = `for example --set ${key}=${option.example}${option.why ? ` (${option.why})` : ''}`;
    if (raw.trim() === '' || !Number.isFinite(n)) throw new BenchError('USAGE', `--set ${key} takes a number, got '${raw}'`, { hint: fix });
    const multiple = option.multipleOf ? `, a multiple of ${option.multipleOf}` : '';
    if (!Number.isInteger(n) || n < option.min || n > option.max || (option.multipleOf && n % option.multipleOf !== 0)) {
      throw new BenchError('USAGE', `--set ${key} must be a whole number from ${option.min} to ${option.max}${multiple}, got ${raw}`, { hint: fix });
    }
    out[key] = n;
  }
  return out;
}
