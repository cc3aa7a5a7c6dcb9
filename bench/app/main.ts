/**
 * `npm run bench`: builds and starts its own production stack (the local Clerk
 * stand-in, the local Convex backend in memory and the app on the real Clerk SDK),
 * drives Debian Chromium and prints markdown tables with a PASS/FAIL check for
 * every figure: the Clerk bundles a page loads, time to first data, one tab's Clerk
 * FAPI traffic and how clerk-js's refresh interleaves with Convex's, auth
 * continuity of every refresh design, bytes per refresh, queries around a refresh
 * and First Load JS. Writes test-results/bench.md and test-results/bench.json and
 * exits 1 when a check fails.
 *
 * Environment (all optional):
 * - BENCH_SKIP_BUILD=1 reuses .next-bench/ (built with the same ports).
 * - BENCH_APP_PORT (4700), BENCH_CONVEX_PORT (4701), BENCH_CLERK_PORT (4702).
 * - BENCH_TOKEN_TTL_SECONDS (13): token lifetime for the soak and the wire pages.
 * - BENCH_SOAK_SECONDS (22 refresh periods + 10%).
 * - BENCH_CLERK_TTL_SECONDS (60, Clerk's default) and BENCH_CLERK_SECONDS (time to
 *   see three Convex refresh cycles): the lifetime and length of the one-tab FAPI
 *   observation; the first-data runs happen under the same lifetime.
 * - BENCH_RUNS (7): time-to-first-data rounds. CHROMIUM_PATH (/usr/bin/chromium).
 */
import {
  mkdirSync,
  existsSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import type { HarnessSnapshot } from "../../harness/model/snapshot";
import { LANE_IDS, type LaneId } from "../../harness/designs/lanes";
import { CONVEX_CLIENT_REFRESH_LEEWAY_SECONDS } from "../../lib/config";
import { startBenchStack, type BenchStack } from "./stack";
import {
  BENCH_CLASSES,
  launchChromium,
  seedClasses,
  setTokenLifetime,
  signIn,
  tokenFor,
  type StandInAccess,
} from "./browser";
import { checksTable, failedChecks, type Check } from "./checks";
import {
  measureClerkBundles,
  observeClerkRefresh,
  type ClerkSetup,
} from "./clerkPhases";
import {
  clerkAssetChecks,
  firstDataChecks,
  interleaveChecks,
  minimumCycles,
  soakChecks,
  wireChecks,
} from "./expectations";
import { laneSoakMetrics, type LaneSoakMetrics } from "./laneMetrics";
import { recordWire, type WireRecorder } from "./wireRecorder";
import { summariseWire, type WireSummary } from "./wireMetrics";
import { measureFirstData } from "./firstData";
import { parseBuildOutput, type BuildSizes } from "./firstLoadJs";
import {
  clerkAssetsTable,
  clerkRefreshTable,
  firstDataTable,
  firstLoadTable,
  holdTable,
  soakTable,
  wireTable,
  type BenchSetup,
} from "./report";
import { renderTables, type Table } from "./table";

const DIST_DIR = ".next-bench";
const ADMIN_KEY = "bench-admin-key";
const OUT_DIR = "test-results";
const BUILD_LOG = path.join(OUT_DIR, "bench-build.log");
const SOAK_POLL_SECONDS = 2;
const WIRE_POLL_SECONDS = 0.5;
const MIN_CYCLES = 20;
const SERVER_TOKEN_ROUTE = "/api/convex-token";

function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  }
  return value;
}

