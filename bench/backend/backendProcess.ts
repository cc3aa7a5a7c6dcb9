/**
 * The backend side of one benchmark case, in its own process so the clients
 * do not share its event loop and `auth.config.ts` is evaluated fresh.
 * Env: BENCH_ISSUER (OIDC issuer URL), BENCH_INVALIDATION (read-sets |
 * rerun-all). Talks to the parent over IPC: sends `{ type: "ready", url }`;
 * answers `mark` (start measuring) and `stats`; exits on `stop`.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { InvalidationStrategy } from "../../local-convex/queryHub";
import { startFixtureConvex } from "../../local-convex/testing/fixture";

const SAMPLE_MS = 10;

/** The histogram holds whole sampling intervals; the delay is what exceeds one. */
export const delayMs = (nanoseconds: number) =>
  Math.max(0, nanoseconds / 1e6 - SAMPLE_MS);

export type BackendStats = {
  cpuPercent: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  queryExecutions: number;
  commits: number;
  refreshCycles: number;
  authAccepted: number;
  authRejected: number;
  authExpired: number;
  protocolErrors: number;
  connectionsOpened: number;
  groups: number;
  rssMiB: number;
  queue: Record<string, number>;
};

async function main() {
  const issuer = process.env.BENCH_ISSUER;
  if (!issuer || !process.send) {
    throw new Error(
      "run by the benchmark, with BENCH_ISSUER and an IPC channel",
    );
  }
  const invalidation = (process.env.BENCH_INVALIDATION ??
    "read-sets") as InvalidationStrategy;
  const backend = await startFixtureConvex({ issuer }, { invalidation });
  const eventLoop = monitorEventLoopDelay({ resolution: SAMPLE_MS });
  let cpu = process.cpuUsage();
  let wall = Date.now();
  let engine = { ...backend.engine.stats };
  let cycles = backend.hub.stats.refreshCycles;

  process.on("message", (message: { type: string }) => {
    if (message.type === "mark") {
      eventLoop.reset();
      eventLoop.enable();
      cpu = process.cpuUsage();
      wall = Date.now();
      engine = { ...backend.engine.stats };
      cycles = backend.hub.stats.refreshCycles;
    } else if (message.type === "stats") {
      const used = process.cpuUsage(cpu);
      const counters = backend.counters();
      const stats: BackendStats = {
        cpuPercent:
          ((used.user + used.system) / 1000 / (Date.now() - wall)) * 100,
        eventLoopDelayMs: {
          p50: delayMs(eventLoop.percentile(50)),
          p99: delayMs(eventLoop.percentile(99)),
          max: delayMs(eventLoop.max),
        },
        queryExecutions:
          backend.engine.stats.queryExecutions - engine.queryExecutions,
        commits: backend.engine.stats.commits - engine.commits,
        refreshCycles: backend.hub.stats.refreshCycles - cycles,
        authAccepted: counters.authAccepted,
        authRejected: counters.authRejected,
        authExpired: counters.authExpired,
        protocolErrors: counters.protocolErrors,
        connectionsOpened: counters.connectionsOpened,
        groups: backend.hub.describe().groups,
        rssMiB: Math.round(process.memoryUsage().rss / 1024 / 1024),
        queue: { ...backend.hub.queue.stats },
      };
      eventLoop.disable();
      process.send!({ type: "stats", stats });
    } else if (message.type === "rows") {
      // Read directly, not through the work queue, so an overloaded backend
      // can still be checked.
      void backend.engine.readAll("messages").then((rows) =>
        process.send!({
          type: "rows",
          rows: rows.map(({ _id, _creationTime, channel, body, author }) => ({
            _id,
            _creationTime,
            channel,
            body,
            author,
          })),
        }),
      );
    } else if (message.type === "stop") {
      void backend.close().then(() => process.exit(0));
    }
  });
  process.send({ type: "ready", url: backend.url });
}

main().catch((error: Error) => {
  console.error(`[bench backend] ${error.stack}`);
  process.exit(1);
});
