"use client";

import type { ClassSummary } from "@/convex/classes";
import { EmptyState } from "../ui/EmptyState";
import { LiveBadge } from "../live/LiveBadge";
import { ClassCard } from "./ClassCard";
import { NewClassForm } from "./NewClassForm";

export function ClassesOverview({
  classes,
  live,
}: {
  classes: ClassSummary[];
  live: boolean;
}) {
  const active = classes.filter((found) => !found.archived);
  const archived = classes.filter((found) => found.archived);
  const open = active.reduce((sum, found) => sum + found.openCount, 0);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
            Your classes
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            {active.length === 0
              ? "Nothing here yet."
              : `${active.length} active ${active.length === 1 ? "class" : "classes"} · ${open} open ${open === 1 ? "assignment" : "assignments"}`}
          </p>
        </div>
        <LiveBadge live={live} />
      </div>

      <NewClassForm disabled={!live} />

      {active.length === 0 ? (
        <EmptyState title="No classes yet">
          Add your first class above. It will show up here, and in any other tab
          you have open, right away.
        </EmptyState>
      ) : (
        <ul
          aria-label="Active classes"
          className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3"
        >
          {active.map((summary) => (
            <ClassCard key={summary._id} summary={summary} />
          ))}
        </ul>
      )}

      {archived.length > 0 ? (
        <details className="group rounded-xl border border-slate-200 bg-white/60 p-4">
          <summary className="cursor-pointer rounded text-sm font-medium text-slate-700 select-none focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
            Archived ({archived.length})
          </summary>
          <ul
            aria-label="Archived classes"
            className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3"
          >
            {archived.map((summary) => (
              <ClassCard key={summary._id} summary={summary} />
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
