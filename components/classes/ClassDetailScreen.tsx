"use client";

import type { Preloaded } from "convex/react";
import type { api } from "@/convex/_generated/api";
import { ErrorBoundary } from "../ErrorBoundary";
import { ClassDeletedNotice } from "./ClassDeletedNotice";
import { ClassNotFoundNotice } from "./ClassNotFoundNotice";
import { isDeletingHere } from "./deletedHere";
import { LivePreloaded } from "../live/LivePreloaded";
import { ClassDetail } from "./ClassDetail";

export function ClassDetailScreen({
  classId,
  preloaded,
}: {
  classId: string;
  preloaded: Preloaded<typeof api.classes.get>;
}) {
  return (
    <ErrorBoundary>
      <LivePreloaded preloaded={preloaded}>
        {(result, live) =>
          result === null ? (
            // Deleted here: say so and go back. Deleted elsewhere: say what happened.
            isDeletingHere(classId) ? (
              <ClassDeletedNotice classId={classId} />
            ) : (
              <ClassNotFoundNotice />
            )
          ) : (
            <ClassDetail
              found={result.class}
              assignments={result.assignments}
              live={live}
            />
          )
        }
      </LivePreloaded>
    </ErrorBoundary>
  );
}
