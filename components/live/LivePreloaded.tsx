"use client";

import { useMemo, type ReactNode } from "react";
import { usePreloadedQuery, type Preloaded } from "convex/react";
import { preloadedQueryResult } from "convex/nextjs";
import type { FunctionReference, FunctionReturnType } from "convex/server";
import { SessionEndedNotice } from "./SessionEndedNotice";
import { useSubscribeGate } from "./useSubscribeGate";

type Query = FunctionReference<"query">;
type Render<Q extends Query> = (
  value: FunctionReturnType<Q>,
  live: boolean,
) => ReactNode;

/**
 * Shows a server-preloaded query result and subscribes to it only once the
 * browser's Convex client is authenticated (see useSubscribeGate). Until then
 * the server's value is shown as is, so the first HTML holds the user's data
 * and nothing flashes.
 */
export function LivePreloaded<Q extends Query>({
  preloaded,
  children,
}: {
  preloaded: Preloaded<Q>;
  children: Render<Q>;
}) {
  const gate = useSubscribeGate();
  const serverValue = useMemo(
    () => preloadedQueryResult(preloaded),
    [preloaded],
  );

  if (gate === "subscribed") {
    return <Subscribed preloaded={preloaded} render={children} />;
  }
  if (gate === "signedOut") return <SignInToSeeClasses />;
  if (gate === "sessionChanging") return <SessionChanging />;
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

export function SignInToSeeClasses() {
  return (
    <SessionEndedNotice>
      Sign in to see your classes. Nothing you saved is lost.
    </SessionEndedNotice>
  );
}

/** Shown while Clerk ends or switches the session: no old data, no error. */
export function SessionChanging() {
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
