"use client";

import { useConvexAuth, useConvexConnectionState } from "convex/react";
import {
  readConnection,
  type Connection,
  type SocketState,
} from "./connectionState";
import { useHydrated } from "@/lib/useHydrated";
import { useSessionPhase } from "./useSessionPhase";

const NO_SOCKET: SocketState = {
  hasEverConnected: false,
  isWebSocketConnected: false,
};

/**
 * Asking the Convex client for its connection state creates its WebSocket, and
 * a server render must not open one (it would sit idle, unauthenticated, for
 * the life of the server). Chosen once per environment, so every render in it
 * calls the same hooks; the server's HTML says "connecting" either way.
 */
const useSocketState: () => SocketState =
  typeof window === "undefined" ? () => NO_SOCKET : useConvexConnectionState;

/**
 * The connection as the header, the banner, the live badges and the
 * load-problem views all show it: one source, from the Convex client's own
 * connection-state subscription (no polling) and Clerk's session state.
 */
export function useConnection(): Connection {
  const socket = useSocketState();
  const auth = useConvexAuth();
  const session = useSessionPhase();
  const hydrated = useHydrated();
  return readConnection(socket, auth, hydrated, session);
}
