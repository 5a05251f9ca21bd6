/**
 * `npx nx run bench:issue [--duration S] [--null-duration S] [--server-queries N] [--instances N] [--threads T] [--samples N] [--issuer both|thread|main] [--backends null,ort-cpu] [--json FILE]`:
 * how on time loadgen issues, and what the harness costs per query, in every scenario — the null backend (nothing
 * computed: all the time is harness) and ResNet50 batch 1 (synthetic, torchvision architecture) on ort-cpu, both
 * through the harness's SUT on one performance sample set (1,024 distinct images by default). Per scenario it prints
 *   - issue lateness, issued − due (server: the Poisson arrival; single/multi-stream: the previous completion),
 *     mean / p99 / max, against issue #22's p99 ≤ 0.5 ms;
 *   - the per-call overhead, (handed to the instance → outputs ready, stamped inside it) − the model's own time,
 *     mean / p99 / max, and its mean as a share of the model call, against ≤ 1 % (ResNet50) and, for the null
 *     backend in server mode, issue #19's < 1 ms.
 * Each scenario runs with its queries issued from the issuer thread (loadgen's issuer-thread.ts, the default) and,
 * for the side-by-side comparison, from the main thread (`--issuer both`, the default; `thread` or `main` runs one).
 * A benchmark, not a test: it asserts nothing. On a busy machine the figures say more about the machine than about
 * the issue path (the run's /proc comparison warns when other processes took the CPU).
 */
import { BenchError, captureEnvironment, parseCommandLine, runMain, writeFileAtomic } from '@modelbench/core';
import { imageSamples, loadSampleStore, SUT_ENTRY, type SutPayload } from '@modelbench/harness';
import { getSyntheticModel, Rng } from '@modelbench/models';
import { resolveScenarioSettings, runScenario, workerExecutorFactory, type Executor, type ExecutorFactory, type IssuerKind, type ScenarioOptions, type ScenarioResult, type TimeSpread } from '@modelbench/loadgen';

const fmt = (x: number | undefined, digits = 3): string => (x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits));
const spread = (t: TimeSpread | undefined): string => (t ? `${fmt(t.meanMs)} / ${fmt(t.p99Ms)} / ${fmt(t.maxMs)}` : 'n/a (one query)');

interface Row {
  backend: string;
  scenario: string;
  /** where the queries were issued (offline: always the main thread, one query at the start) */
  issuer: IssuerKind;
  result: ScenarioResult;
}

const ISSUERS: Record<string, IssuerKind[]> = { both: ['main', 'thread'], thread: ['thread'], main: ['main'] };

