/**
 * Agreement checks and the verdict, the same for every workload: each check is a metric's value against a threshold
 * in a direction; the verdict passes when every check does (and no other failure was reported). Pure.
 */
import type { AgreementCheck, AgreementResult } from './workload.ts';

export function check(metric: string, value: number, threshold: number, direction: 'min' | 'max'): AgreementCheck {
  // NaN never passes: a metric that could not be computed is not within any threshold
  const passed = direction === 'min' ? value >= threshold : value <= threshold;
  return { metric, value, threshold, direction, passed };
}

export function agreementResult<D>(checks: AgreementCheck[], details: D, failures: string[] = []): AgreementResult<D> {
  return { checks, passed: failures.length === 0 && checks.every((c) => c.passed), ...(failures.length ? { failures } : {}), details };
}

/** 6, 0.9, 0.0029 → '6', '0.9000', '2.90e-3': integers as they are, small values in exponent form. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) < 0.01 ? v.toExponential(2) : v.toFixed(4);
}

export function checkText(c: AgreementCheck): string {
  return `${c.metric} ${formatValue(c.value)} (need ${c.direction === 'min' ? '≥' : '≤'} ${c.threshold})`;
}

/** What failed, one phrase each. */
export function verdictFailures(r: AgreementResult<unknown>): string[] {
  return [...r.checks.filter((c) => !c.passed).map(checkText), ...(r.failures ?? [])];
}

/**
 * One line per check, then `verdict: PASS (…)` or `verdict: FAIL — <what failed>`; with `compared` (what was set
 * against what, e.g. `fp32 vs bf16 (emulated)`, `fp32 vs fp32 (repeat)`) a PASS says it too, so the line read alone
 * (Nx's summary, a log) still tells a bf16 check from a run-to-run one.
 */
export function verdictLines(r: AgreementResult<unknown>, compared?: string): string[] {
  const lines = r.checks.map((c) => `  ${checkText(c)}: ${c.passed ? 'ok' : 'FAIL'}`);
  const what = compared ? `${compared}: ` : '';
  // a failure names its metrics (and the mode's header line the two sides); a bare PASS is what needs the sides
  lines.push(r.passed ? `verdict: PASS (${what}within the thresholds)` : `verdict: FAIL — ${verdictFailures(r).join('; ')}`);
  return lines;
}
