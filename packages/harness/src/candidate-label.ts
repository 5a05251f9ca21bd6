/**
 * The candidate's one label, in every workload's text, records and file names: `bf16 (emulated)` / `bf16 (native)`
 * against fp32, or `fp32 (repeat)` when no --bf16 was given (a second fp32 session: a run-to-run check). Pure.
 */
import type { PrecisionPlan } from '@modelbench/backends';
import type { CandidateLabel } from './workload.ts';

export function candidateLabel(plan: Pick<PrecisionPlan, 'precision' | 'execution'>): CandidateLabel {
  const text = plan.precision === 'fp32' ? 'fp32 (repeat)' : `${plan.precision} (${plan.execution})`;
  return { text, slug: labelSlug(text) };
}

/** 'bf16 (emulated)' → 'bf16-emulated': lower case, runs of anything but letters, digits, '.', '_' become '-'. */
export function labelSlug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9._]+/g, '-').replace(/^-+|-+$/g, '');
}
