/**
 * What a scenario's instances ask of this machine (threads, memory), checked by loadgen's instance-limits before any
 * instance starts: the logical cores and free memory from the OS, the model's size and one call's input bytes.
 */
import { availableParallelism, freemem } from 'node:os';
import type { Feeds } from '@modelbench/backends';
import { checkInstanceLimits, type ScenarioSettings } from '@modelbench/loadgen';

export function checkScenarioInstances(settings: Pick<ScenarioSettings, 'instances' | 'threadsPerInstance'>, modelBytes: number, feeds: Feeds): void {
  checkInstanceLimits({
    instances: settings.instances,
    threadsPerInstance: settings.threadsPerInstance,
    logicalCores: availableParallelism(),
    modelBytes,
    inputBytesPerCall: Object.values(feeds).reduce((n, t) => n + t.data.byteLength, 0),
    availableBytes: freemem(),
  });
}
