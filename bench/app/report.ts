/** Turns the measured results into the markdown tables `npm run bench` prints. Pure. */
import { ASSET_KINDS, type ClerkAssetSummary } from "./clerkAssets";
import { FAPI_CATEGORIES, type FapiRate } from "./fapiMetrics";
import type { BuildSizes } from "./firstLoadJs";
import type { FirstDataSummary } from "./firstData";
import type { InterleavePrediction, InterleaveResult } from "./interleave";
import type { LaneSoakMetrics } from "./laneMetrics";
import {
  formatBytes,
  formatMs,
  formatRatio,
  formatSeconds,
  formatSpread,
  median,
  spread,
} from "./stats";
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
      "Token age at refresh (median / max)",
      "Time on an expired token",
      "Reconnects",
      "Fetch → confirmed (mean / max)",
      "Authenticated at end",
    ],
    rows: lanes.map((lane) => [
      lane.lane,
      String(lane.refreshCycles),
      `${lane.pingFailures} / ${lane.pingAttempts}${lane.pingFailuresBeforeAuth > 0 ? ` (+${lane.pingFailuresBeforeAuth} before auth)` : ""}`,
      lane.fetchesPerCycle === null
        ? `n/a (${lane.forcedFetches} forced, ${lane.identicalTokens} identical)`
        : formatRatio(lane.fetchesPerCycle),
      lane.refreshAgeSamples === 0
        ? "n/a"
        : `${formatSeconds(lane.refreshAgeMedianSeconds)} / ${formatSeconds(lane.refreshAgeMaxSeconds)}`,
      lane.expiredStretches === 0
        ? "0 s"
        : `${formatSeconds(lane.expiredSeconds)} in ${lane.expiredStretches}`,
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
      `Token age at refresh: how old the token the lane held was (now − its \`iat\`) when the lane started each scheduled refresh. Convex's rule gives lifetime − ${setup.leewaySeconds} s = ${period} s (plus up to 1 s because \`iat\` is rounded down); the seed's "90%" would be ${(setup.tokenTtlSeconds * 0.9).toFixed(1)} s. A design that waits for expiry shows an age at or above the lifetime.`,
      "Time on an expired token: after the first confirmed token, how long the token the server last confirmed had already expired (queries in that time run on an identity the server will reject when it next checks).",
      `Failed queries: authenticated \`ping\` queries every ${setup.pollSeconds} s that threw or got no answer within 10 s, from the lane's first confirmed token on; "before auth" counts the ones that failed by 1 s after it, i.e. were sent before it (the harness pings as soon as a lane's client exists, and the official provider sets auth only once clerk-js has loaded). Fetches per cycle: forced \`fetchToken\` calls per confirmed fresh token. Reconnects: WebSocket connections after the first.`,
      "Fetch → confirmed: from a forced fetch's start to the server confirming the new token. The socket is not paused for a scheduled refresh, so queries keep running on the old token meanwhile.",
      ...lanes
        .filter((lane) => lane.pingErrors.length > 0)
        .map(
          (lane) =>
            `Why ${lane.lane}'s queries failed: ${lane.pingErrors.map((e) => `"${e}"`).join("; ")} (at ${lane.pingFailureOffsets
              .slice(0, 5)
              .map((t) => `${t} s`)
              .join(
                ", ",
              )}${lane.pingFailureOffsets.length > 5 ? ", …" : ""} after its first confirmed token).`,
        ),
    ],
  };
}

