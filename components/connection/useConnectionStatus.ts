"use client";

import { useConvexAuth, useConvexConnectionState } from "convex/react";
import { useHydrated } from "./useHydrated";

export type ConnectionStatus =
  "connecting" | "connected" | "refreshing" | "reconnecting";

/**
 * One word for the WebSocket and auth state, from the client's own
 * connection-state subscription (no polling).
 */
export function useConnectionStatus(): ConnectionStatus {
  const state = useConvexConnectionState();
  const { isRefreshing } = useConvexAuth();
  // The server has no socket for this tab; render "connecting" until hydrated.
  const hydrated = useHydrated();
  if (!hydrated || !state.hasEverConnected) return "connecting";
  if (!state.isWebSocketConnected) return "reconnecting";
  return isRefreshing ? "refreshing" : "connected";
}
