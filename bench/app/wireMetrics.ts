/**
 * Bytes on the wire per token refresh and how long queries wait around a refresh,
 * computed from recorded Chrome DevTools Protocol network events. Pure.
 *
 * Every refresh is counted once, on the socket that sent it: an `Authenticate`
 * after a socket's first one, tied to the token request whose response carried the
 * same token and to the identity Transition that confirmed it on that socket. A
 * page with several Convex clients (the lane's and the app's own) therefore counts
 * each client's refreshes against that client's own token requests.
 *
 * Times are CDP monotonic seconds. Text frame sizes are UTF-8 payload bytes (the
 * 2-8 byte WebSocket frame header is left out).
 */
import { max, median, min } from "./stats";

export type HttpExchange = {
  url: string;
  method: string;
  startedAt: number;
  finishedAt: number | null;
  /** Request line and headers plus body, as sent. */
  requestBytes: number;
  /** Everything received for the response (headers and body), per CDP. */
  responseBytes: number | null;
  status: number | null;
  /** Response body text, kept only for the requests the recorder was asked to keep bodies of. */
  body: string | null;
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
  value?: unknown;
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

const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g;

/** Every JWT-shaped string in a response body, in order. */
export function jwtsIn(text: string | null): string[] {
  return text === null ? [] : (text.match(JWT) ?? []);
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

export type AuthenticateExchange = {
  socketId: string;
  /** The socket's first Authenticate starts its session; later ones are refreshes. */
  firstOnSocket: boolean;
  token: string | null;
  authenticateAt: number;
  authenticateBytes: number;
  /** The confirming Transition (it also carries every re-run subscription's result). */
  transitionAt: number | null;
  transitionBytes: number | null;
};

/** Every `Authenticate`, paired with the next identity Transition on its socket. */
export function authenticateExchanges(
  frames: readonly WsFrame[],
): AuthenticateExchange[] {
  const bySocket = new Map<string, WsFrame[]>();
  for (const frame of frames) {
    const list = bySocket.get(frame.socketId) ?? [];
    list.push(frame);
    bySocket.set(frame.socketId, list);
  }
  const exchanges: AuthenticateExchange[] = [];
  for (const [socketId, list] of bySocket) {
    const ordered = [...list].sort((a, b) => a.at - b.at);
    let seenFirst = false;
    ordered.forEach((frame, index) => {
      if (!isAuthenticateFrame(frame)) return;
      const value = parse(frame.payload)?.value;
      // The next Authenticate on this socket ends the wait for this one.
      const rest = ordered.slice(index + 1);
      const nextAuth = rest.findIndex(isAuthenticateFrame);
      const confirmation = (
        nextAuth === -1 ? rest : rest.slice(0, nextAuth)
      ).find(isIdentityTransition);
      exchanges.push({
        socketId,
        firstOnSocket: !seenFirst,
        token: typeof value === "string" ? value : null,
        authenticateAt: frame.at,
        authenticateBytes: frame.bytes,
        transitionAt: confirmation?.at ?? null,
        transitionBytes: confirmation?.bytes ?? null,
      });
      seenFirst = true;
    });
  }
  return exchanges.sort((a, b) => a.authenticateAt - b.authenticateAt);
}

export type QueryRoundTrip = {
  socketId: string;
  queryId: number;
  sentAt: number;
  answeredAt: number;
  failed: boolean;
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
            failed: change.type === "QueryFailed",
          });
        }
      }
    }
  }
  return trips;
}

/** One refresh on one socket, with the token request that produced its token. */
export type Refresh = {
  socketId: string;
  fetch: HttpExchange;
  authenticate: AuthenticateExchange;
  /** Token request + response + Authenticate + confirming Transition. */
  totalBytes: number;
};

export type WireSummary = {
  /** Confirmed refreshes (Authenticate after a socket's first, with its Transition). */
  refreshes: number;
  /** Sockets that refreshed at least once. */
  sockets: number;
  /** Confirmed refreshes whose token came from a recorded token request. */
  matchedRefreshes: number;
  tokenRequests: number;
  /** Token requests whose token was never sent to Convex (e.g. clerk-js's own cache refresh). */
  unsentTokenRequests: number;
  /** Token requests whose token went out on more than one socket. */
  sharedTokenRequests: number;
  /** Confirmed refreshes per socket, lowest and highest. */
  refreshesPerSocketMin: number | null;
  refreshesPerSocketMax: number | null;
  tokenRequestBytes: number | null;
  tokenResponseBytes: number | null;
  authenticateBytes: number | null;
  transitionBytes: number | null;
  /** Median over refreshes of each refresh's own total (not a sum of medians). */
  totalPerRefreshBytes: number | null;
  tokenFetchMs: number | null;
  /** Authenticate sent to confirming Transition received. */
  confirmMs: number | null;
  queriesDuringRefresh: number;
  queriesFailedDuringRefresh: number;
  queryMsDuringRefreshMedian: number | null;
  queryMsDuringRefreshMax: number | null;
  queriesOtherwise: number;
  queryMsOtherwiseMedian: number | null;
};