export function wireTable(
  summaries: {
    lane: string;
    tokenRoute: string;
    wire: WireSummary;
    laneOnPage: LaneSoakMetrics;
  }[],
): Table {
  return {
    title:
      "Bytes on the wire per refresh (one row per page; medians over refreshes)",
    headers: [
      "Page (token endpoint)",
      "Sockets",
      "Refreshes (tied to a request)",
      "Token requests (never sent)",
      "Token request",
      "Token response",
      "Authenticate",
      "Confirming Transition",
      "Total per refresh",
      "Token fetch time",
      "Authenticate → Transition",
      "Lane on this page: cycles, failed queries, identical tokens",
    ],
    rows: summaries.map(({ lane, tokenRoute, wire, laneOnPage }) => [
      `${lane} lane (${tokenRoute})`,
      String(wire.sockets),
      `${wire.refreshes} (${wire.matchedRefreshes})`,
      `${wire.tokenRequests} (${wire.unsentTokenRequests})`,
      formatBytes(wire.tokenRequestBytes),
      formatBytes(wire.tokenResponseBytes),
      formatBytes(wire.authenticateBytes),
      formatBytes(wire.transitionBytes),
      formatBytes(wire.totalPerRefreshBytes),
      formatMs(wire.tokenFetchMs, 1),
      formatMs(wire.confirmMs, 1),
      `${laneOnPage.refreshCycles}, ${laneOnPage.pingFailures} / ${laneOnPage.pingAttempts}, ${laneOnPage.identicalTokens}`,
    ]),
    notes: [
      "A refresh is an `Authenticate` after a socket's first, counted once on the socket that sent it and tied to the token request whose response carried the same token. Each harness page also runs the app's own Convex client, so it has two sockets, each refreshing with its own requests.",
      "Total per refresh is the median of each refresh's own sum (request + response + Authenticate + Transition), not a sum of medians. HTTP sizes include headers (cookies too); frame sizes are JSON payload bytes. The Transition carries the re-run results of every subscription on that socket.",
      "Token requests never sent are fetched but not passed to Convex (clerk-js refreshing its own cache); they cost bytes without being a refresh. Rates per hour are in the Clerk refresh table.",
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
      "Page",
      "During a refresh: n (failed)",
      "During: median / max",
      "Otherwise: n",
      "Otherwise: median",
    ],
    rows: summaries.map(({ lane, wire }) => [
      `${lane} lane`,
      `${wire.queriesDuringRefresh} (${wire.queriesFailedDuringRefresh})`,
      wire.queriesDuringRefresh === 0
        ? "n/a"
        : `${formatMs(wire.queryMsDuringRefreshMedian, 1)} / ${formatMs(wire.queryMsDuringRefreshMax, 1)}`,
      String(wire.queriesOtherwise),
      formatMs(wire.queryMsOtherwiseMedian, 1),
    ]),
    notes: [
      "A refresh window runs from the token request's start to the Transition confirming that token on its socket. The client does not pause the socket for a scheduled refresh; a query sent just after the Authenticate is answered once the server has re-run the socket's subscriptions under the new identity.",
    ],
  };
}

export function firstDataTable(summary: FirstDataSummary): Table {
  const of = (
    variant: string,
    key: "namesInDomMs" | "firstContentfulPaintMs",
  ) =>
    spread(
      summary.runs
        .filter((run) => run.variant === variant)
        .flatMap((run) => (run[key] === null ? [] : [run[key]!])),
    );
  const ms = (n: number | null) => formatMs(n);
  return {
    title: "Time to first data on the class list (median, range over runs)",
    headers: [
      "Variant",
      "Class names visible",
      "Class names in DOM",
      "First contentful paint",
    ],
    rows: [
      [
        "server-rendered (/classes, preloadQuery with the token)",
        formatSpread(summary.server, ms),
        formatSpread(of("server-rendered", "namesInDomMs"), ms),
        formatSpread(of("server-rendered", "firstContentfulPaintMs"), ms),
      ],
      [
        "client-only (/dev/client-classes, useQuery after auth)",
        formatSpread(summary.client, ms),
        formatSpread(of("client-only", "namesInDomMs"), ms),
        formatSpread(of("client-only", "firstContentfulPaintMs"), ms),
      ],
    ],
    notes: [
      `Ratio client-only / server-rendered (visible), one ratio per round: ${formatSpread(summary.ratio, (n) => formatRatio(n), "x")}.`,
      "Visible = the browser's paint time of the first class name (Element Timing), the same definition for both pages. Times from navigation start, same signed-in browser context with a warm HTTP cache (after one unrecorded round), same data; the two pages alternate which goes first.",
    ],
  };
}

export function clerkAssetsTable(
  pages: {
    page: string;
    summary: ClerkAssetSummary;
    brotliBytes: number | null;
  }[],
): Table {
  const cell = (
    summary: ClerkAssetSummary,
    kind: (typeof ASSET_KINDS)[number],
  ) => {
    const totals = summary.byKind[kind];
    return totals.files === 0
      ? "–"
      : `${totals.files} · ${formatBytes(totals.transferredBytes)} / ${formatBytes(totals.decodedBytes)}`;
  };
  return {
    title:
      "Clerk browser bundles per page load (files · transferred / decoded)",
    headers: ["Page", ...ASSET_KINDS, "Total", "Total if served with brotli"],
    rows: pages.map(({ page, summary, brotliBytes }) => [
      page,
      ...ASSET_KINDS.map((kind) => cell(summary, kind)),
      `${summary.total.files} · ${formatBytes(summary.total.transferredBytes)} / ${formatBytes(summary.total.decodedBytes)}`,
      formatBytes(brotliBytes),
    ]),
    notes: [
      "From the browser's network records of a cold load (HTTP cache disabled): transferred = bytes received including headers, decoded = script bytes after content decoding. clerk-js and @clerk/ui are loaded as separate scripts from NEXT_PUBLIC_CLERK_JS_URL / NEXT_PUBLIC_CLERK_UI_URL (here the local stand-in, which sends them uncompressed) and are not part of Next's First Load JS.",
      "Total if served with brotli: the same files compressed here with brotli (quality 11), as a CDN would send them; computed, not measured on a wire.",
    ],
  };
}

