/**
 * Proxies and TLS trust: NO_PROXY matching; HTTP_PROXY as a forward proxy; HTTPS_PROXY as a CONNECT tunnel to an
 * https origin whose self-signed certificate is trusted only through NODE_EXTRA_CA_CERTS (read by Node at start-up,
 * so that case runs in a child process).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { downloadVerified } from '../src/download/download.ts';
import { bypassesProxy, proxyForUrl } from '../src/download/proxy.ts';
import { cleanEnv, runTs } from './helpers/child.ts';
import { serveBytes, startServer, tinyModel, type TestServer } from './helpers/model-server.ts';

const model = tinyModel();
const pin = { sha256: model.sha256, sizeBytes: model.sizeBytes };
const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('proxy selection', () => {
  const u = (s: string): URL => new URL(s);
  it('uses HTTPS_PROXY for https and HTTP_PROXY for http, lower case first, ALL_PROXY last', () => {
    const env = { HTTPS_PROXY: 'http://upper:1', https_proxy: 'lower:2', HTTP_PROXY: 'http://plain:3', ALL_PROXY: 'http://all:4' };
    expect(proxyForUrl(u('https://huggingface.co/x'), env)?.href).toBe('http://lower:2/');
    expect(proxyForUrl(u('http://example.com/x'), env)?.href).toBe('http://plain:3/');
    expect(proxyForUrl(u('http://example.com/x'), { ALL_PROXY: 'http://all:4' })?.href).toBe('http://all:4/');
    expect(proxyForUrl(u('https://example.com/x'), {})).toBeUndefined();
    expect(() => proxyForUrl(u('https://example.com/x'), { HTTPS_PROXY: 'socks5://s:1080' })).toThrow(/only http/);
  });

  it('bypasses hosts, domain suffixes, ports and * listed in NO_PROXY', () => {
    expect(bypassesProxy(u('https://cdn.huggingface.co/a'), '.huggingface.co')).toBe(true);
    expect(bypassesProxy(u('https://huggingface.co/a'), '*.huggingface.co')).toBe(true);
    expect(bypassesProxy(u('https://nothuggingface.co/a'), 'huggingface.co')).toBe(false);
    expect(bypassesProxy(u('http://127.0.0.1:8080/a'), 'localhost, 127.0.0.1:8080')).toBe(true);
    expect(bypassesProxy(u('http://127.0.0.1:9090/a'), '127.0.0.1:8080')).toBe(false);
    expect(bypassesProxy(u('http://[::1]:80/a'), '[::1]')).toBe(true);
    expect(bypassesProxy(u('https://x.org/a'), '*')).toBe(true);
    expect(proxyForUrl(u('https://x.org/a'), { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'x.org' })).toBeUndefined();
  });
});

describe('through a real proxy', () => {
  let origin: TestServer;
  let proxy: http.Server;
  let proxyUrl: string;
  const proxied: string[] = [];
  const tunnels = new Set<{ destroy(): unknown }>();
  let dir: string;

  beforeAll(async () => {
    origin = await startServer();
    origin.route('/m.onnx', (req, res) => serveBytes(req, res, model.bytes));
    proxy = http.createServer((req, res) => {
      proxied.push(`${req.method} ${req.url}`);
      const up = http.request(req.url ?? '', { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.writeHead(502).end());
      req.pipe(up);
    });
    proxy.on('connect', (req, client) => {
      proxied.push(`CONNECT ${req.url}`);
      const [host, port] = (req.url ?? '').split(':');
      tunnels.add(client);
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      tunnels.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'mb-proxy-'));
  });
  afterAll(async () => {
    await origin.close();
    proxy.closeAllConnections();
    for (const t of tunnels) t.destroy(); // CONNECT sockets leave the server's bookkeeping
    await new Promise((r) => proxy.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends http requests to HTTP_PROXY in absolute form, and skips it for NO_PROXY hosts', async () => {
    proxied.length = 0;
    const r = await downloadVerified({ urls: [origin.url('/m.onnx')], destPath: join(dir, 'a.onnx'), expected: pin, env: { HTTP_PROXY: proxyUrl } });
    expect(r.sha256).toBe(model.sha256);
    expect(proxied).toEqual([`GET ${origin.url('/m.onnx')}`]);
    await downloadVerified({ urls: [origin.url('/m.onnx')], destPath: join(dir, 'b.onnx'), expected: pin, env: { HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' } });
    expect(proxied.length).toBe(1);
  });

  it('reports an unreachable proxy as a download failure', async () => {
    const e = await downloadVerified({ urls: [origin.url('/m.onnx')], destPath: join(dir, 'c.onnx'), expected: pin, env: { HTTP_PROXY: 'http://127.0.0.1:1' }, maxAttemptsPerUrl: 1 }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(BenchError);
    expect((e as BenchError).code).toBe('DOWNLOAD_FAILED');
    expect((e as BenchError).message).toContain('ECONNREFUSED');
  });

  describe.skipIf(!hasOpenssl)('https origin with a private CA', () => {
    let tlsServer: https.Server;
    let httpsUrl: string;
    let certPath: string;

    beforeAll(async () => {
      certPath = join(dir, 'cert.pem');
      const keyPath = join(dir, 'key.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
      tlsServer = https.createServer({ key: readFileSync(keyPath), cert: readFileSync(certPath) }, (req, res) => serveBytes(req, res, model.bytes));
      await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
      httpsUrl = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}/m.onnx`;
    });
    afterAll(async () => {
      tlsServer.closeAllConnections();
      await new Promise((r) => tlsServer.close(r));
    });

    it('refuses the untrusted certificate without retrying and names NODE_EXTRA_CA_CERTS', async () => {
      const e = await downloadVerified({ urls: [httpsUrl], destPath: join(dir, 'd.onnx'), expected: pin, env: {} }).catch((err: unknown) => err);
      expect((e as BenchError).code).toBe('DOWNLOAD_FAILED');
      expect((e as BenchError).message).toMatch(/not trusted .*NODE_EXTRA_CA_CERTS/);
    });

    it('tunnels through HTTPS_PROXY with CONNECT and trusts the CA from NODE_EXTRA_CA_CERTS (child process)', async () => {
      proxied.length = 0;
      const args = JSON.stringify({ urls: [httpsUrl], destPath: join(dir, 'e.onnx'), expected: pin });
      const r = await runTs('test/fixtures/fetch-child.ts', [args], { env: cleanEnv({ HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: certPath }) });
      expect(JSON.parse(r.stdout.trim()), r.stdout + r.stderr).toMatchObject({ ok: true, sha256: model.sha256 });
      expect(proxied).toEqual([`CONNECT 127.0.0.1:${new URL(httpsUrl).port}`]);
    }, 20_000);
  });
});
