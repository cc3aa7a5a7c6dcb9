import type { LaneId } from "../designs/lanes";
import type { LaneStats } from "./laneStats";

/**
 * Moments when every running lane failed its pings at once, the official one
 * included. The designs differ only in how they hand tokens to Convex; when all of
 * them fail together the cause is shared (in `next dev`, a route compiling for tens
 * of seconds on a busy machine; or the backend being down), so those failures say
 * nothing about any design.
 */

export type FailureRun = {
  /** The first failed ping's answer. */
  from: number;
  /** The next successful ping's answer, or null while still failing. */
  to: number | null;
  failures: number;
};

export type SharedOutage = { from: number; to: number | null };

/** A lane's runs of consecutive failed pings. */
export function failureRuns(lane: LaneStats): FailureRun[] {
  const runs: FailureRun[] = [];
  let current: FailureRun | null = null;
  for (const sample of lane.pingSamples) {
    if (!sample.ok) {
      if (current) current.failures += 1;
      else current = { from: sample.at, to: null, failures: 1 };
    } else if (current) {
      current.to = sample.at;
      runs.push(current);
      current = null;
    }
  }
  if (current) runs.push(current);
  return runs;
}

const end = (value: number | null) => value ?? Number.POSITIVE_INFINITY;

function intersect(a: SharedOutage[], b: FailureRun[]): SharedOutage[] {
  const result: SharedOutage[] = [];
  for (const x of a) {
    for (const y of b) {
      const from = Math.max(x.from, y.from);
      const to = Math.min(end(x.to), end(y.to));
      if (to > from) {
        result.push({ from, to: Number.isFinite(to) ? to : null });
      }
    }
  }
  return result;
}

/**
 * Windows in which the official lane and every other running lane were all failing.
 * Empty when the official lane is not running or only one lane runs: without the
 * reference lane a shared failure cannot be told from a shared design flaw.
 */
export function sharedOutages(
  lanes: Record<LaneId, LaneStats>,
  running: readonly LaneId[],
): SharedOutage[] {
  if (!running.includes("official") || running.length < 2) return [];
  let windows: SharedOutage[] = failureRuns(lanes.official).map((run) => ({
    from: run.from,
    to: run.to,
  }));
  for (const id of running) {
    if (id === "official") continue;
    windows = intersect(windows, failureRuns(lanes[id]));
    if (windows.length === 0) break;
  }
  return windows;
}

/** Failed pings of a lane that belong to a run overlapping a shared outage. */
export function failuresDuringOutages(
  lane: LaneStats,
  outages: SharedOutage[],
): number {
  let count = 0;
  for (const run of failureRuns(lane)) {
    const overlaps = outages.some(
      (outage) => run.from < end(outage.to) && outage.from < end(run.to),
    );
    if (overlaps) count += run.failures;
  }
  return count;
}
