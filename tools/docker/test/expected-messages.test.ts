import { describe, expect, it } from 'vitest';
import { readOnlyEmptyCacheLines, unknownCommandLines, unknownFlagLines } from '../src/expected-messages.ts';

// Worked values: the lines the image printed for these runs (docker/README.md shows the cache case).
describe('expected container messages', () => {
  it('an unknown workload: the entrypoint names it and lists workloads and commands', () => {
    expect(unknownCommandLines('nosuchworkload', { workloads: ['resnet50', 'bert'], tools: { backends: 'packages/backends/src/cli.ts' } })).toEqual([
      "error [USAGE]: unknown workload or command 'nosuchworkload'",
    ]);
    expect(() => unknownCommandLines('resnet50', { workloads: ['resnet50'], tools: {} })).toThrow(/accepts 'resnet50'/);
  });

  it("an unknown flag: core's parser names it after the workload's command and lists the valid flags", () => {
    expect(unknownFlagLines('--no-such-flag', 'resnet50')).toEqual(["error [USAGE]: resnet50 performance: Unknown option '--no-such-flag'", 'fix: valid flags:']);
  });

  it("an empty read-only cache: the entrypoint's warning, then the models package's error naming the folder and why", () => {
    expect(readOnlyEmptyCacheLines('/models', 1000)).toEqual([
      'warning: model cache /models is mounted read-only: models already in it are used, a missing one cannot be generated.',
      'error [IO]: cannot write the model cache /models/synthetic: /models is not writable (read-only file system)',
    ]);
  });
});
