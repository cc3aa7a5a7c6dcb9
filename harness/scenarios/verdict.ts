import type { LaneSnapshot } from "../model/snapshot";

/**
 * What a scenario did to one lane, read from the lane's own record (its pings, token
 * calls and socket), the same way on the page and in the E2E suite.
 *
 * - survives: every authenticated query answered, before, during and after the fault;
 * - recovers: queries failed, and answered again by themselves, N s after the fault ended;
 * - ends: the session ended, and the lane's queries stopped answering N s after that;
 * - fails: still failing at the end; only a reload brings the lane back;
 * - leaks: after the tab changed user, the backend still answered as the user
 *   it had left (the previous user's data on screen).
 */
export type VerdictKind = "survives" | "recovers" | "ends" | "fails" | "leaks";

export type ExpectedVerdict =
  | { kind: "survives" }
  | { kind: "recovers"; withinSeconds: number }
  | { kind: "ends"; withinSeconds: number }
  /** `error`: a part of the first failed query's error. */
  | { kind: "fails"; error: string }
  | { kind: "leaks" }
  /**
   * Survives, recovers or fails, by timing that differs from run to run (`on` says
   * which); each run shows one branch and the cell holds both. `error`: a part of
   * the first error when it fails.
   */
  | { kind: "timing"; error: string; on: string };

export type ObservedVerdict = {
  kind: VerdictKind;
  /**
   * recovers: from the fault's end to the first answer; ends: from the
   * session's end to the first refusal; leaks: from the switch to the last
   * answer as the previous user.
   */
  seconds: number | null;
  firstError: string | null;
  failedQueries: number;
  okQueries: number;
  /** Token calls the lane made in the window (each one Frontend API request or less). */
  tokenFetches: number;
  /** Socket losses in the window. */
  reconnects: number;
};

/** Page-clock moments of one run, in ms. */
export type RunMarks = {
  /** Every lane had a confirmed token; the steps start. */
  from: number;
  /** The first step that starts the fault. */
  faultFrom: number;
  /** The step that ended the fault; null when nothing ends it (recovery is then timed from the failures' start). */
  faultTo: number | null;
  /** The observation ends. */
  to: number;
  /** The scenario ends the user's session on purpose. */
  sessionEnds: boolean;
  /** The tab changed user: subjects before and after, and when the switch was done. */
  switchedTo?: { from: string; to: string; at: number } | null;
};

/** Pings answered this soon after a user switch may have been sent before it. */
export const SWITCH_GRACE_MS = 1000;

export function observeLane(
  lane: LaneSnapshot,
  marks: RunMarks,
): ObservedVerdict {
  const inWindow = (at: number) => at >= marks.from && at <= marks.to;
  const samples = lane.pingSamples.filter((s) => inWindow(s.at));
  const failures = samples.filter((s) => !s.ok);
  const last = samples.at(-1) ?? null;
  const costs = {
    failedQueries: failures.length,
    okQueries: samples.length - failures.length,
    tokenFetches: lane.fetches.filter((f) => inWindow(f.startedAt)).length,
    reconnects: lane.disconnects.filter((d) => inWindow(d.from)).length,
    firstError: failures[0]?.error ?? null,
  };
  const switched = marks.switchedTo;
  const stale = switched
    ? samples.filter(
        (s) =>
          s.ok &&
          s.at > switched.at + SWITCH_GRACE_MS &&
          s.subject !== switched.to,
      )
    : [];
  if (switched && stale.length > 0) {
    const lastStale = stale.at(-1)!;
    return {
      kind: "leaks",
      seconds: round1((lastStale.at - switched.at) / 1000),
      ...costs,
      firstError:
        lastStale.subject === switched.from
          ? null
          : `answered as ${lastStale.subject ?? "an unknown user"}, neither user of the switch`,
    };
  }
  if (last === null) {
    return {
      kind: "fails",
      seconds: null,
      ...costs,
      firstError: "no query answered during the run",
    };
  }
  if (failures.length === 0 && last.ok) {
    return { kind: "survives", seconds: null, ...costs };
  }
  if (last.ok) {
    const lastFailure = failures.at(-1)!;
    const back = samples.find((s) => s.ok && s.at > lastFailure.at)!;
    // The last run of failures: recovery is counted from the later of its start
    // and the fault's end, so time the fault itself lasted is not counted.
    let runStart: number | null = null;
    for (const sample of samples) {
      if (sample.at > lastFailure.at) break;
      if (sample.ok) runStart = null;
      else runStart ??= sample.at;
    }
    const since = Math.max(runStart!, marks.faultTo ?? runStart!);
    return {
      kind: "recovers",
      seconds: round1(Math.max(0, back.at - since) / 1000),
      ...costs,
    };
  }
  if (marks.sessionEnds) {
    const firstAfter = failures.find((s) => s.at >= marks.faultFrom);
    return {
      kind: "ends",
      seconds: firstAfter
        ? round1(Math.max(0, firstAfter.at - marks.faultFrom) / 1000)
        : null,
      ...costs,
    };
  }
  return { kind: "fails", seconds: null, ...costs };
}

