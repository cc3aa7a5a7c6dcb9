/**
 * The stated expectation for every figure the benchmark prints, as checks. Pure.
 * Bands allow for what the measurement itself adds: issuers round `iat` down to
 * the second (a token looks up to 1 s older) and a busy 2-core machine delays
 * timers and confirmations by a few hundred milliseconds.
 */
import type { LaneId } from "../../harness/designs/lanes";
import { atLeast, atMost, check, inBand, type Check } from "./checks";
import type { ClerkAssetSummary } from "./clerkAssets";
import type { FapiRate } from "./fapiMetrics";
import { roundRatios, type FirstDataSummary } from "./firstData";
import type { InterleavePrediction, InterleaveResult } from "./interleave";
import type { LaneSoakMetrics } from "./laneMetrics";
import {
  formatBytes,
  formatMs,
  formatRatio,
  formatSeconds,
  median,
} from "./stats";
import type { WireSummary } from "./wireMetrics";

/** What each design is expected to do while one user stays signed in. */
export type LaneVerdict =
  /** Refreshes before every expiry, one fetch per refresh, no failures. */
  | "survives"
  /** The forced refetch returns the same token; refreshing stops and queries fail after expiry. */
  | "stops-refreshing"
  /** Refreshing stops; the server closing the expired socket makes it re-read a newer page token. */
  | "survives-by-reconnecting";

export const LANE_VERDICTS: Record<LaneId, LaneVerdict> = {
  official: "survives",
  "official-reuse": "survives",
  "patient-token": "survives",
  "svelte-hybrid": "survives",
  "svelte-static": "stops-refreshing",
  "server-endpoint": "survives",
  "periodic-invalidation": "survives-by-reconnecting",
};

export type SoakSetup = {
  tokenTtlSeconds: number;
  leewaySeconds: number;
  soakSeconds: number;
};

/** Refresh cycles a surviving lane must complete: 70% of the soak over the period. */
export function minimumCycles(setup: SoakSetup): number {
  const period = setup.tokenTtlSeconds - setup.leewaySeconds;
  return Math.floor((0.7 * setup.soakSeconds) / period);
}

export function soakChecks(
  lanes: readonly LaneSoakMetrics[],
  setup: SoakSetup,
): Check[] {
  const checks: Check[] = [];
  const period = setup.tokenTtlSeconds - setup.leewaySeconds;
  for (const lane of lanes) {
    const verdict = LANE_VERDICTS[lane.lane as LaneId] ?? "survives";
    const name = (figure: string) => `soak ${lane.lane}: ${figure}`;
    if (verdict === "survives") {
      const cycles = minimumCycles(setup);
      checks.push(
        check(
          name("failed queries"),
          "0",
          `${lane.pingFailures} / ${lane.pingAttempts}`,
          lane.pingFailures === 0 && lane.pingAttempts > 0,
        ),
        check(
          name("refresh cycles"),
          `≥ ${cycles}`,
          String(lane.refreshCycles),
          lane.refreshCycles >= cycles,
        ),
        check(
          name("fetches per cycle"),
          "0.95–1.10",
          formatRatio(lane.fetchesPerCycle),
          inBand(lane.fetchesPerCycle, 0.95, 1.1),
        ),
        check(
          name("token age at refresh (median)"),
          `lifetime − ${setup.leewaySeconds} s = ${period} s, −0.5/+2 s`,
          formatSeconds(lane.refreshAgeMedianSeconds),
          inBand(lane.refreshAgeMedianSeconds, period - 0.5, period + 2),
        ),
        check(
          name("token age at refresh (max)"),
          `< lifetime (${setup.tokenTtlSeconds} s)`,
          formatSeconds(lane.refreshAgeMaxSeconds),
          lane.refreshAgeMaxSeconds !== null &&
            lane.refreshAgeMaxSeconds < setup.tokenTtlSeconds,
        ),
        check(
          name("time on an expired token"),
          "0 s",
          formatSeconds(lane.expiredSeconds),
          lane.expiredSeconds === 0,
        ),
        check(
          name("reconnects"),
          "0",
          String(lane.reconnects),
          lane.reconnects === 0,
        ),
        check(
          name("authenticated at end"),
          "yes",
          lane.authenticatedAtEnd ? "yes" : "no",
          lane.authenticatedAtEnd === true,
        ),
      );
    } else if (verdict === "stops-refreshing") {
      checks.push(
        check(
          name("identical tokens"),
          "≥ 1 (refreshing stops: the known bug is caught)",
          String(lane.identicalTokens),
          lane.identicalTokens >= 1,
        ),
        check(
          name("failed queries"),
          "≥ 1 once the first token expires",
          `${lane.pingFailures} / ${lane.pingAttempts}`,
          lane.pingFailures >= 1,
        ),
        check(
          name("time on an expired token"),
          "> 0 s",
          formatSeconds(lane.expiredSeconds),
          lane.expiredSeconds > 0,
        ),
      );
    } else {
      checks.push(
        check(
          name("reconnects"),
          "≥ 1 (it lives on the server closing expired sockets)",
          String(lane.reconnects),
          lane.reconnects >= 1,
        ),
        check(
          name("time on an expired token"),
          "> 0 s (until the server closes the socket)",
          formatSeconds(lane.expiredSeconds),
          lane.expiredSeconds > 0,
        ),
      );
    }
  }
  return checks;
}

