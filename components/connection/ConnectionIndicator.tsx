"use client";

import type { Connection } from "./connectionState";
import { useConnection } from "./useConnection";

type Look = { label: string; title: string; dot: string };

/** Short label for the header, and a sentence saying what it means. */
export function describeConnection(connection: Connection): Look {
  const { status, signedIn, pendingWrites } = connection;
  switch (status) {
    case "connecting":
      return {
        label: "Connecting…",
        title: "Connecting to the Classroom server.",
        dot: "animate-pulse bg-slate-400",
      };
    case "refreshing":
      return {
        label: "Renewing sign-in…",
        title: "Connected; renewing your sign-in with the server.",
        dot: "animate-pulse bg-amber-400",
      };
    case "reconnecting":
      return {
        label:
          pendingWrites > 0 ? `Offline · ${pendingWrites} unsent` : "Offline",
        title:
          pendingWrites > 0
            ? `Can't reach the Classroom server. ${unsentChanges(pendingWrites)} waiting in this tab.`
            : "Can't reach the Classroom server. Reconnecting…",
        dot: "animate-pulse bg-rose-500",
      };
    case "signingOut":
      return {
        label: "Signing out…",
        title: "Ending your session; your classes stay hidden from now on.",
        dot: "animate-pulse bg-slate-400",
      };
    case "connected":
      return signedIn === false
        ? {
            label: "Online · signed out",
            title:
              "Connected to the Classroom server, but not signed in: sign in to see your classes.",
            dot: "bg-slate-400",
          }
        : {
            label: "Online",
            title: "Connected to the Classroom server; changes sync live.",
            dot: "bg-emerald-500",
          };
  }
}

export function unsentChanges(count: number): string {
  return count === 1 ? "1 unsent change" : `${count} unsent changes`;
}

export function ConnectionIndicator() {
  const connection = useConnection();
  const { label, title, dot } = describeConnection(connection);
  return (
    <span
      data-testid="connection-indicator"
      data-state={connection.status}
      title={title}
      className="inline-flex shrink-0 items-center gap-1.5 text-xs font-medium whitespace-nowrap text-slate-600"
    >
      <span
        aria-hidden="true"
        className={`h-2.5 w-2.5 shrink-0 rounded-full ${dot}`}
      />
      <span>{label}</span>
      <span className="sr-only">. {title}</span>
    </span>
  );
}
