/**
 * `npm run kit` as a process: started the way the npm script starts it, read
 * from its output, stopped with a signal.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { parseEnv } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRODUCTION_REFUSAL } from "../../local-clerk/server";
import { answers, makeTestApp, REPO, type TestApp } from "./support";

type Run = {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
};

/** As `npm run kit -- <args>` runs it: `tsx kit/main.ts -- <args>`. */
function kit(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(
    path.join(REPO, "node_modules", ".bin", "tsx"),
    ["kit/main.ts", "--", ...args],
    {
      cwd: REPO,
      env: { ...process.env, NODE_ENV: "development", ...env },
      stdio: ["ignore", "pipe", "pipe"],
      // A group of its own, so a test can signal it as Playwright does.
      detached: true,
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => resolve(code)),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

async function untilReady(run: Run) {
  await expect
    .poll(() => run.stderr(), { timeout: 60_000, interval: 200 })
    .toMatch(/\[kit\] data {13}/);
}

describe("npm run kit", () => {
  let app: TestApp;
  beforeAll(() => {
    app = makeTestApp();
  });
  afterAll(() => app?.remove());

  it("writes the env file, prints the URLs, and exits 0 on SIGTERM", async () => {
    const envFile = path.join(app.dir, ".env.test.local");
    const run = kit([
      "start",
      "--app",
      app.dir,
      "--clerk-port",
      "0",
      "--convex-port=0",
      "--env-file",
      envFile,
    ]);
    await untilReady(run);
    const env = parseEnv(readFileSync(envFile, "utf8"));
    expect(env.CLERK_JWT_KEY).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const clerkUrl = env.LOCAL_CLERK_ADMIN_URL!;
    const convexUrl = env.NEXT_PUBLIC_CONVEX_URL!;
    expect(run.stderr()).toContain(`[kit] Clerk stand-in   ${clerkUrl}`);
    expect(run.stderr()).toContain(`[kit] Convex stand-in  ${convexUrl}`);
    expect(run.stderr()).toContain(
      `[kit] env              written to ${envFile}`,
    );
    expect(run.stdout()).toBe("");
    expect(await answers(`${convexUrl}/version`)).toBe(true);

    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
    expect(await answers(clerkUrl)).toBe(false);
    expect(await answers(convexUrl)).toBe(false);
  }, 90_000);

  it("prints the env on stdout without --env-file, keeps the secret key, and exits 0 on SIGINT", async () => {
    const first = parseEnv(
      readFileSync(path.join(app.dir, ".env.test.local"), "utf8"),
    );
    const run = kit([
      "start",
      "--app",
      app.dir,
      "--clerk-port",
      "0",
      "--convex-port",
      "0",
    ]);
    await untilReady(run);
    const env = parseEnv(run.stdout());
    expect(env.CLERK_SECRET_KEY).toBe(first.CLERK_SECRET_KEY);
    expect(env.LOCAL_CONVEX_ADMIN_KEY).toBe(first.LOCAL_CONVEX_ADMIN_KEY);
    expect(env.CLERK_JWT_KEY).toBe(first.CLERK_JWT_KEY);
    run.child.kill("SIGINT");
    expect(await run.exit).toBe(0);
  }, 90_000);

  it("stops cleanly when its whole process group gets SIGTERM, as Playwright's gracefulShutdown sends it", async () => {
    const run = kit([
      "start",
      "--app",
      app.dir,
      "--clerk-port",
      "0",
      "--convex-port",
      "0",
      "--control-port",
      "0",
    ]);
    await untilReady(run);
    const controlUrl = parseEnv(run.stdout()).KIT_CONTROL_URL!;
    const status = (await (await fetch(`${controlUrl}/`)).json()) as {
      convex: { url: string };
    };
    process.kill(-run.child.pid!, "SIGTERM");
    expect(await run.exit).toBe(0);
    expect(run.stderr()).not.toContain("unexpectedly");
    expect(await answers(status.convex.url)).toBe(false);
  }, 90_000);

  describe("refuses to start with one sentence", () => {
    let busy: Server;
    let busyPort: number;
    beforeAll(async () => {
      busy = createServer();
      await new Promise<void>((resolve) =>
        busy.listen(0, "127.0.0.1", resolve),
      );
      busyPort = (busy.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

    async function refusal(args: string[], env: Record<string, string> = {}) {
      const run = kit(args, env);
      const code = await run.exit;
      const lines = run.stderr().trimEnd().split("\n");
      expect(lines, run.stderr()).toHaveLength(1);
      expect(run.stdout()).toBe("");
      return { code, line: lines[0] };
    }

    it("for an unknown option, listing the valid ones", async () => {
      expect(await refusal(["start", "--app", app.dir, "--port", "1"])).toEqual(
        {
          code: 2,
          line: "[kit] Unknown option --port; the options are --app, --env-file, --clerk-port, --convex-port, --control-port, --data, --convex-env.",
        },
      );
    }, 30_000);

    it("for an app folder without convex/", async () => {
      expect(await refusal(["start", "--app", REPO + "/docs"])).toEqual({
        code: 1,
        line: `[kit] The app folder ${REPO}/docs has no convex/ folder, so there are no Convex functions to serve.`,
      });
    }, 30_000);

    it("for a port in use", async () => {
      const envFile = path.join(app.dir, ".env.port-in-use");
      expect(
        await refusal([
          "start",
          "--app",
          app.dir,
          "--clerk-port",
          "0",
          "--convex-port",
          String(busyPort),
          "--env-file",
          envFile,
        ]),
      ).toEqual({
        code: 1,
        line: `[kit] The Convex stand-in cannot listen on 127.0.0.1:${busyPort} because the port is in use; free it or pick another port.`,
      });
      expect(existsSync(envFile)).toBe(false);
    }, 60_000);

    it("under NODE_ENV=production without the stand-in's allow setting", async () => {
      expect(
        await refusal(["start", "--app", app.dir], { NODE_ENV: "production" }),
      ).toEqual({ code: 1, line: `[kit] ${PRODUCTION_REFUSAL}` });
    }, 30_000);
  });
});
