"use client";

import { useConvexAuth, useQuery } from "convex/react";
import { api } from "@/convex/_generated/api";
import { ClassesOverview } from "@/components/classes/ClassesOverview";
import { CardGridSkeleton } from "@/components/ui/Skeleton";

/** Subscribes only once authenticated, the way a page without a server token has to. */
export function ClientOnlyClasses() {
  const { isAuthenticated } = useConvexAuth();
  const classes = useQuery(api.classes.list, isAuthenticated ? {} : "skip");
  if (classes === undefined) {
    return (
      <div data-testid="client-classes-loading" aria-busy="true">
        <CardGridSkeleton />
      </div>
    );
  }
  return <ClassesOverview classes={classes} live />;
}
