import type { LaneId } from "../designs/lanes";
import type { TokenSource } from "../designs/types";
import type { ConnectionSample } from "./events";
import type { TokenClaims } from "./jwt";
import type { AcceptanceKind } from "./prediction";

/**
 * What the page records about one lane: every token call, every confirmation,
 * pings, the socket and a readable history. The shapes only; `laneEvents.ts`
 * fills them in.
 */

/** History entries kept per lane (and organization switches per page). */
export const HISTORY_LIMIT = 200;
/** Calls, confirmations, pings and gaps kept per lane. */
export const SAMPLE_LIMIT = 2000;

export type FetchRecord = {
  callId: number;
  startedAt: number;
  finishedAt: number | null;
  force: boolean;
  source: TokenSource | null;
  /** "pending" until the call returns; see `laneEvents.ts`. */
  outcome: "pending" | "token" | "empty" | "error";
  claims: TokenClaims | null;
  changed: boolean | null;
  error: string | null;
};

export type AcceptanceRecord = {
  at: number;
  kind: AcceptanceKind;
  claims: TokenClaims | null;
  /** When the client should ask again, per the client's own formula. */
  predictedNextAt: number | null;
  /** When it did ask (the next fetch start), once seen. */
  measuredNextAt: number | null;
};

export type PingSample = {
  at: number;
  ok: boolean;
  error: string | null;
  /** Whom the backend answered as (a successful ping's identity subject). */
  subject?: string | null;
};

export type HistoryEntry = {
  at: number;
  tone: "info" | "good" | "bad" | "warn";
  text: string;
};

export type LaneStats = {
  id: LaneId;
  fetches: FetchRecord[];
  acceptances: AcceptanceRecord[];
  /** Token last returned with a value; the one the client sends next. */
  lastReturnedClaims: TokenClaims | null;
  /** Token the server last confirmed. */
  currentClaims: TokenClaims | null;
  scheduledRefreshAt: number | null;
  refreshStopped: boolean;
  isAuthenticated: boolean | null;
  isRefreshing: boolean;
  pings: {
    attempts: number;
    successes: number;
    failures: number;
    inFlight: number;
    lastError: string | null;
    lastOkAt: number | null;
    lastFailedAt: number | null;
  };
  pingSamples: PingSample[];
  whoami: {
    subject: string | null;
    updates: number;
    error: string | null;
    at: number | null;
  };
  connection: ConnectionSample | null;
  /** Connections after the first one. */
  reconnects: number;
  disconnects: { from: number; to: number | null }[];
  authFailures: { at: number; error: string }[];
  /** Times `setAuth` was called with a new callback. */
  setAuthCalls: number[];
  history: HistoryEntry[];
};

export function emptyLaneStats(id: LaneId): LaneStats {
  return {
    id,
    fetches: [],
    acceptances: [],
    lastReturnedClaims: null,
    currentClaims: null,
    scheduledRefreshAt: null,
    refreshStopped: false,
    isAuthenticated: null,
    isRefreshing: false,
    pings: {
      attempts: 0,
      successes: 0,
      failures: 0,
      inFlight: 0,
      lastError: null,
      lastOkAt: null,
      lastFailedAt: null,
    },
    pingSamples: [],
    whoami: { subject: null, updates: 0, error: null, at: null },
    connection: null,
    reconnects: 0,
    disconnects: [],
    authFailures: [],
    setAuthCalls: [],
    history: [],
  };
}
