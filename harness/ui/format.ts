/** Seconds since the session start, one decimal: "12.3 s". */
export function sessionSeconds(at: number | null, startedAt: number): string {
  return at === null ? "—" : `${((at - startedAt) / 1000).toFixed(1)} s`;
}

/** Wall-clock time of day with seconds. */
export function clock(at: number | null): string {
  if (at === null) return "—";
  return new Date(at).toLocaleTimeString([], { hour12: false });
}

export function signedMs(ms: number | null): string {
  if (ms === null) return "—";
  const seconds = ms / 1000;
  return `${seconds >= 0 ? "+" : ""}${seconds.toFixed(1)} s`;
}

export function yesNo(value: boolean | null): string {
  return value === null ? "—" : value ? "yes" : "no";
}
