/**
 * The client side of one benchmark case: an OIDC issuer and N real
 * `ConvexClient`s, in their own process. IPC: sends `{ type: "issuer" }`,
 * waits for `{ type: "start", url, config }`, sends `writing` and `stopped`
 * (the parent measures the backend between them), then `result`.
 */
import {
  startIssuer,
  type FixtureMessage,
} from "../../local-convex/testing/fixture";
import { runWorkload, type WorkloadConfig } from "./workload";

async function main() {
  if (!process.send) throw new Error("run by the benchmark (needs IPC)");
  const issuer = await startIssuer();
  const start = await new Promise<{ url: string; config: WorkloadConfig }>(
    (resolve) => {
      process.on("message", (message: { type: string }) => {
        if (message.type === "start") {
          resolve(
            message as unknown as { url: string; config: WorkloadConfig },
          );
        }
      });
      process.send!({ type: "issuer", issuer: issuer.issuer });
    },
  );
  let statsDone: () => void = () => {};
  let rowsArrived: (rows: FixtureMessage[]) => void = () => {};
  process.on(
    "message",
    (message: { type: string; rows?: FixtureMessage[] }) => {
      if (message.type === "measured") statsDone();
      if (message.type === "rows") rowsArrived(message.rows ?? []);
      if (message.type === "stop") process.exit(0);
    },
  );
  const result = await runWorkload(start.url, issuer, start.config, {
    writing: () => process.send!({ type: "writing" }),
    stopped: () =>
      new Promise<void>((resolve) => {
        statsDone = resolve;
        process.send!({ type: "stopped" });
      }),
    committedRows: () =>
      new Promise<FixtureMessage[]>((resolve) => {
        rowsArrived = resolve;
        process.send!({ type: "rows?" });
      }),
  });
  process.send({ type: "result", result }, () => {
    void issuer.close().then(() => process.exit(0));
  });
}

main().catch((error: Error) => {
  console.error(`[bench clients] ${error.stack}`);
  process.exit(1);
});
