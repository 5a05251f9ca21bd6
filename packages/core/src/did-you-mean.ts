/**
 * "Did you mean": the known names closest to a mistyped one by Damerau–Levenshtein distance (optimal string
 * alignment: insert, delete, substitute, swap two neighbours), within a third of the word's length (at least 1).
 */

/** Optimal-string-alignment distance between two strings (each edit, including a swap of neighbours, costs 1). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The names nearest to `word` (at most `limit`, nearest first, ties in the list's order), or none when nothing is
 * within max(1, ⌊length / 3⌋) edits. A name that starts with the word (`--thread` for `--threads`) counts as near.
 */
export function closestNames(word: string, names: readonly string[], limit = 2): string[] {
  const w = word.toLowerCase();
  const budget = Math.max(1, Math.floor(w.length / 3));
  return names
    .map((name, order) => ({ name, order, distance: editDistance(w, name.toLowerCase()) }))
    .filter((c) => c.distance <= budget || (w.length >= 3 && c.name.toLowerCase().startsWith(w)))
    .sort((x, y) => x.distance - y.distance || x.order - y.order)
    .slice(0, limit)
    .map((c) => c.name);
}
