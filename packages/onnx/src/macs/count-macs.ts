/**
 * countMacs: multiply-accumulates of an ONNX model at given input dims, counted from its graph (see mac-rules.ts for
 * what counts). Data-dependent sizes (rows kept by NonMaxSuppression, NonZero, Compress) stay named symbols until a
 * value is given in `dimValues` (by the names `openDims` lists) or `dataDependent: 'upper-bound'` takes the bound the
 * graph fixes; where anything is left open the figure is null and `reason` says what — no figure is ever assumed.
 */
import type { ModelProto } from '../gen/onnx_pb.ts';
import { decodeModel } from '../proto-model.ts';
import { dimAdd, dimMul, dimToString, isNum, substitute, symbolsOf, type Dim } from './dim.ts';
import type { SymbolInfo } from './context.ts';
import { inferGraph, type NodeMacs } from './infer.ts';

export interface CountMacsOptions {
  /** shape of every graph input as fed (batch included) */
  inputDims: Readonly<Record<string, readonly number[]>>;
  /** values of named input dims (dim_param) and of data-dependent sizes, by the names `openDims` reports */
  dimValues?: Readonly<Record<string, number>>;
  /** 'upper-bound': data-dependent sizes without a value take the bound the graph fixes (a "at most" figure) */
  dataDependent?: 'open' | 'upper-bound';
  /** nodes whose names start with one of these are not counted (e.g. a post-processing stage a reference omits) */
  excludeNodeNamePrefixes?: readonly string[];
}

export interface OpenDim {
  name: string;
  origin: string;
  upperBound: number | null;
}

export interface MacCount {
  macs: number | null;
  reason: string | null;
  /** MACs by op type (those that could be evaluated) */
  perOp: Record<string, number>;
  /** data-dependent sizes the figure depends on, with the bound the graph fixes */
  openDims: OpenDim[];
  /** the figure is at the data-dependent sizes' upper bounds */
  atUpperBound: boolean;
}

/**
 * NonZero(Equal(x, c)) for every value c that x can take splits x's positions: when all parts cost the same per
 * row, their sum is x's length.
 */
function foldPartitions(total: Dim, symbols: ReadonlyMap<string, SymbolInfo>): Dim {
  if (isNum(total)) return total;
  const groups = new Map<string, SymbolInfo[]>();
  for (const s of symbolsOf(total)) {
    const p = symbols.get(s)?.partOf;
    if (p?.range) groups.set(p.value, [...(groups.get(p.value) ?? []), symbols.get(s) as SymbolInfo]);
  }
  let out: Dim = total;
  for (const members of groups.values()) {
    const first = members[0]?.partOf;
    if (!first?.range) continue;
    const keys = new Set(members.map((m) => m.partOf?.key));
    const [lo, hi] = first.range;
    let covers = true;
    for (let v = lo; v <= hi; v++) if (!keys.has(v)) covers = false;
    const coeffs = new Set(members.map((m) => (isNum(out) ? 0 : (out.terms[m.name] ?? 0))));
    if (!covers || coeffs.size !== 1) continue;
    const c = [...coeffs][0] as number;
    for (const m of members) out = dimAdd(out, dimMul(c, { k: 0, terms: { [m.name]: 1 } }), -1);
    out = dimAdd(out, dimMul(first.length, c));
  }
  return out;
}

function resolve(d: Dim, symbols: ReadonlyMap<string, SymbolInfo>, given: ReadonlyMap<string, number>, upper: boolean): Dim {
  let out = substitute(foldPartitions(d, symbols), given);
  for (let pass = 0; pass < 8 && !isNum(out); pass++) {
    out = foldPartitions(out, symbols);
    if (!upper) break;
    const bounds = new Map<string, number>();
    for (const s of symbolsOf(out)) {
      const b = symbols.get(s)?.upperBound;
      const v = b === null || b === undefined ? undefined : resolve(b, symbols, given, upper);
      if (v !== undefined && isNum(v)) bounds.set(s, v);
    }
    if (bounds.size === 0) break;
    out = substitute(out, bounds);
  }
  return out;
}

export function countMacs(model: Uint8Array | ModelProto, options: CountMacsOptions): MacCount {
  const decoded = model instanceof Uint8Array ? decodeModel(model) : model;
  if (!decoded.graph) return { macs: null, reason: 'the model has no graph', perOp: {}, openDims: [], atUpperBound: false };
  const given = options.dimValues ?? {};
  const inf = inferGraph(decoded.graph, { inputDims: options.inputDims, dimValues: given, excludeNodeNamePrefixes: options.excludeNodeNamePrefixes ?? [] });
  const upper = options.dataDependent === 'upper-bound';
  const givenMap = new Map(Object.entries(given));

  const byOp = new Map<string, Dim>();
  let total: Dim = 0;
  for (const c of inf.counted as NodeMacs[]) {
    byOp.set(c.opType, dimAdd(byOp.get(c.opType) ?? 0, c.macs));
    total = dimAdd(total, c.macs);
  }
  const perOp: Record<string, number> = {};
  for (const [op, d] of byOp) {
    const v = resolve(d, inf.symbols, givenMap, upper);
    if (isNum(v)) perOp[op] = v;
  }
  const resolved = resolve(total, inf.symbols, givenMap, upper);
  const usedSymbols = symbolsOf(foldPartitions(total, inf.symbols));
  const openDims: OpenDim[] = usedSymbols.map((s) => {
    const info = inf.symbols.get(s) as SymbolInfo;
    const b = info.upperBound === null ? null : resolve(info.upperBound, inf.symbols, givenMap, true);
    return { name: s, origin: info.origin, upperBound: b !== null && isNum(b) ? b : null };
  });
  const atUpperBound = upper && usedSymbols.some((s) => !givenMap.has(s));

  if (inf.failures.length) {
    const f = inf.failures[0] as (typeof inf.failures)[number];
    const more = inf.failures.length > 1 ? ` (and ${inf.failures.length - 1} more counted node${inf.failures.length > 2 ? 's' : ''})` : '';
    return { macs: null, reason: `cannot count ${f.opType} '${f.node}'${more}: ${f.why}`, perOp, openDims, atUpperBound: false };
  }
  if (!isNum(resolved)) {
    const open = symbolsOf(resolved).map((s) => {
      const o = openDims.find((x) => x.name === s);
      return `'${s}' (${o?.origin ?? 'data-dependent'}${o?.upperBound !== null && o?.upperBound !== undefined ? `, at most ${o.upperBound}` : ''})`;
    });
    return {
      macs: null,
      reason: `the MACs depend on data-dependent sizes: ${open.join('; ')}; give them in dimValues, or count at their upper bounds (MACs = ${dimToString(resolved)})`,
      perOp,
      openDims,
      atUpperBound: false,
    };
  }
  return { macs: resolved, reason: null, perOp, openDims, atUpperBound };
}
