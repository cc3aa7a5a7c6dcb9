"use client";

import { useEffect, useMemo, useState, type ReactNode } from "react";
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
  if (gate === "signingOut") return <SigningOut />;
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

/** After this long the sign-out notice also offers the way home itself. */
export const SIGN_OUT_SLOW_MS = 4_000;

/**
 * Shown while Clerk ends the session and navigates away: no old data, no
 * error. The wait is Clerk loading the next page; if that is slow, the page
 * says so and offers a plain link instead of sitting there.
 */
export function SigningOut() {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), SIGN_OUT_SLOW_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <div
      role="status"
      data-testid="signing-out"
      className="flex flex-wrap items-center gap-x-3 gap-y-1 p-5 text-sm text-slate-600"
    >
      <span
        aria-hidden="true"
        className="h-4 w-4 shrink-0 animate-spin rounded-full border-2 border-slate-300 border-t-indigo-500"
      />
      <span>Signing out…</span>{" "}
      {slow ? (
        <span className="min-w-0 wrap-anywhere">
          This is taking longer than usual.{" "}
          {/* A full page load, not <Link>: Clerk's own soft navigation to "/" is the one that stalled. */}
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
          <a href="/" className="font-medium text-indigo-600 underline">
            Go to the home page
          </a>
          .
        </span>
      ) : null}
    </div>
  );
}
