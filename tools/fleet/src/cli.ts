/** `fleet render FLEETFILE` | `fleet run FLEETFILE`: Kubernetes manifests from a fleet file, or the whole fleet run. */
import { resolve } from 'node:path';
import { BenchError, parseCommandLine, renderUsage, runMain, type FlagSpecs } from '@modelbench/core';
import { readFleetFile, type FleetSpec } from './fleet-file.ts';
import { Kubectl } from './kubectl.ts';
import { classWarnings } from './pod-size.ts';
import { dryRunLines, renderFleet } from './render.ts';
import { runFleet } from './run.ts';

const USAGE = `usage:
  fleet render FLEETFILE [--out DIR]        write the manifests (default DIR: results/fleet-<name>/manifests)
  fleet render FLEETFILE --dry-run          per class: cells, cores, estimated time, Job deadline
  fleet run FLEETFILE [--out DIR] [--context NAME] [--namespace NS] [--rerun-errors] ...
each command takes --help; the fleet file's fields: deploy/kubernetes/fleet.example.yaml`;

export const renderFlags = {
  out: { kind: 'string', value: 'DIR', description: 'where the manifests go (default results/fleet-<name>/manifests)' },
  namespace: { kind: 'string', value: 'NS', description: 'namespace of every object (default: the fleet file\'s, else kubectl\'s)' },
  'dry-run': { kind: 'boolean', description: 'write nothing: print per class its cells, cores, estimated time and Job deadline' },
} as const satisfies FlagSpecs;

export const runFlags = {
  out: { kind: 'string', value: 'DIR', description: 'results folder: one folder per class and the merged report (default results/fleet-<name>); an existing one resumes' },
  context: { kind: 'string', value: 'NAME', description: 'kubectl context (default: kubectl\'s current context)' },
  namespace: { kind: 'string', value: 'NS', description: 'namespace (default: the fleet file\'s, else the context\'s)' },
  kubectl: { kind: 'string', value: 'PATH', description: 'the kubectl command (default: kubectl on PATH)' },
  rerun: { kind: 'boolean', description: 'run every cell again, even those already in the folder' },
  'rerun-errors': { kind: 'boolean', description: 'run again the cells that failed last time (evicted pods, timeouts …)' },
  'poll-seconds': { kind: 'positiveNumber', value: 'S', default: 15, description: 'how often to look at the Jobs' },
  timeout: { kind: 'positiveNumber', value: 'SECONDS', description: 'stop waiting after this long (default: the Jobs\' deadlines + 10 min)' },
  'unschedulable-seconds': { kind: 'positiveNumber', value: 'S', default: 120, description: 'stop a class whose pod the scheduler cannot place for this long (its cells become errors with the reason)' },
} as const satisfies FlagSpecs;

function fleetArg(command: string, positionals: string[]): string {
  if (positionals.length !== 1) {
    throw new BenchError('USAGE', `fleet ${command}: ${positionals.length ? 'one fleet file only' : 'no fleet file given'}`, {
      hint: `usage: fleet ${command} FLEETFILE (see deploy/kubernetes/fleet.example.yaml)`,
    });
  }
  return positionals[0]!;
}

function withNamespace(fleet: FleetSpec, flag: string | undefined): FleetSpec {
  if (flag === undefined) return fleet;
  if (fleet.namespace && fleet.namespace !== flag) {
    throw new BenchError('USAGE', `fleet: --namespace ${flag} differs from the fleet file's namespace ${fleet.namespace}`, { hint: 'drop one of them' });
  }
  return { ...fleet, namespace: flag };
}

async function renderMain(argv: string[]): Promise<number> {
  if (argv.includes('--help')) return void process.stdout.write(renderUsage('fleet render FLEETFILE', renderFlags) + '\n'), 0;
  const { flags, positionals } = parseCommandLine(argv, renderFlags, 'fleet render');
  const fleet = withNamespace(readFleetFile(fleetArg('render', positionals)), flags.namespace);
  for (const mc of fleet.classes) for (const w of classWarnings(mc)) process.stderr.write(`warning: ${w}\n`);
  if (flags['dry-run']) {
    process.stdout.write(dryRunLines(fleet).join('\n') + '\n');
    return 0;
  }
  const out = resolve(flags.out ?? `results/fleet-${fleet.name}/manifests`);
  for (const f of renderFleet(fleet, out)) process.stdout.write(`${f.path}: ${f.objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}\n`);
  process.stdout.write(`apply with: kubectl apply -f ${out}\n`);
  return 0;
}

async function runMainCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help')) return void process.stdout.write(renderUsage('fleet run FLEETFILE', runFlags) + '\n'), 0;
  const { flags, positionals } = parseCommandLine(argv, runFlags, 'fleet run');
  const fleet = withNamespace(readFleetFile(fleetArg('run', positionals)), flags.namespace);
  const kubectl = new Kubectl({ command: flags.kubectl ?? 'kubectl', context: flags.context ?? null, namespace: fleet.namespace });
  const outcome = await runFleet({
    fleet,
    outDir: resolve(flags.out ?? `results/fleet-${fleet.name}`),
    kubectl,
    rerun: Boolean(flags.rerun),
    rerunErrors: Boolean(flags['rerun-errors']),
    pollSeconds: flags['poll-seconds'],
    timeoutSeconds: flags.timeout ?? null,
    unschedulableSeconds: flags['unschedulable-seconds'],
    log: (line) => void process.stderr.write(line + '\n'),
  });
  process.stderr.write(`fleet: ${outcome.cells} cells: ${outcome.recorded} recorded now, ${outcome.kept} kept from before, ${outcome.errors} errors\n`);
  if (outcome.reportPaths) process.stdout.write(`report: ${outcome.reportPaths.markdown}\n        ${outcome.reportPaths.csv}\n        ${outcome.reportPaths.html}\n`);
  return outcome.errors > 0 ? 1 : 0;
}

void runMain(async () => {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case 'render':
      return renderMain(rest);
    case 'run':
      return runMainCommand(rest);
    case undefined:
    case '--help':
      process.stdout.write(USAGE + '\n');
      return command === undefined ? 2 : 0;
    default:
      throw new BenchError('USAGE', `fleet: unknown command '${command}'`, { hint: 'commands: render, run' });
  }
});
