/**
 * A cell that left no record: the workload ended before its flags parsed, or crashed. The pod says how the process
 * ended with its last stderr lines quoted (core's noRecordError) — nothing is parsed out of them. A cell that failed
 * after its flags parsed needs none of this: the workload wrote its own error record, printed as the cell's record.
 */
import { noRecordError, type ErrorInfo } from '@modelbench/core';

export type CellFailure = ErrorInfo;

export function noRecordFailure(stderrTail: string, exit: { code: number | null; signal: string | null }): CellFailure {
  return noRecordError(exit, stderrTail, 'the pod\'s log (kubectl logs) holds the cell\'s whole output');
}
