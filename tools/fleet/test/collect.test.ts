import { beforeAll, describe, expect, it } from 'vitest';
import { collectCells } from '../src/collect.ts';
import { formatBlock, parseLog, sha256Hex } from '../src/markers.ts';
import { runPodEntry, TEST_CELLS, type PodOutput } from './pod-output.ts';

const ids = TEST_CELLS.map((c) => c.id);
const end = { podName: 'mb-t-here-abcde', reason: 'phase Failed; Evicted — The node was low on resource: memory.' };
let out: PodOutput;

beforeAll(() => {
  out = runPodEntry();
});

/** Independent of the parser: the bytes between a BEGIN line and the END marker, found by searching for them. */
function between(stdout: Buffer, id: string): Buffer {
  const begin = stdout.indexOf(`=====MODELBENCH-RECORD-BEGIN cell=${id} `);
  const start = stdout.indexOf('\n', begin) + 1;
  const stop = stdout.indexOf(`\n=====MODELBENCH-RECORD-END cell=${id}=====`, start);
  return stdout.subarray(start, stop);
}

describe('the pod entry on this machine', () => {
  it('prints every cell between markers on stdout, the workloads\' own output on stderr', () => {
    expect(out.code).toBe(0);
    const text = out.stdout.toString('utf8');
    expect(text.startsWith('=====MODELBENCH-FLEET-START class=here cells=4=====\n')).toBe(true);
    expect(text.endsWith('=====MODELBENCH-FLEET-END class=here cells=4=====\n')).toBe(true);
    expect(text).not.toContain('[TARGET]');
    expect(out.stderr).toContain('[TARGET] resnet50 Time');
    // the workloads wrote a record for three cells (the unknown backend's is an error record); not for the missing workload
    expect([...out.kept.keys()].sort()).toEqual(ids.slice(0, 3).sort());
    for (const id of ids.slice(0, 3)) {
      const line = text.split('\n').find((l) => l.includes(`BEGIN cell=${id} `))!;
      expect(line).toBe(`=====MODELBENCH-RECORD-BEGIN cell=${id} kind=record sha256=${sha256Hex(out.kept.get(id)!)} bytes=${out.kept.get(id)!.length}=====`);
      expect(between(out.stdout, id).equals(out.kept.get(id)!)).toBe(true);
    }
  });
});

describe('the collector', () => {
  it('takes back every record byte for byte, and the failure with the CLI\'s own message', () => {
    const got = collectCells(ids, out.stdout, end);
    for (const id of ids.slice(0, 3)) {
      const o = got.find((g) => g.id === id)!;
      expect(o.kind).toBe('record');
      expect(o.kind === 'record' && o.bytes.equals(out.kept.get(id)!)).toBe(true);
    }
    const statuses = got.slice(0, 3).map((o) => (o.kind === 'record' ? (JSON.parse(o.bytes.toString('utf8')) as { status: string }).status : null));
    expect(statuses).toEqual(['ok', 'ok', 'error']);
    expect(got[3]).toEqual({ id: ids[3], kind: 'error', error: expect.objectContaining({ code: 'USAGE', message: expect.stringContaining("this image has no workload 'nosuch'") }) });
  });

  it('output cut at any byte of a record: the record before it intact, it an error cell, the rest not run — never a throw', () => {
    const second = out.stdout.indexOf(`=====MODELBENCH-RECORD-BEGIN cell=${ids[1]} `);
    const third = out.stdout.indexOf(`=====MODELBENCH-RECORD-BEGIN cell=${ids[2]} `);
    const beginLineEnd = out.stdout.indexOf('\n', second) + 1;
    for (let cut = second; cut < third; cut += cut < beginLineEnd + 8 || cut > third - 60 ? 1 : 97) {
      const got = collectCells(ids, out.stdout.subarray(0, cut), end);
      expect(got[0]!.kind === 'record' && got[0]!.bytes.equals(out.kept.get(ids[0]!)!)).toBe(true);
      const s = got[1]!;
      if (cut === third - 1) {
        // only the END line's newline is missing: the record is whole and verified
        expect(s.kind).toBe('record');
        continue;
      }
      expect(s.kind).toBe('error');
      if (s.kind !== 'error') continue;
      expect({ cut, code: s.error.code }).toEqual({ cut, code: cut < beginLineEnd - 1 ? 'CELL_NOT_RUN' : 'RECORD_TRUNCATED' }); // a whole BEGIN line without its newline: 0 bytes of the record
      expect(s.error.message).toContain('mb-t-here-abcde');
      expect(s.error.message).toContain('Evicted');
      for (const o of got.slice(2)) expect(o.kind === 'error' && o.error.code).toBe('CELL_NOT_RUN');
    }
  });

  it('a changed byte in a record is caught by its sha256; the cells after it still come back', () => {
    const damaged = Buffer.from(out.stdout);
    const start = damaged.indexOf('\n', damaged.indexOf(`BEGIN cell=${ids[1]} `)) + 1;
    damaged[start + 10] = damaged[start + 10] === 0x41 ? 0x42 : 0x41;
    const got = collectCells(ids, damaged, end);
    expect(got[1]).toMatchObject({ kind: 'error', error: { code: 'RECORD_CORRUPT' } });
    expect(got[2]!.kind).toBe('record');
  });

  it('no log at all (the pod is gone): every cell an error naming why', () => {
    const got = collectCells(ids, null, { podName: null, reason: 'the Job failed: DeadlineExceeded: Job was active longer than specified deadline' });
    expect(got.map((o) => o.kind === 'error' && o.error.message)).toEqual(ids.map(() => "the pod's log could not be read: the Job failed: DeadlineExceeded: Job was active longer than specified deadline"));
  });

  it('reads payloads with any bytes, newlines and marker-like text inside', () => {
    const payload = Buffer.from('{"a":"=====MODELBENCH-RECORD-END cell=x=====\\n"}\n\n=====MODELBENCH-RECORD-END cell=x=====\n', 'utf8');
    const log = Buffer.concat([Buffer.from('noise\n'), formatBlock('x', 'failure', payload), Buffer.from('more noise')]);
    const parsed = parseLog(log);
    expect(parsed.blocks).toEqual([{ id: 'x', kind: 'failure', status: 'complete', payload }]);
  });
});
