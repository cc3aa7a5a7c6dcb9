"use client";

import { useEffect, useState } from "react";
import { useConvexAuth } from "convex/react";

export type SubscribeGate = "waiting" | "subscribed" | "signedOut";

/**
 * When a page holding server-preloaded data may subscribe: only once the
 * browser's Convex client is authenticated. Subscribing earlier would run the
 * query without an identity and throw "Not signed in" over data the server
 * already rendered. Latches: once subscribed, a later sign-out surfaces as the
 * query's own UNAUTHENTICATED error (handled by the error boundary).
 */
export function useSubscribeGate(): SubscribeGate {
  const { isAuthenticated, isLoading } = useConvexAuth();
  const [subscribed, setSubscribed] = useState(false);
  useEffect(() => {
    if (isAuthenticated) setSubscribed(true);
  }, [isAuthenticated]);
  if (subscribed) return "subscribed";
  if (!isLoading && !isAuthenticated) return "signedOut";
  return "waiting";
}
