"use client";

import { useConvexAuth } from "convex/react";

/** Whether what's on screen is the server's snapshot or a live subscription. */
export function LiveBadge({ live }: { live: boolean }) {
  const { isRefreshing } = useConvexAuth();
  const state = !live ? "snapshot" : isRefreshing ? "refreshing" : "live";
  const label = {
    snapshot: "Connecting…",
    refreshing: "Reconnecting…",
    live: "Live",
  }[state];
  return (
    <span
      data-testid="live-badge"
      data-state={state}
      className="inline-flex items-center gap-1.5 rounded-full border border-slate-200 bg-white px-2.5 py-1 text-xs font-medium text-slate-600"
    >
      <span
        aria-hidden="true"
        className={`h-2 w-2 rounded-full ${
          state === "live" ? "bg-emerald-500" : "animate-pulse bg-amber-400"
        }`}
      />
      {label}
    </span>
  );
}
