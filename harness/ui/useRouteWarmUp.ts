"use client";

import { useEffect, useState } from "react";

/** Give up waiting after this long and start the lanes anyway. */
const WARM_UP_LIMIT_MS = 90_000;

export type WarmUp = {
  ready: boolean;
  elapsedMs: number;
  /** Routes that did not answer in time. */
  slow: string[];
};

/**
 * Requests each route once before the lanes start. Under `next dev` the first
 * request to a route compiles it, which can take tens of seconds on a busy
 * machine and slows everything else on it; done up front, that stall is not
 * recorded against any design. In a production build the routes answer at once.
 */
export function useRouteWarmUp(routes: readonly string[]): WarmUp {
  const [startedAt] = useState(() => Date.now());
  const [now, setNow] = useState(startedAt);
  const [done, setDone] = useState<{ slow: string[] } | null>(null);
  const key = routes.join(" ");

  useEffect(() => {
    let cancelled = false;
    const paths = key === "" ? [] : key.split(" ");
    const slow = new Set(paths);
    const timer = setInterval(() => setNow(Date.now()), 500);
    const limit = setTimeout(() => {
      clearInterval(timer);
      if (!cancelled) setDone({ slow: [...slow] });
    }, WARM_UP_LIMIT_MS);
    void Promise.all(
      paths.map(async (path) => {
        try {
          await fetch(path, { cache: "no-store", credentials: "same-origin" });
        } catch {
          // answered or not, it is compiled now or will be when it answers
        }
        slow.delete(path);
      }),
    ).then(() => {
      clearInterval(timer);
      clearTimeout(limit);
      if (!cancelled) setDone((current) => current ?? { slow: [] });
    });
    return () => {
      cancelled = true;
      clearInterval(timer);
      clearTimeout(limit);
    };
  }, [key]);

  return {
    ready: done !== null,
    elapsedMs: now - startedAt,
    slow: done?.slow ?? [],
  };
}
