/**
 * `npm run bench`: builds and starts its own production stack (app on :3600, local
 * Convex backend on :3610, build in .next-bench/), drives Debian Chromium and prints
 * markdown tables: auth continuity of every refresh design, bytes per refresh, time
 * to first data (server-rendered vs client-only) and First Load JS per route. The
 * tables also go to test-results/bench.md and test-results/bench.json.
 *
 * Environment: BENCH_SKIP_BUILD=1 reuses .next-bench/; BENCH_TOKEN_TTL_SECONDS
 * (default 13); BENCH_SOAK_SECONDS (default: 22 refresh periods); BENCH_RUNS (time to
 * first data, default 7); CHROMIUM_PATH (default /usr/bin/chromium).
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import type { HarnessSnapshot } from "../lib/harness/snapshot";
import { LANE_IDS } from "../lib/harness/lanes";
import { CONVEX_CLIENT_REFRESH_LEEWAY_SECONDS } from "../lib/config";
import { startBenchStack, type BenchStack } from "./bench/stack";
import { launchChromium, seedClasses, signIn, tokenFor } from "./bench/browser";
import { laneSoakMetrics, type LaneSoakMetrics } from "./bench/laneMetrics";
import { recordWire, type WireRecorder } from "./bench/wireRecorder";
import { summariseWire, type WireSummary } from "./bench/wireMetrics";
import { measureFirstData, type FirstDataSummary } from "./bench/firstData";
import { parseBuildOutput, type BuildSizes } from "./bench/firstLoadJs";
import {
  firstDataTable,
  firstLoadTable,
  holdTable,
  soakTable,
  wireTable,
  type BenchSetup,
} from "./bench/report";
import { renderTables, type Table } from "./bench/table";

const APP_PORT = 3600;
const BACKEND_PORT = 3610;
const DIST_DIR = ".next-bench";
const ADMIN_KEY = "bench-admin-key";
const OUT_DIR = "test-results";
const BUILD_LOG = path.join(OUT_DIR, "bench-build.log");
/** Hard stop for the measuring part (the build is on top). */
const RUN_BUDGET_MS = 5 * 60_000;
const SOAK_POLL_SECONDS = 2;
const WIRE_POLL_SECONDS = 0.5;
const MIN_CYCLES = 20;

function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  }
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function log(message: string) {
  console.log(`[bench] ${message}`);
}

