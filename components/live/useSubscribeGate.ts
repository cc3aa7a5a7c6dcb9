"use client";

import { useEffect, useState } from "react";
import { useConvexAuth } from "convex/react";
import { useSessionPhase } from "../connection/useSessionPhase";

export type SubscribeGate =
  "waiting" | "subscribed" | "signingOut" | "signedOut";

/**
 * When a page holding server-preloaded data may subscribe: only once the
 * browser's Convex client is authenticated. Subscribing earlier would run the
 * query without an identity and throw "Not signed in" over data the server
 * already rendered. Latches: once subscribed, a token the backend refuses
 * surfaces as the query's own UNAUTHENTICATED error (handled by the error
 * boundary).
 *
 * Clerk ending the session is different: sign-out empties clerk-js's session
 * (see readSessionPhase) until the next page has rendered, and the Convex
 * client drops its token at once, so a live query would fail. Then the gate
 * closes: "signingOut" while Clerk navigates away, "signedOut" if it has
 * finished and the page is still here.
 */
export function useSubscribeGate(): SubscribeGate {
  const { isAuthenticated, isLoading } = useConvexAuth();
  const session = useSessionPhase();
  const [subscribed, setSubscribed] = useState(false);
  useEffect(() => {
    if (isAuthenticated) setSubscribed(true);
  }, [isAuthenticated]);
  if (subscribed && session !== "signedIn") {
    return session === "signedOut" ? "signedOut" : "signingOut";
  }
  if (subscribed) return "subscribed";
  if (!isLoading && !isAuthenticated) return "signedOut";
  return "waiting";
}
