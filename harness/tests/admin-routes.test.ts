import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HarnessControlsEnvResult } from "@/harness/server/controlsEnv";

const state = vi.hoisted(() => ({
  userId: "user_teacher" as string | null,
  env: null as unknown as HarnessControlsEnvResult,
}));

vi.mock("@clerk/nextjs/server", () => ({
  auth: async () => ({ userId: state.userId }),
}));
vi.mock("@/lib/config", () => ({
  serverConfig: () => ({ authHarnessEnabled: true }),
}));
vi.mock("@/harness/server/controlsEnv", () => ({
  harnessControlsEnv: () => state.env,
}));

const { POST: backendPost } =
  await import("@/harness/server/backendControlRoute");
const { GET: settingsGet, POST: settingsPost } =
  await import("@/harness/server/tokenSettingsRoute");

const APP = "http://127.0.0.1:4600";
const BACKEND = { url: "http://127.0.0.1:4610", key: "backend-key" };
const CLERK = { url: "http://127.0.0.1:4612", key: "clerk-key" };

function post(
  path: string,
  body?: string,
  headers: Record<string, string> = {},
) {
  return new NextRequest(`${APP}${path}`, {
    method: "POST",
    headers: {
      origin: APP,
      host: "127.0.0.1:4600",
      "content-type": "application/json",
      ...headers,
    },
    body,
  });
}

const params = (action: string) => ({ params: Promise.resolve({ action }) });

let upstream: ReturnType<typeof vi.fn>;
beforeEach(() => {
  state.userId = "user_teacher";
  state.env = {
    ok: true,
    env: { clerkAdmin: CLERK, backendAdmin: BACKEND, testControls: false },
  };
  upstream = vi.fn(async () =>
    Response.json({
      sessionTokenTtlSeconds: 15,
      templateTtlSeconds: 15,
      convexIntegration: "native",
      clockOffsetSeconds: 0,
    }),
  );
  vi.stubGlobal("fetch", upstream);
});
afterEach(() => vi.unstubAllGlobals());

describe("backend controls", () => {
  it("never forwards reset, which would delete every user's documents", async () => {
    state.env = {
      ok: true,
      env: { clerkAdmin: CLERK, backendAdmin: BACKEND, testControls: true },
    };
    const response = await backendPost(
      post("/api/dev/backend/reset", undefined, { "x-admin-key": BACKEND.key }),
      params("reset"),
    );
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatch(/no backend control/i);
    expect(upstream).not.toHaveBeenCalled();
  });

  it("refuses pause to a signed-in user without the test flag and admin key", async () => {
    const response = await backendPost(
      post("/api/dev/backend/pause"),
      params("pause"),
    );
    expect(response.status).toBe(403);
    expect((await response.json()).error).toMatch(/every user/);
    expect(upstream).not.toHaveBeenCalled();

    state.env = {
      ok: true,
      env: { clerkAdmin: CLERK, backendAdmin: BACKEND, testControls: true },
    };
    const wrongKey = await backendPost(
      post("/api/dev/backend/pause", undefined, { "x-admin-key": "guess" }),
      params("pause"),
    );
    expect(wrongKey.status).toBe(403);
    expect(upstream).not.toHaveBeenCalled();
  });

  it("pauses for a test run that carries the admin key, from this site only", async () => {
    state.env = {
      ok: true,
      env: { clerkAdmin: CLERK, backendAdmin: BACKEND, testControls: true },
    };
    upstream.mockResolvedValueOnce(Response.json({ paused: true, dropped: 3 }));
    const response = await backendPost(
      post("/api/dev/backend/pause", undefined, { "x-admin-key": BACKEND.key }),
      params("pause"),
    );
    expect(response.status).toBe(200);
    expect(upstream).toHaveBeenCalledWith(
      `${BACKEND.url}/_admin/pause`,
      expect.objectContaining({
        method: "POST",
        headers: expect.objectContaining({ "x-admin-key": BACKEND.key }),
      }),
    );

    const crossSite = await backendPost(
      post("/api/dev/backend/pause", undefined, {
        "x-admin-key": BACKEND.key,
        origin: "http://evil.test",
      }),
      params("pause"),
    );
    expect(crossSite.status).toBe(403);
  });

  it("asks signed-out callers to sign in", async () => {
    state.userId = null;
    const response = await backendPost(
      post("/api/dev/backend/pause"),
      params("pause"),
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: "Sign in first: this endpoint needs a signed-in session.",
    });
  });
});

describe("token settings", () => {
  it("says lifetimes live in the Clerk dashboard when no stand-in is configured", async () => {
    state.env = {
      ok: true,
      env: { clerkAdmin: null, backendAdmin: null, testControls: false },
    };
    const response = await settingsGet();
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatch(/Clerk dashboard/);
  });

  it("reads and changes the stand-in's settings with the key kept on the server", async () => {
    const read = await settingsGet();
    expect(read.status).toBe(200);
    expect((await read.json()).settings.sessionTokenTtlSeconds).toBe(15);

    const changed = await settingsPost(
      post(
        "/api/dev/token-settings",
        JSON.stringify({ sessionTokenTtlSeconds: 15, templateTtlSeconds: 15 }),
      ),
    );
    expect(changed.status).toBe(200);
    const [url, init] = upstream.mock.calls[1]!;
    expect(url).toBe(`${CLERK.url}/_admin/settings`);
    expect(init.headers["x-admin-key"]).toBe(CLERK.key);
    expect(JSON.parse(init.body)).toEqual({
      sessionTokenTtlSeconds: 15,
      templateTtlSeconds: 15,
    });
  });

  it("answers bad input with a sentence and forwards nothing", async () => {
    const cases: [string, RegExp][] = [
      ['{"sessionTokenTtlSeconds": 5}', /at least 11 s/],
      ['{"templateTtlSeconds": 12.5}', /whole number/],
      ['{"convexIntegration": "jwt"}', /"native" or "template"/],
      ['{"tokenTtlSeconds": 30}', /Unknown setting: tokenTtlSeconds/],
      ["{}", /at least one of/],
      ["not json", /not JSON/],
      [
        JSON.stringify({ templateTtlSeconds: 20, pad: "x".repeat(2000) }),
        /over 1024 bytes/,
      ],
    ];
    for (const [body, sentence] of cases) {
      const response = await settingsPost(
        post("/api/dev/token-settings", body),
      );
      expect(response.status, body.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(response.status, body.slice(0, 40)).toBeLessThan(500);
      const { error } = await response.json();
      expect(error).toMatch(sentence);
      expect(error).toMatch(/[.]$/);
    }
    expect(upstream).not.toHaveBeenCalled();
  });

  it("passes the stand-in's own sentence on and explains an unreachable stand-in", async () => {
    upstream.mockResolvedValueOnce(
      Response.json(
        { error: "templateTtlSeconds must be an integer from 11 to 86400" },
        { status: 400 },
      ),
    );
    const rejected = await settingsPost(
      post("/api/dev/token-settings", '{"templateTtlSeconds": 20}'),
    );
    expect(rejected.status).toBe(400);
    expect((await rejected.json()).error).toBe(
      "templateTtlSeconds must be an integer from 11 to 86400.",
    );

    upstream.mockRejectedValueOnce(new TypeError("fetch failed"));
    const down = await settingsGet();
    expect(down.status).toBe(502);
    expect((await down.json()).error).toBe(
      "The local Clerk stand-in did not answer; is it running?",
    );
  });
});