async function openHarness(
  browser: Browser,
  page: Page,
  appUrl: string,
  query: string,
) {
  void browser;
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

async function main() {
  const tokenTtlSeconds = numberEnv("BENCH_TOKEN_TTL_SECONDS", 13);
  if (tokenTtlSeconds <= CONVEX_CLIENT_REFRESH_LEEWAY_SECONDS) {
    throw new Error(
      `BENCH_TOKEN_TTL_SECONDS must exceed the client's ${CONVEX_CLIENT_REFRESH_LEEWAY_SECONDS} s leeway`,
    );
  }
  const period = tokenTtlSeconds - CONVEX_CLIENT_REFRESH_LEEWAY_SECONDS;
  const soakSeconds = numberEnv(
    "BENCH_SOAK_SECONDS",
    Math.ceil((MIN_CYCLES + 2) * period * 1.1 + 5),
  );
  const runs = Math.round(numberEnv("BENCH_RUNS", 7));
  const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  const skipBuild = process.env.BENCH_SKIP_BUILD === "1";
  mkdirSync(OUT_DIR, { recursive: true });

  log(
    skipBuild
      ? `reusing the build in ${DIST_DIR}/`
      : `building the app into ${DIST_DIR}/ (next build)…`,
  );
  const stack = await startBenchStack({
    appPort: APP_PORT,
    backendPort: BACKEND_PORT,
    distDir: DIST_DIR,
    tokenTtlSeconds,
    adminKey: ADMIN_KEY,
    skipBuild,
    buildLogFile: BUILD_LOG,
  });
  if (stack.buildSeconds !== null) {
    log(`build took ${stack.buildSeconds.toFixed(0)} s`);
  }
  log(`app ${stack.appUrl}, backend ${stack.backendUrl}`);

  let browser: Browser | null = null;
  // `next start` runs in its own process group, so Ctrl-C must stop it explicitly.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void (browser?.close() ?? Promise.resolve())
        .catch(() => {})
        .finally(() => stack.close())
        .finally(() => process.exit(130));
    });
  }
  const deadline = setTimeout(() => {
    console.error("[bench] time budget exceeded; stopping");
    void (browser?.close() ?? Promise.resolve())
      .finally(() => stack.close())
      .finally(() => process.exit(2));
  }, RUN_BUDGET_MS);

  try {
    browser = await launchChromium(chromiumPath);
    const context = await browser.newContext();
    await signIn(context, stack.appUrl);
    await seedClasses(stack.backendUrl, await tokenFor(context, stack.appUrl));

    // (c) first, on a quiet machine: nothing else of ours is running yet.
    log(`time to first data: ${runs} runs per variant…`);
    const firstData: FirstDataSummary = await measureFirstData(
      context,
      stack.appUrl,
      runs,
    );

    // (a) and (b) side by side: one page with every lane, one page per wire lane.
    const countersBefore = await backendCounters(stack);
    const soakPage = await context.newPage();
    const wirePages: {
      lane: string;
      tokenPath: string;
      page: Page;
      recorder: WireRecorder;
    }[] = [];
    for (const [lane, tokenPath] of [
      ["official", "/api/local-auth/token"],
      ["server-endpoint", "/api/convex-token"],
    ] as const) {
      const page = await context.newPage();
      const recorder = await recordWire(page, (url) => url.includes(tokenPath));
      wirePages.push({ lane, tokenPath, page, recorder });
    }
    await openHarness(
      browser,
      soakPage,
      stack.appUrl,
      `lanes=${LANE_IDS.join(",")}&poll=${SOAK_POLL_SECONDS}`,
    );
    for (const wire of wirePages) {
      await openHarness(
        browser,
        wire.page,
        stack.appUrl,
        `lanes=${wire.lane}&poll=${WIRE_POLL_SECONDS}`,
      );
    }
    const soakStarted = Date.now();
    log(`soak: ${soakSeconds} s with ${tokenTtlSeconds} s tokens…`);
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
    const soakElapsed = Math.round((Date.now() - soakStarted) / 1000);

    const snapshot = await snapshotOf(soakPage);
    const lanes: LaneSoakMetrics[] = LANE_IDS.map((id) =>
      laneSoakMetrics(snapshot.lanes[id]),
    );
    const wires: { lane: string; wire: WireSummary }[] = [];
    for (const wire of wirePages) {
      wires.push({
        lane: wire.lane,
        wire: summariseWire(
          wire.recorder.recording(),
          wire.tokenPath,
          "authQueries:ping",
        ),
      });
      await wire.recorder.stop();
    }
    const countersAfter = await backendCounters(stack);

    const setup: BenchSetup = {
      tokenTtlSeconds,
      leewaySeconds: CONVEX_CLIENT_REFRESH_LEEWAY_SECONDS,
      soakSeconds: soakElapsed,
      pollSeconds: SOAK_POLL_SECONDS,
    };
    const { sizes, source } = buildSizes(stack);
    const tables: Table[] = [
      soakTable(lanes, setup),
      wireTable(wires),
      holdTable(wires),
      firstDataTable(firstData),
      firstLoadTable(sizes, source),
    ];
    const machine = `${os.cpus().length} CPU cores (${os.cpus()[0]?.model ?? "unknown"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load average ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(
        " / ",
      )} at the end, Node ${process.version}, Chromium ${browser.version()}`;
    const markdown = [
      `## Benchmark (${new Date().toISOString()})`,
      "",
      `Command: \`npm run bench\`${skipBuild ? " (BENCH_SKIP_BUILD=1)" : ""}. Local mode, production build, ${tokenTtlSeconds} s tokens. Machine: ${machine}.`,
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
          setup,
          soak: lanes,
          wire: wires,
          firstData,
          firstLoadJs: { ...sizes, source },
          backendCounters: { before: countersBefore, after: countersAfter },
        },
        null,
        2,
      ),
    );
    log(`wrote ${OUT_DIR}/bench.md and ${OUT_DIR}/bench.json`);
  } finally {
    clearTimeout(deadline);
    await browser?.close().catch(() => {});
    await stack.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("[bench] failed:", error);
    process.exit(1);
  },
);
