"use client";

import { useConvexAuth, useConvexConnectionState } from "convex/react";
import { readConnection, type Connection } from "./connectionState";
import { useHydrated } from "./useHydrated";
import { useSessionPhase } from "./useSessionPhase";

/**
 * The connection as the header, the banner, the live badges and the
 * load-problem views all show it: one source, from the Convex client's own
 * connection-state subscription (no polling) and Clerk's session state.
 */
export function useConnection(): Connection {
  const socket = useConvexConnectionState();
  const auth = useConvexAuth();
  const session = useSessionPhase();
  const hydrated = useHydrated();
  return readConnection(socket, auth, hydrated, session);
}
