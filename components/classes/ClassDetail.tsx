"use client";

import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import type { Doc } from "@/convex/_generated/dataModel";
import { EmptyState } from "../ui/EmptyState";
import { LiveBadge } from "../live/LiveBadge";
import { AssignmentItem } from "../assignments/AssignmentItem";
import { NewAssignmentForm } from "../assignments/NewAssignmentForm";
import { compareAssignments, localToday } from "../assignments/dates";
import { classSubtitle } from "./ClassCard";
import { ClassActions } from "./ClassActions";

export function ClassDetail({
  found,
  assignments,
  live,
}: {
  found: Doc<"classes">;
  assignments: Doc<"assignments">[];
  live: boolean;
}) {
  // Set after mount: "today" depends on the viewer's time zone, which the server doesn't know.
  const [today, setToday] = useState<string | null>(null);
  useEffect(() => setToday(localToday()), []);

  const sorted = useMemo(
    () => [...assignments].sort(compareAssignments),
    [assignments],
  );
  const open = sorted.filter((assignment) => !assignment.done);
  const done = sorted.filter((assignment) => assignment.done);
  const progress =
    sorted.length === 0 ? 0 : Math.round((done.length / sorted.length) * 100);
  const subtitle = classSubtitle(found);

  return (
    <div className="flex flex-col gap-6">
      <nav aria-label="Breadcrumb">
        <Link
          href="/classes"
          className="rounded text-sm font-medium text-indigo-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
        >
          ← All classes
        </Link>
      </nav>

      <header className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <h1
                data-testid="class-title"
                className="min-w-0 text-2xl font-semibold tracking-tight wrap-anywhere text-slate-900"
              >
                {found.name}
              </h1>
              {found.archived ? (
                <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">
                  Archived
                </span>
              ) : null}
            </div>
            {subtitle ? (
              <p className="mt-1 text-sm wrap-anywhere text-slate-600">
                {subtitle}
              </p>
            ) : null}
          </div>
          <LiveBadge live={live} />
        </div>
        <div>
          <div className="flex justify-between text-xs text-slate-600">
            <span>
              {done.length} of {sorted.length} done
            </span>
            <span>{progress}%</span>
          </div>
          <div
            role="progressbar"
            aria-label="Assignments done"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={progress}
            className="mt-1 h-2 overflow-hidden rounded-full bg-slate-100"
          >
            <div
              className="h-full rounded-full bg-indigo-500 transition-all"
              style={{ width: `${progress}%` }}
            />
          </div>
        </div>
        <ClassActions found={found} disabled={!live} />
      </header>

      {found.archived ? (
        <p
          data-testid="archived-note"
          className="rounded-xl border border-slate-200 bg-white/60 p-4 text-sm text-slate-600"
        >
          This class is archived, so it takes no new assignments. Restore it to
          add more.
        </p>
      ) : (
        <NewAssignmentForm classId={found._id} disabled={!live} />
      )}

      <section aria-labelledby="open-heading" className="flex flex-col gap-2">
        <h2
          id="open-heading"
          className="text-sm font-semibold tracking-wide text-slate-500 uppercase"
        >
          Open ({open.length})
        </h2>
        {open.length === 0 ? (
          <EmptyState
            icon={sorted.length === 0 ? "list" : "check"}
            title={sorted.length === 0 ? "No assignments yet" : "All done"}
          >
            {sorted.length === 0
              ? found.archived
                ? "This class had no assignments when it was archived."
                : "Add the first assignment above."
              : "Every assignment in this class is done."}
          </EmptyState>
        ) : (
          <AssignmentList items={open} today={today} disabled={!live} />
        )}
      </section>

      {done.length > 0 ? (
        <section aria-labelledby="done-heading" className="flex flex-col gap-2">
          <h2
            id="done-heading"
            className="text-sm font-semibold tracking-wide text-slate-500 uppercase"
          >
            Done ({done.length})
          </h2>
          <AssignmentList items={done} today={today} disabled={!live} />
        </section>
      ) : null}
    </div>
  );
}

function AssignmentList({
  items,
  today,
  disabled,
}: {
  items: Doc<"assignments">[];
  today: string | null;
  disabled: boolean;
}) {
  return (
    <ul className="flex flex-col gap-2">
      {items.map((assignment) => (
        <AssignmentItem
          key={assignment._id}
          assignment={assignment}
          today={today}
          disabled={disabled}
        />
      ))}
    </ul>
  );
}
