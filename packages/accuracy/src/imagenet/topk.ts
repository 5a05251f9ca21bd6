/**
 * Top-k class indices from logits, in the order torch.topk(sorted=True) and torch.sort(descending=True, stable=True)
 * give on CPU: largest first, NaN above every number (PyTorch sorts NaN as the largest value), equal values by lower
 * index first — so top-1 equals `argmax` (torch.argmax and np.argmax return the first maximum).
 */

function greater(a: number, b: number): boolean {
  if (Number.isNaN(a)) return !Number.isNaN(b);
  if (Number.isNaN(b)) return false;
  return a > b;
}

/** Indices of the k largest values of `logits[offset .. offset+classes)`, largest first. O(classes·k). */
export function topKIndices(logits: ArrayLike<number>, k: number, offset = 0, classes = logits.length - offset): number[] {
  const kk = Math.max(0, Math.min(k, classes));
  const top: number[] = [];
  for (let c = 0; c < classes; c++) {
    const v = logits[offset + c] as number;
    if (top.length === kk && !greater(v, logits[offset + (top[kk - 1] as number)] as number)) continue;
    let pos = top.length === kk ? kk - 1 : top.length;
    // insert after every kept value that is greater or equal (equal: the earlier index stays first)
    while (pos > 0 && greater(v, logits[offset + (top[pos - 1] as number)] as number)) pos--;
    if (top.length === kk) top.pop();
    top.splice(pos, 0, c);
  }
  return top;
}
