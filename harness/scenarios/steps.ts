/**
 * What a scenario does, step by step. The same steps run in two places: the E2E
 * suite moves every clock forward for `cycles` and `advance` (seconds of test time
 * for hours of token life), and the harness page waits them out in real time.
 */

/** A Clerk stand-in fault, as its `/_admin/faults` takes it. */
export type ClerkFault =
  | { sameTokenAgain: "once" | "always" }
  | {
      tokenEndpoint: {
        kind: "status5xx" | "status429" | "refused" | "delay";
        seconds?: number;
        status?: number;
        retryAfterSeconds?: number;
        only: "all" | "forced";
      };
    };

/** Which clock a skew step moves, alone. */
export type ClockPiece = "browser" | "clerk" | "convex" | "next";

export type ScenarioStep =
  /** Let `count` scheduled refreshes happen (each: lifetime − 9 s). */
  | { kind: "cycles"; count: number }
  /** Time passes with nothing else happening (a sleeping laptop, a long wait). */
  | { kind: "advance"; seconds: number }
  /** A Clerk fault starts; it stays until `clear`. */
  | { kind: "clerk-fault"; fault: ClerkFault }
  /** Every Clerk fault ends. */
  | { kind: "clear" }
  /** The Clerk stand-in refuses connections for this long, then answers again. */
  | { kind: "clerk-down"; seconds: number }
  /** The Convex backend is unreachable for this long, then answers again. */
  | { kind: "convex-down"; seconds: number }
  /** The user's session ends on Clerk's side. */
  | {
      kind: "end-session";
      reason: "revoked" | "maximum_lifetime" | "inactivity";
    }
  /** One process's clock is put `seconds` away from the others (skew). */
  | { kind: "skew"; piece: ClockPiece; seconds: number }
  /**
   * Multi-session: another user adds their account in the same browser, and the
   * tab switches to that session (what Clerk's "Add account" and a session
   * switch do), with no reload and no navigation.
   */
  | { kind: "switch-session" }
  /** The browser hides the tab for this long (another tab in front). */
  | { kind: "hide-tab"; seconds: number }
  /** Real seconds for the lanes to react; never compressed. */
  | { kind: "settle"; seconds: number };

/** Steps after which the fault is over (recovery is timed from here). */
export function endsFault(step: ScenarioStep): boolean {
  return (
    step.kind === "clear" ||
    step.kind === "advance" ||
    step.kind === "clerk-down" ||
    step.kind === "convex-down" ||
    step.kind === "hide-tab" ||
    isIdentitySwitch(step)
  );
}

/** Steps after which the backend should see a different user. */
export function isIdentitySwitch(step: ScenarioStep): boolean {
  return step.kind === "switch-session";
}

/** Steps that start the fault (the observation window opens at the first). */
export function startsFault(step: ScenarioStep): boolean {
  return (
    step.kind === "clerk-fault" ||
    step.kind === "clerk-down" ||
    step.kind === "convex-down" ||
    step.kind === "end-session" ||
    step.kind === "skew" ||
    step.kind === "hide-tab" ||
    step.kind === "advance" ||
    isIdentitySwitch(step)
  );
}

/** Seconds the steps take when nothing is compressed (the page's real-time run). */
export function realSeconds(
  steps: readonly ScenarioStep[],
  lifetimeSeconds: number,
): number {
  let total = 0;
  for (const step of steps) {
    if (step.kind === "cycles") total += step.count * (lifetimeSeconds - 9);
    else if ("seconds" in step && step.kind !== "skew") total += step.seconds;
  }
  return total;
}

/** One line per step, for the page and the docs. */
export function describeStep(step: ScenarioStep): string {
  switch (step.kind) {
    case "cycles":
      return `${step.count} refresh cycle${step.count === 1 ? "" : "s"}`;
    case "advance":
      return `${formatDuration(step.seconds)} pass`;
    case "clerk-fault":
      return "sameTokenAgain" in step.fault
        ? `Clerk answers a forced refresh with the same token (${step.fault.sameTokenAgain})`
        : describeTokenFault(step.fault.tokenEndpoint);
    case "clear":
      return "the fault ends";
    case "clerk-down":
      return `Clerk down for ${formatDuration(step.seconds)}`;
    case "convex-down":
      return `Convex down for ${formatDuration(step.seconds)}`;
    case "end-session":
      return step.reason === "revoked"
        ? "the session is revoked"
        : step.reason === "maximum_lifetime"
          ? "the session reaches its maximum lifetime"
          : "the session expires for inactivity";
    case "skew":
      return `the ${step.piece} clock ${step.seconds > 0 ? "ahead" : "behind"} by ${formatDuration(Math.abs(step.seconds))}`;
    case "hide-tab":
      return `the tab hidden for ${formatDuration(step.seconds)}`;
    case "switch-session":
      return "another user adds their account and the tab switches to that session";
    case "settle":
      return `${step.seconds} s to react`;
  }
}

function describeTokenFault(
  fault: Extract<ClerkFault, { tokenEndpoint: unknown }>["tokenEndpoint"],
): string {
  const which =
    fault.only === "forced" ? "forced token requests" : "every token request";
  switch (fault.kind) {
    case "status5xx":
      return `${which} answer ${fault.status ?? 500}`;
    case "status429":
      return `${which} answer 429, retry-after ${fault.retryAfterSeconds ?? 0} s`;
    case "refused":
      return `${which} are refused`;
    case "delay":
      return `${which} take ${fault.seconds ?? 0} s`;
  }
}

export function formatDuration(seconds: number): string {
  if (seconds >= 3600 && seconds % 60 === 0) {
    const minutes = seconds / 60;
    return minutes % 60 === 0
      ? `${minutes / 60} h`
      : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  }
  if (seconds >= 120 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
