/**
 * What the image's entrypoint does with its arguments, as a pure plan (tested without a container):
 *
 *   (no arguments)                   `performance` of every workload (the original's all-workloads image)
 *   performance|validate [FLAGS]     that mode of every workload, FLAGS passed to each
 *   FLAGS... (first one a flag)      same as `performance FLAGS...`
 *   <workload> [MODE] [FLAGS]        one workload's own command line (MODE defaults to performance)
 *   backends|models [ARGS]           the workspace's backend listing / model catalogue
 *   help | --help | -h               the usage text
 *
 * In a flag value, `{workload}` becomes the workload's name, so one all-workloads run can write one record per
 * workload: `--json out/{workload}.json`.
 */

export const MODES = ['performance', 'validate'] as const;
export type Mode = (typeof MODES)[number];

export interface Step {
  /** label for progress lines: `resnet50 performance` */
  label: string;
  /** the workload this step runs, if it runs one */
  workload?: string;
  /** script to run with tsx, relative to the repo root */
  script: string;
  args: string[];
}

export type Plan =
  | { kind: 'help' }
  | { kind: 'run'; steps: Step[]; /** stop the remaining steps when one exits with a usage error (2) */ stopOnUsageError: boolean }
  | { kind: 'error'; message: string; hint: string };

export interface PlanContext {
  workloads: readonly string[];
  /** tool name → script path */
  tools: Readonly<Record<string, string>>;
}

export const WORKLOAD_PLACEHOLDER = '{workload}';

function isMode(a: string | undefined): a is Mode {
  return a !== undefined && (MODES as readonly string[]).includes(a);
}

function isFlag(a: string | undefined): boolean {
  return a !== undefined && a.startsWith('-');
}

function mainScript(workload: string): string {
  return `packages/${workload}/src/main.ts`;
}

export function substituteWorkload(args: readonly string[], workload: string): string[] {
  return args.map((a) => a.split(WORKLOAD_PLACEHOLDER).join(workload));
}

function allWorkloads(mode: Mode, flags: readonly string[], ctx: PlanContext): Plan {
  if (ctx.workloads.length === 0) {
    return { kind: 'error', message: 'this image holds no workload (no packages/<w>/src/main.ts)', hint: 'rebuild the image from a checkout with workloads' };
  }
  // `performance --help`: one workload's flag list says it for all of them.
  const targets = flags.includes('--help') || flags.includes('-h') ? ctx.workloads.slice(0, 1) : ctx.workloads;
  const steps = targets.map((w) => ({
    label: `${w} ${mode}`,
    workload: w,
    script: mainScript(w),
    args: [mode, ...substituteWorkload(flags, w)],
  }));
  return { kind: 'run', steps, stopOnUsageError: true };
}

export function planRun(argv: readonly string[], ctx: PlanContext): Plan {
  const [first, ...rest] = argv;
  if (first === undefined) return allWorkloads('performance', [], ctx);
  if (first === 'help' || first === '--help' || first === '-h') return { kind: 'help' };
  if (isMode(first)) return allWorkloads(first, rest, ctx);
  if (isFlag(first)) return allWorkloads('performance', argv, ctx);
  if (ctx.workloads.includes(first)) {
    // The workload's own CLI judges the mode and flags (and says what is wrong with them).
    const args = rest.length === 0 || isFlag(rest[0]) ? ['performance', ...rest] : [...rest];
    return { kind: 'run', steps: [{ label: `${first} ${args[0]}`, workload: first, script: mainScript(first), args: substituteWorkload(args, first) }], stopOnUsageError: true };
  }
  const tool = ctx.tools[first];
  if (tool !== undefined) return { kind: 'run', steps: [{ label: first, script: tool, args: [...rest] }], stopOnUsageError: true };
  const commands = [...MODES, ...Object.keys(ctx.tools), 'help'];
  return {
    kind: 'error',
    message: `unknown workload or command '${first}'`,
    hint: `workloads: ${ctx.workloads.join(', ') || '(none)'}; commands: ${commands.join(', ')}`,
  };
}

/** The exit code of a whole run: the first failing step's, else 0. */
export function overallExitCode(codes: readonly number[]): number {
  return codes.find((c) => c !== 0) ?? 0;
}

export function usageText(ctx: PlanContext): string {
  const tools = Object.keys(ctx.tools);
  return [
    'modelbench image: the benchmark suite on onnxruntime-node (CPU, MLAS)',
    '',
    'usage: docker run [docker options] IMAGE [COMMAND] [FLAGS]',
    '  (no arguments)               performance of every workload; prints one [TARGET] <workload> Time <s> line each',
    '  performance [FLAGS]          the same, FLAGS passed to every workload (e.g. --batch 1 --iterations 5)',
    '  validate [FLAGS]             validate (fp32 vs bf16 agreement) of every workload',
    '  FLAGS                        a first argument that is a flag means `performance FLAGS`',
    '  <workload> [MODE] [FLAGS]    one workload: ' + (ctx.workloads.join(', ') || '(none)'),
    ...(tools.length ? [`  ${tools.join(' | ')} [ARGS]`.padEnd(31) + 'the backend listing / model catalogue'] : []),
    '',
    `In flag values ${WORKLOAD_PLACEHOLDER} is replaced by the workload's name: --json out/${WORKLOAD_PLACEHOLDER}.json`,
    'Models are generated on first use into MODELBENCH_CACHE_DIR (/models, a volume): mount a named volume there to',
    'keep them between runs. Records and reports go under /app/out: mount a host folder there to get them out.',
    '`IMAGE resnet50 performance --help` lists every flag.',
  ].join('\n');
}
