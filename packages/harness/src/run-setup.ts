/**
 * The one set-up every mode runs (performance, its scenarios, tune, validate, accuracy): check the output paths and
 * the stray arguments, plan each precision once, resolve the model (with the run's progress line), open a session
 * and bind the workload's adapter to it. Each mode is the layer on top: what it does with the bound session(s). The
 * set-up takes typed options (run-options.ts), which each mode makes of its flags once, at its entry.
 */
import { assertWritable, BenchError, type PrecisionName, type Progress } from '@modelbench/core';
import type { BackendRegistry, InferenceBackend, PrecisionPlan } from '@modelbench/backends';
import { selectAdapter } from './adapters.ts';
import { candidateLabel } from './candidate-label.ts';
import { resolveModel, type ResolvedModel } from './resolve-model.ts';
import type { RunOptions } from './run-options.ts';
import { runProgress } from './run-progress.ts';
import { openSession, planSession, type OpenedSession } from './session.ts';
import type { CandidateLabel, ModelAdapter } from './workload.ts';

/** A mode that takes no positional arguments refuses the first one, naming it. */
export function refuseArguments(workload: string, mode: string, positionals: readonly string[], hint = 'flags start with --; see --help'): void {
  if (positionals.length) throw new BenchError('USAGE', `${workload} ${mode}: unexpected argument '${positionals[0]}'`, { hint });
}

/** Every output file given is writable, checked before any slow work (undefined: not asked for). */
export function checkWritable(...paths: (string | undefined)[]): void {
  for (const p of paths) if (p) assertWritable(p);
}

export interface RunSetup {
  /** the options the run was set up with: its sessions open with `options.session` and bind `options.adapterId` */
  options: RunOptions;
  /** the run's precision: bf16 with --bf16, else fp32 */
  precision: PrecisionName;
  backend: InferenceBackend;
  /** the plan of `precision` (and of fp32, for a mode that compares against it), made once */
  plans: Partial<Record<PrecisionName, PrecisionPlan>>;
  progress: Progress;
  model: ResolvedModel;
}

export interface RunSetupOptions {
  mode: string;
  /** validate and accuracy: plan fp32 as well, the reference side */
  withReference?: boolean;
  quiet?: boolean | undefined;
}

/** Plans the precision(s) (unknown backend, unsupported precision: before any model work), then resolves the model. */
export async function setUpRun(workload: { id: string }, run: RunOptions, registry: BackendRegistry, o: RunSetupOptions): Promise<RunSetup> {
  const { precision } = run;
  const { backend, plans } = await planSession(run.session, o.withReference ? ['fp32', precision] : [precision], registry);
  // progress on stderr only (stdout unchanged), ended before the mode's report prints (and by workload-main on failure)
  const progress = runProgress(workload.id, o.mode, o.quiet);
  const model = await resolveModel(workload.id, run.model, progress);
  return { options: run, precision, backend, plans, progress, model };
}

export interface BoundSession<B> extends OpenedSession {
  adapter: ModelAdapter<B>;
  bound: B;
  /** wall time of opening the session, ms */
  loadMs: number;
}

export interface OpenBoundOptions<B> {
  /** another model than the run's (validate's --candidate-model) */
  model?: ResolvedModel;
  profilePrefix?: string | undefined;
  /** the progress phase while it opens (default 'loading session') */
  phase?: string;
  /** checks the bound model fits the mode (throws); the session is closed then */
  check?: (bound: B, session: OpenedSession) => void;
}

/**
 * Opens a session of `precision` with the run's session options and binds the workload's adapter (the run's
 * `adapterId`, else the one that matches) to its signature; closed again if the binding fails.
 */
export async function openBound<B>(setup: RunSetup, workload: { adapters: readonly ModelAdapter<B>[] }, precision: PrecisionName, o: OpenBoundOptions<B> = {}): Promise<BoundSession<B>> {
  const model = o.model ?? setup.model;
  setup.progress.phase(o.phase ?? 'loading session');
  const start = performance.now();
  const opened = await openSession(model, setup.backend, setup.plans[precision]!, setup.options.session, o.profilePrefix);
  const loadMs = performance.now() - start;
  try {
    const adapter = selectAdapter(workload.adapters, opened.loaded, setup.options.adapterId);
    const bound = adapter.bind({ inputs: opened.loaded.inputs, outputs: opened.loaded.outputs, modelPath: model.artifact.path });
    o.check?.(bound, opened);
    return { ...opened, adapter, bound, loadMs };
  } catch (e) {
    await opened.loaded.dispose();
    throw e;
  }
}

export interface Comparison<B> {
  /** the candidate's label: `fp32 (repeat)`, `bf16 (emulated)`, `bf16 (native)` */
  label: CandidateLabel;
  reference: BoundSession<B>;
  candidate: BoundSession<B>;
}

/**
 * validate's and accuracy's two sessions: fp32 and the run's precision (a second fp32 session without --bf16), each
 * bound and checked; the fp32 one is closed again if the candidate cannot open.
 */
export async function openComparison<B>(
  setup: RunSetup,
  workload: { adapters: readonly ModelAdapter<B>[] },
  o: Pick<OpenBoundOptions<B>, 'check'> & { candidateModel?: ResolvedModel; profilePrefix?: (slug: string) => string | undefined },
): Promise<Comparison<B>> {
  const label = candidateLabel(setup.plans[setup.precision]!);
  const reference = await openBound<B>(setup, workload, 'fp32', { profilePrefix: o.profilePrefix?.('fp32'), phase: 'loading fp32 session', ...(o.check ? { check: o.check } : {}) });
  try {
    const candidate = await openBound<B>(setup, workload, setup.precision, {
      ...(o.candidateModel ? { model: o.candidateModel } : {}),
      profilePrefix: o.profilePrefix?.(label.slug),
      phase: `loading ${label.text} session`,
      ...(o.check ? { check: o.check } : {}),
    });
    return { label, reference, candidate };
  } catch (e) {
    await reference.loaded.dispose();
    throw e;
  }
}
