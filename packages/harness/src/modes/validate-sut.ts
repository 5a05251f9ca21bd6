/**
 * validate's predictions: loadgen's accuracy mode over the sample photos (questions), as MLPerf runs accuracy — every
 * sample once through the workload's pipeline, each model call it makes issued by loadgen (runAccuracyQueries through
 * its InstancePool) to the system under test, whose one `sutRunner` (sut-instance.ts) runs it and answers with the
 * outputs: the code every scenario and the accuracy mode run. The SUT is hosted in this thread over the session
 * validate opened (so `--profiling` reads that session's own profile, and a run of a few photos starts no worker);
 * the session outlives it. One sample a round, so progress moves per sample and memory holds one sample's feeds.
 */
import { inThreadExecutor } from '@modelbench/loadgen';
import type { LoadedModel } from '@modelbench/backends';
import { runPipeline, type Pipeline } from '../pipeline.ts';
import { sutOverSession } from '../sut-instance.ts';
import { accuracySutOf, type SutHost } from './accuracy-sut.ts';

export interface PredictSession {
  loaded: Pick<LoadedModel, 'run'> & Partial<Pick<LoadedModel, 'sessionOptions' | 'warnings'>>;
  /** the session's intra-op threads (the instance's, as the record states it); 1 where unknown */
  threads?: number | undefined;
}

/** Every sample's prediction, and where the SUT that answered them ran (the record's `sut`, from the SUT's own executor). */
export interface Predicted<P> {
  predictions: P[];
  sut: SutHost;
}

/** Runs every sample through the pipeline, its model calls answered by the SUT over `session`; `onSample` hears the count done. */
export async function predictAll<S, P>(session: PredictSession, pipeline: Pipeline<S, P>, samples: readonly S[], onSample?: (done: number) => void): Promise<Predicted<P>> {
  // sequential: a SUT sample is one model call's feeds as the pipeline made them; every output is fetched
  const sut = await accuracySutOf(inThreadExecutor({ index: 0, threads: session.threads ?? 1 }, sutOverSession({ run: (feeds, names) => session.loaded.run(feeds, names), sessionOptions: session.loaded.sessionOptions ?? {}, warnings: session.loaded.warnings ?? [] }, { store: { count: 0, inputs: {} }, sequential: true }, async () => undefined)));
  try {
    const out: P[] = [];
    for (const sample of samples) {
      const [prediction] = await sut.mapChunk([sample], async (s, infer) => (await runPipeline(pipeline, s, infer)).prediction);
      out.push(prediction as P);
      onSample?.(out.length);
    }
    return { predictions: out, sut: sut.host };
  } finally {
    await sut.dispose();
  }
}
