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
