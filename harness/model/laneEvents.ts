import type { LaneEvent } from "./events";
import { capped, note } from "./laneHistory";
import { SAMPLE_LIMIT, type LaneStats } from "./laneStats";
import {
  applyAcceptance,
  applyFetchEnd,
  applyFetchStart,
  applyRefreshScheduled,
  applyRefreshStopped,
  applySetAuth,
} from "./tokenEvents";
import {
  applyConnection,
  applyPingEnd,
  applyPingStart,
  applyWhoami,
} from "./connectionEvents";

/**
 * Applies one lane event. Pure: the same events always give the same stats.
 *
 * Token calls and the refresh schedule are in `tokenEvents.ts`, the socket and
 * queries in `connectionEvents.ts`. The auth state the client reports is
 * unknown (null) until its first `onChange`, then authenticated or not:
 *
 *   unknown | not authenticated -> authenticated   (auth-change: true)
 *   any                         -> not authenticated (auth-change: false, auth-cleared)
 */
export function reduceLaneEvent(lane: LaneStats, event: LaneEvent): LaneStats {
  switch (event.type) {
    case "fetch-start":
      return applyFetchStart(lane, event);
    case "fetch-end":
      return applyFetchEnd(lane, event);
    case "auth-accepted":
      return applyAcceptance(lane, event);
    case "refresh-scheduled":
      return applyRefreshScheduled(lane, event);
    case "refresh-stopped":
      return applyRefreshStopped(lane, event);
    case "reauthenticating":
      // The client fetches again at once; its state changes with that fetch.
      return note(
        lane,
        event.at,
        "warn",
        `server rejected the token: ${event.error}`,
      );
    case "auth-failed":
      // The client gave up; its onChange(false) follows as auth-change.
      return note(
        {
          ...lane,
          authFailures: capped(
            lane.authFailures,
            { at: event.at, error: event.error },
            SAMPLE_LIMIT,
          ),
        },
        event.at,
        "bad",
        event.error,
      );
    case "auth-change":
      return note(
        { ...lane, isAuthenticated: event.isAuthenticated },
        event.at,
        event.isAuthenticated ? "good" : "bad",
        event.isAuthenticated ? "authenticated" : "unauthenticated",
      );
    case "auth-cleared":
      // clearAuth(): no token, nothing scheduled.
      return note(
        {
          ...lane,
          isAuthenticated: false,
          scheduledRefreshAt: null,
          currentClaims: null,
        },
        event.at,
        "warn",
        "clearAuth()",
      );
    case "set-auth":
      return applySetAuth(lane, event);
    case "refreshing":
      return { ...lane, isRefreshing: event.isRefreshing };
    case "connection":
      return applyConnection(lane, event);
    case "ping-start":
      return applyPingStart(lane);
    case "ping-end":
      return applyPingEnd(lane, event);
    case "whoami":
      return applyWhoami(lane, event);
    case "note":
      return note(lane, event.at, event.tone, event.text);
    case "client-closed":
      // Pending -> dropped: calls still open belong to a client nobody listens
      // to any more.
      return {
        ...lane,
        fetches: lane.fetches.filter((f) => f.outcome !== "pending"),
        pings: { ...lane.pings, inFlight: 0 },
      };
    case "client-log":
      return note(
        lane,
        event.at,
        event.level === "error" ? "bad" : "warn",
        event.text,
      );
  }
}
