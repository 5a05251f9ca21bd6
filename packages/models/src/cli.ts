/**
 * `models`: the catalogue and the model cache from the command line.
 *   models list | fetch ID... | verify | path ID | synthesize WORKLOAD   [--cache-dir DIR] [--offline] [--allow-unpinned]
 * Usage errors exit 2 with one line; data goes to stdout, progress and notes to stderr.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BenchError, formatBytes, formatCount, parseCommandLine, renderTable, runMain, type FlagSpecs } from '@modelbench/core';
import { chooseCacheDir } from './cache-dir.ts';
import { CATALOGUE, getCatalogueEntry } from './catalogue/catalogue.ts';
import { listCatalogue, verifyCache, type ListRow } from './catalogue/inventory.ts';
import { cachedFilePath, resolveCatalogueModel } from './catalogue/resolve.ts';
import { checkCachedFile } from './catalogue/cache-record.ts';
import { WORKLOAD_IDS, type WorkloadId } from './catalogue/types.ts';
import { findCacheStrays } from './cache-strays.ts';
import { getSyntheticModel } from './synthetic-cache.ts';
import { parseSet } from './set-options.ts';

const FLAGS = {
  'cache-dir': { kind: 'string', value: 'DIR', description: 'model cache folder (else $MODELBENCH_CACHE_DIR, else <repo>/.modelbench/models)' },
  offline: { kind: 'boolean', description: 'never touch the network' },
  'allow-unpinned': { kind: 'boolean', description: 'fetch entries that have no published sha256 (prints the computed one)' },
  workload: { kind: 'string', value: 'W', description: `list: only this workload (${WORKLOAD_IDS.join(', ')})` },
  json: { kind: 'boolean', description: 'list / verify: JSON on stdout' },
  set: { kind: 'strings', value: 'K=V', description: 'synthesize: a builder option, e.g. --set seed=7 (repeatable)' },
  force: { kind: 'boolean', description: 'synthesize: rebuild even when cached' },
  help: { kind: 'boolean', short: 'h', description: 'this help' },
} satisfies FlagSpecs;

const COMMANDS = ['list', 'fetch', 'verify', 'path', 'synthesize'] as const;
type Command = (typeof COMMANDS)[number];

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const defaultIo = (): CliIo => ({
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
});

export function usage(): string {
  const rows = Object.entries(FLAGS).map(([n, s]) => `  --${n}${'value' in s ? ` ${s.value}` : ''}`.padEnd(26) + s.description);
  return [
    'usage: models <command> [flags]',
    '',
    '  list                  every catalogue entry: workload, source, size, cached or not',
    '  fetch ID [ID...]      download into the cache and verify the sha256 (progress bar on a terminal)',
    '  verify                re-hash every cached file against its pin or recorded hash; list stray temp files',
    '  path ID               print the cached file of ID (never downloads; builds a synthetic one)',
    '  synthesize WORKLOAD   build (or reuse) the synthetic model of a workload',
    '',
    ...rows,
  ].join('\n');
}

function usageError(message: string): BenchError {
  return new BenchError('USAGE', message, { hint: 'models --help' });
}

export { parseSet };

function sizeText(r: ListRow): string {
  if (r.sizeBytes === undefined) return '-';
  return `${r.sizeIsApproximate ? '~' : ''}${formatBytes(r.sizeBytes)}`;
}

async function cmdList(flags: { workload: string | undefined; json: boolean | undefined }, cacheDir: string, io: CliIo): Promise<number> {
  if (flags.workload !== undefined && !WORKLOAD_IDS.includes(flags.workload as WorkloadId)) {
    throw usageError(`--workload must be one of ${WORKLOAD_IDS.join(', ')}, got '${flags.workload}'`);
  }
  const entries = flags.workload === undefined ? CATALOGUE : CATALOGUE.filter((e) => e.workload === flags.workload);
  const rows = await listCatalogue(cacheDir, entries);
  if (flags.json) {
    const data = rows.map((r) => ({ id: r.entry.id, workload: r.entry.workload, source: r.entry.source, kind: r.entry.kind, sizeBytes: r.sizeBytes, sizeIsApproximate: r.sizeIsApproximate, pinned: r.entry.source === 'synthetic' ? null : r.entry.pin !== null, status: r.status, path: r.path }));
    io.stdout(JSON.stringify(data, null, 2) + '\n');
    return 0;
  }
  const table = rows.map((r) => [
    r.entry.id,
    r.entry.workload,
    r.entry.source,
    r.entry.kind === 'model' ? r.entry.precision ?? '-' : r.entry.kind,
    sizeText(r),
    r.entry.source === 'synthetic' ? 'built' : r.entry.pin ? 'pinned' : 'unpinned',
    r.status,
  ]);
  io.stdout(renderTable(['id', 'workload', 'source', 'precision', 'size', 'sha256', 'cache'], table, ['left', 'left', 'left', 'left', 'right', 'left', 'left']) + '\n');
  io.stdout(`cache: ${cacheDir}\n`);
  return 0;
}

async function cmdFetch(ids: string[], o: { cacheDir: string; offline: boolean; allowUnpinned: boolean }, io: CliIo): Promise<number> {
  if (ids.length === 0) throw usageError('fetch needs at least one catalogue id (see: models list)');
  for (const id of ids) getCatalogueEntry(id); // every id checked before anything is downloaded
  for (const id of ids) {
    const r = await resolveCatalogueModel(id, {
      cacheDir: o.cacheDir,
      offline: o.offline,
      allowUnpinned: o.allowUnpinned,
      progress: true,
      env: io.env,
      log: (line) => io.stderr(`${line}\n`),
    });
    for (const f of [r, ...r.companions]) {
      io.stderr(`${f.entry.id}: ${f.origin === 'download' ? 'downloaded and verified' : f.origin === 'synthetic' ? 'built' : 'already cached'} (sha256 ${f.sha256}, ${formatBytes(f.sizeBytes)}${f.pinned ? '' : ', unpinned'})\n`);
      io.stdout(`${f.path}\n`);
    }
  }
  return 0;
}

async function cmdVerify(json: boolean, cacheDir: string, io: CliIo): Promise<number> {
  const rows = await verifyCache(cacheDir);
  const strays = await findCacheStrays(cacheDir);
  const bad = rows.filter((r) => r.status !== 'ok');
  if (json) {
    io.stdout(JSON.stringify({ files: rows, strays }, null, 2) + '\n');
  } else if (rows.length === 0) {
    io.stdout(`nothing cached in ${cacheDir}\n`);
  } else {
    const headers = ['file', 'status', 'size', 'sha256', ...(bad.length > 0 ? ['expected sha256'] : [])];
    const table = rows.map((r) => [
      r.name,
      r.status === 'ok' ? 'ok' : 'MISMATCH',
      formatBytes(r.sizeBytes),
      bad.length > 0 ? r.actualSha256 : r.actualSha256.slice(0, 16),
      ...(bad.length > 0 ? [r.status === 'ok' ? '' : r.expectedSha256 ?? '(no record)'] : []),
    ]);
    io.stdout(renderTable(headers, table, ['left', 'left', 'right', 'left', 'left']) + '\n');
  }
  if (!json && strays.length > 0) {
    io.stdout(`\nstray files left by interrupted writes (safe to delete; the next build of that model removes its own):\n`);
    const table = strays.map((f) => [f.path, f.kind, formatBytes(f.sizeBytes), f.pid === null ? '-' : String(f.pid)]);
    io.stdout(renderTable(['file', 'kind', 'size', 'pid'], table, ['left', 'left', 'right', 'right']) + '\n');
  }
  if (bad.length > 0) io.stderr(`error [CHECKSUM_MISMATCH]: ${bad.length} cached file(s) do not verify: ${bad.map((b) => b.path).join(', ')}\n  fix: delete them and fetch again\n`);
  return bad.length > 0 ? 1 : 0;
}

async function cmdPath(ids: string[], cacheDir: string, io: CliIo): Promise<number> {
  if (ids.length !== 1) throw usageError('path takes exactly one catalogue id');
  const entry = getCatalogueEntry(ids[0] as string);
  if (entry.source === 'synthetic') {
    io.stdout(`${(await getSyntheticModel(entry.builder, { cacheDir })).path}\n`);
    return 0;
  }
  const path = cachedFilePath(cacheDir, entry);
  const state = await checkCachedFile(path, entry.id, entry.pin);
  if (state.state === 'ok') {
    io.stdout(`${path}\n`);
    return 0;
  }
  const why = state.state === 'missing' ? 'is not cached' : 'is cached but does not match its pin';
  throw new BenchError('MODEL_NOT_FOUND', `${entry.id} ${why}; expected ${path}`, { hint: `models fetch ${entry.id}` });
}

async function cmdSynthesize(args: string[], o: { cacheDir: string; set: string[]; force: boolean }, io: CliIo): Promise<number> {
  if (args.length !== 1) throw usageError(`synthesize takes exactly one workload (${WORKLOAD_IDS.join(', ')})`);
  const workload = args[0] as string;
  if (!WORKLOAD_IDS.includes(workload as WorkloadId)) throw usageError(`unknown workload '${workload}'; one of ${WORKLOAD_IDS.join(', ')}`);
  const started = performance.now();
  const s = await getSyntheticModel(workload, { cacheDir: o.cacheDir, options: parseSet(workload as WorkloadId, o.set), force: o.force });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.stderr(`${s.id}: ${s.cacheHit ? 'reused from the cache' : `built in ${seconds} s`}; ${formatCount(s.parameters)} parameters, ${formatCount(s.macsPerSample)}MAC per sample, ${formatBytes(s.sizeBytes)}, sha256 ${s.sha256}\n`);
  io.stdout(`${s.path}\n`);
  return 0;
}

export async function runModelsCli(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const { flags, positionals } = parseCommandLine(argv, FLAGS, 'models');
  if (flags.help) {
    io.stdout(usage() + '\n');
    return 0;
  }
  const [command, ...args] = positionals;
  if (command === undefined) throw usageError(`a command is required: ${COMMANDS.join(', ')}`);
  if (!COMMANDS.includes(command as Command)) throw usageError(`unknown command '${command}'; one of ${COMMANDS.join(', ')}`);
  const cacheDir = chooseCacheDir({ flag: flags['cache-dir'], env: io.env, cwd: io.cwd }).path;
  switch (command as Command) {
    case 'list':
      if (args.length > 0) throw usageError(`list takes no arguments, got '${args.join(' ')}'`);
      return cmdList(flags, cacheDir, io);
    case 'fetch':
      return cmdFetch(args, { cacheDir, offline: flags.offline ?? false, allowUnpinned: flags['allow-unpinned'] ?? false }, io);
    case 'verify':
      if (args.length > 0) throw usageError(`verify takes no arguments, got '${args.join(' ')}'`);
      return cmdVerify(flags.json ?? false, cacheDir, io);
    case 'path':
      return cmdPath(args, cacheDir, io);
    case 'synthesize':
      return cmdSynthesize(args, { cacheDir, set: flags.set ?? [], force: flags.force ?? false }, io);
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) void runMain(() => runModelsCli(process.argv.slice(2)));
