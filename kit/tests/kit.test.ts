/**
 * The kit for real: both stand-ins in their own processes on free ports, for a
 * copy of this repo's convex/ folder, driven as an app and its E2E suite would.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeEnvFile } from "../envFile";
import { startKit, type Kit } from "../kit";
import {
  answers,
  makeTestApp,
  sessionToken,
  signIn,
  type TestApp,
} from "./support";

const whoami = makeFunctionReference<
  "query",
  Record<string, never>,
  { subject: string; tokenIdentifier: string; email: string | null } | null
>("authQueries:whoami");
const createClass = makeFunctionReference<"mutation", { name: string }, string>(
  "classes:create",
);
const listClasses = makeFunctionReference<
  "query",
  Record<string, never>,
  Array<{ _id: string; name: string }>
>("classes:list");
const probe = makeFunctionReference<
  "query",
  Record<string, never>,
  { probe: string | null; issuer: string | null; parentOnly: string | null }
>("kitProbe:env");

const ADA = { email: "ada+clerk_test@example.com", password: "ada-password-1" };

describe("startKit", () => {
  let app: TestApp;
  let kit: Kit;
  let envFile: string;
  let env: Record<string, string | undefined>;
  const lines: string[] = [];

  beforeAll(async () => {
    app = makeTestApp();
    envFile = path.join(app.dir, ".env.kit");
    // Must not reach the Convex process: a deployment only has its own variables.
    process.env.KIT_TEST_PARENT_ONLY = "leaked";
    kit = await startKit({
      appDir: app.dir,
      clerkPort: 0,
      convexPort: 0,
      controlPort: 0,
      users: [{ ...ADA, name: "Ada Lovelace" }],
      convexEnv: { KIT_PROBE: "from the kit" },
      onReady: (ready) => writeEnvFile(envFile, ready.env),
      log: (line) => lines.push(line),
      output: () => {},
    });
    delete process.env.KIT_TEST_PARENT_ONLY;
    env = parseEnv(readFileSync(envFile, "utf8"));
  }, 120_000);

  afterAll(async () => {
    await kit?.close();
    app?.remove();
  });

  it("starts both stand-ins on loopback", async () => {
    expect(kit.clerk.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(kit.convex.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const discovery = (await (
      await fetch(`${kit.clerk.url}/.well-known/openid-configuration`)
    ).json()) as { issuer: string };
    expect(discovery.issuer).toBe(kit.clerk.issuer);
    expect(await (await fetch(`${kit.convex.url}/version`)).text()).toBe(
      "local-convex",
    );
    expect(kit.running("clerk") && kit.running("convex")).toBe(true);
  });

  it("writes a complete env: Clerk's variables, the Convex URL, the issuer and the controls", () => {
    for (const [name, value] of Object.entries(kit.clerk.appEnv))
      expect(env[name], name).toBe(value);
    expect(env.NEXT_PUBLIC_CONVEX_URL).toBe(kit.convex.url);
    expect(env.CLERK_JWT_ISSUER_DOMAIN).toBe(kit.clerk.issuer);
    expect(env.CLERK_JWT_KEY).toMatch(
      /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/,
    );
    expect(env.CLERK_SECRET_KEY).toBe(
      readFileSync(
        path.join(app.dir, ".local-stack", "clerk", "secret-key"),
        "utf8",
      ).trim(),
    );
    expect(env.LOCAL_CLERK_ADMIN_URL).toBe(kit.clerk.url);
    expect(env.LOCAL_CLERK_ADMIN_KEY).toBe(kit.clerk.adminKey);
    expect(env.LOCAL_CONVEX_ADMIN_KEY).toBe(kit.convex.adminKey);
    expect(env.KIT_CONTROL_URL).toBe(kit.controlUrl);
    expect(Object.keys(env).sort()).toEqual(Object.keys(kit.env).sort());
  });

  it("serves Convex queries over HTTP, with Clerk's tokens for a seeded user", async () => {
    const http = new ConvexHttpClient(env.NEXT_PUBLIC_CONVEX_URL!);
    expect(await http.query(whoami, {})).toBeNull();
    const session = await signIn(kit.clerk.url, ADA.email, ADA.password);
    http.setAuth(
      await sessionToken(env.CLERK_API_URL!, env.CLERK_SECRET_KEY!, session),
    );
    const me = await http.query(whoami, {});
    expect(me?.tokenIdentifier).toBe(`${kit.clerk.issuer}|${me?.subject}`);
    // The session token names the user by id; the seeded user is Ada.
    const [user] = (await (
      await fetch(
        `${env.CLERK_API_URL}/v1/users?email_address=${encodeURIComponent(ADA.email)}`,
        { headers: { authorization: `Bearer ${env.CLERK_SECRET_KEY}` } },
      )
    ).json()) as Array<{ id: string; first_name: string }>;
    expect(user).toMatchObject({ id: me?.subject, first_name: "Ada" });
  });

  it("gives Convex functions the app's Convex variables and the issuer, nothing else", async () => {
    const http = new ConvexHttpClient(kit.convex.url);
    expect(await http.query(probe, {})).toEqual({
      probe: "from the kit",
      issuer: kit.clerk.issuer,
      parentOnly: null,
    });
  });

  it("restarts Convex alone from the control endpoint: Clerk stays up, data stays", async () => {
    const session = await signIn(kit.clerk.url, ADA.email, ADA.password);
    const token = () =>
      sessionToken(env.CLERK_API_URL!, env.CLERK_SECRET_KEY!, session);
    const http = new ConvexHttpClient(kit.convex.url);
    http.setAuth(await token());
    const id = await http.mutation(createClass, {
      name: "Kept across restarts",
    });

    // Clerk keeps this count in memory only: it survives only if Clerk does.
    await fetch(`${kit.clerk.url}/__clerk/v1/kit-test-unknown-route`);
    const unhandled = async () =>
      (
        (await (
          await fetch(`${kit.clerk.url}/_admin/requests`, {
            headers: { "x-admin-key": kit.clerk.adminKey },
          })
        ).json()) as { count: number }
      ).count;
    const before = await unhandled();
    expect(before).toBeGreaterThan(0);
    const clerkPid = kit.pid("clerk");
    const convexPid = kit.pid("convex");

    const response = await fetch(`${kit.controlUrl}/convex/restart`, {
      method: "POST",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      restarted: "convex",
      running: true,
    });

    expect(kit.pid("convex")).not.toBe(convexPid);
    expect(kit.pid("clerk")).toBe(clerkPid);
    expect(await unhandled()).toBe(before);
    const again = new ConvexHttpClient(kit.convex.url);
    again.setAuth(await token());
    const names = (await again.query(listClasses, {})).map((c) => c._id);
    expect(names).toContain(id);
  }, 60_000);

  it("restarts Clerk alone: same secret key and sessions, Convex untouched", async () => {
    const session = await signIn(kit.clerk.url, ADA.email, ADA.password);
    const convexPid = kit.pid("convex");
    await kit.restart("clerk");
    expect(kit.pid("convex")).toBe(convexPid);
    const http = new ConvexHttpClient(kit.convex.url);
    http.setAuth(
      await sessionToken(env.CLERK_API_URL!, env.CLERK_SECRET_KEY!, session),
    );
    expect((await http.query(listClasses, {})).map((c) => c.name)).toContain(
      "Kept across restarts",
    );
  }, 60_000);

  it("reports a stand-in that dies, keeps the other, and brings it back on request", async () => {
    const pid = kit.pid("convex")!;
    process.kill(pid, "SIGKILL");
    await expect
      .poll(() => lines.at(-1), { timeout: 10_000 })
      .toBe(
        `The Convex stand-in stopped unexpectedly (signal SIGKILL); the Clerk stand-in keeps running; POST ${kit.controlUrl}/convex/restart to start it again.`,
      );
    expect(kit.running("convex")).toBe(false);
    expect(await answers(`${kit.clerk.url}/.well-known/jwks.json`)).toBe(true);
    const status = (await (await fetch(`${kit.controlUrl}/`)).json()) as {
      convex: { running: boolean };
    };
    expect(status.convex.running).toBe(false);

    await kit.restart("convex");
    const http = new ConvexHttpClient(kit.convex.url);
    expect(await http.query(whoami, {})).toBeNull();
  }, 60_000);

  it("stops a stand-in for an outage and starts it again on the same port and data", async () => {
    const stop = await fetch(`${kit.controlUrl}/convex/stop`, {
      method: "POST",
    });
    expect(await stop.json()).toEqual({ stopped: "convex", running: false });
    expect(await answers(kit.convex.url)).toBe(false);
    expect(kit.running("convex")).toBe(false);
    const started = Date.now();
    const restart = await fetch(`${kit.controlUrl}/convex/restart?downMs=400`, {
      method: "POST",
    });
    expect(await restart.json()).toEqual({
      restarted: "convex",
      running: true,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    await fetch(`${kit.controlUrl}/convex/stop`, { method: "POST" });
    const start = await fetch(`${kit.controlUrl}/convex/start`, {
      method: "POST",
    });
    expect(await start.json()).toEqual({ started: "convex", running: true });
    const http = new ConvexHttpClient(kit.convex.url);
    expect(await http.query(whoami, {})).toBeNull();
  }, 60_000);

  it("moves both stand-ins' clocks together, skews one, and keeps the offsets across restarts", async () => {
    const convexOffset = async () =>
      (
        (await (
          await fetch(`${kit.convex.url}/_admin/clock`, {
            headers: { "x-admin-key": kit.convex.adminKey },
          })
        ).json()) as { offsetSeconds: number }
      ).offsetSeconds;
    const clerkOffset = async () =>
      (
        (await (
          await fetch(`${kit.clerk.url}/_admin/settings`, {
            headers: { "x-admin-key": kit.clerk.adminKey },
          })
        ).json()) as { clockOffsetSeconds: number }
      ).clockOffsetSeconds;
    const post = (path: string) =>
      fetch(`${kit.controlUrl}${path}`, { method: "POST" });

    const jumped = await post("/clock/jump?seconds=3600");
    expect(await jumped.json()).toEqual({
      offsets: { clerk: 3600, convex: 3600 },
      agree: true,
    });
    expect([await clerkOffset(), await convexOffset()]).toEqual([3600, 3600]);

    const skewed = await post("/clock/offset?piece=convex&seconds=3620");
    expect(await skewed.json()).toEqual({
      offsets: { clerk: 3600, convex: 3620 },
      agree: false,
      disagreement: "The Convex clock is 20 s from Clerk's.",
    });
    await post("/convex/restart");
    await post("/clerk/stop");
    await post("/clerk/start");
    expect([await clerkOffset(), await convexOffset()]).toEqual([3600, 3620]);
    expect(await (await fetch(`${kit.controlUrl}/clock`)).json()).toMatchObject(
      { agree: false },
    );

    await kit.clock.set("clerk", 0);
    await kit.clock.set("convex", 0);
    expect([await clerkOffset(), await convexOffset()]).toEqual([0, 0]);
  }, 60_000);

  it("answers bad control input with a 400 and a sentence, and changes nothing", async () => {
    const post = async (path: string) => {
      const response = await fetch(`${kit.controlUrl}${path}`, {
        method: "POST",
      });
      return {
        status: response.status,
        error: ((await response.json()) as { error?: string }).error,
      };
    };
    expect(await post("/clock/jump?seconds=1.5")).toEqual({
      status: 400,
      error: "seconds must be a whole number.",
    });
    expect(await post("/clock/jump?seconds=90000")).toEqual({
      status: 400,
      error: "A jump must be a whole number of seconds from -86400 to 86400.",
    });
    expect(await post("/clock/offset?piece=next&seconds=5")).toEqual({
      status: 400,
      error: "piece must be clerk or convex.",
    });
    expect((await post("/convex/restart?downMs=-1")).status).toBe(400);
    expect((await post("/convex/restart?downMs=600001")).status).toBe(400);
    expect(kit.clock.reading()).toEqual({
      offsets: { clerk: 0, convex: 0 },
      agree: true,
    });
    expect(kit.running("convex")).toBe(true);
  });

  it("refuses control requests a web page could send", async () => {
    const fromPage = await fetch(`${kit.controlUrl}/convex/restart`, {
      method: "POST",
      headers: { origin: "https://example.com" },
    });
    expect(fromPage.status).toBe(403);
    expect(
      (await fetch(`${kit.controlUrl}/convex/explode`, { method: "POST" }))
        .status,
    ).toBe(404);
    expect((await fetch(`${kit.controlUrl}/convex/restart`)).status).toBe(405);
  });

  it("closes both stand-ins", async () => {
    await kit.close();
    expect(await answers(kit.clerk.url)).toBe(false);
    expect(await answers(kit.convex.url)).toBe(false);
    expect(await answers(kit.controlUrl!)).toBe(false);
  });
});
