"use client";

import type { ClassSummary } from "@/convex/classes";
import type { Pages } from "../live/usePreloadedPages";
import { Button } from "../ui/Button";
import { EmptyState } from "../ui/EmptyState";
import { LiveBadge } from "../live/LiveBadge";
import { ClassCard } from "./ClassCard";
import { NewClassForm } from "./NewClassForm";

type ClassPages = Pages<ClassSummary>;

/** A whole list already in memory, as one finished "page". */
function allAtOnce(items: ClassSummary[], live: boolean): ClassPages {
  return { items, live, next: "done", loadMore: () => {} };
}

/** The class list from one array of every class (the client-only comparison page). */
export function ClassesOverview({
  classes,
  live,
}: {
  classes: ClassSummary[];
  live: boolean;
}) {
  return (
    <ClassesLayout
      active={allAtOnce(
        classes.filter((found) => !found.archived),
        live,
      )}
      archived={allAtOnce(
        classes.filter((found) => found.archived),
        live,
      )}
      live={live}
    />
  );
}

function activeSummary(active: ClassPages): string {
  const count = active.items.length;
  if (count === 0 && active.next === "done") return "Nothing here yet.";
  const noun = count === 1 ? "class" : "classes";
  return active.next === "done"
    ? `${count} active ${noun}, newest first`
    : `The newest ${count} active ${noun}`;
}

export function ClassesLayout({
  active,
  archived,
  live,
}: {
  active: ClassPages;
  archived: ClassPages;
  live: boolean;
}) {
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
            Your classes
          </h1>
          <p
            data-testid="classes-summary"
            className="mt-1 text-sm text-slate-600"
          >
            {activeSummary(active)}
          </p>
        </div>
        <LiveBadge live={live} />
      </div>

      <NewClassForm disabled={!live} />

      {active.items.length === 0 && active.next === "done" ? (
        <EmptyState title="No classes yet">
          Add your first class above. It will show up here, and in any other tab
          you have open, right away.
        </EmptyState>
      ) : (
        <ClassList label="Active classes" pages={active} />
      )}

      {archived.items.length > 0 ? (
        <details className="group rounded-xl border border-slate-200 bg-white/60 p-4">
          <summary className="cursor-pointer rounded text-sm font-medium text-slate-700 select-none focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
            Archived (
            {archived.next === "done"
              ? archived.items.length
              : `${archived.items.length}+`}
            )
          </summary>
          <div className="mt-4">
            <ClassList label="Archived classes" pages={archived} />
          </div>
        </details>
      ) : null}
    </div>
  );
}

function ClassList({ label, pages }: { label: string; pages: ClassPages }) {
  return (
    <div className="flex flex-col items-center gap-4">
      <ul
        aria-label={label}
        className="grid w-full gap-4 sm:grid-cols-2 lg:grid-cols-3"
      >
        {pages.items.map((summary) => (
          <ClassCard key={summary._id} summary={summary} />
        ))}
      </ul>
      {pages.next === "done" ? null : (
        <Button
          variant="secondary"
          data-testid="show-more-classes"
          disabled={!pages.live || pages.next === "loading"}
          onClick={pages.loadMore}
        >
          {pages.next === "loading" ? "Loading…" : "Show more classes"}
        </Button>
      )}
    </div>
  );
}