/** Upper bound for one refresh's bytes (token request + response + frames). */
export const REFRESH_BYTES_BUDGET = 8_000;

export function wireChecks(
  wires: readonly { lane: string; wire: WireSummary }[],
  minimumPerSocket: number,
): Check[] {
  return wires.flatMap(({ lane, wire }) => {
    const name = (figure: string) => `wire ${lane}: ${figure}`;
    return [
      check(
        name("refreshes tied to their token request"),
        "all of them",
        `${wire.matchedRefreshes} of ${wire.refreshes}`,
        wire.refreshes > 0 && wire.matchedRefreshes === wire.refreshes,
      ),
      check(
        name("refreshes on each socket"),
        `≥ ${minimumPerSocket} on each of ≥ 2 sockets (the lane's and the app's own client)`,
        `${wire.sockets} sockets, ${wire.refreshesPerSocketMin ?? 0}–${wire.refreshesPerSocketMax ?? 0} each`,
        wire.sockets >= 2 &&
          atLeast(wire.refreshesPerSocketMin, minimumPerSocket),
      ),
      check(
        name("total per refresh (median)"),
        `≤ ${formatBytes(REFRESH_BYTES_BUDGET)}`,
        formatBytes(wire.totalPerRefreshBytes),
        atMost(wire.totalPerRefreshBytes, REFRESH_BYTES_BUDGET),
      ),
      check(
        name("queries failed during a refresh"),
        "0, with ≥ 1 query sampled in a refresh window",
        `${wire.queriesFailedDuringRefresh} of ${wire.queriesDuringRefresh}`,
        wire.queriesDuringRefresh >= 1 && wire.queriesFailedDuringRefresh === 0,
      ),
      check(
        name("query round trip during a refresh (median)"),
        "≤ 1000 ms (the socket is not paused for the token fetch)",
        formatMs(wire.queryMsDuringRefreshMedian, 1),
        atMost(wire.queryMsDuringRefreshMedian, 1000),
      ),
    ];
  });
}

const roundsAbove = (summary: FirstDataSummary) =>
  roundRatios(summary.runs).filter((ratio) => ratio > 1).length;

const yesNo = (value: boolean | null) =>
  value === null ? "not loaded" : value ? "yes" : "no";

export function firstDataChecks(summary: FirstDataSummary): Check[] {
  const ratios = summary.ratio;
  return [
    check(
      "first data: rounds measured",
      "every round has both variants",
      `${ratios.n} of ${summary.roundsRequested}${summary.missed.length > 0 ? ` (${summary.missed.join("; ")})` : ""}`,
      ratios.n > 0 && ratios.n === summary.roundsRequested,
    ),
    check(
      "first data: class names in the server's HTML",
      "server-rendered yes, client-only no (what the comparison is about)",
      `server-rendered ${yesNo(summary.namesInHtml["server-rendered"])}, client-only ${yesNo(summary.namesInHtml["client-only"])}`,
      summary.namesInHtml["server-rendered"] === true &&
        summary.namesInHtml["client-only"] === false,
    ),
    check(
      "first data: ratio client-only / server-rendered (median of rounds)",
      "> 1.0 (server-rendered shows the names sooner)",
      `${formatRatio(ratios.median)}x; > 1 in ${summary.ratio.n === 0 ? 0 : roundsAbove(summary)} of ${ratios.n} rounds`,
      atLeast(ratios.median, 1.0000001),
    ),
  ];
}

