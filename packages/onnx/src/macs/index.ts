export { countMacs, type CountMacsOptions, type MacCount, type OpenDim } from './count-macs.ts';
export type { Dim as MacDim, SymDim } from './dim.ts';
