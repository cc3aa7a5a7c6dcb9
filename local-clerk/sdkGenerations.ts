/**
 * Which Clerk SDK generation an app is on. `@clerk/nextjs` 6 is Core 2 and
 * loads clerk-js 5, whose browser bundle has the UI built in; `@clerk/nextjs`
 * 7 is Core 3 and loads clerk-js 6 plus the separate @clerk/ui bundle.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export type ClerkCore = 2 | 3;
export type ClerkJsMajor = 5 | 6;

const CORE_BY_NEXTJS_MAJOR: Record<string, ClerkCore> = { "6": 2, "7": 3 };

/** The clerk-js major a generation's SDK loads in the browser. */
export function clerkJsMajorFor(core: ClerkCore): ClerkJsMajor {
  return core === 2 ? 5 : 6;
}

/**
 * The `@clerk/nextjs` package.json Node would load for the app: in its own
 * node_modules, or in one above it (a workspace hoists shared dependencies).
 */
function installedManifest(appDir: string): string | null {
  let dir = path.resolve(appDir);
  for (;;) {
    const manifest = path.join(
      dir,
      "node_modules",
      "@clerk",
      "nextjs",
      "package.json",
    );
    if (existsSync(manifest)) return manifest;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * The Clerk generation of the app in `appDir`, from the `@clerk/nextjs` it
 * has installed. Throws a one-sentence error for anything else.
 */
export function clerkCoreOf(appDir: string): {
  core: ClerkCore;
  nextjsVersion: string;
} {
  const manifest = installedManifest(appDir);
  if (!manifest)
    throw new Error(
      `No @clerk/nextjs is installed in ${appDir} or a folder above it, so the app's Clerk SDK version is unknown; install the app's dependencies first.`,
    );
  let version: unknown;
  try {
    version = (
      JSON.parse(readFileSync(manifest, "utf8")) as { version?: unknown }
    ).version;
  } catch {
    throw new Error(`${manifest} is not readable JSON.`);
  }
  const nextjsVersion = typeof version === "string" ? version : String(version);
  const core = CORE_BY_NEXTJS_MAJOR[nextjsVersion.split(".")[0]];
  if (!core)
    throw new Error(
      `The app has @clerk/nextjs ${nextjsVersion.slice(0, 40)}, but the local Clerk stand-in supports only @clerk/nextjs 6 (Core 2) and 7 (Core 3).`,
    );
  return { core, nextjsVersion };
}
