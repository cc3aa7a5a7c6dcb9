import { describe, expect, it, vi } from "vitest";
import { parseLogLine, parseVerboseLine } from "@/harness/browser/verboseLog";
import { decodeTokenClaims, tokenLifetimeSeconds } from "@/harness/model/jwt";
import { instrumentFetcher } from "@/harness/browser/instrument";
import type { LaneEvent } from "@/harness/model/events";
import { fakeJwt } from "./fixtures";

describe("Convex client log lines", () => {
  it("recognises confirmations, schedules, stops and failures", () => {
    expect(
      parseVerboseLine(["server confirmed auth token is valid [v1]"], 5),
    ).toEqual({ type: "auth-accepted", at: 5, kind: "cached" });
    expect(
      parseVerboseLine(["server confirmed new auth token is valid [v2]"], 6),
    ).toEqual({ type: "auth-accepted", at: 6, kind: "fresh" });
    expect(
      parseVerboseLine(
        ["scheduled preemptive auth token refetching in 50000ms [v2]"],
        7,
      ),
    ).toEqual({ type: "refresh-scheduled", at: 7, delayMs: 50000 });
    expect(
      parseVerboseLine(
        ['setting auth state to {"state":"notRefetching"} [v3]'],
        8,
      ),
    ).toEqual({ type: "refresh-stopped", at: 8 });
    expect(
      parseVerboseLine(
        ["attempting to reauthenticate: Convex token identity expired [v3]"],
        9,
      ),
    ).toEqual({
      type: "reauthenticating",
      at: 9,
      error: "Convex token identity expired",
    });
    expect(
      parseVerboseLine(
        ["reauthentication failed, could not fetch a new token [v3]"],
        10,
      ),
    ).toMatchObject({ type: "auth-failed" });
    expect(parseVerboseLine(["begin ws.onopen"], 11)).toBeNull();
  });

  it("classifies warnings and the give-up error", () => {
    expect(
      parseLogLine(
        "error",
        ['Failed to authenticate: "x", check your server auth config'],
        1,
      ),
    ).toMatchObject({ type: "auth-failed" });
    expect(
      parseLogLine("warn", ["Refetching auth token immediately"], 2),
    ).toEqual({
      type: "client-log",
      at: 2,
      level: "warn",
      text: "Refetching auth token immediately",
    });
  });
});

describe("token claims", () => {
  it("decodes iat/exp/jti without verifying, and rejects non-JWTs", () => {
    const token = fakeJwt({ iat: 100, exp: 160, jti: "a", sub: "u" });
    const claims = decodeTokenClaims(token);
    expect(claims).toMatchObject({ iat: 100, exp: 160, jti: "a", sub: "u" });
    expect(claims?.tail).toBe(token.slice(-7));
    expect(tokenLifetimeSeconds(claims)).toBe(60);
    expect(decodeTokenClaims("nope")).toBeNull();
    expect(decodeTokenClaims("a.!!!.c")).toBeNull();
    expect(tokenLifetimeSeconds({ iat: null, exp: 5 })).toBeNull();
  });
});

describe("fetchToken instrumentation", () => {
  it("records flag, source, claims and whether the token changed, passing the token through", async () => {
    const events: LaneEvent[] = [];
    const tokens = [
      fakeJwt({ iat: 1, exp: 61, jti: "a" }),
      fakeJwt({ iat: 1, exp: 61, jti: "a" }),
      null,
    ];
    let call = 0;
    let clock = 1000;
    let calls = 0;
    const fetcher = instrumentFetcher(
      async () => ({ token: tokens[call++], source: "server-render" }),
      (event) => events.push(event),
      () => (clock += 10),
      () => ++calls,
    );
    expect(await fetcher({ forceRefreshToken: false })).toBe(tokens[0]);
    expect(await fetcher({ forceRefreshToken: true })).toBe(tokens[1]);
    expect(await fetcher({ forceRefreshToken: true })).toBeNull();
    expect(events.map((e) => e.type)).toEqual([
      "fetch-start",
      "fetch-end",
      "fetch-start",
      "fetch-end",
      "fetch-start",
      "fetch-end",
    ]);
    expect(events[0]).toEqual({
      type: "fetch-start",
      at: 1010,
      callId: 1,
      force: false,
    });
    expect(events[1]).toMatchObject({
      outcome: "token",
      changed: true,
      source: "server-render",
    });
    expect(events[3]).toMatchObject({ outcome: "token", changed: false });
    expect(events[5]).toMatchObject({ outcome: "empty", claims: null });
  });

  it("records thrown errors and rethrows them", async () => {
    const events: LaneEvent[] = [];
    const fetcher = instrumentFetcher(
      vi.fn(async () => {
        throw new Error("boom");
      }),
      (event) => events.push(event),
    );
    await expect(fetcher({ forceRefreshToken: true })).rejects.toThrow("boom");
    expect(events[1]).toMatchObject({ outcome: "error", error: "boom" });
  });
});
