/**
 * Builds the stand-in base image (see standin.ts) in the private daemon, tagged with the base image's exact name
 * and tag. Slow inputs are cached under `.cache/docker/`: the debootstrap rootfs tarball and the npm tarballs of
 * Node and npm. An image whose key label matches the inputs is reused as is.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOk, which } from './proc.ts';
import {
  debianArch,
  nodePackageFor,
  npmrcFor,
  npmVersionFor,
  pickNpmConfig,
  STANDIN_KEY_LABEL,
  standInDockerfile,
  standInKey,
  StandInError,
} from './standin.ts';

export interface StandInOptions {
  docker: string;
  dockerEnv: NodeJS.ProcessEnv;
  cacheDir: string;
  /** e.g. node:20.20.2-bookworm-slim */
  baseRef: string;
  nodeVersion: string;
  arch: string;
  log: (line: string) => void;
}

const HOST_CA_DIR = '/usr/local/share/ca-certificates';
const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** The Debian mirror apt uses here (first `deb.debian.org`-style URI for `debian`), else Debian's default. */
export function debianMirror(sources: string): string {
  for (const m of sources.matchAll(/(?:URIs:|deb(?:\s+\[[^\]]*\])?)\s+(https?:\/\/\S+\/debian)\/?(?:\s|$)/g)) return m[1]!;
  return 'http://deb.debian.org/debian';
}

function readAptSources(): string {
  const files = ['/etc/apt/sources.list'];
  if (existsSync('/etc/apt/sources.list.d')) for (const f of readdirSync('/etc/apt/sources.list.d')) files.push(join('/etc/apt/sources.list.d', f));
  return files.filter(existsSync).map((f) => readFileSync(f, 'utf8')).join('\n');
}

function sha256File(path: string): Promise<string> {
  return new Promise((res, rej) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('error', rej)
      .on('end', () => res(h.digest('hex')));
  });
}

async function ensureRootfs(o: StandInOptions, debArch: string): Promise<string> {
  const tarball = join(o.cacheDir, `debootstrap-bookworm-minbase-${debArch}.tar`);
  if (existsSync(tarball)) return tarball;
  const debootstrap = which('debootstrap', ['/usr/sbin', '/sbin']);
  if (debootstrap === undefined) throw new StandInError('debootstrap not found');
  const work = mkdtempSync(join(tmpdir(), 'modelbench-debootstrap-'));
  try {
    const mirror = debianMirror(readAptSources());
    o.log(`debootstrap --variant=minbase --arch=${debArch} bookworm from ${mirror} (once; cached in ${tarball})`);
    await runOk(debootstrap, ['--variant=minbase', `--arch=${debArch}`, 'bookworm', join(work, 'rootfs'), mirror], { timeoutMs: 30 * 60_000 });
    await runOk('tar', ['-C', join(work, 'rootfs'), '--numeric-owner', '-cf', `${tarball}.tmp`, '.'], { timeoutMs: 10 * 60_000 });
    renameSync(`${tarball}.tmp`, tarball);
    return tarball;
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(`${tarball}.tmp`, { force: true });
  }
}

async function ensurePacked(o: StandInOptions, spec: string, file: string): Promise<string> {
  const path = join(o.cacheDir, file);
  if (existsSync(path)) return path;
  o.log(`npm pack ${spec}`);
  const r = await runOk('npm', ['pack', spec, '--pack-destination', o.cacheDir, '--json'], { timeoutMs: 10 * 60_000 });
  const packed = (JSON.parse(r.stdout) as { filename: string }[])[0]?.filename;
  if (packed === undefined) throw new StandInError(`npm pack ${spec} named no file`);
  // npm names scoped/unscoped tarballs itself; keep ours stable
  if (join(o.cacheDir, packed) !== path) renameSync(join(o.cacheDir, packed), path);
  return path;
}

async function imageLabel(o: StandInOptions, ref: string): Promise<string | undefined> {
  try {
    const r = await runOk(o.docker, ['image', 'inspect', '--format', `{{index .Config.Labels "${STANDIN_KEY_LABEL}"}}`, ref], { env: o.dockerEnv });
    return r.stdout.trim();
  } catch {
    return undefined;
  }
}

/** Builds (or reuses) the stand-in; returns whether it was built now. */
export async function ensureStandIn(o: StandInOptions): Promise<{ built: boolean; key: string }> {
  mkdirSync(o.cacheDir, { recursive: true });
  const npmVersion = npmVersionFor(o.nodeVersion);
  const debArch = debianArch(o.arch);
  const nodePkg = nodePackageFor(o.arch);
  const rootfs = await ensureRootfs(o, debArch);
  const nodeTgz = await ensurePacked(o, `${nodePkg}@${o.nodeVersion}`, `${nodePkg}-${o.nodeVersion}.tgz`);
  const npmTgz = await ensurePacked(o, `npm@${npmVersion}`, `npm-${npmVersion}.tgz`);

  const npmConfig = pickNpmConfig(JSON.parse((await runOk('npm', ['config', 'list', '--json'])).stdout) as Record<string, unknown>);
  const npmrc = npmrcFor(npmConfig);
  const bundlePath = npmConfig.cafile && existsSync(npmConfig.cafile) ? npmConfig.cafile : HOST_CA_BUNDLE;
  if (!existsSync(bundlePath)) throw new StandInError(`no CA bundle at ${bundlePath}`);
  const caFiles = existsSync(HOST_CA_DIR) ? readdirSync(HOST_CA_DIR).filter((f) => !f.startsWith('.')).sort() : [];
  const rootfsImage = `modelbench-standin/debian:bookworm-minbase-${debArch}`;
  const probe = { rootfsImage, nodeVersion: o.nodeVersion, npmVersion, key: '' };
  const key = standInKey([
    await sha256File(rootfs),
    await sha256File(nodeTgz),
    await sha256File(npmTgz),
    readFileSync(bundlePath),
    ...caFiles.map((f) => readFileSync(join(HOST_CA_DIR, f))),
    npmrc,
    standInDockerfile(probe),
  ]);
  if ((await imageLabel(o, o.baseRef)) === key) {
    o.log(`stand-in ${o.baseRef} is up to date (key ${key})`);
    return { built: false, key };
  }

  o.log(`docker import ${rootfs} as ${rootfsImage}`);
  await runOk(o.docker, ['import', rootfs, rootfsImage], { env: o.dockerEnv, timeoutMs: 10 * 60_000 });
  const ctx = mkdtempSync(join(tmpdir(), 'modelbench-standin-'));
  try {
    writeFileSync(join(ctx, 'Dockerfile'), standInDockerfile({ ...probe, key }));
    cpSync(nodeTgz, join(ctx, 'node.tgz'));
    cpSync(npmTgz, join(ctx, 'npm.tgz'));
    mkdirSync(join(ctx, 'ca'));
    for (const f of caFiles) cpSync(join(HOST_CA_DIR, f), join(ctx, 'ca', f), { dereference: true });
    cpSync(bundlePath, join(ctx, 'ca-certificates.crt'), { dereference: true });
    writeFileSync(join(ctx, 'npmrc'), npmrc);
    o.log(`building stand-in ${o.baseRef} (Node ${o.nodeVersion}, npm ${npmVersion}, ${caFiles.length} extra CA file(s))`);
    await runOk(o.docker, ['build', '--network', 'host', '-t', o.baseRef, ctx], {
      env: { ...o.dockerEnv, DOCKER_BUILDKIT: '0' },
      timeoutMs: 15 * 60_000,
      echo: '  stand-in | ',
    });
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
  return { built: true, key };
}
