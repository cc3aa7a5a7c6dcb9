"use client";

import { useConvexAuth, useConvexConnectionState } from "convex/react";

export type ConnectionStatus =
  "connecting" | "connected" | "refreshing" | "reconnecting";

/**
 * One word for the WebSocket and auth state, from the client's own
 * connection-state subscription (no polling).
 */
export function useConnectionStatus(): ConnectionStatus {
  const state = useConvexConnectionState();
  const { isRefreshing } = useConvexAuth();
  if (!state.hasEverConnected) return "connecting";
  if (!state.isWebSocketConnected) return "reconnecting";
  return isRefreshing ? "refreshing" : "connected";
}