function portEnv(name: string, fallback: number): number {
  const value = numberEnv(name, fallback);
  if (!Number.isInteger(value) || value > 65535) {
    throw new Error(`${name} must be a port number, got "${value}"`);
  }
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function log(message: string) {
  console.log(`[bench] ${message}`);
}

async function openHarness(page: Page, appUrl: string, query: string) {
  await page.goto(`${appUrl}/dev/auth-harness?${query}`);
  await page.waitForSelector('[data-testid="auth-harness"]', {
    timeout: 60_000,
  });
}

async function snapshotOf(page: Page): Promise<HarnessSnapshot> {
  return page.evaluate(
    () =>
      JSON.parse(
        JSON.stringify(
          (window as unknown as { __authHarness: unknown }).__authHarness,
        ),
      ) as HarnessSnapshot,
  );
}

async function backendCounters(stack: BenchStack) {
  const response = await fetch(`${stack.backendUrl}/_admin/counters`, {
    headers: { "x-admin-key": stack.adminKey },
  });
  const body = (await response.json()) as Record<string, unknown>;
  delete body.sockets;
  return body;
}

function buildSizes(stack: BenchStack): { sizes: BuildSizes; source: string } {
  if (stack.buildOutput !== null) {
    return {
      sizes: parseBuildOutput(stack.buildOutput),
      source: "`next build` output of this run",
    };
  }
  if (existsSync(BUILD_LOG)) {
    const when = statSync(BUILD_LOG).mtime.toISOString();
    return {
      sizes: parseBuildOutput(readFileSync(BUILD_LOG, "utf8")),
      source: `saved \`next build\` output (${BUILD_LOG}, ${when}; build skipped)`,
    };
  }
  return {
    sizes: { routes: [], sharedFirstLoadBytes: null, middlewareBytes: null },
    source: "none (build skipped and no saved build output)",
  };
}

const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(" / ");

type WirePage = {
  lane: LaneId;
  tokenRoute: string;
  page: Page;
  recorder: WireRecorder;
};

/** The soak page (every lane) and one page per wire lane, all in `context`. */
async function runSoak(
  context: BrowserContext,
  stack: BenchStack,
  clerk: ClerkSetup,
  soakSeconds: number,
) {
  const isTokenUrl = (url: string) =>
    (url.startsWith(clerk.proxyUrl) && /\/tokens(\/|\?|$)/.test(url)) ||
    new URL(url).pathname === SERVER_TOKEN_ROUTE;
  const soakPage = await context.newPage();
  const wirePages: WirePage[] = [];
  for (const [lane, tokenRoute] of [
    ["official", "FAPI tokens"],
    ["server-endpoint", SERVER_TOKEN_ROUTE],
  ] as const) {
    const page = await context.newPage();
    const recorder = await recordWire(page, {
      keepHttp: isTokenUrl,
      keepBody: isTokenUrl,
    });
    wirePages.push({ lane, tokenRoute, page, recorder });
  }
  await openHarness(
    soakPage,
    stack.appUrl,
    `lanes=${LANE_IDS.join(",")}&poll=${SOAK_POLL_SECONDS}`,
  );
  for (const wire of wirePages) {
    await openHarness(
      wire.page,
      stack.appUrl,
      `lanes=${wire.lane}&poll=${WIRE_POLL_SECONDS}`,
    );
  }
  const started = Date.now();
  await sleep(soakSeconds * 1000);
  // A busy machine stretches cycles; give the official lane a little longer if needed.
  const extraUntil = Date.now() + 30_000;
  while (Date.now() < extraUntil) {
    const official = (await snapshotOf(soakPage)).lanes.official;
    if (
      official.acceptances.filter((a) => a.kind === "fresh").length >=
      MIN_CYCLES
    )
      break;
    await sleep(1000);
  }
  const elapsed = Math.round((Date.now() - started) / 1000);
  const snapshot = await snapshotOf(soakPage);
  const lanes: LaneSoakMetrics[] = LANE_IDS.map((id) =>
    laneSoakMetrics({ ...snapshot.lanes[id], endAt: snapshot.takenAt }),
  );
  const wires: {
    lane: string;
    tokenRoute: string;
    wire: WireSummary;
    laneOnPage: LaneSoakMetrics;
  }[] = [];
  for (const wire of wirePages) {
    const pageSnapshot = await snapshotOf(wire.page);
    const laneOnPage = laneSoakMetrics({
      ...pageSnapshot.lanes[wire.lane],
      endAt: pageSnapshot.takenAt,
    });
    const summary = summariseWire(
      await wire.recorder.finish(),
      (exchange) => isTokenUrl(exchange.url),
      "authQueries:ping",
    );
    const { matched, ...rest } = summary;
    void matched;
    wires.push({
      lane: wire.lane,
      tokenRoute: wire.tokenRoute,
      wire: rest,
      laneOnPage,
    });
  }
  await Promise.all(
    [soakPage, ...wirePages.map((w) => w.page)].map((p) => p.close()),
  );
  return { lanes, wires, elapsed };
}

async function main() {
  const ports = {
    app: portEnv("BENCH_APP_PORT", 4700),
    convex: portEnv("BENCH_CONVEX_PORT", 4701),
    clerk: portEnv("BENCH_CLERK_PORT", 4702),
  };
  const leeway = CONVEX_CLIENT_REFRESH_LEEWAY_SECONDS;
  const tokenTtlSeconds = numberEnv("BENCH_TOKEN_TTL_SECONDS", 13);
  const clerkTtlSeconds = numberEnv("BENCH_CLERK_TTL_SECONDS", 60);
  for (const [name, value] of [
    ["BENCH_TOKEN_TTL_SECONDS", tokenTtlSeconds],
    ["BENCH_CLERK_TTL_SECONDS", clerkTtlSeconds],
  ] as const) {
    if (!Number.isInteger(value) || value <= leeway || value < 11) {
      throw new Error(
        `${name} must be a whole number above the client's ${leeway} s leeway (and at least 11), got ${value}`,
      );
    }
  }
  const period = tokenTtlSeconds - leeway;
  const soakSeconds = numberEnv(
    "BENCH_SOAK_SECONDS",
    Math.ceil((MIN_CYCLES + 2) * period * 1.1 + 5),
  );
  // Three whole Convex cycles after the page has loaded and made its first refresh.
  const clerkSeconds = numberEnv(
    "BENCH_CLERK_SECONDS",
    Math.ceil(3.3 * (clerkTtlSeconds - leeway) + 20),
  );
  const runs = Math.round(numberEnv("BENCH_RUNS", 7));
  const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  const skipBuild = process.env.BENCH_SKIP_BUILD === "1";
  const loadAtStart = loadAverage();
  mkdirSync(OUT_DIR, { recursive: true });

  log(
    skipBuild
      ? `reusing the build in ${DIST_DIR}/`
      : `building the app into ${DIST_DIR}/ (next build)…`,
  );
  let browser: Browser | null = null;
  const starting = startBenchStack({
    ports,
    distDir: DIST_DIR,
    tokenTtlSeconds: clerkTtlSeconds,
    adminKey: ADMIN_KEY,
    skipBuild,
    buildLogFile: BUILD_LOG,
  });
  const stopAll = (code: number) => {
    void (browser?.close() ?? Promise.resolve())
      .catch(() => {})
      .finally(() => starting.then((s) => s.close()).catch(() => {}))
      .finally(() => process.exit(code));
  };
  // `next start` runs in its own process group, so Ctrl-C must stop it explicitly,
  // also while the stack is still starting.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => stopAll(130));
  }
  const stack = await starting;
  if (stack.buildSeconds !== null) {
    log(`build took ${stack.buildSeconds.toFixed(0)} s`);
  }
  log(
    `app ${stack.appUrl}, Convex ${stack.backendUrl}, Clerk stand-in ${stack.clerk.url}`,
  );

  // Hard stop for the measuring part (the build is on top).
  const budgetMs = (clerkSeconds + soakSeconds + 300) * 1000;
  const deadline = setTimeout(() => {
    console.error("[bench] time budget exceeded; stopping");
    stopAll(2);
  }, budgetMs);

  try {
    browser = await launchChromium(chromiumPath);
    const access: StandInAccess = {
      url: stack.clerk.url,
      adminKey: stack.adminKey,
      secretKey: stack.clerk.secretKey,
    };
    const clerk: ClerkSetup = {
      appUrl: stack.appUrl,
      access,
      publicOrigin: stack.clerk.publicOrigin,
      clerkJsUrl: stack.appEnv.NEXT_PUBLIC_CLERK_JS_URL!,
      clerkUiUrl: stack.appEnv.NEXT_PUBLIC_CLERK_UI_URL!,
      proxyUrl: stack.appEnv.NEXT_PUBLIC_CLERK_PROXY_URL!,
    };

    // Part 1, under Clerk's default lifetime: one tab's FAPI traffic runs in the
    // background while the bundles and time to first data are measured.
    const context = await browser.newContext();
    // This tab stays open, so clerk-js keeps the session cookie fresh for the
    // first-data page loads (as any open tab of the app would).
    const keeper = await signIn(context, stack.appUrl, access);
    await seedClasses(stack.backendUrl, await tokenFor(keeper));

    log(
      `Clerk refresh: one /classes tab for ${clerkSeconds} s with ${clerkTtlSeconds} s tokens (in the background)…`,
    );
    const refreshLong = observeClerkRefresh(browser, clerk, {
      lifetimeSeconds: clerkTtlSeconds,
      leewaySeconds: leeway,
      seconds: clerkSeconds,
    });
    log("Clerk bundles: cold loads of three pages…");
    const bundles = await measureClerkBundles(browser, clerk, [
      { label: "/ (signed out)", path: "/", signedIn: false },
      { label: "/sign-in (signed out)", path: "/sign-in", signedIn: false },
      { label: "/classes (signed in)", path: "/classes", signedIn: true },
    ]);
    log(`time to first data: ${runs} rounds…`);
    const firstData = await measureFirstData(
      context,
      stack.appUrl,
      runs,
      BENCH_CLASSES[0]!.name,
    );
    log("waiting for the Clerk refresh observation to finish…");
    const longPhase = await refreshLong;
    await context.close();

    // Part 2, short tokens: the soak, the wire pages and the same one-tab count.
    await setTokenLifetime(access, tokenTtlSeconds);
    const soakContext = await browser.newContext();
    (await signIn(soakContext, stack.appUrl, access, "/")).close();
    const countersBefore = await backendCounters(stack);
    log(
      `soak: ${soakSeconds} s with ${tokenTtlSeconds} s tokens, and one /classes tab beside it…`,
    );
    const [soak, shortPhase] = await Promise.all([
      runSoak(soakContext, stack, clerk, soakSeconds),
      observeClerkRefresh(browser, clerk, {
        lifetimeSeconds: tokenTtlSeconds,
        leewaySeconds: leeway,
        seconds: soakSeconds,
      }),
    ]);
    const countersAfter = await backendCounters(stack);
    await soakContext.close();

    const setup: BenchSetup = {
      tokenTtlSeconds,
      leewaySeconds: leeway,
      soakSeconds: soak.elapsed,
      pollSeconds: SOAK_POLL_SECONDS,
    };
    const phases = [longPhase, shortPhase];
    const checks: Check[] = [
      ...clerkAssetChecks(bundles),
      ...firstDataChecks(firstData),
      ...phases.flatMap((phase) =>
        interleaveChecks(
          phase.label,
          phase.interleave,
          phase.prediction,
          phase.rate,
        ),
      ),
      ...soakChecks(soak.lanes, setup),
      ...wireChecks(soak.wires, minimumCycles(setup)),
    ];
    const { sizes, source } = buildSizes(stack);
    const tables: Table[] = [
      clerkAssetsTable(bundles),
      firstDataTable(firstData),
      clerkRefreshTable(phases),
      soakTable(soak.lanes, setup),
      wireTable(soak.wires),
      holdTable(soak.wires),
      firstLoadTable(sizes, source),
      checksTable(checks),
    ];
    const machine = `${os.cpus().length} CPU cores (${os.cpus()[0]?.model ?? "unknown"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load average ${loadAtStart} at the start and ${loadAverage()} at the end, Node ${process.version}, Chromium ${browser.version()}`;
    const markdown = [
      `## Benchmark (${new Date().toISOString()})`,
      "",
      `Command: \`npm run bench\`${skipBuild ? " (BENCH_SKIP_BUILD=1)" : ""}. Production build on the real Clerk SDK against the local Clerk stand-in and the local Convex backend; ${clerkTtlSeconds} s tokens for the bundles, first data and the first Clerk refresh row, ${tokenTtlSeconds} s tokens for the rest. Machine: ${machine}.`,
      "",
      renderTables(tables),
      "",
    ].join("\n");
    console.log(`\n${markdown}`);
    writeFileSync(path.join(OUT_DIR, "bench.md"), markdown);
    writeFileSync(
      path.join(OUT_DIR, "bench.json"),
      JSON.stringify(
        {
          takenAt: new Date().toISOString(),
          machine,
          setup: { ...setup, clerkTtlSeconds, clerkSeconds, runs, ports },
          clerkBundles: bundles,
          firstData,
          clerkRefresh: phases,
          soak: soak.lanes,
          wire: soak.wires,
          firstLoadJs: { ...sizes, source },
          backendCounters: { before: countersBefore, after: countersAfter },
          checks,
        },
        null,
        2,
      ),
    );
    log(`wrote ${OUT_DIR}/bench.md and ${OUT_DIR}/bench.json`);
    const failed = failedChecks(checks);
    if (failed.length > 0) {
      console.error(
        `[bench] ${failed.length} check(s) FAILED:\n${failed
          .map(
            (c) =>
              `  FAIL ${c.figure}: expected ${c.expectation}, measured ${c.measured}`,
          )
          .join("\n")}`,
      );
    } else {
      log(`all ${checks.length} checks PASS`);
    }
    return failed.length === 0 ? 0 : 1;
  } finally {
    clearTimeout(deadline);
    await browser?.close().catch(() => {});
    await stack.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("[bench] failed:", error);
    process.exit(1);
  },
);
