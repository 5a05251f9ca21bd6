/** The OS distribution from /etc/os-release (or /usr/lib/os-release), per the os-release(5) format. */
import type { OsInfo } from './environment-schema.ts';
import { readText } from './sysfs.ts';

/** Parses os-release text: KEY=value lines, values optionally in single or double quotes with \-escapes in double. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1).replace(/\\(["\\`$])/g, '$1');
    else if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) value = value.slice(1, -1);
    out[m[1]!] = value;
  }
  return out;
}

export function distributionFrom(text: string | null): OsInfo['distribution'] {
  if (text === null) return null;
  const f = parseOsRelease(text);
  return { id: f.ID ?? null, versionId: f.VERSION_ID ?? null, prettyName: f.PRETTY_NAME ?? null };
}

export function readDistribution(): OsInfo['distribution'] {
  return distributionFrom(readText('/etc/os-release') ?? readText('/usr/lib/os-release'));
}
