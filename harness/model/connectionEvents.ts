import type { LaneEvent } from "./events";
import { capped, note } from "./laneHistory";
import { SAMPLE_LIMIT, type LaneStats } from "./laneStats";

/**
 * A lane's socket and the queries it runs over it. The socket is either
 * connected or disconnected; a disconnection opens a gap (`to: null`) that the
 * next connection closes:
 *
 *   connected    -> disconnected   (connection: socket gone; gap opened)
 *   disconnected -> connected      (connection: socket back; gap closed)
 *
 * Pings are counted from start to end; `whoami` keeps its latest answer.
 */

type EventOf<T extends LaneEvent["type"]> = Extract<LaneEvent, { type: T }>;

export function applyConnection(
  lane: LaneStats,
  event: EventOf<"connection">,
): LaneStats {
  const previous = lane.connection;
  const state = event.state;
  let disconnects = lane.disconnects;
  let next: LaneStats = lane;
  // Before the first sample the lane counts as disconnected.
  const wasConnected = previous?.isWebSocketConnected ?? false;
  if (wasConnected && !state.isWebSocketConnected) {
    // Connected -> disconnected.
    disconnects = capped(
      disconnects,
      { from: event.at, to: null },
      SAMPLE_LIMIT,
    );
    next = note(next, event.at, "bad", "WebSocket disconnected");
  } else if (!wasConnected && state.isWebSocketConnected) {
    // Disconnected -> connected; only later connections are reconnects.
    disconnects = disconnects.map((gap) =>
      gap.to === null ? { ...gap, to: event.at } : gap,
    );
    if (state.connectionCount > 1) {
      next = note(
        next,
        event.at,
        "info",
        `WebSocket reconnected (connection #${state.connectionCount})`,
      );
    }
  }
  return {
    ...next,
    connection: state,
    disconnects,
    reconnects: Math.max(0, state.connectionCount - 1),
  };
}

export function applyPingStart(lane: LaneStats): LaneStats {
  return {
    ...lane,
    pings: {
      ...lane.pings,
      attempts: lane.pings.attempts + 1,
      inFlight: lane.pings.inFlight + 1,
    },
  };
}

export function applyPingEnd(
  lane: LaneStats,
  event: EventOf<"ping-end">,
): LaneStats {
  const pings = {
    ...lane.pings,
    inFlight: Math.max(0, lane.pings.inFlight - 1),
    successes: lane.pings.successes + (event.ok ? 1 : 0),
    failures: lane.pings.failures + (event.ok ? 0 : 1),
    lastError: event.ok ? lane.pings.lastError : (event.error ?? "failed"),
    lastOkAt: event.ok ? event.at : lane.pings.lastOkAt,
    lastFailedAt: event.ok ? lane.pings.lastFailedAt : event.at,
  };
  const next = {
    ...lane,
    pings,
    pingSamples: capped(
      lane.pingSamples,
      {
        at: event.at,
        ok: event.ok,
        error: event.error ?? null,
        subject: event.subject ?? null,
      },
      SAMPLE_LIMIT,
    ),
  };
  // Successes are the steady state; only failures go to the history.
  return event.ok
    ? next
    : note(next, event.at, "bad", `ping failed: ${event.error ?? "failed"}`);
}

export function applyWhoami(
  lane: LaneStats,
  event: EventOf<"whoami">,
): LaneStats {
  const changed =
    event.subject !== lane.whoami.subject ||
    (event.error ?? null) !== lane.whoami.error;
  const next = {
    ...lane,
    whoami: {
      subject: event.subject,
      updates: lane.whoami.updates + 1,
      error: event.error ?? null,
      at: event.at,
    },
  };
  // Repeated answers only count; a new subject or error goes to the history.
  if (!changed) return next;
  return note(
    next,
    event.at,
    event.error ? "bad" : event.subject ? "good" : "warn",
    event.error
      ? `whoami failed: ${event.error}`
      : `whoami: ${event.subject ?? "null (anonymous)"}`,
  );
}