/**
 * Summarises a recording. `isTokenRequest` picks the HTTP exchanges that fetch
 * tokens; their bodies must have been recorded. A refresh window runs from the
 * token request's start to the Transition confirming its token.
 */
export function summariseWire(
  recording: WireRecording,
  isTokenRequest: (exchange: HttpExchange) => boolean,
  queryUdfPath: string,
): WireSummary & { matched: Refresh[] } {
  const tokenRequests = recording.http
    .filter((exchange) => exchange.status === 200 && isTokenRequest(exchange))
    .sort((a, b) => a.startedAt - b.startedAt);
  const byToken = new Map<string, HttpExchange[]>();
  for (const request of tokenRequests) {
    for (const jwt of jwtsIn(request.body)) {
      byToken.set(jwt, [...(byToken.get(jwt) ?? []), request]);
    }
  }
  // Two requests can return the same token (an app route handing out the browser's
  // session token); a socket's token came from the latest one started before it sent it.
  const requestFor = (authenticate: AuthenticateExchange) =>
    authenticate.token === null
      ? undefined
      : (byToken.get(authenticate.token) ?? [])
          .filter((r) => r.startedAt <= authenticate.authenticateAt)
          .at(-1);
  const authenticates = authenticateExchanges(recording.frames);
  const refreshes = authenticates.filter(
    (a) => !a.firstOnSocket && a.transitionAt !== null,
  );

  const matched: Refresh[] = [];
  for (const authenticate of refreshes) {
    const fetch = requestFor(authenticate);
    if (!fetch || fetch.responseBytes === null) continue;
    matched.push({
      socketId: authenticate.socketId,
      fetch,
      authenticate,
      totalBytes:
        fetch.requestBytes +
        fetch.responseBytes +
        authenticate.authenticateBytes +
        authenticate.transitionBytes!,
    });
  }

  const sentOn = new Map<HttpExchange, Set<string>>();
  for (const authenticate of authenticates) {
    const fetch = requestFor(authenticate);
    if (!fetch) continue;
    const sockets = sentOn.get(fetch) ?? new Set<string>();
    sockets.add(authenticate.socketId);
    sentOn.set(fetch, sockets);
  }

  const perSocket = new Map<string, number>();
  for (const refresh of refreshes) {
    perSocket.set(refresh.socketId, (perSocket.get(refresh.socketId) ?? 0) + 1);
  }

  const windows = matched.map((r) => ({
    from: r.fetch.startedAt,
    to: r.authenticate.transitionAt!,
  }));
  const trips = queryRoundTrips(recording.frames, queryUdfPath);
  const overlaps = (trip: QueryRoundTrip) =>
    windows.some((w) => trip.sentAt <= w.to && trip.answeredAt >= w.from);
  const during = trips.filter(overlaps);
  const otherwise = trips.filter((trip) => !overlaps(trip));
  const ms = (t: QueryRoundTrip) => (t.answeredAt - t.sentAt) * 1000;

  return {
    refreshes: refreshes.length,
    sockets: new Set(refreshes.map((r) => r.socketId)).size,
    matchedRefreshes: matched.length,
    tokenRequests: tokenRequests.length,
    unsentTokenRequests: tokenRequests.filter((r) => !sentOn.has(r)).length,
    sharedTokenRequests: [...sentOn.values()].filter((s) => s.size > 1).length,
    refreshesPerSocketMin: min([...perSocket.values()]),
    refreshesPerSocketMax: max([...perSocket.values()]),
    tokenRequestBytes: median(matched.map((r) => r.fetch.requestBytes)),
    tokenResponseBytes: median(matched.map((r) => r.fetch.responseBytes!)),
    authenticateBytes: median(
      matched.map((r) => r.authenticate.authenticateBytes),
    ),
    transitionBytes: median(
      matched.map((r) => r.authenticate.transitionBytes!),
    ),
    totalPerRefreshBytes: median(matched.map((r) => r.totalBytes)),
    tokenFetchMs: median(
      matched.flatMap((r) =>
        r.fetch.finishedAt === null
          ? []
          : [(r.fetch.finishedAt - r.fetch.startedAt) * 1000],
      ),
    ),
    confirmMs: median(
      matched.map(
        (r) =>
          (r.authenticate.transitionAt! - r.authenticate.authenticateAt) * 1000,
      ),
    ),
    queriesDuringRefresh: during.length,
    queriesFailedDuringRefresh: during.filter((t) => t.failed).length,
    queryMsDuringRefreshMedian: median(during.map(ms)),
    queryMsDuringRefreshMax: max(during.map(ms)),
    queriesOtherwise: otherwise.length,
    queryMsOtherwiseMedian: median(otherwise.map(ms)),
    matched,
  };
}
