import { describe, expect, it } from "vitest";
import {
  clerkAssetKind,
  offMachineHosts,
  summariseClerkAssets,
} from "@/bench/app/clerkAssets";
import { fapiCalls, fapiCategory, fapiRate } from "@/bench/app/fapiMetrics";
import { measureInterleave, predictInterleave } from "@/bench/app/interleave";
import { fakeJwt } from "./fixtures";

const urls = {
  clerkJsUrl:
    "http://localhost:4702/npm/@clerk/clerk-js@6.40.0/dist/clerk.browser.js",
  clerkUiUrl: "http://localhost:4702/npm/@clerk/ui@1.34.0/dist/ui.browser.js",
};

describe("Clerk bundle bytes", () => {
  it("sorts entry scripts and the chunks beside them", () => {
    expect(clerkAssetKind(`${urls.clerkJsUrl}?v=1`, urls)).toBe(
      "clerk-js entry",
    );
    expect(
      clerkAssetKind(
        "http://localhost:4702/npm/@clerk/clerk-js@6.40.0/dist/vendors_clerk.browser_a68c22_6.40.0.js",
        urls,
      ),
    ).toBe("clerk-js chunks");
    expect(clerkAssetKind(urls.clerkUiUrl, urls)).toBe("ui entry");
    expect(
      clerkAssetKind(
        "http://localhost:4702/npm/@clerk/ui@1.34.0/dist/signin_ui_1a2b_1.34.0.js",
        urls,
      ),
    ).toBe("ui chunks");
    expect(
      clerkAssetKind("http://localhost:4700/_next/static/chunks/a.js", urls),
    ).toBeNull();
    expect(
      clerkAssetKind(
        "http://localhost:4702/npm/@clerk/ui@1.34.0/dist/styles.css",
        urls,
      ),
    ).toBeNull();
    expect(clerkAssetKind("not a url", urls)).toBeNull();
  });

  it("lets the deeper folder win when the UI sits below clerk-js's folder", () => {
    const nested = {
      clerkJsUrl: "http://localhost:4702/assets/clerk.browser.js",
      clerkUiUrl: "http://localhost:4702/assets/ui/ui.browser.js",
    };
    expect(
      clerkAssetKind("http://localhost:4702/assets/ui/x_ui.js", nested),
    ).toBe("ui chunks");
    expect(clerkAssetKind("http://localhost:4702/assets/x.js", nested)).toBe(
      "clerk-js chunks",
    );
  });

  it("sums transferred and decoded bytes per bundle and counts cached or failed loads", () => {
    const summary = summariseClerkAssets(
      [
        {
          url: urls.clerkJsUrl,
          status: 200,
          transferredBytes: 325_300,
          decodedBytes: 324_821,
          fromCache: false,
        },
        {
          url: "http://localhost:4702/npm/@clerk/clerk-js@6.40.0/dist/vendors_x.js",
          status: 200,
          transferredBytes: 50_200,
          decodedBytes: 50_000,
          fromCache: true,
        },
        {
          url: urls.clerkUiUrl,
          status: 404,
          transferredBytes: 300,
          decodedBytes: 20,
          fromCache: false,
        },
        {
          url: "http://localhost:4700/_next/static/chunks/a.js",
          status: 200,
          transferredBytes: 9,
          decodedBytes: 9,
          fromCache: false,
        },
      ],
      urls,
    );
    expect(summary.byKind["clerk-js entry"]).toEqual({
      files: 1,
      transferredBytes: 325_300,
      decodedBytes: 324_821,
    });
    expect(summary.byKind["clerk-js chunks"].files).toBe(1);
    expect(summary.byKind["ui chunks"].files).toBe(0);
    expect(summary.total).toEqual({
      files: 3,
      transferredBytes: 375_800,
      decodedBytes: 374_841,
    });
    expect(summary.fromCache).toBe(1);
    expect(summary.failed).toBe(1);
  });

  it("lists hosts that are not this machine", () => {
    expect(
      offMachineHosts([
        "http://localhost:4700/",
        "ws://127.0.0.1:4701/api/1.48.0/sync",
        "https://clerk.example.com/npm/x.js",
        "data:text/plain,hi",
        "https://clerk.example.com/other",
      ]),
    ).toEqual(["clerk.example.com"]);
  });
});

