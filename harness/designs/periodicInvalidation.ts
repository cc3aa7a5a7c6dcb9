import type { SourcedTokenFetcher } from "./types";

/** 45 of 60 minutes in the SvelteKit write-up: re-render the page data at 75% of the lifetime. */
export const DEFAULT_INVALIDATION_FRACTION = 0.75;

/**
 * periodic-invalidation: the SvelteKit write-up's "solution 3". Keep returning the
 * server-rendered token, but re-render the page's server data on a timer so that token is replaced.
 * The callback reads the latest rendered token on every call.
 */
export function createPeriodicInvalidationFetcher(
  getLatestServerToken: () => string | null | undefined,
): SourcedTokenFetcher {
  return async () => ({
    token: getLatestServerToken() ?? undefined,
    source: "latest-server-render",
  });
}

/** Interval between page-data refreshes for a token lifetime, at least one second. */
export function invalidationIntervalMs(
  lifetimeSeconds: number,
  fraction: number = DEFAULT_INVALIDATION_FRACTION,
): number {
  return Math.max(1000, Math.round(lifetimeSeconds * fraction * 1000));
}

export type IntervalTimers = {
  setInterval: (callback: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
};

/** Calls `invalidate` every `intervalMs` until the returned stop function runs. */
export function startPeriodicInvalidation(options: {
  intervalMs: number;
  invalidate: () => void;
  timers?: IntervalTimers;
}): () => void {
  const timers: IntervalTimers = options.timers ?? {
    setInterval: (callback, ms) => globalThis.setInterval(callback, ms),
    clearInterval: (handle) =>
      globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
  };
  const handle = timers.setInterval(options.invalidate, options.intervalMs);
  return () => timers.clearInterval(handle);
}
