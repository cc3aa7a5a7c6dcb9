"use client";

import { useCallback, useEffect, useState } from "react";

/**
 * A control's in-flight state with the seconds it has waited, so a slow first
 * request (a route compiling under `next dev`) shows progress instead of a
 * silently disabled button.
 */
export function useBusy() {
  const [since, setSince] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [since]);
  const run = useCallback(async <T>(work: () => Promise<T>): Promise<T> => {
    const start = Date.now();
    setSince(start);
    setNow(start);
    try {
      return await work();
    } finally {
      setSince(null);
    }
  }, []);
  const waitedSeconds =
    since === null ? 0 : Math.max(0, Math.floor((now - since) / 1000));
  return { busy: since !== null, waitedSeconds, run };
}

/** "Working… 12 s" with a hint once it takes long enough to be a compile. */
export function busyText(waitedSeconds: number): string {
  return waitedSeconds < 3
    ? "Working…"
    : `Working… ${waitedSeconds} s. Under next dev the first use of a route compiles it, which can take up to a minute.`;
}
