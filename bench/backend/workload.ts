import { monitorEventLoopDelay } from "node:perf_hooks";
import { makeFunctionReference } from "convex/server";
import {
  newClient,
  waitFor,
  type FixtureMessage,
  type TestIssuer,
} from "../../local-convex/testing/fixture";

/** What one benchmark case does on the client side. */
export type WorkloadConfig = {
  clients: number;
  seconds: number;
  tokenTtlSeconds: number;
  writeEveryMs: number;
  /** Clients per shared channel (each client also has its own channel). */
  clientsPerGroup: number;
  /** Longest wait after the last write for every client to catch up. */
  drainSeconds: number;
};

/** The window `messages:recent` returns. */
const WINDOW = 20;

const recent = makeFunctionReference<
  "query",
  { channel: string },
  FixtureMessage[]
>("messages:recent");
const whoami = makeFunctionReference<"query", Record<string, never>, unknown>(
  "messages:whoami",
);
const send = makeFunctionReference<
  "mutation",
  { channel: string; body: string },
  string
>("messages:send");

/** What one client saw of one channel. */
class ChannelView {
  readonly seenAt = new Map<string, number>();
  /** Creation-time intervals whose rows left the window between two updates. */
  readonly gaps: Array<{ from: number; to: number; at: number }> = [];
  private newest = -Infinity;
  lastIds: string[] = [];
  updates = 0;

  receive(rows: FixtureMessage[], now: number) {
    this.updates += 1;
    let oldest = Infinity;
    let newest = -Infinity;
    for (const row of rows) {
      if (!this.seenAt.has(row.body)) this.seenAt.set(row.body, now);
      oldest = Math.min(oldest, row._creationTime);
      newest = Math.max(newest, row._creationTime);
    }
    // A full window that starts after the newest row seen before: rows in
    // between came and went inside one update, which is allowed.
    if (rows.length === WINDOW && oldest > this.newest) {
      this.gaps.push({ from: this.newest, to: oldest, at: now });
    }
    if (newest > this.newest) this.newest = newest;
    this.lastIds = rows.map((row) => row._id);
  }

  /** When this view showed (or legitimately skipped) a row; undefined if never. */
  deliveredAt(body: string, creationTime: number): number | undefined {
    const seen = this.seenAt.get(body);
    if (seen !== undefined) return seen;
    return this.gaps.find(
      (gap) => creationTime > gap.from && creationTime < gap.to,
    )?.at;
  }
}

export type WorkloadResult = {
  issuedWrites: number;
  committedWrites: number;
  failedWrites: number;
  /** (write, client that should see it) pairs. */
  deliveriesExpected: number;
  deliveriesMissed: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  mutationMs: { p50: number; p95: number; max: number };
  updatesReceived: number;
  writeSeconds: number;
  drainSeconds: number;
  clientErrors: number;
  authLost: number;
  tokensMinted: number;
  clientEventLoopDelayMs: { p99: number; max: number };
  firstErrors: string[];
};

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ]!;
}

/**
 * Runs N real `ConvexClient`s against `url`: each subscribes to its group's
 * shared channel, its own channel and `whoami`, writes every `writeEveryMs`
 * (alternating between the shared and its own channel) and refreshes 15 s
 * tokens as the client library does. Then checks that every client saw every
 * committed write that concerns it.
 */
