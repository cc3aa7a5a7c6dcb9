/**
 * `npm run bench:backend`: N clients with several subscriptions each and
 * short-lived tokens, writing for a while; prints throughput, latency,
 * accepted refreshes and errors. Env: BENCH_CLIENTS (comma list, "50,200"),
 * BENCH_SECONDS (120), BENCH_TOKEN_TTL (15), BENCH_WRITE_MS (2000).
 */
import { makeFunctionReference } from "convex/server";
import { newClient, startFixtureBackend, startIssuer } from "./testing/fixture";

type Row = { _id: string; body: string };
const recent = makeFunctionReference<"query", { channel: string }, Row[]>(
  "messages:recent",
);
const whoami = makeFunctionReference<"query", Record<string, never>, unknown>(
  "messages:whoami",
);
const send = makeFunctionReference<
  "mutation",
  { channel: string; body: string },
  string
>("messages:send");

const GROUPS = 10;

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ]!;
}

async function runOnce(
  clients: number,
  seconds: number,
  ttl: number,
  writeMs: number,
) {
  const issuer = await startIssuer();
  const backend = await startFixtureBackend(issuer);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let updates = 0;
  let errors = 0;
  let mutations = 0;
  const handles = [];
  for (let i = 0; i < clients; i += 1) {
    const client = newClient(backend.url, {
      logger: {
        logVerbose() {},
        log() {},
        warn() {},
        error: () => (errors += 1),
      },
    });
    client.setAuth(
      () => issuer.mint({ sub: `bench-${i}`, ttlSeconds: ttl }),
      (ok) => {
        if (!ok) errors += 1;
      },
    );
    const group = `group-${i % GROUPS}`;
    const seen = new Set<string>();
    const onError = () => (errors += 1);
    client.onUpdate(
      recent,
      { channel: group },
      (rows) => {
        updates += 1;
        const now = Date.now();
        for (const row of rows) {
          if (seen.has(row._id)) continue;
          seen.add(row._id);
          const at = sentAt.get(row.body);
          if (at !== undefined) latencies.push(now - at);
        }
      },
      onError,
    );
    client.onUpdate(
      recent,
      { channel: `own-${i}` },
      () => (updates += 1),
      onError,
    );
    client.onUpdate(whoami, {}, () => (updates += 1), onError);
    handles.push({ client, group });
  }
  const started = Date.now();
  const timers = handles.map(({ client, group }, i) => {
    const write = () => {
      const body = `${i}-${Date.now()}-${Math.random()}`;
      sentAt.set(body, Date.now());
      mutations += 1;
      client
        .mutation(send, { channel: group, body })
        .catch(() => (errors += 1));
    };
    // Spread writers over the interval.
    return setTimeout(function tick() {
      write();
      timers[i] = setTimeout(tick, writeMs);
    }, Math.random() * writeMs);
  });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  timers.forEach((timer) => clearTimeout(timer));
  const elapsed = (Date.now() - started) / 1000;
  const counters = backend.counters();
  await Promise.all(handles.map(({ client }) => client.close()));
  await backend.close();
  await issuer.close();
  latencies.sort((a, b) => a - b);
  return {
    clients,
    subscriptionsPerClient: 3,
    seconds: Math.round(elapsed),
    tokenTtlSeconds: ttl,
    mutations,
    updatesPerSecond: Math.round(updates / elapsed),
    p50LatencyMs: percentile(latencies, 50),
    p95LatencyMs: percentile(latencies, 95),
    authAccepted: counters.authAccepted,
    refreshesAccepted: counters.authAccepted - clients * 2,
    authRejected: counters.authRejected,
    authExpired: counters.authExpired,
    errors: errors + counters.protocolErrors,
  };
}

async function main() {
  const sizes = (process.env.BENCH_CLIENTS ?? "50,200").split(",").map(Number);
  const seconds = Number(process.env.BENCH_SECONDS ?? 120);
  const ttl = Number(process.env.BENCH_TOKEN_TTL ?? 15);
  const writeMs = Number(process.env.BENCH_WRITE_MS ?? 2000);
  for (const clients of sizes) {
    console.log(JSON.stringify(await runOnce(clients, seconds, ttl, writeMs)));
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
