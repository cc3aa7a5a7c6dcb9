import Link from "next/link";
import type { ClassSummary } from "@/convex/classes";
import { isOptimisticId } from "./optimistic";
import { OpeningHint } from "./OpeningHint";

export function classSubtitle(found: { section?: string; term?: string }) {
  return [found.section, found.term].filter(Boolean).join(" · ");
}

export function ClassCard({ summary }: { summary: ClassSummary }) {
  const pending = isOptimisticId(summary._id);
  const subtitle = classSubtitle(summary);
  const doneCount = summary.assignmentCount - summary.openCount;
  const progress =
    summary.assignmentCount === 0
      ? 0
      : Math.round((doneCount / summary.assignmentCount) * 100);
  const body = (
    <>
      <div className="flex items-start justify-between gap-2">
        <h3
          data-testid="class-name"
          className="min-w-0 font-semibold wrap-anywhere text-slate-900 group-hover:text-indigo-700"
        >
          {summary.name}
        </h3>
        {summary.archived ? (
          <span className="shrink-0 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">
            Archived
          </span>
        ) : null}
      </div>
      <p className="mt-1 min-h-5 text-sm wrap-anywhere text-slate-500">
        {subtitle}
      </p>
      <div className="mt-4">
        <div
          className="h-1.5 overflow-hidden rounded-full bg-slate-100"
          aria-hidden="true"
        >
          <div
            className="h-full rounded-full bg-indigo-500 transition-all"
            style={{ width: `${progress}%` }}
          />
        </div>
        <p className="mt-2 text-xs text-slate-600">
          {summary.assignmentCount === 0
            ? "No assignments yet"
            : `${summary.openCount} open · ${summary.assignmentCount} total`}
        </p>
      </div>
    </>
  );
  const cardClass =
    "group block h-full min-w-0 rounded-xl border border-slate-200 bg-white p-5 shadow-sm transition hover:border-indigo-300 hover:shadow-md focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2";
  return (
    <li data-testid="class-card" className="min-w-0">
      {pending ? (
        // Not yet saved: no page to open until the server returns its id.
        <div className={`${cardClass} opacity-70`} aria-busy="true">
          {body}
        </div>
      ) : (
        <Link href={`/classes/${summary._id}`} className={cardClass}>
          {body}
          <OpeningHint />
        </Link>
      )}
    </li>
  );
}