export async function runWorkload(
  url: string,
  issuer: TestIssuer,
  config: WorkloadConfig,
  hooks: {
    writing?: () => void;
    stopped?: () => Promise<void>;
    /** Every committed row, straight from the backend (not through its queue). */
    committedRows: () => Promise<FixtureMessage[]>;
  },
): Promise<WorkloadResult> {
  let clientErrors = 0;
  let authLost = 0;
  let tokensMinted = 0;
  const firstErrors: string[] = [];
  const noteError = (text: string) => {
    clientErrors += 1;
    if (firstErrors.length < 5) firstErrors.push(text.slice(0, 300));
  };
  const groupOf = (i: number) =>
    `group-${Math.floor(i / config.clientsPerGroup)}`;
  const ownOf = (i: number) => `own-${i}`;
  const clients: Array<{
    client: ReturnType<typeof newClient>;
    shared: ChannelView;
    own: ChannelView;
    identityUpdates: () => number;
    authenticated: () => boolean;
  }> = [];
  for (let i = 0; i < config.clients; i += 1) {
    const client = newClient(url, {
      logger: {
        logVerbose() {},
        log() {},
        warn() {},
        error: (...args: unknown[]) => noteError(args.map(String).join(" ")),
      },
    });
    let everAuthenticated = false;
    client.setAuth(
      () => {
        tokensMinted += 1;
        return issuer.mint({
          sub: `bench-${i}`,
          ttlSeconds: config.tokenTtlSeconds,
        });
      },
      (ok) => {
        if (ok) everAuthenticated = true;
        else if (everAuthenticated) authLost += 1;
        else noteError(`client ${i} was never authenticated`);
      },
    );
    const shared = new ChannelView();
    const own = new ChannelView();
    let identityUpdates = 0;
    const onError = (error: Error) => noteError(error.message);
    client.onUpdate(
      recent,
      { channel: groupOf(i) },
      (rows) => shared.receive(rows, Date.now()),
      onError,
    );
    client.onUpdate(
      recent,
      { channel: ownOf(i) },
      (rows) => own.receive(rows, Date.now()),
      onError,
    );
    client.onUpdate(whoami, {}, () => (identityUpdates += 1), onError);
    clients.push({
      client,
      shared,
      own,
      identityUpdates: () => identityUpdates,
      authenticated: () => everAuthenticated,
    });
  }
  await waitFor(
    () =>
      clients.every(
        (c) => c.authenticated() && c.shared.updates > 0 && c.own.updates > 0,
      ),
    { what: "every client connected", timeoutMs: 60_000, intervalMs: 100 },
  );

  type Write = { body: string; channel: string; issuedAt: number };
  const writes: Write[] = [];
  const mutationMs: number[] = [];
  const pending = new Set<Promise<unknown>>();
  let failedWrites = 0;
  const eventLoop = monitorEventLoopDelay({ resolution: 10 });
  // The histogram holds whole 10 ms sampling intervals; the delay is the excess.
  const delayMs = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - 10);
  eventLoop.enable();
  hooks.writing?.();
  const started = Date.now();
  const stopAt = started + config.seconds * 1000;
  const timers: NodeJS.Timeout[] = [];
  clients.forEach(({ client }, i) => {
    let seq = 0;
    const tick = () => {
      if (Date.now() >= stopAt) return;
      seq += 1;
      const channel = seq % 2 === 1 ? groupOf(i) : ownOf(i);
      const write = { body: `${i}:${seq}`, channel, issuedAt: Date.now() };
      writes.push(write);
      const call = client
        .mutation(send, { channel, body: write.body })
        .then(
          () => mutationMs.push(Date.now() - write.issuedAt),
          (error: Error) => {
            failedWrites += 1;
            noteError(`mutation failed: ${error.message}`);
          },
        )
        .finally(() => pending.delete(call));
      pending.add(call);
      timers[i] = setTimeout(tick, config.writeEveryMs);
    };
    timers[i] = setTimeout(tick, Math.random() * config.writeEveryMs);
  });
  await new Promise((resolve) => setTimeout(resolve, config.seconds * 1000));
  timers.forEach((timer) => clearTimeout(timer));
  const writeSeconds = (Date.now() - started) / 1000;
  await hooks.stopped?.();

  // Ground truth: every committed row, from the backend process itself.
  const drainStarted = Date.now();
  const drainDeadline = drainStarted + config.drainSeconds * 1000;
  let committed = new Map<string, FixtureMessage[]>();
  const readCommitted = async () => {
    committed = new Map();
    for (let i = 0; i < clients.length; i += 1) {
      committed.set(groupOf(i), []);
      committed.set(ownOf(i), []);
    }
    const rows = await hooks.committedRows();
    rows.sort((a, b) => a._creationTime - b._creationTime);
    for (const row of rows) committed.get(row.channel)?.push(row);
  };
  const top = (channel: string) =>
    committed
      .get(channel)!
      .slice(-WINDOW)
      .map((row) => row._id)
      .reverse()
      .join();
  const caughtUp = () =>
    clients.every(
      (c, i) =>
        c.shared.lastIds.join() === top(groupOf(i)) &&
        c.own.lastIds.join() === top(ownOf(i)),
    );
  for (;;) {
    const settled = pending.size === 0;
    await readCommitted();
    if ((settled && caughtUp()) || Date.now() >= drainDeadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const drainSeconds = (Date.now() - drainStarted) / 1000;
  eventLoop.disable();

  const creation = new Map<string, number>();
  for (const rows of committed.values()) {
    for (const row of rows) creation.set(row.body, row._creationTime);
  }
  const latencies: number[] = [];
  let expected = 0;
  let missed = 0;
  for (const write of writes) {
    const creationTime = creation.get(write.body);
    if (creationTime === undefined) continue;
    const [writer] = write.body.split(":").map(Number);
    const concerned = write.channel.startsWith("own-")
      ? [clients[writer!]!.own]
      : clients
          .filter((_, i) => groupOf(i) === write.channel)
          .map((c) => c.shared);
    for (const view of concerned) {
      expected += 1;
      const at = view.deliveredAt(write.body, creationTime);
      if (at === undefined) missed += 1;
      else latencies.push(Math.max(0, at - write.issuedAt));
    }
  }
  latencies.sort((a, b) => a - b);
  mutationMs.sort((a, b) => a - b);
  const updatesReceived = clients.reduce(
    (sum, c) => sum + c.shared.updates + c.own.updates + c.identityUpdates(),
    0,
  );
  await Promise.all(clients.map(({ client }) => client.close()));
  return {
    issuedWrites: writes.length,
    committedWrites: creation.size,
    failedWrites,
    deliveriesExpected: expected,
    deliveriesMissed: missed,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? 0,
    },
    mutationMs: {
      p50: percentile(mutationMs, 50),
      p95: percentile(mutationMs, 95),
      max: mutationMs.at(-1) ?? 0,
    },
    updatesReceived,
    writeSeconds,
    drainSeconds,
    clientErrors,
    authLost,
    tokensMinted,
    clientEventLoopDelayMs: {
      p99: delayMs(eventLoop.percentile(99)),
      max: delayMs(eventLoop.max),
    },
    firstErrors,
  };
}
