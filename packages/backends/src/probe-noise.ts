/**
 * What native libraries print on fd 2 while a backend is probed (onnxruntime's provider bridge, Dawn's Vulkan loader),
 * summarised for the reason column: one short phrase per distinct message. Pure.
 */

/** Marks, on the probing child's stderr, which backend the following native output belongs to. */
export const PROBE_MARK = '@@modelbench-probe ';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** One native message, shortened: a missing shared library is named; otherwise the message without its log prefix. */
export function summariseNativeLine(line: string): string | undefined {
  const text = line.replace(ANSI, '').trim();
  if (text === '' || /^at operator\(\)|^at \S+ \(/.test(text)) return undefined;
  const lib = /([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file/.exec(text);
  if (lib) return `${lib[1]} not found${/vulkan/i.test(text) ? ' (Vulkan)' : ''}`;
  const plain = text
    .replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \[[A-Z]:[^\]]*\]\s*/, '') // onnxruntime's log prefix
    .replace(/^(Warning|Error): /, '');
  return plain.length > 100 ? `${plain.slice(0, 97)}…` : plain;
}

/** The native output of a run, split by the probe marks: backend id → distinct summaries, in order ('' = before any probe). */
export function attributeNoise(stderr: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current = '';
  for (const line of stderr.split('\n')) {
    if (line.startsWith(PROBE_MARK)) {
      current = line.slice(PROBE_MARK.length).trim();
      continue;
    }
    const s = summariseNativeLine(line);
    if (s === undefined) continue;
    const list = out.get(current) ?? [];
    if (!list.includes(s)) list.push(s);
    out.set(current, list);
  }
  return out;
}

/**
 * A probe's reason without the C++ source location and failed condition of an onnxruntime assertion:
 * `/…/webgpu_context.cc:136 <signature> <condition> was false. Failed to get a WebGPU adapter: …` → its message.
 */
export function cleanReason(reason: string): string {
  const m = /^\/\S+\.(?:cc|cpp|h):\d+ .*? was false\. (.*)$/s.exec(reason.trim());
  return (m ? (m[1] as string) : reason).trim();
}

export function reasonWithNoise(reason: string, noise: readonly string[]): string {
  const r = cleanReason(reason);
  const extra = noise.filter((n) => !r.includes(n));
  return extra.length > 0 ? `${r} [native: ${extra.join('; ')}]` : r;
}