describe("FAPI calls", () => {
  const proxy = "http://localhost:4702/__clerk";
  const exchange = (url: string, method = "GET", startedWall = 100) => ({
    url,
    method,
    startedWall,
    status: 200,
    requestBytes: 500,
    responseBytes: 1500,
    body: null,
  });

  it("names what each path does", () => {
    expect(fapiCategory("/v1/client/sessions/sess_1/tokens")).toBe("token");
    expect(fapiCategory("/v1/client/sessions/sess_1/tokens/convex")).toBe(
      "token",
    );
    expect(fapiCategory("/v1/client/sessions/sess_1/touch")).toBe(
      "session touch",
    );
    expect(fapiCategory("/v1/client/sign_ins/sia_1/attempt_first_factor")).toBe(
      "sign-in",
    );
    expect(fapiCategory("/v1/client")).toBe("client");
    expect(fapiCategory("/v1/environment")).toBe("environment");
    expect(fapiCategory("/v1/dev_browser")).toBe("dev browser");
    expect(fapiCategory("/v1/me")).toBe("other");
  });

  it("keeps only the proxy's calls, reads _method and skips preflights", () => {
    const calls = fapiCalls(
      [
        exchange(
          `${proxy}/v1/environment?_method=PATCH&__clerk_api_version=x`,
          "POST",
          101,
        ),
        exchange(`${proxy}/v1/client?x=1`, "GET", 100),
        exchange(`${proxy}/v1/client`, "OPTIONS", 100),
        exchange("http://localhost:4702/npm/clerk.browser.js", "GET", 99),
        exchange("http://localhost:4700/__clerk/v1/client", "GET", 99),
      ],
      proxy,
    );
    expect(calls.map((c) => [c.path, c.method, c.category])).toEqual([
      ["/v1/client", "GET", "client"],
      ["/v1/environment", "PATCH", "environment"],
    ]);
  });

  it("scales the calls in a window to an hour", () => {
    const calls = fapiCalls(
      [10, 20, 30, 40, 200].map((at) =>
        exchange(`${proxy}/v1/client/sessions/s/tokens`, "POST", at),
      ),
      proxy,
    );
    const rate = fapiRate(calls, 10, 50);
    expect(rate.windowSeconds).toBe(40);
    expect(rate.calls).toBe(4);
    expect(rate.byCategory.token).toBe(4);
    expect(rate.perHour).toBe(360);
    expect(rate.tokenPerHour).toBe(360);
    expect(rate.bytesPerHour).toBe(4 * 2000 * 90);
    expect(fapiRate(calls, 50, 50).perHour).toBeNull();
  });
});

describe("clerk-js and Convex refresh interleave", () => {
  it("predicts both refresh moments and the token requests per Convex cycle", () => {
    expect(predictInterleave(60, 10)).toEqual({
      lifetimeSeconds: 60,
      convexRefreshAge: 50,
      clerkRefreshAge: 43,
      clerkRule: "timer",
      clerkMintsPerCycle: 1,
      mintsPerCycle: 2,
    });
    // Under 17 s clerk-js waits until 5 s remain; Convex renews first.
    expect(predictInterleave(13, 10)).toMatchObject({
      clerkRefreshAge: 8,
      clerkRule: "poll",
      clerkMintsPerCycle: 0,
      mintsPerCycle: 1,
    });
    // clerk-js's timer re-arms after each of its own mints: 3, 6 and 9 s before Convex's 10 s.
    expect(predictInterleave(20, 10).clerkMintsPerCycle).toBe(3);
    expect(predictInterleave(3600, 10).mintsPerCycle).toBe(2);
  });

  // A 60 s token life: Convex mints at 0, 50, 100, 150 s (after its socket's
  // first token at -1 s); clerk-js mints on its own at 43, 93, 143 s.
  const start = 1_000_000;
  const mint = (offset: number) => ({
    at: start + offset + 0.2,
    token: fakeJwt({
      iat: start + offset,
      exp: start + offset + 60,
      jti: `t${offset}`,
    }),
  });
  const convex = [0, 50, 100, 150].map(mint);
  const clerk = [43, 93, 143].map(mint);
  const first = fakeJwt({ iat: start - 1, exp: start + 59, jti: "first" });
  const authenticates = [
    { at: start - 0.5, socketId: "s1", token: first, firstOnSocket: true },
    ...convex.map((m) => ({
      at: m.at + 0.1,
      socketId: "s1",
      token: m.token,
      firstOnSocket: false,
    })),
  ];

  it("classifies token requests by whether Convex sent them and measures both ages", () => {
    const result = measureInterleave([...clerk, ...convex], authenticates);
    expect(result.cycles).toBe(3);
    expect(result.to! - result.from!).toBeCloseTo(150, 5);
    expect(result.convexMints).toBe(3);
    expect(result.clerkMints).toBe(3);
    expect(result.mintsPerCycle).toBe(2);
    expect(result.clerkAges.map((a) => Number(a.toFixed(1)))).toEqual([
      43.2, 43.2, 43.2,
    ]);
    // Convex's timer sends each new token 50.3 s after the iat of the one it
    // replaces; the initial refetch right after the socket's first token is left out.
    expect(result.convexAges.map((a) => Number(a.toFixed(1)))).toEqual([
      50.3, 50.3,
    ]);
    expect(result.sendDelays.every((d) => Math.abs(d - 0.3) < 1e-6)).toBe(true);
  });

  it("has no cycles before two refreshes were seen", () => {
    const result = measureInterleave(
      convex.slice(0, 1),
      authenticates.slice(0, 2),
    );
    expect(result.cycles).toBe(0);
    expect(result.mintsPerCycle).toBeNull();
    expect(result.mints).toBe(0);
  });
});