async function main(): Promise<number> {
  const env = captureEnvironment();
  const { flags } = parseCommandLine(
    process.argv.slice(2),
    {
      duration: { kind: 'positiveNumber', default: 5, value: 'SECONDS', description: 'minimum duration of each ResNet50 run' },
      'null-duration': { kind: 'positiveNumber', default: 2, value: 'SECONDS', description: 'minimum duration of each null-backend run' },
      instances: { kind: 'positiveInt', default: 1, description: 'instances (worker threads)' },
      threads: { kind: 'positiveInt', description: 'intra-op threads per instance (default: physical cores / instances)' },
      samples: { kind: 'positiveInt', default: 1024, description: 'performance sample set size (ResNet50: mlperf.conf\'s 1,024)' },
      'null-qps': { kind: 'positiveNumber', default: 400, description: 'server arrival rate for the null backend' },
      'server-queries': { kind: 'positiveInt', default: 600, description: 'least server queries per run (a p99 of n queries is its ⌈n/100⌉-th worst: 600 make it the 6th worst, not the maximum)' },
      issuer: { kind: 'string', default: 'both', value: 'both|thread|main', description: 'where single/multi-stream and server queries are issued: both side by side, the issuer thread, or the main thread' },
      backends: { kind: 'string', default: 'null,ort-cpu', value: 'LIST', description: 'which of the null backend and ResNet50 on ort-cpu to run, comma-separated' },
      json: { kind: 'string', value: 'FILE', description: 'write every ScenarioResult as JSON (atomically, at the end)' },
    },
    'bench issue',
  );
  const issuers = ISSUERS[flags.issuer];
  if (!issuers) throw new BenchError('USAGE', `--issuer ${flags.issuer} is not one of both, thread, main`, { hint: 'give --issuer both (the comparison), thread or main' });
  const backends = flags.backends.split(',').map((b) => b.trim()).filter((b) => b.length > 0);
  const unknown = backends.find((b) => b !== 'null' && b !== 'ort-cpu');
  if (unknown !== undefined || backends.length === 0) throw new BenchError('USAGE', `--backends ${flags.backends}: ${unknown === undefined ? 'no backend given' : `'${unknown}' is neither null nor ort-cpu`}`, { hint: 'give --backends null,ort-cpu (or one of them)' });
  const cores = env.cpu.physicalCores;
  const threads = flags.threads ?? Math.max(1, Math.floor(cores / flags.instances));
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  const model = await getSyntheticModel('resnet50', {});
  const base = new Rng(0x5eed).fillNormal(new Float32Array(3 * 224 * 224), 0, 1);
  const set = imageSamples({
    base,
    dims: [3, 224, 224],
    feedsOf: (img) => ({ input: { type: 'float32', dims: [1, 3, 224, 224], data: img } }),
    count: flags.samples,
    countSource: '--samples',
    what: 'seeded random normal N(0,1)',
  });
  const { store, info } = loadSampleStore(set);
  log(`ResNet50 batch 1 (synthetic ${model.id}) and the null backend, ${flags.instances} instance(s) × ${threads} thread(s), ${env.cpu.model ?? 'this CPU'} (${cores} physical cores)`);
  log(`performance set: ${info.loadedSampleCount} distinct images (${(info.bytes / 2 ** 20).toFixed(0)} MiB), loaded in ${(info.loadMs / 1000).toFixed(1)} s`);
  const payload = (backendId: string): SutPayload => ({ backendId, modelPath: model.path, precision: 'fp32', options: { graphOptimizationLevel: 'all' }, store, sequential: false });
  // one set of instances per backend, kept across its four scenarios (runScenario's dispose is held back until the end)
  const kept = new Map<string, Executor>();
  const factory = (backendId: string): ExecutorFactory => {
    const make = workerExecutorFactory({ entry: SUT_ENTRY, payload: payload(backendId) });
    return async (spec) => {
      const key = `${backendId}:${spec.index}`;
      let e = kept.get(key);
      if (!e) {
        e = await make(spec);
        kept.set(key, e);
      }
      return { ...e, run: e.run.bind(e), dispose: async () => undefined } as Executor;
    };
  };
  const run = async (backend: string, o: ScenarioOptions, issuer: IssuerKind): Promise<ScenarioResult> => {
    const s = resolveScenarioSettings({ warmupCalls: 3, instances: flags.instances, ...o }, { workload: 'resnet50', threads, physicalCores: cores, seed: 0 });
    if (!s) throw new Error('no scenario');
    return runScenario({ ...s, sampleCount: store.count }, factory(backend), { machineLoad: backend !== 'null', issuer });
  };

  const rows: Row[] = [];
  for (const backend of backends) {
    const d = backend === 'null' ? flags['null-duration'] : flags.duration;
    const common = { minDurationS: d, minQueries: 16, maxDurationS: d * 4 };
    // each scenario once per issuer, one after the other, so the two are measured on the same machine state
    const both = async (scenario: string, o: ScenarioOptions): Promise<ScenarioResult> => {
      let last!: ScenarioResult;
      for (const issuer of issuers) {
        last = await run(backend, o, issuer);
        rows.push({ backend, scenario, issuer: last.settings.issuer ?? issuer, result: last });
      }
      return last;
    };
    const single = await both('single-stream', { scenario: 'single-stream', ...common });
    await both('multi-stream', { scenario: 'multi-stream', ...common });
    const offline = await run(backend, { scenario: 'offline', ...common }, 'main');
    rows.push({ backend, scenario: 'offline', issuer: 'main', result: offline });
    // server at half the single-stream capacity (the null backend at a fixed rate): a queue seldom forms, so the
    // lateness is the issuing thread's own
    const meanMs = single.latency.meanMs;
    const qps = backend === 'null' ? flags['null-qps'] : Math.max(1, Math.round((0.5 * flags.instances * 1000) / meanMs));
    const serverQueries = flags['server-queries'];
    await both(`server @ ${qps} QPS`, { scenario: 'server', targetQps: qps, latencyBoundMs: 10_000, ...common, minQueries: serverQueries, maxDurationS: Math.max(common.maxDurationS, (4 * serverQueries) / qps) });
    log(`  ${backend}: done`);
    for (const [key, e] of kept) if (key.startsWith(`${backend}:`)) await e.dispose();
  }

  log('\nissue lateness (issued − due) and per-call overhead ((handed over → outputs ready) − model time), ms: mean / p99 / max');
  log(`  ${'backend'.padEnd(8)} ${'scenario'.padEnd(18)} ${'issuer'.padEnd(6)} ${'queries'.padStart(7)}  ${'lateness'.padEnd(26)} ${'overhead per call'.padEnd(26)} ${'model ms/call'.padStart(13)} ${'overhead %'.padStart(10)}`);
  for (const r of rows) {
    const t = r.result.totals;
    const calls = r.result.instances.reduce((a, i) => a + i.modelCalls, 0);
    const modelPerCall = r.result.instances.reduce((a, i) => a + i.modelMs, 0) / Math.max(1, calls);
    log(`  ${r.backend.padEnd(8)} ${r.scenario.padEnd(18)} ${r.issuer.padEnd(6)} ${String(t.queries).padStart(7)}  ${spread(t.issueLatenessMs).padEnd(26)} ${spread(t.callOverheadMs).padEnd(26)} ${fmt(modelPerCall, 2).padStart(13)} ${(r.backend === 'null' ? '—' : fmt(t.callOverheadMs?.percentOfModel, 2)).padStart(10)}`);
  }
  log('\ntargets (on a quiet machine)');
  for (const issuer of issuers) {
    // offline has one query at the start (no lateness) and the same issuing either way: its overhead counts for both
    const mine = rows.filter((r) => r.issuer === issuer || r.scenario === 'offline');
    const worstLateP99 = Math.max(...mine.map((r) => r.result.totals.issueLatenessMs?.p99Ms ?? 0));
    const worstShare = Math.max(...mine.filter((r) => r.backend !== 'null').map((r) => r.result.totals.callOverheadMs?.percentOfModel ?? Number.NaN));
    const nullServer = mine.find((r) => r.backend === 'null' && r.scenario.startsWith('server'))?.result;
    log(`  issued from the ${issuer === 'thread' ? 'issuer thread' : 'main thread'}:`);
    log(`    issue lateness p99 ≤ 0.5 ms in every scenario (#22): worst ${fmt(worstLateP99)} ms`);
    log(`    per-query overhead ≤ 1 % of the model time, ResNet50 (#22): worst ${fmt(worstShare, 2)} %`);
    if (nullServer) log(`    harness overhead per query < 1 ms, server, null backend (#19): ${fmt(nullServer.totals.callOverheadMs?.meanMs)} ms per call (mean latency ${fmt(nullServer.latency.meanMs)} ms, due → done)`);
  }
  const priority = rows.find((r) => r.result.issuePriority)?.result.issuePriority;
  if (priority) log(`  issuing thread's priority: ${priority}`);
  const warned = rows.flatMap((r) => r.result.machineLoad.warnings);
  if (warned.length > 0) log(`  warning: ${warned[0]} — the figures are the busy machine's`);
  if (flags.json) {
    writeFileAtomic(flags.json, JSON.stringify({ environment: env, model: { id: model.id, sha256: model.sha256 }, sampleSet: info, rows }, null, 1) + '\n');
    log(`\nresults in ${flags.json}`);
  }
  return 0;
}

void runMain(main);
