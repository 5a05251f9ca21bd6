/**
 * The local stand-in for the official `node:<version>-bookworm-slim` image, for machines that reach no image
 * registry: Debian bookworm minbase (debootstrap), Node from the npm registry's `node-linux-<arch>` package, the npm
 * that ships with that Node, the user `node` (uid/gid 1000, as the official image), and this machine's CA
 * certificates and npm registry settings (HTTPS egress may go through an intercepting proxy). Pure parts only here;
 * build-test.ts runs them.
 */
import { createHash } from 'node:crypto';

/** npm bundled with each Node release the Dockerfile may name (https://nodejs.org/dist/index.json, field `npm`). */
export const NPM_BUNDLED_WITH_NODE: Readonly<Record<string, string>> = {
  '20.20.2': '10.8.2',
};

export class StandInError extends Error {
  override readonly name = 'StandInError';
}

/** `node:20.20.2-bookworm-slim` → `20.20.2`; the base must be the official Node bookworm-slim image. */
export function nodeVersionOfBase(ref: string): string {
  const m = /^node:(\d+\.\d+\.\d+)-bookworm-slim$/.exec(ref);
  if (!m) throw new StandInError(`docker/Dockerfile must build FROM node:<x.y.z>-bookworm-slim, found ${ref}`);
  return m[1]!;
}

export function npmVersionFor(nodeVersion: string): string {
  const npm = NPM_BUNDLED_WITH_NODE[nodeVersion];
  if (npm === undefined) {
    throw new StandInError(
      `no npm version known for Node ${nodeVersion}: add it to NPM_BUNDLED_WITH_NODE in tools/docker/src/standin.ts ` +
        '(the `npm` field of that release in https://nodejs.org/dist/index.json)',
    );
  }
  return npm;
}

/** The npm registry package holding the Node binary for this architecture. */
export function nodePackageFor(arch: string): string {
  if (arch === 'x64' || arch === 'arm64') return `node-linux-${arch}`;
  throw new StandInError(`no node-linux-* package for architecture '${arch}' (x64 and arm64 are published)`);
}

/** Debian's name for Node's architecture (debootstrap --arch). */
export function debianArch(arch: string): string {
  if (arch === 'x64') return 'amd64';
  if (arch === 'arm64') return 'arm64';
  throw new StandInError(`no Debian architecture for '${arch}'`);
}

export interface HostNpmConfig {
  registry?: string | undefined;
  cafile?: string | undefined;
  proxy?: string | undefined;
  'https-proxy'?: string | undefined;
  noproxy?: string | undefined;
  'strict-ssl'?: boolean | undefined;
}

/** Where the stand-in keeps the CA bundle (the path Debian's ca-certificates uses). */
export const IMAGE_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * The stand-in's global npmrc (`/usr/local/etc/npmrc`): the host's registry, proxies and TLS settings, with the CA
 * file pointing at the bundle copied into the image (the host's own path means nothing in there).
 */
export function npmrcFor(config: HostNpmConfig): string {
  const lines: string[] = [];
  if (config.registry) lines.push(`registry=${config.registry}`);
  lines.push(`cafile=${IMAGE_CA_BUNDLE}`);
  if (config.proxy) lines.push(`proxy=${config.proxy}`);
  if (config['https-proxy']) lines.push(`https-proxy=${config['https-proxy']}`);
  if (config.noproxy) lines.push(`noproxy=${config.noproxy}`);
  if (config['strict-ssl'] === false) lines.push('strict-ssl=false');
  return lines.join('\n') + '\n';
}

/** Picks the settings we carry over from `npm config list --json`. */
export function pickNpmConfig(json: Record<string, unknown>): HostNpmConfig {
  const str = (k: string): string | undefined => (typeof json[k] === 'string' && json[k] !== '' ? (json[k] as string) : undefined);
  return {
    registry: str('registry'),
    cafile: str('cafile'),
    proxy: str('proxy'),
    'https-proxy': str('https-proxy'),
    noproxy: str('noproxy'),
    'strict-ssl': typeof json['strict-ssl'] === 'boolean' ? (json['strict-ssl'] as boolean) : undefined,
  };
}

const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'FTP_PROXY'];

/**
 * `--build-arg` pairs for the proxy variables set here. Docker predefines these build args: RUN steps see them,
 * yet they stay out of the image's history and config.
 */
export function proxyBuildArgs(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  for (const name of PROXY_VARS.flatMap((v) => [v, v.toLowerCase()])) {
    const value = env[name];
    if (value !== undefined && value !== '') out.push('--build-arg', `${name}=${value}`);
  }
  return out;
}

export interface StandInSpec {
  /** the imported debootstrap rootfs, e.g. `modelbench-standin/debian:bookworm-minbase-amd64` */
  rootfsImage: string;
  nodeVersion: string;
  npmVersion: string;
  /** content hash of every input, stored as a label so an unchanged stand-in is not rebuilt */
  key: string;
}

export const STANDIN_KEY_LABEL = 'org.modelbench.stand-in.key';

/**
 * Dockerfile of the stand-in, built in a context holding `node.tgz`, `npm.tgz` (npm pack tarballs), `ca/` (the
 * host's /usr/local/share/ca-certificates), `ca-certificates.crt` (the host's bundle) and `npmrc`.
 */
export function standInDockerfile(spec: StandInSpec): string {
  return `# Local stand-in for node:${spec.nodeVersion}-bookworm-slim (generated by tools/docker/src/standin.ts)
FROM ${spec.rootfsImage}
ADD node.tgz /opt/node-pkg/
ADD npm.tgz /opt/npm-pkg/
RUN set -eu; \\
    install -m 0755 /opt/node-pkg/package/bin/node /usr/local/bin/node; \\
    mkdir -p /usr/local/lib/node_modules /usr/local/etc; \\
    mv /opt/npm-pkg/package /usr/local/lib/node_modules/npm; \\
    ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm; \\
    ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx; \\
    rm -rf /opt/node-pkg /opt/npm-pkg; \\
    echo 'node:x:1000:' >> /etc/group; \\
    echo 'node:x:1000:1000::/home/node:/bin/bash' >> /etc/passwd; \\
    echo 'node:*:19000:0:99999:7:::' >> /etc/shadow; \\
    mkdir -p /home/node; chown 1000:1000 /home/node; \\
    test "$(node --version)" = "v${spec.nodeVersion}"; \\
    test "$(npm --version)" = "${spec.npmVersion}"
COPY ca/ /usr/local/share/ca-certificates/
COPY ca-certificates.crt ${IMAGE_CA_BUNDLE}
COPY npmrc /usr/local/etc/npmrc
ENV NODE_VERSION=${spec.nodeVersion} \\
    NODE_EXTRA_CA_CERTS=${IMAGE_CA_BUNDLE}
LABEL ${STANDIN_KEY_LABEL}="${spec.key}"
CMD ["node"]
`;
}

/** A short content hash of the stand-in's inputs. */
export function standInKey(parts: readonly (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(createHash('sha256').update(p).digest());
  return h.digest('hex').slice(0, 16);
}
