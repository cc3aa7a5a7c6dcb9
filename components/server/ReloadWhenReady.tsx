"use client";

import { useRouter } from "next/navigation";
import { startTransition, useEffect, useState } from "react";
import { useConnection } from "../connection/useConnection";
import type { Connection } from "../connection/connectionState";

export type WaitFor = "connection" | "signIn";

/** First retry right away, then back off, so a page the server still can't load doesn't spin. */
export function retryDelayMs(attempt: number): number {
  return attempt === 0 ? 0 : Math.min(30_000, 2_000 * 2 ** (attempt - 1));
}

export function isReady(waitFor: WaitFor, connection: Connection): boolean {
  if (waitFor === "signIn") return connection.signedIn === true;
  return (
    connection.status === "connected" || connection.status === "refreshing"
  );
}

/**
 * Sits in a server-rendered "couldn't load" page and renders that page again
 * on the server once the browser's own connection (or sign-in) says it can
 * work, so the page recovers without the user pressing anything.
 */
export function ReloadWhenReady({ waitFor }: { waitFor: WaitFor }) {
  const router = useRouter();
  const connection = useConnection();
  const ready = isReady(waitFor, connection);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!ready) {
      setAttempt(0);
      return;
    }
    const timer = setTimeout(() => {
      startTransition(() => router.refresh());
      setAttempt((current) => current + 1);
    }, retryDelayMs(attempt));
    return () => clearTimeout(timer);
  }, [ready, attempt, router]);

  return (
    <p
      data-testid="reload-when-ready"
      data-state={ready ? "reloading" : "waiting"}
      aria-live="polite"
      className="text-xs opacity-80"
    >
      {ready
        ? waitFor === "signIn"
          ? "Signed in. Loading your classes…"
          : "Connected again. Loading this page…"
        : waitFor === "signIn"
          ? "This page loads by itself once you sign in."
          : "Waiting for the server. This page loads by itself when the connection is back."}
    </p>
  );
}
