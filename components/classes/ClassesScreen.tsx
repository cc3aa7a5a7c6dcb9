"use client";

import type { Preloaded } from "convex/react";
import type { api } from "@/convex/_generated/api";
import { ErrorBoundary } from "../ErrorBoundary";
import { LivePreloaded } from "../live/LivePreloaded";
import { ClassesOverview } from "./ClassesOverview";

export function ClassesScreen({
  preloaded,
}: {
  preloaded: Preloaded<typeof api.classes.list>;
}) {
  return (
    <ErrorBoundary backHref="/" backLabel="Home">
      <LivePreloaded preloaded={preloaded}>
        {(classes, live) => <ClassesOverview classes={classes} live={live} />}
      </LivePreloaded>
    </ErrorBoundary>
  );
}
