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

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Median with the lowest and highest sample: how far repeated runs spread. */
export type Spread = {
  n: number;
  median: number | null;
  min: number | null;
  max: number | null;
};

export function spread(values: readonly number[]): Spread {
  return {
    n: values.length,
    median: median(values),
    min: min(values),
    max: max(values),
  };
}

/** `12 ms`, `1.3 s`; "n/a" for null. */
export function formatMs(value: number | null, digits = 0): string {
  if (value === null || !Number.isFinite(value)) return "n/a";
  if (Math.abs(value) >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  return `${value.toFixed(digits)} ms`;
}

/** `4.3 s` from seconds; "n/a" for null. */
export function formatSeconds(value: number | null, digits = 1): string {
  if (value === null || !Number.isFinite(value)) return "n/a";
  return `${value.toFixed(digits)} s`;
}

/** `842 B`, `3.46 KB`, `107 KB`: three significant digits, 1 KB = 1000 B as network tools count. */
export function formatBytes(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "n/a";
  if (Math.abs(value) < 1000) return `${Math.round(value)} B`;
  if (Math.abs(value) < 1e6)
    return `${Number((value / 1000).toPrecision(3))} KB`;
  return `${Number((value / 1e6).toPrecision(3))} MB`;
}

export function formatRatio(value: number | null, digits = 2): string {
  if (value === null || !Number.isFinite(value)) return "n/a";
  return `${value.toFixed(digits)}`;
}

/** `2.10x (1.85-2.60, n=7)`: a median with its range. */
export function formatSpread(
  value: Spread,
  format: (n: number | null) => string,
  suffix = "",
): string {
  if (value.n === 0) return "n/a";
  if (value.n === 1) return `${format(value.median)}${suffix} (n=1)`;
  return `${format(value.median)}${suffix} (${format(value.min)}–${format(value.max)}${suffix}, n=${value.n})`;
}
