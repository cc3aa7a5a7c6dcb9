import type { LaneStats } from "./laneStats";

/**
 * Maps a lane's stats to what the timeline draws, in seconds since the session
 * started. Drawing (pixels, colours) stays in the component.
 */

export type ValidityBar = {
  key: string;
  from: number;
  to: number;
  /** Whether the server confirmed this token. */
  accepted: boolean;
  label: string;
};

export type RefreshMarker = {
  key: string;
  at: number;
  force: boolean;
  outcome: "pending" | "token" | "empty" | "error";
  identical: boolean;
};

export type PointMark = { key: string; at: number; label: string };

export type Span = { key: string; from: number; to: number };

export type LaneTimeline = {
  validity: ValidityBar[];
  refreshes: RefreshMarker[];
  pingOk: PointMark[];
  pingFailed: PointMark[];
  acceptances: PointMark[];
  authFailures: PointMark[];
  disconnects: Span[];
  predicted: PointMark[];
};

export type TimeWindow = { start: number; end: number };

const seconds = (at: number, startedAt: number) => (at - startedAt) / 1000;

function tokenKey(claims: { jti: string | null; tail: string }): string {
  return claims.jti ?? claims.tail;
}

export function buildLaneTimeline(
  lane: LaneStats,
  startedAt: number,
  now: number,
): LaneTimeline {
  const accepted = new Set(
    lane.acceptances
      .map((a) => (a.claims ? tokenKey(a.claims) : null))
      .filter((key): key is string => key !== null),
  );
  const validity: ValidityBar[] = [];
  const seen = new Set<string>();
  for (const fetch of lane.fetches) {
    const claims = fetch.claims;
    if (!claims || claims.iat === null || claims.exp === null) continue;
    const key = tokenKey(claims);
    if (seen.has(key)) continue;
    seen.add(key);
    validity.push({
      key,
      from: seconds(claims.iat * 1000, startedAt),
      to: seconds(claims.exp * 1000, startedAt),
      accepted: accepted.has(key),
      label: `…${claims.tail} ${claims.exp - claims.iat} s`,
    });
  }
  const nowSeconds = seconds(now, startedAt);
  return {
    validity,
    refreshes: lane.fetches.map((fetch) => ({
      key: `f${fetch.callId}`,
      at: seconds(fetch.startedAt, startedAt),
      force: fetch.force,
      outcome: fetch.outcome,
      identical: fetch.outcome === "token" && fetch.changed === false,
    })),
    pingOk: lane.pingSamples
      .filter((sample) => sample.ok)
      .map((sample, index) => ({
        key: `ok${index}`,
        at: seconds(sample.at, startedAt),
        label: "ping ok",
      })),
    pingFailed: lane.pingSamples
      .filter((sample) => !sample.ok)
      .map((sample, index) => ({
        key: `fail${index}`,
        at: seconds(sample.at, startedAt),
        label: sample.error ?? "ping failed",
      })),
    acceptances: lane.acceptances.map((acceptance, index) => ({
      key: `a${index}`,
      at: seconds(acceptance.at, startedAt),
      label: `server confirmed (${acceptance.kind})`,
    })),
    authFailures: lane.authFailures.map((failure, index) => ({
      key: `x${index}`,
      at: seconds(failure.at, startedAt),
      label: failure.error,
    })),
    disconnects: lane.disconnects.map((gap, index) => ({
      key: `d${index}`,
      from: seconds(gap.from, startedAt),
      to: gap.to === null ? nowSeconds : seconds(gap.to, startedAt),
    })),
    predicted: lane.acceptances
      .filter((a) => a.predictedNextAt !== null && a.kind === "fresh")
      .map((acceptance, index) => ({
        key: `p${index}`,
        at: seconds(acceptance.predictedNextAt as number, startedAt),
        label: "predicted refresh",
      })),
  };
}

/** The window shown: the whole session, at least `minSeconds` wide. */
export function timelineWindow(
  startedAt: number,
  now: number,
  minSeconds = 120,
): TimeWindow {
  return { start: 0, end: Math.max(minSeconds, seconds(now, startedAt) + 5) };
}

/** Linear scale from session seconds to x pixels, clamped to the drawing area. */
export function scaleX(at: number, window: TimeWindow, width: number): number {
  const span = window.end - window.start;
  const x = ((at - window.start) / span) * width;
  return Math.min(width, Math.max(0, x));
}

/** Tick positions (seconds) at a round step giving about `count` ticks. */
export function timeTicks(window: TimeWindow, count = 8): number[] {
  const span = window.end - window.start;
  const steps = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
  const step = steps.find((s) => span / s <= count) ?? 14400;
  const ticks: number[] = [];
  for (
    let t = Math.ceil(window.start / step) * step;
    t <= window.end;
    t += step
  )
    ticks.push(t);
  return ticks;
}
