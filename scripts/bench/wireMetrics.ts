/**
 * Bytes on the wire per token refresh and how long queries wait around a refresh,
 * computed from recorded Chrome DevTools Protocol network events. Pure.
 *
 * Times are CDP monotonic seconds. Text frame sizes are UTF-8 payload bytes (the
 * 2-8 byte WebSocket frame header is left out).
 */
import { max, median } from "./stats";

export type HttpExchange = {
  url: string;
  startedAt: number;
  finishedAt: number | null;
  /** Request line and headers plus body, as sent. */
  requestBytes: number;
  /** Everything received for the response (headers and body), per CDP. */
  responseBytes: number | null;
  status: number | null;
};

export type WsFrame = {
  socketId: string;
  direction: "sent" | "received";
  at: number;
  bytes: number;
  payload: string;
};

export type WireRecording = { http: HttpExchange[]; frames: WsFrame[] };

type Versions = { identity?: number };
type ParsedFrame = {
  type?: string;
  startVersion?: Versions;
  endVersion?: Versions;
  modifications?: {
    type?: string;
    queryId?: number;
    udfPath?: string;
  }[];
};

function parse(payload: string): ParsedFrame | null {
  try {
    const value: unknown = JSON.parse(payload);
    return typeof value === "object" && value !== null
      ? (value as ParsedFrame)
      : null;
  } catch {
    return null;
  }
}

/** A Transition that moved the identity version: the server confirming a token. */
export function isIdentityTransition(frame: WsFrame): boolean {
  if (frame.direction !== "received") return false;
  const parsed = parse(frame.payload);
  return (
    parsed?.type === "Transition" &&
    (parsed.endVersion?.identity ?? 0) > (parsed.startVersion?.identity ?? 0)
  );
}

export function isAuthenticateFrame(frame: WsFrame): boolean {
  return (
    frame.direction === "sent" && parse(frame.payload)?.type === "Authenticate"
  );
}

export type RefreshExchange = {
  socketId: string;
  authenticateAt: number;
  authenticateBytes: number;
  /** The confirming Transition (it also carries every re-run subscription's result). */
  transitionAt: number | null;
  transitionBytes: number | null;
};

/**
 * Each `Authenticate` after the first one on a socket (the first is the session
 * start, not a refresh), paired with the next identity Transition on that socket.
 */
export function refreshExchanges(
  frames: readonly WsFrame[],
): RefreshExchange[] {
  const bySocket = new Map<string, WsFrame[]>();
  for (const frame of frames) {
    const list = bySocket.get(frame.socketId) ?? [];
    list.push(frame);
    bySocket.set(frame.socketId, list);
  }
  const exchanges: RefreshExchange[] = [];
  for (const [socketId, list] of bySocket) {
    const ordered = [...list].sort((a, b) => a.at - b.at);
    let seenFirst = false;
    ordered.forEach((frame, index) => {
      if (!isAuthenticateFrame(frame)) return;
      if (!seenFirst) {
        seenFirst = true;
        return;
      }
      const confirmation = ordered
        .slice(index + 1)
        .find((next) => isIdentityTransition(next));
      exchanges.push({
        socketId,
        authenticateAt: frame.at,
        authenticateBytes: frame.bytes,
        transitionAt: confirmation?.at ?? null,
        transitionBytes: confirmation?.bytes ?? null,
      });
    });
  }
  return exchanges.sort((a, b) => a.authenticateAt - b.authenticateAt);
}

export type QueryRoundTrip = {
  socketId: string;
  queryId: number;
  sentAt: number;
  answeredAt: number;
};

/** One-shot `udfPath` queries: from the `ModifyQuerySet` that adds one to its first result. */
export function queryRoundTrips(
  frames: readonly WsFrame[],
  udfPath: string,
): QueryRoundTrip[] {
  const pending = new Map<string, { queryId: number; sentAt: number }>();
  const trips: QueryRoundTrip[] = [];
  for (const frame of [...frames].sort((a, b) => a.at - b.at)) {
    const parsed = parse(frame.payload);
    if (!parsed?.modifications) continue;
    for (const change of parsed.modifications) {
      if (change.queryId === undefined) continue;
      const key = `${frame.socketId}:${change.queryId}`;
      if (
        frame.direction === "sent" &&
        parsed.type === "ModifyQuerySet" &&
        change.type === "Add" &&
        change.udfPath?.replace(/\.js$/, "") === udfPath
      ) {
        pending.set(key, { queryId: change.queryId, sentAt: frame.at });
      } else if (
        frame.direction === "received" &&
        parsed.type === "Transition" &&
        (change.type === "QueryUpdated" || change.type === "QueryFailed")
      ) {
        const open = pending.get(key);
        if (open) {
          pending.delete(key);
          trips.push({
            socketId: frame.socketId,
            queryId: open.queryId,
            sentAt: open.sentAt,
            answeredAt: frame.at,
          });
        }
      }
    }
  }
  return trips;
}

