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
    expect(e.hint).toBe('options of the resnet50 builder: seed=N, imageSize=32..1024, numClasses=5..100000');
    // an option of another builder is unknown to this one
    expect(refusal(() => parseSet('resnet50', ['candidates=5'])).message).toBe("--set candidates: the resnet50 builder has no option 'candidates'");
  });

  it('refuses a non-numeric value for a numeric option and a non-boolean for a boolean one', () => {
    expect(refusal(() => parseSet('maskrcnn', ['detections=many'])).message).toBe("--set detections takes a number, got 'many'");
    expect(refusal(() => parseSet('maskrcnn', ['detections='])).message).toBe("--set detections takes a number, got ''");
    expect(refusal(() => parseSet('ssd', ['exposeHeadOutputs=1'])).message).toBe("--set exposeHeadOutputs takes true or false, got '1'");
    expect(refusal(() => parseSet('ssd', ['seed'])).message).toBe("--set takes KEY=VALUE, got 'seed'");
  });

  it('refuses a value that builds an unusable model, naming the valid range and why (issue 21 #11)', () => {
    const classes = refusal(() => parseSet('resnet50', ['numClasses=0']));
    expect([classes.code, classes.exitCode]).toEqual(['USAGE', 2]);
    expect(classes.message).toBe('--set numClasses must be a whole number from 5 to 100000, got 0');
    expect(classes.hint).toBe('for example --set numClasses=1000 (top-5 accuracy needs at least 5 classes)');
    const size = refusal(() => parseSet('resnet50', ['imageSize=1']));
    expect(size.message).toBe('--set imageSize must be a whole number from 32 to 1024, got 1');
    expect(size.hint).toBe("for example --set imageSize=224 (ResNet50's total stride is 32: below 32 pixels layer4 sees less than one)");
    expect(refusal(() => parseSet('resnet50', ['numClasses=2.5'])).message).toBe('--set numClasses must be a whole number from 5 to 100000, got 2.5');
    expect(refusal(() => parseSet('maskrcnn', ['detections=101'])).message).toBe('--set detections must be a whole number from 1 to 100, got 101');
    expect(refusal(() => parseSet('maskrcnn', ['macImageSize=810'])).message).toBe('--set macImageSize must be a whole number from 32 to 4096, a multiple of 32, got 810');
    expect(refusal(() => parseSet('bert', ['macSeqLen=513'])).message).toBe('--set macSeqLen must be a whole number from 1 to 512, got 513');
    expect(refusal(() => parseSet('ssd', ['seed=-1'])).message).toBe('--set seed must be a whole number from 0 to 4294967295, got -1');
    // the edges are accepted
    expect(parseSet('resnet50', ['numClasses=5', 'imageSize=32'])).toEqual({ numClasses: 5, imageSize: 32 });
  });
});
