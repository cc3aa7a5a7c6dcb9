/**
 * `npm run bench:backend`: the local backend under many real clients, the
 * old strategy ("rerun-all") against read sets, one fresh backend process
 * and one clients process per case. Prints a Markdown table and, per case,
 * whether it met the targets.
 *
 * Env: BENCH_CLIENTS (10,50,100,200), BENCH_SECONDS (60),
 * BENCH_STRATEGIES (rerun-all,read-sets), BENCH_TOKEN_TTL (15),
 * BENCH_WRITE_MS (2000), BENCH_GROUP_SIZE (20), BENCH_DRAIN_SECONDS (20),
 * BENCH_JSON (file to write every result to).
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import type { InvalidationStrategy } from "../../local-convex/queryHub";
import { tableRow, TABLE_HEADER, targetProblems } from "./report";
import { runCase, type CaseResult } from "./runCase";

function numberList(name: string, fallback: string): number[] {
  const values = (process.env[name] ?? fallback).split(",").map(Number);
  if (values.some((value) => !Number.isFinite(value) || value <= 0)) {
    throw new Error(`${name} must be a comma list of positive numbers`);
  }
  return values;
}

async function main() {
  const sizes = numberList("BENCH_CLIENTS", "10,50,100,200");
  const [seconds] = numberList("BENCH_SECONDS", "60");
  const [ttl] = numberList("BENCH_TOKEN_TTL", "15");
  const [writeMs] = numberList("BENCH_WRITE_MS", "2000");
  const [groupSize] = numberList("BENCH_GROUP_SIZE", "20");
  const [drain] = numberList("BENCH_DRAIN_SECONDS", "20");
  const strategies = (process.env.BENCH_STRATEGIES ?? "rerun-all,read-sets")
    .split(",")
    .map((name) => {
      if (name !== "rerun-all" && name !== "read-sets") {
        throw new Error(`unknown strategy ${name} (rerun-all or read-sets)`);
      }
      return name as InvalidationStrategy;
    });
  console.log(
    `${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; ` +
      `${seconds} s per case, ${ttl} s tokens, one write per client every ${writeMs} ms, 3 subscriptions per client`,
  );
  const results: CaseResult[] = [];
  const failed: string[] = [];
  for (const clients of sizes) {
    for (const invalidation of strategies) {
      let result: CaseResult;
      try {
        result = await runCase({
          clients,
          seconds: seconds!,
          tokenTtlSeconds: ttl!,
          writeEveryMs: writeMs!,
          clientsPerGroup: groupSize!,
          drainSeconds: drain!,
          invalidation,
        });
      } catch (error) {
        // One broken case (e.g. an overloaded backend) does not lose the others.
        failed.push(
          `| ${invalidation} | ${clients} | did not finish: ${(error as Error).message} |`,
        );
        console.log(
          `${invalidation} x ${clients}: did not finish: ${(error as Error).message}`,
        );
        continue;
      }
      results.push(result);
      const problems = targetProblems(result);
      console.log(
        `${invalidation} x ${clients}: ${problems.length === 0 ? "meets the targets" : `misses the targets: ${problems.join(", ")}`}` +
          (result.clients.firstErrors.length
            ? `\n  first errors: ${result.clients.firstErrors.join(" | ")}`
            : ""),
      );
    }
  }
  console.log(
    ["", ...TABLE_HEADER, ...results.map(tableRow), ...failed].join("\n"),
  );
  if (process.env.BENCH_JSON) {
    writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
  }
}

main().catch((error: Error) => {
  console.error(error.stack);
  process.exit(1);
});
