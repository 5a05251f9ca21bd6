import { describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { parseSet } from '../src/cli.ts';

function refusal(f: () => unknown): BenchError {
  try {
    f();
  } catch (e) {
    if (e instanceof BenchError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('models synthesize --set', () => {
  it('takes the builder options with their types', () => {
    expect(parseSet('ssd', ['seed=7', 'candidates=50', 'exposeHeadOutputs=true'])).toEqual({ seed: 7, candidates: 50, exposeHeadOutputs: true });
    expect(parseSet('bert', ['macSeqLen=128'])).toEqual({ macSeqLen: 128 });
  });

  it('refuses an unknown key, listing the options of that builder', () => {
    const e = refusal(() => parseSet('resnet50', ['sede=7']));
    expect(e.code).toBe('USAGE');
    expect(e.message).toBe("--set sede: the resnet50 builder has no option 'sede'");
    expect(e.hint).toBe('options of the resnet50 builder: seed=N, imageSize=N, numClasses=N');
    // an option of another builder is unknown to this one
    expect(refusal(() => parseSet('resnet50', ['candidates=5'])).message).toBe("--set candidates: the resnet50 builder has no option 'candidates'");
  });

  it('refuses a non-numeric value for a numeric option and a non-boolean for a boolean one', () => {
    expect(refusal(() => parseSet('maskrcnn', ['detections=many'])).message).toBe("--set detections takes a number, got 'many'");
    expect(refusal(() => parseSet('maskrcnn', ['detections='])).message).toBe("--set detections takes a number, got ''");
    expect(refusal(() => parseSet('ssd', ['exposeHeadOutputs=1'])).message).toBe("--set exposeHeadOutputs takes true or false, got '1'");
    expect(refusal(() => parseSet('ssd', ['seed'])).message).toBe("--set takes KEY=VALUE, got 'seed'");
  });
});
