/**
 * Both Clerk SDK generations: clerk-js 5 (what @clerk/nextjs 6 loads, UI
 * built in) and clerk-js 6 + @clerk/ui (@clerk/nextjs 7), served at the paths
 * the SDKs build; versions the stand-in lacks; the clerkJsMajor option; and
 * clerkCoreOf reading an app's @clerk/nextjs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clerkCoreOf, clerkJsMajorFor } from "../server";
import { admin, startTestStandIn, type StandIn } from "./support";

let standIn: StandIn;

beforeAll(async () => {
  standIn = await startTestStandIn();
});
afterAll(async () => {
  await standIn.close();
});

async function get(pathname: string, method = "GET") {
  const res = await fetch(`${standIn.url}${pathname}`, { method });
  return { res, text: method === "HEAD" ? "" : await res.text() };
}

describe("bundles for both generations", () => {
  it("serves clerk-js 5 for major-5 requests and clerk-js 6 for major-6 ones, exact versions too", async () => {
    for (const [tag, version] of [
      ["5", "5.128.0"],
      ["5.128.0", "5.128.0"],
      ["6", "6.40.0"],
      ["6.40.0", "6.40.0"],
    ]) {
      const { res, text } = await get(
        `/npm/@clerk/clerk-js@${tag}/dist/clerk.browser.js`,
      );
      expect(res.status, tag).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
      // Each bundle names its own version where it sets its chunk path.
      expect(text).toContain(`$1${version}$3`);
      expect(res.headers.get("cache-control")).toBe(
        tag === version
          ? "public, max-age=31536000, immutable"
          : "public, max-age=300",
      );
    }
  });

  it("serves clerk-js 5's chunks from its exact version's folder, where it loads them", async () => {
    const { res } = await get(
      "/npm/@clerk/clerk-js@5.128.0/dist/vendors_clerk.browser_70f75e_5.128.0.js",
      "HEAD",
    );
    expect(res.status).toBe(200);
  });

  it("serves @clerk/ui at its major and exact version, and everything under /__clerk as a relative proxy asks", async () => {
    for (const pathname of [
      "/npm/@clerk/ui@1/dist/ui.browser.js",
      "/npm/@clerk/ui@1.34.0/dist/ui.browser.js",
      "/__clerk/npm/@clerk/clerk-js@6/dist/clerk.browser.js",
      "/__clerk/npm/@clerk/clerk-js@5/dist/clerk.browser.js",
      "/__clerk/npm/@clerk/ui@1/dist/ui.browser.js",
    ]) {
      const { res } = await get(pathname, "HEAD");
      expect(res.status, pathname).toBe(200);
    }
  });

  it("answers a version it lacks with a 404 sentence naming it and the ones it has", async () => {
    for (const tag of ["5.100.0", "4", "latest", "7"]) {
      const { res, text } = await get(
        `/npm/@clerk/clerk-js@${tag}/dist/clerk.browser.js`,
      );
      expect(res.status, tag).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(text).toBe(
        `The local Clerk stand-in has no @clerk/clerk-js@${tag}; it serves @clerk/clerk-js 5.128.0 (also as @5) and 6.40.0 (also as @6).`,
      );
    }
    const ui = await get("/npm/@clerk/ui@1.41.0/dist/ui.browser.js");
    expect(ui.res.status).toBe(404);
    expect(ui.text).toBe(
      "The local Clerk stand-in has no @clerk/ui@1.41.0; it serves @clerk/ui 1.34.0 (also as @1).",
    );
    const listed = await admin(standIn, "GET", "/requests");
    expect(listed.body.unhandled).toContainEqual(
      expect.objectContaining({
        path: "/npm/@clerk/ui@1.41.0/dist/ui.browser.js",
      }),
    );
  });

  it("refuses other methods and missing files with a sentence", async () => {
    const post = await get(
      "/npm/@clerk/clerk-js@5/dist/clerk.browser.js",
      "POST",
    );
    expect(post.res.status).toBe(405);
    expect(post.text).toBe("POST is not allowed on bundle files.");
    const missing = await get("/npm/@clerk/clerk-js@5/dist/nope.js");
    expect(missing.res.status).toBe(404);
    expect(missing.text).toBe(
      "@clerk/clerk-js@5.128.0 has no file dist/nope.js.",
    );
  });
});

describe("clerkJsMajor", () => {
  it("points clerkJsUrl and appEnv() at clerk-js 6 and @clerk/ui by default", () => {
    expect(standIn.clerkJsMajor).toBe(6);
    expect(standIn.clerkJsUrl).toMatch(
      /\/npm\/@clerk\/clerk-js@6\.40\.0\/dist\/clerk\.browser\.js$/,
    );
    expect(standIn.appEnv().NEXT_PUBLIC_CLERK_UI_URL).toBe(standIn.clerkUiUrl);
  });

  it("with 5, points them at clerk-js 5 and leaves the UI URL out (the UI is built in)", async () => {
    const core2 = await startTestStandIn({
      clerkJsMajor: 5,
      publicOrigin: "http://localhost:3221",
    });
    try {
      expect(core2.clerkJsMajor).toBe(5);
      const env = core2.appEnv();
      expect(env.NEXT_PUBLIC_CLERK_JS_URL).toBe(
        "http://localhost:3221/npm/@clerk/clerk-js@5.128.0/dist/clerk.browser.js",
      );
      expect(env).not.toHaveProperty("NEXT_PUBLIC_CLERK_UI_URL");
      const res = await fetch(
        env.NEXT_PUBLIC_CLERK_JS_URL.replace(
          "http://localhost:3221",
          core2.url,
        ),
        { method: "HEAD" },
      );
      expect(res.status).toBe(200);
    } finally {
      await core2.close();
    }
  });

  it("refuses other majors with a sentence", async () => {
    await expect(
      startTestStandIn({ clerkJsMajor: 4 as unknown as 5 }),
    ).rejects.toThrow(
      "clerkJsMajor must be 5 (for @clerk/nextjs 6) or 6 (for @clerk/nextjs 7), got 4",
    );
  });
});

describe("clerkCoreOf", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), "clerk-core-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function appWith(name: string, manifest: string | null) {
    const dir = path.join(root, name);
    const pkg = path.join(dir, "node_modules", "@clerk", "nextjs");
    mkdirSync(pkg, { recursive: true });
    if (manifest !== null)
      writeFileSync(path.join(pkg, "package.json"), manifest);
    return dir;
  }

  it("reads @clerk/nextjs 6 as Core 2 and 7 as Core 3", () => {
    const core2 = appWith(
      "core2",
      JSON.stringify({ name: "@clerk/nextjs", version: "6.39.8" }),
    );
    expect(clerkCoreOf(core2)).toEqual({ core: 2, nextjsVersion: "6.39.8" });
    expect(clerkJsMajorFor(clerkCoreOf(core2).core)).toBe(5);
    const core3 = appWith(
      "core3",
      JSON.stringify({ name: "@clerk/nextjs", version: "7.9.17" }),
    );
    expect(clerkCoreOf(core3)).toEqual({ core: 3, nextjsVersion: "7.9.17" });
    expect(clerkJsMajorFor(3)).toBe(6);
  });

  it("finds an SDK a workspace hoisted above the app, as Node would", () => {
    const workspace = appWith(
      "workspace",
      JSON.stringify({ name: "@clerk/nextjs", version: "6.39.8" }),
    );
    const app = path.join(workspace, "apps", "shop");
    mkdirSync(app, { recursive: true });
    expect(clerkCoreOf(app)).toEqual({ core: 2, nextjsVersion: "6.39.8" });
  });

  it("reads this project as Core 3", () => {
    expect(clerkCoreOf(path.resolve(__dirname, "../.."))).toEqual({
      core: 3,
      nextjsVersion: "7.9.17",
    });
  });

  it("throws one sentence for other versions, a missing package and bad JSON", () => {
    const old = appWith(
      "old",
      JSON.stringify({ name: "@clerk/nextjs", version: "5.7.5" }),
    );
    expect(() => clerkCoreOf(old)).toThrow(
      "The app has @clerk/nextjs 5.7.5, but the local Clerk stand-in supports only @clerk/nextjs 6 (Core 2) and 7 (Core 3).",
    );
    const none = appWith("none", null);
    expect(() => clerkCoreOf(none)).toThrow(
      /^No @clerk\/nextjs is installed in .*none or a folder above it, so the app's Clerk SDK version is unknown; install the app's dependencies first\.$/,
    );
    const broken = appWith("broken", "{ not json");
    expect(() => clerkCoreOf(broken)).toThrow(/is not readable JSON\.$/);
  });
});