/** Largest decoded Clerk script total a page may load (clerk-js + @clerk/ui). */
export const CLERK_DECODED_BUDGET = 2_500_000;

export function clerkAssetChecks(
  pages: readonly {
    page: string;
    summary: ClerkAssetSummary;
    offMachine: string[];
  }[],
): Check[] {
  return pages.flatMap(({ page, summary, offMachine }) => {
    const name = (figure: string) => `Clerk bytes ${page}: ${figure}`;
    return [
      check(
        name("clerk-js entry loads"),
        "exactly 1",
        String(summary.byKind["clerk-js entry"].files),
        summary.byKind["clerk-js entry"].files === 1,
      ),
      check(
        name("loads from the HTTP cache or failed"),
        "0 (a cold load, all answered)",
        `${summary.fromCache} cached, ${summary.failed} failed`,
        summary.fromCache === 0 && summary.failed === 0,
      ),
      check(
        name("decoded total"),
        `≤ ${formatBytes(CLERK_DECODED_BUDGET)}`,
        formatBytes(summary.total.decodedBytes),
        summary.total.decodedBytes > 0 &&
          summary.total.decodedBytes <= CLERK_DECODED_BUDGET,
      ),
      check(
        name("hosts off this machine"),
        "none (everything from the stand-in and the app)",
        offMachine.length === 0 ? "none" : offMachine.join(", "),
        offMachine.length === 0,
      ),
    ];
  });
}

export function interleaveChecks(
  label: string,
  result: InterleaveResult,
  prediction: InterleavePrediction,
  rate: FapiRate,
): Check[] {
  const name = (figure: string) => `Clerk refresh ${label}: ${figure}`;
  const convexAge = median(result.convexAges);
  const clerkAge = median(result.clerkAges);
  const expectedTokensPerHour =
    (prediction.mintsPerCycle * 3600) / prediction.convexRefreshAge;
  const checks = [
    check(
      name("whole Convex cycles observed"),
      "≥ 2",
      String(result.cycles),
      result.cycles >= 2,
    ),
    check(
      name("Convex refresh: age of the held token (median)"),
      `${prediction.convexRefreshAge} s, −0.5/+3 s`,
      formatSeconds(convexAge),
      inBand(
        convexAge,
        prediction.convexRefreshAge - 0.5,
        prediction.convexRefreshAge + 3,
      ),
    ),
    check(
      name("token requests per Convex cycle"),
      `${prediction.mintsPerCycle} ± 0.25`,
      formatRatio(result.mintsPerCycle),
      inBand(
        result.mintsPerCycle,
        prediction.mintsPerCycle - 0.25,
        prediction.mintsPerCycle + 0.25,
      ),
    ),
    check(
      name("token requests per hour"),
      `${Math.round(expectedTokensPerHour)} ± 20% (${prediction.mintsPerCycle} per ${prediction.convexRefreshAge} s)`,
      rate.tokenPerHour === null
        ? "n/a"
        : String(Math.round(rate.tokenPerHour)),
      inBand(
        rate.tokenPerHour,
        expectedTokensPerHour * 0.8,
        expectedTokensPerHour * 1.2,
      ),
    ),
  ];
  if (prediction.clerkMintsPerCycle > 0) {
    const pollSlack = prediction.clerkRule === "poll" ? 1.5 : 0;
    checks.push(
      check(
        name("clerk-js refresh: age of its cached token (median)"),
        `${prediction.clerkRefreshAge} s, −0.5/+${2 + pollSlack} s`,
        formatSeconds(clerkAge),
        inBand(
          clerkAge,
          prediction.clerkRefreshAge - 0.5,
          prediction.clerkRefreshAge + 2 + pollSlack,
        ),
      ),
    );
  } else {
    checks.push(
      check(
        name("clerk-js's own token requests"),
        `0 (Convex renews at ${prediction.convexRefreshAge} s, before clerk-js's ${prediction.clerkRefreshAge} s)`,
        String(result.clerkMints),
        result.clerkMints === 0,
      ),
    );
  }
  return checks;
}
