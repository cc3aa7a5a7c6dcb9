"use client";

import type { Preloaded } from "convex/react";
import type { api } from "@/convex/_generated/api";
import { preloadedQueryResult } from "convex/nextjs";
import { classifyError } from "@/lib/errorHandling";
import { ErrorBoundary } from "../ErrorBoundary";
import { ClassDeletedNotice } from "./ClassDeletedNotice";
import { isDeletingHere } from "./deletedHere";
import { LivePreloaded } from "../live/LivePreloaded";
import { ClassDetail } from "./ClassDetail";

export function ClassDetailScreen({
  preloaded,
}: {
  preloaded: Preloaded<typeof api.classes.get>;
}) {
  const classId = preloadedQueryResult(preloaded).class._id;
  return (
    <ErrorBoundary
      renderFallback={(error) =>
        classifyError(error).kind === "notFound" && isDeletingHere(classId) ? (
          <ClassDeletedNotice classId={classId} />
        ) : undefined
      }
    >
      <LivePreloaded preloaded={preloaded}>
        {(result, live) => (
          <ClassDetail
            found={result.class}
            assignments={result.assignments}
            live={live}
          />
        )}
      </LivePreloaded>
    </ErrorBoundary>
  );
}
