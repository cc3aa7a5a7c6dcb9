"use client";

import { useEffect, useRef, useState } from "react";
import { unsentChanges } from "./ConnectionIndicator";
import { useConnection } from "./useConnection";
import { usePendingWritesGuard } from "./usePendingWritesGuard";

/** Short drops (a socket replaced during an auth refresh) shouldn't flash a banner. */
export const LOST_BANNER_DELAY_MS = 1500;
/** A first connection that takes this long is worth mentioning too. */
export const FIRST_CONNECT_BANNER_DELAY_MS = 5000;
export const RECOVERED_NOTICE_MS = 2500;

type Banner = "none" | "lost" | "unreachable" | "recovered";

/** What the "lost" banner says: only what the app actually does with unsent changes. */
export function lostConnectionMessage(pendingWrites: number): string {
  return pendingWrites > 0
    ? `Connection lost. Reconnecting… ${unsentChanges(pendingWrites)} will be sent when the connection is back, if this tab stays open.`
    : "Connection lost. Reconnecting… Changes you make now wait in this tab and are sent when the connection is back; closing or reloading the tab drops them.";
}

export function ConnectionBanner() {
  const { status, pendingWrites } = useConnection();
  usePendingWritesGuard(pendingWrites);
  const [banner, setBanner] = useState<Banner>("none");
  const shownLost = useRef(false);

  useEffect(() => {
    if (status === "reconnecting" || status === "connecting") {
      const delay =
        status === "reconnecting"
          ? LOST_BANNER_DELAY_MS
          : FIRST_CONNECT_BANNER_DELAY_MS;
      const timer = setTimeout(() => {
        shownLost.current = true;
        setBanner(status === "reconnecting" ? "lost" : "unreachable");
      }, delay);
      return () => clearTimeout(timer);
    }
    // Connected again: say so briefly, but only if we had said it was lost.
    if (!shownLost.current) {
      setBanner("none");
      return;
    }
    shownLost.current = false;
    setBanner("recovered");
    const timer = setTimeout(() => setBanner("none"), RECOVERED_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [status]);

  return (
    <div
      aria-live="polite"
      role="status"
      data-testid="connection-banner-region"
    >
      {banner === "lost" || banner === "unreachable" ? (
        <div
          data-testid="connection-banner"
          data-state={banner}
          className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-center text-sm text-amber-900"
        >
          {banner === "lost"
            ? lostConnectionMessage(pendingWrites)
            : "Can't reach the server yet. Still trying…"}
        </div>
      ) : banner === "recovered" ? (
        <div
          data-testid="connection-banner"
          data-state="recovered"
          className="border-b border-emerald-200 bg-emerald-50 px-4 py-2 text-center text-sm text-emerald-900"
        >
          Back online.
        </div>
      ) : null}
    </div>
  );
}