/**
 * Every lane's verdict when the page itself left the harness during the run: Clerk
 * sends a tab whose session ended to sign in, which ends every lane's access.
 */
/** The path a run reports when the tab loaded the harness again. */
export const RELOADED = "(the same page, reloaded)";

export function pageLeftVerdict(
  path: string,
  afterSeconds: number | null,
  sessionEnds: boolean,
): ObservedVerdict {
  const costs = {
    failedQueries: 0,
    okQueries: 0,
    tokenFetches: 0,
    reconnects: 0,
  };
  return sessionEnds && path.startsWith("/sign-in")
    ? { kind: "ends", seconds: afterSeconds, firstError: null, ...costs }
    : {
        kind: "fails",
        seconds: null,
        firstError:
          path === RELOADED
            ? "the page reloaded, and every lane started again"
            : `the page left for ${path.slice(0, 80)}`,
        ...costs,
      };
}

export function verdictMatches(
  expected: ExpectedVerdict,
  observed: ObservedVerdict,
): boolean {
  if (expected.kind === "timing") {
    return observed.kind === "fails"
      ? (observed.firstError ?? "").includes(expected.error)
      : observed.kind === "survives" || observed.kind === "recovers";
  }
  if (expected.kind !== observed.kind) return false;
  switch (expected.kind) {
    case "survives":
      return true;
    case "recovers":
    case "ends":
      return (observed.seconds ?? Infinity) <= expected.withinSeconds;
    case "fails":
      return (observed.firstError ?? "").includes(expected.error);
    case "leaks":
      return observed.firstError === null;
  }
}

/** The verdict in a few words, for the table. */
export function describeExpected(expected: ExpectedVerdict): string {
  switch (expected.kind) {
    case "survives":
      return "survives";
    case "recovers":
      return `recovers by itself within ${expected.withinSeconds} s`;
    case "ends":
      return `access ends within ${expected.withinSeconds} s`;
    case "fails":
      return `fails (${expected.error}); needs a reload`;
    case "leaks":
      return "answers as the previous user after the switch";
    case "timing":
      return `survives or fails, by ${expected.on}`;
  }
}

export function describeObserved(observed: ObservedVerdict): string {
  switch (observed.kind) {
    case "survives":
      return "survives";
    case "recovers":
      return `recovers by itself after ${observed.seconds} s`;
    case "ends":
      return `access ends after ${observed.seconds ?? "?"} s`;
    case "fails":
      return `fails (${observed.firstError ?? "no error text"}); needs a reload`;
    case "leaks":
      return observed.firstError
        ? `${observed.firstError}, ${observed.seconds} s after the switch`
        : `answers as the previous user until ${observed.seconds} s after the switch`;
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
