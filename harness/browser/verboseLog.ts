import type { LaneEvent } from "../model/events";

/**
 * Turns the Convex client's log lines (its `logger` option, with `verbose: true`)
 * into harness events.
 *
 * The client reports authentication changes and refresh-state changes through
 * callbacks (`setAuth`'s `onChange` and `onRefreshChange`, which the harness uses),
 * but a confirmed refresh, the next scheduled refresh and "refreshing stopped" exist
 * only as log text. Log text is not an API, so this parser is written for one
 * version of the client; `harness/tests/convex-log.test.ts` runs that version
 * against a local backend and parses its real output.
 */
export const PARSED_CONVEX_VERSION = "1.48.0";

/** A sentence for the page when the running client is not the parsed version. */
export function convexVersionWarning(running: string): string | null {
  return running === PARSED_CONVEX_VERSION
    ? null
    : `This page reads the log lines of convex ${PARSED_CONVEX_VERSION}, but convex ${running} is running: confirmations and scheduled refreshes may be missing until the parser is checked against it.`;
}

const SCHEDULED = /^scheduled preemptive auth token refetching in (\d+)ms/;
const REAUTH = /^attempting to reauthenticate: (.*?)(?: \[v\d+\])?$/;

function text(args: unknown[]): string {
  return args
    .map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg)))
    .join(" ");
}

export function parseVerboseLine(
  args: unknown[],
  at: number,
): LaneEvent | null {
  // The default-logger timestamp is not passed to custom loggers; take the message.
  const message = text(args);
  if (message.startsWith("server confirmed auth token is valid")) {
    return { type: "auth-accepted", at, kind: "cached" };
  }
  if (message.startsWith("server confirmed new auth token is valid")) {
    return { type: "auth-accepted", at, kind: "fresh" };
  }
  const scheduled = SCHEDULED.exec(message);
  if (scheduled) {
    return { type: "refresh-scheduled", at, delayMs: Number(scheduled[1]) };
  }
  if (message.startsWith('setting auth state to {"state":"notRefetching"}')) {
    return { type: "refresh-stopped", at };
  }
  const reauth = REAUTH.exec(message);
  if (reauth) {
    return { type: "reauthenticating", at, error: reauth[1] ?? "" };
  }
  if (
    message.startsWith("reauthentication failed") ||
    message.startsWith("refetching token failed")
  ) {
    return {
      type: "auth-failed",
      at,
      error: message.replace(/ \[v\d+\]$/, ""),
    };
  }
  return null;
}

export function parseLogLine(
  level: "warn" | "error",
  args: unknown[],
  at: number,
): LaneEvent {
  const message = text(args);
  if (level === "error" && message.startsWith("Failed to authenticate")) {
    return { type: "auth-failed", at, error: message };
  }
  return { type: "client-log", at, level, text: message };
}
