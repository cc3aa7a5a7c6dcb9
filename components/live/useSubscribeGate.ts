"use client";

import { useEffect, useState } from "react";
import { useAuth } from "@clerk/nextjs";
import { useConvexAuth } from "convex/react";

export type SubscribeGate =
  "waiting" | "subscribed" | "sessionChanging" | "signedOut";

/**
 * When a page holding server-preloaded data may subscribe: only once the
 * browser's Convex client is authenticated. Subscribing earlier would run the
 * query without an identity and throw "Not signed in" over data the server
 * already rendered. Latches: once subscribed, a token the backend refuses
 * surfaces as the query's own UNAUTHENTICATED error (handled by the error
 * boundary).
 *
 * Clerk ending or switching the session is different: signing out puts clerk-js
 * in a transitional state (not loaded) before it navigates away, and the Convex
 * client drops its token at once, so a live query would fail. Then the gate
 * closes: "sessionChanging" while Clerk settles, "signedOut" once it has.
 */
export function useSubscribeGate(): SubscribeGate {
  const { isAuthenticated, isLoading } = useConvexAuth();
  const clerk = useAuth();
  const [subscribed, setSubscribed] = useState(false);
  useEffect(() => {
    if (isAuthenticated) setSubscribed(true);
  }, [isAuthenticated]);
  if (subscribed && clerk.isSignedIn !== true) {
    return clerk.isLoaded ? "signedOut" : "sessionChanging";
  }
  if (subscribed) return "subscribed";
  if (!isLoading && !isAuthenticated) return "signedOut";
  return "waiting";
}
