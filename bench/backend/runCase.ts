import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { InvalidationStrategy } from "../../local-convex/queryHub";
import type { BackendStats } from "./backendProcess";
import type { WorkloadConfig, WorkloadResult } from "./workload";

export type CaseConfig = WorkloadConfig & {
  invalidation: InvalidationStrategy;
};
export type CaseResult = {
  config: CaseConfig;
  backend: BackendStats;
  clients: WorkloadResult;
};

type Message = { type: string } & Record<string, unknown>;

function start(script: string, env: Record<string, string>): ChildProcess {
  // BENCH_PROFILE=<dir>: CPU profiles of both processes, for finding hot spots.
  const profile = process.env.BENCH_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  return fork(path.join(__dirname, script), [], {
    execArgv: ["--import", "tsx", ...profile],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

/** Resolves with the next IPC message of `type`; rejects if the child exits first. */
function next(child: ChildProcess, type: string, timeoutMs: number) {
  return new Promise<Message>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new Error(`benchmark child sent no ${type} within ${timeoutMs} ms`),
      );
    }, timeoutMs);
    const onMessage = (message: Message) => {
      if (message.type !== type) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`benchmark child exited (${code}) before ${type}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  if (child.connected) child.send({ type: "stop" });
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * One benchmark case: a fresh backend process (its own `auth.config.ts`
 * evaluation and issuer) and a clients process, measured while clients write.
 */
export async function runCase(config: CaseConfig): Promise<CaseResult> {
  const clients = start("clientsProcess.ts", {});
  let backend: ChildProcess | undefined;
  try {
    const { issuer } = await next(clients, "issuer", 60_000);
    backend = start("backendProcess.ts", {
      BENCH_ISSUER: String(issuer),
      BENCH_INVALIDATION: config.invalidation,
    });
    const { url } = await next(backend, "ready", 60_000);
    // The clients read the committed rows through this process.
    const relayRows = (message: Message) => {
      if (message.type === "rows?") backend?.send({ type: "rows" });
    };
    const relayBack = (message: Message) => {
      if (message.type === "rows" && clients.connected) clients.send(message);
    };
    clients.on("message", relayRows);
    backend.on("message", relayBack);
    const writing = next(clients, "writing", 120_000);
    clients.send({ type: "start", url, config });
    await writing;
    backend.send({ type: "mark" });
    await next(clients, "stopped", (config.seconds + 60) * 1000);
    const statsReply = next(backend, "stats", 30_000);
    backend.send({ type: "stats" });
    const { stats } = await statsReply;
    const resultReply = next(
      clients,
      "result",
      (config.drainSeconds + 120) * 1000,
    );
    clients.send({ type: "measured" });
    const { result } = await resultReply;
    return {
      config,
      backend: stats as BackendStats,
      clients: result as WorkloadResult,
    };
  } finally {
    await Promise.all([stop(clients), backend ? stop(backend) : null]);
  }
}
