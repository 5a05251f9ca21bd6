/**
 * The proxy settings handed to undici's EnvHttpProxyAgent, read from the conventional environment variables of the
 * environment given (not necessarily process.env): HTTPS_PROXY for https URLs, HTTP_PROXY for http URLs (lower-case
 * names win, as curl and undici read them), ALL_PROXY as curl's fallback for both, and NO_PROXY. Matching NO_PROXY
 * (hosts, `.domain` / `*.domain` suffixes, `host:port`, `*`) and tunnelling are undici's; every value is passed
 * explicitly (an empty string for none), so undici never falls back to process.env behind the caller's back.
 * One difference from curl is undici's: with HTTP_PROXY set and HTTPS_PROXY not, https URLs go through HTTP_PROXY too.
 */
import { BenchError } from '@modelbench/core';

export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/** A proxy URL as written in the environment (`host:port` means http://host:port); '' for none. */
function proxyUrl(name: string, raw: string | undefined): string {
  if (raw === undefined) return '';
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  if (!URL.canParse(withScheme)) {
    throw new BenchError('USAGE', `${name} '${raw}' is not a URL`, { hint: `set ${name} to http://host:port (or unset it)` });
  }
  const url = new URL(withScheme);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BenchError('USAGE', `${name} '${raw}': only http:// and https:// proxies are supported, not ${url.protocol}`, { hint: `set ${name} to an http:// or https:// proxy` });
  }
  return url.href;
}

export function proxySettings(env: NodeJS.ProcessEnv): ProxySettings {
  const all = envValue(env, 'all_proxy');
  return {
    httpProxy: proxyUrl('HTTP_PROXY', envValue(env, 'http_proxy') ?? all),
    httpsProxy: proxyUrl('HTTPS_PROXY', envValue(env, 'https_proxy') ?? all),
    noProxy: envValue(env, 'no_proxy') ?? '',
  };
}
