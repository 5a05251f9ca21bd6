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
import { proxySettings } from '../src/download/proxy.ts';
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

describe('proxy settings from the environment given (handed to undici EnvHttpProxyAgent)', () => {
  it('HTTPS_PROXY for https and HTTP_PROXY for http, lower case first, ALL_PROXY last; never process.env', () => {
    const env = { HTTPS_PROXY: 'http://upper:1', https_proxy: 'lower:2', HTTP_PROXY: 'http://plain:3', ALL_PROXY: 'http://all:4', NO_PROXY: '.hf.co' };
    expect(proxySettings(env)).toEqual({ httpsProxy: 'http://lower:2/', httpProxy: 'http://plain:3/', noProxy: '.hf.co' });
    expect(proxySettings({ ALL_PROXY: 'http://all:4' })).toEqual({ httpsProxy: 'http://all:4/', httpProxy: 'http://all:4/', noProxy: '' });
    // '' (not undefined) for none, so undici does not read process.env's own variables instead
    expect(proxySettings({})).toEqual({ httpsProxy: '', httpProxy: '', noProxy: '' });
  });

  it('refuses a proxy that is not http(s) or not a URL, in one line with a hint', () => {
    for (const [env, pattern] of [
      [{ HTTPS_PROXY: 'socks5://s:1080' }, /HTTPS_PROXY 'socks5:\/\/s:1080': only http:\/\/ and https:\/\/ proxies are supported, not socks5:/],
      [{ http_proxy: 'http://[bad' }, /HTTP_PROXY 'http:\/\/\[bad' is not a URL/],
    ] as const) {
      const e = (() => {
        try {
          proxySettings(env);
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(e).toBeInstanceOf(BenchError);
      expect((e as BenchError).message).toMatch(pattern);
      expect((e as BenchError).hint).toBeTruthy();
    }
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

  it('NO_PROXY host:port bypasses only that port (undici matching, spaces and commas)', async () => {
    proxied.length = 0;
    const port = new URL(origin.url('/')).port;
    await downloadVerified({ urls: [origin.url('/m.onnx')], destPath: join(dir, 'f.onnx'), expected: pin, env: { HTTP_PROXY: proxyUrl, NO_PROXY: `example.org, 127.0.0.1:${port}` } });
    expect(proxied).toEqual([]);
    await downloadVerified({ urls: [origin.url('/m.onnx')], destPath: join(dir, 'g.onnx'), expected: pin, env: { HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1:1' } });
    expect(proxied).toEqual([`GET ${origin.url('/m.onnx')}`]);
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
