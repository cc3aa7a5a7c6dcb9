"use client";

import { useConvexAuth, useConvexConnectionState } from "convex/react";
import { readConnection, type Connection } from "./connectionState";
import { useHydrated } from "@/lib/useHydrated";

/**
 * The connection as the header, the banner, the live badges and the
 * load-problem views all show it: one source, from the Convex client's own
 * connection-state subscription (no polling).
 */
export function useConnection(): Connection {
  const socket = useConvexConnectionState();
  const auth = useConvexAuth();
  const hydrated = useHydrated();
  return readConnection(socket, auth, hydrated);
}