export type WireSummary = {
  tokenPath: string;
  tokenFetches: number;
  tokenRequestBytes: number | null;
  tokenResponseBytes: number | null;
  refreshes: number;
  authenticateBytes: number | null;
  transitionBytes: number | null;
  /** Median token request + response + Authenticate + confirming Transition. */
  totalPerRefreshBytes: number | null;
  tokenFetchMs: number | null;
  /** Authenticate sent to confirming Transition received. */
  confirmMs: number | null;
  queriesDuringRefresh: number;
  queryMsDuringRefreshMedian: number | null;
  queryMsDuringRefreshMax: number | null;
  queriesOtherwise: number;
  queryMsOtherwiseMedian: number | null;
};

/**
 * Summarises a recording. Token fetches are the HTTP exchanges whose path ends with
 * `tokenPath`; a refresh window runs from a token fetch's start to the confirming
 * Transition of the next Authenticate sent after that fetch finished.
 */
export function summariseWire(
  recording: WireRecording,
  tokenPath: string,
  queryUdfPath: string,
): WireSummary {
  const tokenFetches = recording.http
    .filter((exchange) => new URL(exchange.url).pathname.endsWith(tokenPath))
    .filter((exchange) => exchange.status === 200)
    .sort((a, b) => a.startedAt - b.startedAt);
  const refreshes = refreshExchanges(recording.frames);
  const confirmed = refreshes.filter((r) => r.transitionBytes !== null);

  const windows: { from: number; to: number }[] = [];
  for (const fetch of tokenFetches) {
    if (fetch.finishedAt === null) continue;
    const auth = refreshes.find((r) => r.authenticateAt >= fetch.finishedAt!);
    if (auth?.transitionAt != null) {
      windows.push({ from: fetch.startedAt, to: auth.transitionAt });
    }
  }
  const trips = queryRoundTrips(recording.frames, queryUdfPath);
  const overlaps = (trip: QueryRoundTrip) =>
    windows.some((w) => trip.sentAt <= w.to && trip.answeredAt >= w.from);
  const during = trips
    .filter(overlaps)
    .map((t) => (t.answeredAt - t.sentAt) * 1000);
  const otherwise = trips
    .filter((trip) => !overlaps(trip))
    .map((t) => (t.answeredAt - t.sentAt) * 1000);

  const requestBytes = median(tokenFetches.map((f) => f.requestBytes));
  const responseBytes = median(
    tokenFetches.flatMap((f) =>
      f.responseBytes === null ? [] : [f.responseBytes],
    ),
  );
  const authenticateBytes = median(confirmed.map((r) => r.authenticateBytes));
  const transitionBytes = median(confirmed.map((r) => r.transitionBytes!));
  const parts = [
    requestBytes,
    responseBytes,
    authenticateBytes,
    transitionBytes,
  ];
  return {
    tokenPath,
    tokenFetches: tokenFetches.length,
    tokenRequestBytes: requestBytes,
    tokenResponseBytes: responseBytes,
    refreshes: confirmed.length,
    authenticateBytes,
    transitionBytes,
    totalPerRefreshBytes: parts.every((part) => part !== null)
      ? parts.reduce<number>((sum, part) => sum + part!, 0)
      : null,
    tokenFetchMs: median(
      tokenFetches.flatMap((f) =>
        f.finishedAt === null ? [] : [(f.finishedAt - f.startedAt) * 1000],
      ),
    ),
    confirmMs: median(
      confirmed.map((r) => (r.transitionAt! - r.authenticateAt) * 1000),
    ),
    queriesDuringRefresh: during.length,
    queryMsDuringRefreshMedian: median(during),
    queryMsDuringRefreshMax: max(during),
    queriesOtherwise: otherwise.length,
    queryMsOtherwiseMedian: median(otherwise),
  };
}
