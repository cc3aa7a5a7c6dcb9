"use client";

import { useConnection } from "../connection/useConnection";
import type { ConnectionStatus } from "../connection/connectionState";

export type LiveState =
  "snapshot" | "live" | "refreshing" | "offline" | "signingOut";

/**
 * What the data on screen is: the server's first snapshot, a live subscription,
 * or the last data seen before the connection dropped. Reads the same
 * connection state as the header, so the two never disagree.
 */
export function liveState(live: boolean, status: ConnectionStatus): LiveState {
  if (status === "signingOut") return "signingOut";
  if (status === "reconnecting") return "offline";
  if (!live) return "snapshot";
  return status === "refreshing" ? "refreshing" : "live";
}

const looks: Record<LiveState, { label: string; dot: string }> = {
  snapshot: { label: "Connecting…", dot: "animate-pulse bg-amber-400" },
  refreshing: { label: "Reconnecting…", dot: "animate-pulse bg-amber-400" },
  live: { label: "Live", dot: "bg-emerald-500" },
  offline: { label: "Offline · last saved view", dot: "bg-rose-500" },
  signingOut: { label: "Signing out…", dot: "animate-pulse bg-slate-400" },
};

export function LiveBadge({ live }: { live: boolean }) {
  const { status } = useConnection();
  const state = liveState(live, status);
  const { label, dot } = looks[state];
  return (
    <span
      data-testid="live-badge"
      data-state={state}
      className="inline-flex shrink-0 items-center gap-1.5 rounded-full border border-slate-200 bg-white px-2.5 py-1 text-xs font-medium whitespace-nowrap text-slate-600"
    >
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${dot}`} />
      {label}
    </span>
  );
}
