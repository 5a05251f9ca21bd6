/**
 * The instances of one core split (instances × threads), kept open while `tune` measures that split's cells (its
 * batches: a call of k sample indices stacks k samples, so one set of sessions serves every batch) and ended when
 * the next cell needs another split. Opening sessions is the most expensive part of a short measurement on a busy
 * machine; cells are ordered by split so each split opens once per round. runScenario's dispose of an executor is a
 * no-op here; `endAll` ends them.
 */
import type { Executor, ExecutorFactory } from '@modelbench/loadgen';

export class SplitSessions {
  private key: string | undefined;
  private made: Executor[] = [];
  private firstOptions: Record<string, unknown> | undefined;

  constructor(private readonly inner: ExecutorFactory) {}

  /** a factory for runScenario whose executors are this split's, opened on first use */
  async factoryFor(split: { instances: number; threads: number }): Promise<ExecutorFactory> {
    const key = `${split.instances}x${split.threads}`;
    if (key !== this.key) {
      await this.endAll();
      this.key = key;
    }
    return async (spec) => {
      let e = this.made[spec.index];
      if (!e || e.info.threads !== spec.threads) {
        e = await this.inner(spec);
        this.made[spec.index] = e;
        this.firstOptions ??= e.sessionOptions;
      }
      const kept = e;
      return { ...kept, run: (samples) => kept.run(samples), dispose: async () => undefined };
    };
  }

  /** the session options the runtime got (the first instance's), for the record */
  sessionOptions(): Record<string, unknown> | undefined {
    return this.firstOptions;
  }

  async endAll(graceMs = 1000): Promise<void> {
    const made = this.made.filter((e) => e !== undefined);
    this.made = [];
    this.key = undefined;
    await Promise.allSettled(made.map((e) => Promise.race([e.dispose(), new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref())])));
  }
}
