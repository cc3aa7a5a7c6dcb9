"use client";

import { useEffect, useMemo, useState, type ReactNode } from "react";
import { useAuth } from "@clerk/nextjs";
import { useConvexAuth, usePreloadedQuery, type Preloaded } from "convex/react";
import { preloadedQueryResult } from "convex/nextjs";
import type { FunctionReference, FunctionReturnType } from "convex/server";
import { SessionEndedNotice } from "./SessionEndedNotice";

type Query = FunctionReference<"query">;
type Render<Q extends Query> = (
  value: FunctionReturnType<Q>,
  live: boolean,
) => ReactNode;

/**
 * Shows a server-preloaded query result and subscribes to it only once the
 * browser's Convex client is authenticated. Subscribing earlier would run the
 * query without an identity and throw "Not signed in" over data the server
 * already rendered. Until then the server's value is shown as is, so the first
 * HTML holds the user's data and nothing flashes.
 */
export function LivePreloaded<Q extends Query>({
  preloaded,
  children,
}: {
  preloaded: Preloaded<Q>;
  children: Render<Q>;
}) {
  const { isAuthenticated, isLoading } = useConvexAuth();
  const clerk = useAuth();
  // Latches: once subscribed, a token the backend refuses surfaces as the query's
  // own UNAUTHENTICATED error (handled by the error boundary), not stale data.
  const [subscribed, setSubscribed] = useState(false);
  useEffect(() => {
    if (isAuthenticated) setSubscribed(true);
  }, [isAuthenticated]);

  const serverValue = useMemo(
    () => preloadedQueryResult(preloaded),
    [preloaded],
  );

  if (subscribed && clerk.isSignedIn !== true) {
    // Clerk is ending or switching the session. Signing out puts clerk-js in a
    // transitional state (not loaded) before it navigates away, and the Convex
    // client drops its token at once, so the live query would fail: show neither
    // the old user's data nor an error while that settles.
    if (!clerk.isLoaded) {
      return (
        <p
          role="status"
          data-testid="session-changing"
          className="p-5 text-sm text-slate-500"
        >
          Updating your sign-in…
        </p>
      );
    }
    return (
      <SessionEndedNotice>
        You are signed out. Sign in to see your classes; nothing you saved is
        lost.
      </SessionEndedNotice>
    );
  }
  if (subscribed) return <Subscribed preloaded={preloaded} render={children} />;
  if (!isLoading && !isAuthenticated) {
    return (
      <SessionEndedNotice>
        Sign in to see your classes. Nothing you saved is lost.
      </SessionEndedNotice>
    );
  }
  return <>{children(serverValue, false)}</>;
}

function Subscribed<Q extends Query>({
  preloaded,
  render,
}: {
  preloaded: Preloaded<Q>;
  render: Render<Q>;
}) {
  const value = usePreloadedQuery(preloaded);
  return <>{render(value, true)}</>;
}
