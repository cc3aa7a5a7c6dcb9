import { describe, expect, it } from "vitest";
import {
  predictRefreshDelay,
  predictedRefreshAt,
  refreshMomentComparison,
} from "@/harness/model/prediction";

describe("refresh prediction (Convex client 1.48 formula)", () => {
  it("refreshes exp - iat - 10 s after a fresh token is accepted", () => {
    const p = predictRefreshDelay({
      acceptance: "fresh",
      iat: 1000,
      exp: 1060,
    });
    expect(p).toEqual({ kind: "scheduled", delaySeconds: 50 });
    expect(predictedRefreshAt(5_000, p)).toBe(55_000);
    expect(
      predictRefreshDelay({ acceptance: "fresh", iat: 0, exp: 3600 }),
    ).toEqual({ kind: "scheduled", delaySeconds: 3590 });
  });

  it("refetches at once after the first (cached) token is accepted", () => {
    const p = predictRefreshDelay({ acceptance: "cached", iat: 0, exp: 60 });
    expect(p.kind).toBe("immediate");
    expect(predictedRefreshAt(7_000, p)).toBe(7_000);
  });

  it("hot-loops within the leeway and never refreshes at 2 s or without claims", () => {
    expect(
      predictRefreshDelay({ acceptance: "fresh", iat: 0, exp: 10 }).kind,
    ).toBe("immediate");
    const short = predictRefreshDelay({ acceptance: "fresh", iat: 0, exp: 2 });
    expect(short.kind).toBe("never");
    expect(predictedRefreshAt(1, short)).toBeNull();
    expect(
      predictRefreshDelay({ acceptance: "fresh", iat: null, exp: 60 }).kind,
    ).toBe("never");
  });

  it("honours a custom leeway and caps at 20 days", () => {
    expect(
      predictRefreshDelay({
        acceptance: "fresh",
        iat: 0,
        exp: 60,
        leewaySeconds: 2,
      }),
    ).toEqual({ kind: "scheduled", delaySeconds: 58 });
    expect(
      predictRefreshDelay({ acceptance: "fresh", iat: 0, exp: 10 ** 9 }),
    ).toEqual({ kind: "scheduled", delaySeconds: 20 * 24 * 3600 });
  });

  it("puts the write-up's 90% claim beside the real moment", () => {
    expect(refreshMomentComparison(30)).toEqual({
      lifetimeSeconds: 30,
      realSeconds: 20,
      seedClaimSeconds: 27,
      differenceSeconds: 7,
    });
    expect(refreshMomentComparison(3600).realSeconds).toBe(3590);
    expect(refreshMomentComparison(3600).seedClaimSeconds).toBe(3240);
    expect(refreshMomentComparison(5).realSeconds).toBe(0);
  });
});
