"use client";

import {
  useConnectionStatus,
  type ConnectionStatus,
} from "./useConnectionStatus";

const looks: Record<ConnectionStatus, { label: string; dot: string }> = {
  connecting: { label: "Connecting…", dot: "animate-pulse bg-slate-400" },
  connected: { label: "Connected", dot: "bg-emerald-500" },
  refreshing: {
    label: "Refreshing session…",
    dot: "animate-pulse bg-amber-400",
  },
  reconnecting: { label: "Offline", dot: "animate-pulse bg-rose-500" },
};

export function ConnectionIndicator() {
  const status = useConnectionStatus();
  const { label, dot } = looks[status];
  return (
    <span
      data-testid="connection-indicator"
      data-state={status}
      title={`Convex: ${label}`}
      className="inline-flex items-center gap-1.5 text-xs font-medium text-slate-600"
    >
      <span aria-hidden="true" className={`h-2.5 w-2.5 rounded-full ${dot}`} />
      <span className="hidden sm:inline">{label}</span>
      <span className="sr-only sm:hidden">{label}</span>
    </span>
  );
}
