/** Small numeric helpers for the benchmark; pure so they can be unit tested. */

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]!
    : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function max(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.max(...values);
}

export function min(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.min(...values);
}

/** `12 ms`, `1.3 s`; "n/a" for null. */
export function formatMs(value: number | null, digits = 0): string {
  if (value === null || !Number.isFinite(value)) return "n/a";
  if (Math.abs(value) >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  return `${value.toFixed(digits)} ms`;
}

/** `842 B`, `3.46 KB`, `107 KB`: three significant digits, 1 KB = 1000 B as network tools count. */
export function formatBytes(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "n/a";
  if (Math.abs(value) < 1000) return `${Math.round(value)} B`;
  return `${Number((value / 1000).toPrecision(3))} KB`;
}

export function formatRatio(value: number | null, digits = 2): string {
  if (value === null || !Number.isFinite(value)) return "n/a";
  return `${value.toFixed(digits)}`;
}
