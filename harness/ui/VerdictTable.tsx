import Link from "next/link";
import { LANE_IDS, LANES, type LaneId } from "@/harness/designs/lanes";
import type { LaneStats } from "@/harness/model/laneStats";
import { VERDICTS } from "@/harness/designs/verdicts";
import { liveVerdict } from "@/harness/model/liveVerdict";
import type { SharedOutage } from "@/harness/model/sharedOutages";

const liveTone = {
  starting: "text-slate-600",
  waiting: "text-slate-600",
  survived: "text-emerald-700",
  failed: "text-rose-700",
} as const;

function Cell({
  label,
  children,
  testId,
}: {
  label: string;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <div className="min-w-0 break-words" data-testid={testId}>
      <span className="font-semibold text-slate-500 md:hidden">{label}: </span>
      {children}
    </div>
  );
}

const GRID =
  "grid grid-cols-1 gap-1 md:grid-cols-[11rem_minmax(0,1fr)_minmax(0,1fr)_minmax(0,1.4fr)_minmax(0,1.2fr)] md:gap-3";

/** Which designs survive: the measured verdicts beside what this page shows live. */
export function VerdictTable({
  lanes,
  running,
  outages,
  now,
}: {
  lanes: Record<LaneId, LaneStats>;
  running: LaneId[];
  outages: SharedOutage[];
  now: number;
}) {
  return (
    <section
      data-testid="verdicts"
      className="rounded-lg border border-slate-300 bg-white p-3 text-sm sm:p-4"
    >
      <h2 className="mb-1 text-base font-semibold">Which designs survive</h2>
      <p className="mb-3 text-slate-600">
        Verdicts from the end-to-end matrix (
        <Link className="text-blue-700 underline" href="/dev/docs/e2e">
          docs/e2e.md
        </Link>
        ), and what this page has seen so far. How to move a SvelteKit app to
        the official path:{" "}
        <Link
          className="text-blue-700 underline"
          href="/dev/docs/migration-guide"
        >
          migration guide
        </Link>
        ; how this page works:{" "}
        <Link className="text-blue-700 underline" href="/dev/docs/harness">
          harness guide
        </Link>
        .
      </p>
      <div
        className={`${GRID} hidden border-b border-slate-200 pb-1 font-semibold text-slate-500 md:grid`}
      >
        <span>Design</span>
        <span>Past expiry, session tokens</span>
        <span>Past expiry, convex template</span>
        <span>After an organization switch</span>
        <span>On this page now</span>
      </div>
      <ul className="flex flex-col">
        {LANE_IDS.map((id) => {
          const live = running.includes(id)
            ? liveVerdict(lanes[id], outages, now)
            : null;
          return (
            <li
              key={id}
              data-testid={`verdict-${id}`}
              className={`${GRID} border-b border-slate-100 py-2 last:border-b-0`}
            >
              <div className="min-w-0">
                <span className="font-mono font-semibold">{id}</span>
                <span className="block text-xs text-slate-500">
                  {LANES[id].origin}
                </span>
              </div>
              <Cell label="Past expiry, session tokens">
                {VERDICTS[id].native}
              </Cell>
              <Cell label="Past expiry, convex template">
                {VERDICTS[id].template}
              </Cell>
              <Cell label="After an organization switch">
                {VERDICTS[id].orgSwitch}
              </Cell>
              <Cell label="On this page now" testId={`verdict-${id}-live`}>
                {live ? (
                  <span className={liveTone[live.kind]}>{live.text}</span>
                ) : (
                  <span className="text-slate-500">Not running.</span>
                )}
              </Cell>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
