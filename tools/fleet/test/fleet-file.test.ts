import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { classCells, cellCommand, classCpus, fleetCellId } from '../src/cells.ts';
import { parseFleet } from '../src/fleet-file.ts';

const EXAMPLE = readFileSync(new URL('../../../deploy/kubernetes/fleet.example.yaml', import.meta.url), 'utf8');

const base = `name: t
image: reg/modelbench:1
matrix: { workloads: [resnet50], threads: [2] }
classes:
  - name: n2
    selector: { arch: arm64, instanceType: g8y.2xlarge }
`;

function failure(text: string): { message: string; hint: string | undefined; exitCode: number } {
  try {
    parseFleet(text, 'fleet.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(BenchError);
    const b = e as BenchError;
    return { message: b.message, hint: b.hint, exitCode: b.exitCode };
  }
  throw new Error('parsed without error');
}

describe('fleet file', () => {
  it('reads the example: three classes, their selectors, the class override of the matrix', () => {
    const f = parseFleet(EXAMPLE, 'fleet.example.yaml');
    expect(f.classes.map((c) => c.name)).toEqual(['yitian710', 'neoverse-n2', 'x86-icelake']);
    expect(f.classes[1]!.selector).toEqual({ arch: 'arm64', instanceType: null, labels: { 'example.com/cpu-model': 'neoverse-n2' } });
    expect(f.classes[2]!.matrix.threads).toEqual([2, 4]);
    expect(f.classes[0]!.matrix).toMatchObject({ workloads: ['resnet50', 'bert'], backends: ['ort-cpu'], precisions: ['fp32', 'bf16'], threads: [4], batch: 1, iterations: 20, warmup: 2 });
    // it schedules: every class asks for fewer cores than its nodes give
    expect(f.classes.map((c) => [c.allocatableCpu, classCpus(c)])).toEqual([[5, 4], [5, 4], [5, 4]]);
    expect(f.classes[0]!.placement).toEqual({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'benchmark', effect: 'NoSchedule' }], nodeSelector: {}, priorityClassName: null });
    expect(f.cache).toEqual({ kind: 'emptyDir', sizeLimit: '4Gi' });
    // 2 workloads × 1 backend × 2 precisions × 2 thread counts
    expect(classCells(f.classes[2]!).length).toBe(8);
  });

  it('expands scenarios and instances into cells whose ids and commands carry them', () => {
    const f = parseFleet(base.replace('threads: [2] }', 'threads: [2], scenarios: [offline, server], instances: [1, 2], precisions: [bf16] }'), 'f.yaml');
    const cells = classCells(f.classes[0]!);
    expect(cells.map(fleetCellId)).toEqual([
      'resnet50__ort-cpu__bf16__t2__offline__i1',
      'resnet50__ort-cpu__bf16__t2__offline__i2',
      'resnet50__ort-cpu__bf16__t2__server__i1',
      'resnet50__ort-cpu__bf16__t2__server__i2',
    ]);
    expect(cellCommand(cells[1]!)).toEqual(['performance', '--backend', 'ort-cpu', '--threads', '2', '--bf16', '--scenario', 'offline', '--instances', '2', '--offline']);
    // the pod gets the cores of its widest cell: 2 threads × 2 instances
    expect(classCpus(f.classes[0]!)).toBe(4);
  });

  it('an unknown field names itself, where it is, and the valid fields (exit code 2)', () => {
    const top = failure(base + 'clases: []\n');
    expect(top.message).toBe("fleet.yaml: unknown field 'clases'");
    expect(top.hint).toContain('valid fields: name, image');
    expect(top.exitCode).toBe(2);
    const nested = failure(base.replace('threads: [2] }', 'threads: [2], thread: 4 }'));
    expect(nested.message).toBe("fleet.yaml: matrix: unknown field 'thread'");
    expect(nested.hint).toContain('workloads, backends, precisions, scenarios, threads, instances');
    expect(failure(base.replace('instanceType:', 'instancetype:')).message).toBe("fleet.yaml: classes[0].selector: unknown field 'instancetype'");
  });

  it('a machine class without a selector, or one that selects nothing, is refused', () => {
    const none = failure(base.replace('    selector: { arch: arm64, instanceType: g8y.2xlarge }\n', ''));
    expect(none.message).toBe('fleet.yaml: classes[0].selector: is missing: the class would run on any node');
    expect(none.hint).toContain('arch: arm64');
    expect(failure(base.replace('{ arch: arm64, instanceType: g8y.2xlarge }', '{}')).message).toBe('fleet.yaml: classes[0].selector: selects nothing: the class would run on any node');
    expect(failure(base.replace('arch: arm64', 'arch: riscv64')).message).toBe("fleet.yaml: classes[0].selector.arch: 'riscv64' is not an architecture the image is built for");
  });

  it('an empty matrix is refused: an empty list, no classes, no thread counts', () => {
    expect(failure(base.replace('workloads: [resnet50]', 'workloads: []')).message).toBe('fleet.yaml: matrix.workloads: is an empty list: the matrix would have no cells');
    expect(failure(base.replace(/classes:[\s\S]*$/, 'classes: []\n')).message).toBe('fleet.yaml: classes: must be a non-empty list of machine classes');
    expect(failure(base.replace(', threads: [2]', '')).message).toBe('fleet.yaml: classes[0].matrix.threads: is missing: a pod cannot guess the cores of a node it has not seen');
  });

  it('names, scenarios, precisions, cores and quantities are checked', () => {
    expect(failure(base.replace('name: t', 'name: T_1')).message).toBe("fleet.yaml: name: 'T_1' is not a valid name");
    expect(failure(base.replace('threads: [2] }', 'threads: [2], scenarios: [batch] }')).message).toBe("fleet.yaml: matrix.scenarios: unknown name 'batch'");
    expect(failure(base.replace('threads: [2] }', 'threads: [2], precisions: [fp16] }')).hint).toBe('valid: fp32, bf16');
    expect(failure(base + '    resources: { cpu: 1.5 }\n').hint).toContain('whole-core');
    expect(failure(base + 'cache: { type: pvc, sizeLimit: 1Gi }\n').message).toBe('fleet.yaml: cache.sizeLimit: belongs to type: emptyDir');
    expect(failure('name: [').message).toMatch(/^fleet\.yaml: not valid YAML: /);
    expect(failure(base.replace('matrix:', 'matrix: 5\nx:')).message).toBe("fleet.yaml: unknown field 'x'");
    expect(failure(base + 'imagePullSecrets: [Bad_Name]\n').message).toBe("fleet.yaml: imagePullSecrets[0]: 'Bad_Name' is not valid");
    expect(failure(base + 'tolerations: [{ key: a, effect: NoShedule }]\n')).toMatchObject({ message: "fleet.yaml: tolerations[0].effect: 'NoShedule' is not a taint effect", hint: 'valid: NoSchedule, PreferNoSchedule, NoExecute' });
    expect(failure(base + '    allocatableCpu: 0\n').message).toBe('fleet.yaml: classes[0].allocatableCpu: must be a number of cores, got number 0');
    expect(failure(base + '    nodeSelector: { a: [1] }\n')).toMatchObject({ message: 'fleet.yaml: classes[0].nodeSelector.a: must be a label value (text), got a list', hint: 'quote it: "value"' });
  });

  it('takes the placement fields: tolerations, nodeSelector beside labels, priorityClassName, imagePullSecrets, ephemeral storage', () => {
    const f = parseFleet(
      base +
        '    allocatableCpu: 7.5\n    nodeSelector: { example.com/pool: bench }\n    priorityClassName: benchmark\n    resources: { ephemeralStorage: 20Gi }\n' +
        'imagePullSecrets: [registry-credentials]\ntolerations: [{ key: dedicated, operator: Exists }]\n',
      'f.yaml',
    );
    const c = f.classes[0]!;
    expect(f.imagePullSecrets).toEqual(['registry-credentials']);
    expect(c.allocatableCpu).toBe(7.5);
    expect(c.placement).toEqual({ tolerations: [{ key: 'dedicated', operator: 'Exists' }], nodeSelector: { 'example.com/pool': 'bench' }, priorityClassName: 'benchmark' });
    expect(c.resources.ephemeralStorage).toBe('20Gi');
    const twice = failure(base.replace('instanceType: g8y.2xlarge', 'labels: { example.com/pool: a }') + '    nodeSelector: { example.com/pool: b }\n');
    expect(twice.message).toBe("fleet.yaml: classes[0].nodeSelector: 'example.com/pool' is also in selector.labels");
  });
});
