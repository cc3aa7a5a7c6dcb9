/** Turns the measured results into the markdown tables `npm run bench` prints. Pure. */
import type { BuildSizes } from "./firstLoadJs";
import type { FirstDataSummary } from "./firstData";
import type { LaneSoakMetrics } from "./laneMetrics";
import { median } from "./stats";
import { formatBytes, formatMs, formatRatio } from "./stats";
import type { Table } from "./table";
import type { WireSummary } from "./wireMetrics";

export type BenchSetup = {
  tokenTtlSeconds: number;
  leewaySeconds: number;
  soakSeconds: number;
  pollSeconds: number;
};

export function soakTable(lanes: LaneSoakMetrics[], setup: BenchSetup): Table {
  const period = setup.tokenTtlSeconds - setup.leewaySeconds;
  return {
    title: `Auth continuity soak (${setup.soakSeconds} s, ${setup.tokenTtlSeconds} s tokens, all lanes at once)`,
    headers: [
      "Lane",
      "Refresh cycles",
      "Failed queries",
      "Fetches per cycle",
      "Timing error vs formula (mean / max)",
      "Reconnects",
      "Fetch → confirmed (mean / max)",
      "Authenticated at end",
    ],
    rows: lanes.map((lane) => [
      lane.lane,
      String(lane.refreshCycles),
      `${lane.pingFailures} / ${lane.pingAttempts}`,
      lane.fetchesPerCycle === null
        ? `n/a (${lane.forcedFetches} forced, ${lane.identicalTokens} identical)`
        : formatRatio(lane.fetchesPerCycle),
      lane.timingSamples === 0
        ? "n/a"
        : `${formatMs(lane.timingErrorMeanMs)} / ${formatMs(lane.timingErrorMaxAbsMs)}`,
      String(lane.reconnects),
      lane.swapMeanMs === null
        ? "n/a"
        : `${formatMs(lane.swapMeanMs)} / ${formatMs(lane.swapMaxMs)}`,
      lane.authenticatedAtEnd === null
        ? "n/a"
        : lane.authenticatedAtEnd
          ? "yes"
          : "no",
    ]),
    notes: [
      `Formula: next forced fetch = confirmation + (exp - iat - ${setup.leewaySeconds} s) = every ~${period} s here; the seed's "90%" would be ${(setup.tokenTtlSeconds * 0.9).toFixed(1)} s.`,
      `Failed queries: authenticated \`ping\` queries every ${setup.pollSeconds} s that threw or got no answer within 10 s.`,
      "Fetches per cycle: forced `fetchToken` calls per confirmed fresh token. Reconnects: WebSocket connections after the first (nothing else drops sockets during the soak).",
      "Fetch → confirmed: from a forced fetch's start to the server confirming the new token. The socket is not paused for a scheduled refresh, so queries keep running on the old token meanwhile.",
    ],
  };
}

export function wireTable(
  summaries: { lane: string; wire: WireSummary }[],
): Table {
  return {
    title: "Bytes on the wire per refresh (medians)",
    headers: [
      "Lane (token route)",
      "Refreshes",
      "Token request",
      "Token response",
      "Authenticate frame",
      "Re-run Transition frame",
      "Total per refresh",
      "Token fetch time",
      "Authenticate → Transition",
    ],
    rows: summaries.map(({ lane, wire }) => [
      `${lane} (${wire.tokenPath})`,
      String(wire.refreshes),
      formatBytes(wire.tokenRequestBytes),
      formatBytes(wire.tokenResponseBytes),
      formatBytes(wire.authenticateBytes),
      formatBytes(wire.transitionBytes),
      formatBytes(wire.totalPerRefreshBytes),
      formatMs(wire.tokenFetchMs, 1),
      formatMs(wire.confirmMs, 1),
    ]),
    notes: [
      "HTTP sizes include headers (the request's cookie too); frame sizes are JSON payload bytes. The Transition carries the re-run results of every subscribed query on that socket, so it grows with the page's subscriptions.",
      "Per hour with 3600 s tokens: one refresh per ~3590 s, so about one such total per hour per open tab (plus the app's own client if the page has one).",
    ],
  };
}

export function holdTable(
  summaries: { lane: string; wire: WireSummary }[],
): Table {
  return {
    title:
      "Queries around a refresh (one-shot `ping` round trips over the socket)",
    headers: [
      "Lane",
      "During a refresh: n",
      "During: median / max",
      "Otherwise: n",
      "Otherwise: median",
    ],
    rows: summaries.map(({ lane, wire }) => [
      lane,
      String(wire.queriesDuringRefresh),
      wire.queriesDuringRefresh === 0
        ? "n/a"
        : `${formatMs(wire.queryMsDuringRefreshMedian, 1)} / ${formatMs(wire.queryMsDuringRefreshMax, 1)}`,
      String(wire.queriesOtherwise),
      formatMs(wire.queryMsOtherwiseMedian, 1),
    ]),
    notes: [
      "A refresh window runs from the token request's start to the confirming Transition. The client does not pause the socket for a scheduled refresh, so nothing waits for the token fetch itself; a query sent just after the Authenticate is answered once the server has re-run the socket's subscriptions under the new identity, which is the extra time seen here.",
    ],
  };
}

export function firstDataTable(summary: FirstDataSummary): Table {
  const of = (
    variant: string,
    key: "namesInDomMs" | "firstContentfulPaintMs",
  ) =>
    median(
      summary.runs
        .filter((run) => run.variant === variant)
        .flatMap((run) => (run[key] === null ? [] : [run[key]!])),
    );
  const runs = (variant: string) =>
    summary.runs.filter((run) => run.variant === variant).length;
  return {
    title: "Time to first data on the class list (medians)",
    headers: [
      "Variant",
      "Runs",
      "Class names visible",
      "Class names in DOM",
      "First contentful paint",
    ],
    rows: [
      [
        "server-rendered (/classes, preloadQuery with the token)",
        String(runs("server-rendered")),
        formatMs(summary.serverMedianMs),
        formatMs(of("server-rendered", "namesInDomMs")),
        formatMs(of("server-rendered", "firstContentfulPaintMs")),
      ],
      [
        "client-only (/dev/client-classes, useQuery after auth)",
        String(runs("client-only")),
        formatMs(summary.clientMedianMs),
        formatMs(of("client-only", "namesInDomMs")),
        formatMs(of("client-only", "firstContentfulPaintMs")),
      ],
    ],
    notes: [
      `Ratio client-only / server-rendered (visible): ${formatRatio(summary.ratio)}x. Times from navigation start, same browser, data and machine; runs alternate. Visible = first contentful paint when the names were already in the server HTML, else the frame after they reached the DOM.`,
    ],
  };
}

export function firstLoadTable(sizes: BuildSizes, source: string): Table {
  return {
    title: "First Load JS per route (production build)",
    headers: ["Route", "Kind", "Route JS", "First Load JS"],
    // API routes ship no JS of their own; Next.js lists them with the shared size.
    rows: sizes.routes
      .filter((route) => !route.route.startsWith("/api/"))
      .map((route) => [
        route.route,
        route.kind,
        formatBytes(route.sizeBytes),
        formatBytes(route.firstLoadBytes),
      ]),
    notes: [
      `Shared by all routes: ${formatBytes(sizes.sharedFirstLoadBytes)}${sizes.middlewareBytes === null ? "" : `; middleware: ${formatBytes(sizes.middlewareBytes)}`}. API routes left out. Source: ${source}.`,
    ],
  };
}
