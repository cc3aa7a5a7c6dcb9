import type { CaseResult } from "./runCase";

/** The targets a read-sets case must meet (the "done" line). */
export function targetProblems(result: CaseResult): string[] {
  const { clients: c, backend: b } = result;
  const problems: string[] = [];
  if (c.latencyMs.p95 >= 100) problems.push(`p95 ${c.latencyMs.p95} ms`);
  if (c.committedWrites < 0.99 * c.issuedWrites) {
    problems.push(`${c.committedWrites}/${c.issuedWrites} writes committed`);
  }
  if (b.eventLoopDelayMs.p99 >= 100) {
    problems.push(`event loop p99 ${b.eventLoopDelayMs.p99.toFixed(0)} ms`);
  }
  const errors = c.clientErrors + b.protocolErrors + c.failedWrites;
  if (errors > 0) problems.push(`${errors} errors`);
  if (b.authRejected > 0) problems.push(`${b.authRejected} tokens rejected`);
  if (b.authExpired > 0) problems.push(`${b.authExpired} tokens expired`);
  if (c.deliveriesMissed > 0) {
    problems.push(`${c.deliveriesMissed} deliveries missed`);
  }
  return problems;
}

const ms = (value: number) =>
  value >= 10_000 ? `${(value / 1000).toFixed(1)}s` : `${Math.round(value)}`;

export const TABLE_HEADER = [
  "| Strategy | Clients | Update latency p50 / p95 / max (ms) | Missed | Writes issued / committed | Writes/s | Updates/s | Backend CPU | Event-loop delay p99 / max (ms) | Auth accepted / rejected / expired | Query runs per commit | Errors |",
  "| -------- | ------- | ----------------------------------- | ------ | ------------------------- | -------- | --------- | ----------- | ------------------------------- | ---------------------------------- | --------------------- | ------ |",
];

export function tableRow(result: CaseResult): string {
  const { config, clients: c, backend: b } = result;
  const perCommit = b.commits > 0 ? b.queryExecutions / b.commits : 0;
  const errors = c.clientErrors + b.protocolErrors + c.failedWrites;
  return `| ${config.invalidation} | ${config.clients} | ${ms(c.latencyMs.p50)} / ${ms(c.latencyMs.p95)} / ${ms(c.latencyMs.max)} | ${c.deliveriesMissed} of ${c.deliveriesExpected} | ${c.issuedWrites} / ${c.committedWrites} | ${(c.committedWrites / c.writeSeconds).toFixed(0)} | ${(c.updatesReceived / (c.writeSeconds + c.drainSeconds)).toFixed(0)} | ${b.cpuPercent.toFixed(0)}% | ${b.eventLoopDelayMs.p99.toFixed(0)} / ${b.eventLoopDelayMs.max.toFixed(0)} | ${b.authAccepted} / ${b.authRejected} / ${b.authExpired} | ${perCommit.toFixed(1)} | ${errors} |`;
}
