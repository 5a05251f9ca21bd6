/** The one verdict and candidate label of every workload, on hand-made checks. */
import { describe, expect, it } from 'vitest';
import { candidateLabel, labelSlug } from '../src/candidate-label.ts';
import { agreementResult, check, formatValue, verdictFailures, verdictLines } from '../src/verdict.ts';

describe('agreement checks and the verdict', () => {
  it('a check passes on its side of the threshold, the threshold itself included; NaN never passes', () => {
    expect(check('recall', 0.9, 0.9, 'min').passed).toBe(true);
    expect(check('recall', 0.8999, 0.9, 'min').passed).toBe(false);
    expect(check('max |Δscore|', 0.05, 0.05, 'max').passed).toBe(true);
    expect(check('max |Δscore|', 0.0501, 0.05, 'max').passed).toBe(false);
    expect(check('x', NaN, 1, 'min').passed).toBe(false);
    expect(check('x', NaN, 1, 'max').passed).toBe(false);
  });

  it('passes when every check does and nothing else failed', () => {
    const ok = agreementResult([check('precision', 1, 0.9, 'min'), check('logits error', 2.9e-3, 0.02, 'max')], { n: 2 });
    expect(ok).toEqual({ checks: [expect.objectContaining({ passed: true }), expect.objectContaining({ passed: true })], passed: true, details: { n: 2 } });
    expect(verdictLines(ok)).toEqual(['  precision 1 (need ≥ 0.9): ok', '  logits error 2.90e-3 (need ≤ 0.02): ok', 'verdict: PASS (within the thresholds)']);
    const nothing = agreementResult([], null, ['nothing was compared']);
    expect(nothing.passed).toBe(false);
    expect(verdictLines(nothing)).toEqual(['verdict: FAIL — nothing was compared']);
  });

  it('names every failure, check by check, then the other failures', () => {
    const r = agreementResult([check('precision', 0.5, 0.9, 'min'), check('recall', 1, 0.9, 'min'), check('max |Δscore|', 0.2635, 0.05, 'max')], {}, ['no match']);
    expect(verdictFailures(r)).toEqual(['precision 0.5000 (need ≥ 0.9)', 'max |Δscore| 0.2635 (need ≤ 0.05)', 'no match']);
    expect(verdictLines(r).at(-1)).toBe('verdict: FAIL — precision 0.5000 (need ≥ 0.9); max |Δscore| 0.2635 (need ≤ 0.05); no match');
    // what was compared, on a PASS line itself (a failure names its metrics)
    expect(verdictLines(r, 'fp32 vs bf16 (emulated)').at(-1)).toBe('verdict: FAIL — precision 0.5000 (need ≥ 0.9); max |Δscore| 0.2635 (need ≤ 0.05); no match');
    expect(verdictLines(agreementResult([check('recall', 1, 0.9, 'min')], {}), 'fp32 vs fp32 (repeat)').at(-1)).toBe('verdict: PASS (fp32 vs fp32 (repeat): within the thresholds)');
  });

  it('formats integers as they are, small values in exponent form, others with 4 decimals', () => {
    expect([formatValue(6), formatValue(0.0029), formatValue(0.91234), formatValue(-0.005), formatValue(Infinity)]).toEqual(['6', '2.90e-3', '0.9123', '-5.00e-3', 'Infinity']);
  });
});

describe('the candidate label', () => {
  it('one scheme: fp32 (repeat), bf16 (emulated), bf16 (native), with file-name slugs', () => {
    expect(candidateLabel({ precision: 'fp32', execution: 'native' })).toEqual({ text: 'fp32 (repeat)', slug: 'fp32-repeat' });
    expect(candidateLabel({ precision: 'bf16', execution: 'emulated' })).toEqual({ text: 'bf16 (emulated)', slug: 'bf16-emulated' });
    expect(candidateLabel({ precision: 'bf16', execution: 'native' })).toEqual({ text: 'bf16 (native)', slug: 'bf16-native' });
    expect(labelSlug('  A/b c.d_e  ')).toBe('a-b-c.d_e');
  });
});