export type ClerkRefreshPhase = {
  label: string;
  lifetimeSeconds: number;
  observedSeconds: number;
  rate: FapiRate;
  interleave: InterleaveResult;
  prediction: InterleavePrediction;
  /** Raw events (wall seconds), for reading the interleave by hand in bench.json. */
  timeline?: { at: number; event: string; iat: number | null }[];
};

export function clerkRefreshTable(phases: ClerkRefreshPhase[]): Table {
  return {
    title:
      "Clerk refresh in one signed-in /classes tab (FAPI requests, measured)",
    headers: [
      "Token lifetime",
      "Window (whole Convex cycles)",
      "Cycles",
      "Token requests: Convex / clerk-js",
      "Per Convex cycle (predicted)",
      "Convex refresh at token age (predicted)",
      "clerk-js refresh at token age (predicted)",
      "FAPI requests per hour per tab",
      "Token requests per hour",
      "FAPI bytes per hour",
    ],
    rows: phases.map(
      ({ lifetimeSeconds, rate, interleave, prediction, observedSeconds }) => [
        `${lifetimeSeconds} s`,
        `${formatSeconds(rate.windowSeconds, 0)} of ${formatSeconds(observedSeconds, 0)}`,
        String(interleave.cycles),
        `${interleave.convexMints} / ${interleave.clerkMints}`,
        `${formatRatio(interleave.mintsPerCycle)} (${prediction.mintsPerCycle})`,
        `${formatSpread(spread(interleave.convexAges), (n) => formatSeconds(n))} (${prediction.convexRefreshAge} s)`,
        interleave.clerkAges.length === 0
          ? `none (${prediction.clerkMintsPerCycle === 0 ? "none" : `${prediction.clerkRefreshAge} s`})`
          : `${formatSpread(spread(interleave.clerkAges), (n) => formatSeconds(n))} (${prediction.clerkRefreshAge} s)`,
        rate.perHour === null
          ? "n/a"
          : `${Math.round(rate.perHour)} (${FAPI_CATEGORIES.filter(
              (c) => rate.byCategory[c] > 0,
            )
              .map((c) => `${c} ${rate.byCategory[c]}`)
              .join(", ")} in window)`,
        rate.tokenPerHour === null
          ? "n/a"
          : String(Math.round(rate.tokenPerHour)),
        formatBytes(rate.bytesPerHour),
      ],
    ),
    notes: [
      "Counted in the tab's own network records (requests to the stand-in's FAPI path; CORS preflights left out), over the whole Convex refresh cycles seen (from the first refresh's token request to the last one's), then scaled to an hour. The tab is the only one in its browser profile: clerk-js shares tokens between tabs of one profile.",
      "Token age = time since the `iat` of the token being replaced (rounded down to the second by the issuer, so up to 1 s high). Convex: the token its socket held when it sent the next Authenticate (rule: `exp - iat - 10 s` after confirmation). clerk-js: its newest cached token when it asked for a token nobody sent to Convex (rule: `exp - iat - 17 s`, or when 5 s or less remain for tokens up to 17 s, checked every 1.5 s). Every token request re-arms clerk-js's timer, so it runs floor((lifetime − 10) / its refresh age) times per Convex cycle.",
      `Median ages with their range over the window's refreshes. Send delay (token \`iat\` to its Authenticate): ${phases.map((p) => `${p.lifetimeSeconds} s tokens ${formatSeconds(median(p.interleave.sendDelays), 2)}`).join(", ")}.`,
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
      `Shared by all routes: ${formatBytes(sizes.sharedFirstLoadBytes)}${sizes.middlewareBytes === null ? "" : `; middleware: ${formatBytes(sizes.middlewareBytes)}`}. API routes left out. Next's own count; the Clerk bundles above come on top. Source: ${source}.`,
    ],
  };
}
