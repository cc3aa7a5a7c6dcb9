import { describe, expect, it } from "vitest";
import { targetProblems } from "../backend/report";
import { runCase } from "../backend/runCase";

// The benchmark at a tiny size, so it keeps working. It asserts delivery and
// bookkeeping, not speed (timings go to `npm run bench:backend`).
describe("npm run bench:backend at a tiny size", () => {
  it("runs the backend and the clients in separate processes, and every client sees every write that concerns it", async () => {
    const result = await runCase({
      clients: 5,
      seconds: 10,
      tokenTtlSeconds: 15,
      writeEveryMs: 2000,
      clientsPerGroup: 3,
      drainSeconds: 10,
      invalidation: "read-sets",
    });
    const { clients, backend } = result;
    expect(clients.firstErrors).toEqual([]);
    expect(clients.issuedWrites).toBeGreaterThanOrEqual(20);
    expect(clients.committedWrites).toBe(clients.issuedWrites);
    expect(clients.deliveriesExpected).toBeGreaterThan(clients.issuedWrites);
    expect(clients.deliveriesMissed).toBe(0);
    expect(backend.authAccepted).toBeGreaterThanOrEqual(10);
    expect(backend.authRejected).toBe(0);
    expect(backend.authExpired).toBe(0);
    expect(backend.protocolErrors).toBe(0);
    expect(backend.commits).toBeGreaterThan(0);
    expect(backend.cpuPercent).toBeGreaterThan(0);
    // The report's target check flags a missed delivery.
    const broken = structuredClone(result);
    broken.clients.deliveriesMissed = 1;
    expect(targetProblems(broken).join()).toContain("1 deliveries missed");
  }, 90_000);
});
