// Medians and spreads of repeated measurements: on a shared machine one run says little, the median of several
// alternating runs (A B A B ...) with its min–max says what changed (docs/performance.md, "How it measures").

export interface Spread {
  median: number;
  min: number;
  max: number;
  count: number;
}

/** The median (the mean of the middle two for an even count). Throws on no values: a median of nothing is a bug. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), count: values.length };
}
