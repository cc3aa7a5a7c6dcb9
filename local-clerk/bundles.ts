/**
 * Serves the browser bundles of clerk-js and @clerk/ui straight from
 * node_modules, under the paths Clerk's CDN uses:
 * `/npm/@clerk/clerk-js@<version>/dist/<file>` and `/npm/@clerk/ui@<version>/dist/<file>`.
 *
 * Both SDK generations are served: clerk-js 5 (pinned as the npm alias
 * `@clerk/clerk-js-5`, UI built in) for `@clerk/nextjs` 6, and clerk-js 6 with
 * @clerk/ui for `@clerk/nextjs` 7. The SDKs ask for a major (`@5`, `@6`, `@1`)
 * unless given an exact version, and clerk-js loads its chunks from the exact
 * version's folder, so each package answers to both. The same paths work under
 * `/__clerk`, where the SDKs look with a relative proxy URL. Chunks load from
 * the entry script's own directory, so serving `dist/` is enough.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Reply } from "./http";

export type BundleName = "@clerk/clerk-js" | "@clerk/ui";

export type Bundle = {
  name: BundleName;
  /** The exact version installed. */
  version: string;
  major: number;
  distDir: string;
  entry: string;
  /** URL path prefix with the exact version, ending in `/`. */
  prefix: string;
};

/** What is served, and the module each is installed as. */
const SPECS: { name: BundleName; module: string; entry: string }[] = [
  // The npm alias keeps clerk-js 5 beside 6 in one node_modules.
  {
    name: "@clerk/clerk-js",
    module: "@clerk/clerk-js-5",
    entry: "clerk.browser.js",
  },
  {
    name: "@clerk/clerk-js",
    module: "@clerk/clerk-js",
    entry: "clerk.browser.js",
  },
  { name: "@clerk/ui", module: "@clerk/ui", entry: "ui.browser.js" },
];

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

/** The folder holding `module`'s package.json, whose name must be `name`. */
function packageDir(module: string, name: string) {
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve(module));
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, "utf8")) as {
        name?: string;
        version?: string;
      };
      if (parsed.name === name) return { dir, version: String(parsed.version) };
    }
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(`cannot find the package folder of ${module} (${name})`);
    dir = parent;
  }
}

export function findBundles(): Bundle[] {
  return SPECS.map(({ name, module, entry }) => {
    const { dir, version } = packageDir(module, name);
    const distDir = path.join(dir, "dist");
    if (!existsSync(path.join(distDir, entry)))
      throw new Error(
        `${name}@${version} (${module}) has no dist/${entry}; reinstall it`,
      );
    return {
      name,
      version,
      major: Number(version.split(".")[0]),
      distDir,
      entry,
      prefix: `/npm/${name}@${version}/dist/`,
    };
  });
}

/** The installed bundle of `name` with this major version. */
export function bundleFor(bundles: Bundle[], name: BundleName, major: number) {
  const bundle = bundles.find((b) => b.name === name && b.major === major);
  if (!bundle) throw new Error(`no ${name}@${major} is installed`);
  return bundle;
}

/** `[/__clerk]/npm/<package>@<version or major>/dist/<file>`. */
const BUNDLE_PATH =
  /^(?:\/__clerk)?\/npm\/(@clerk\/clerk-js|@clerk\/ui)@([A-Za-z0-9._+-]{1,64})\/dist\/(.*)$/;

/** Only plain file names in dist/ (no folders, no dot-dot, no odd characters). */
const SAFE_FILE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}$/;

function sentence(status: number, text: string): Reply {
  return {
    status,
    raw: text,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "x-content-type-options": "nosniff",
    },
  };
}

/** "5.128.0 (also as @5) and 6.40.0 (also as @6)". */
function versionsOf(bundles: Bundle[], name: BundleName) {
  const listed = bundles
    .filter((b) => b.name === name)
    .map((b) => `${b.version} (also as @${b.major})`);
  return listed.length > 1
    ? `${listed.slice(0, -1).join(", ")} and ${listed.at(-1)}`
    : listed.join("");
}

/**
 * The reply for a bundle path, or undefined when the path is not one. A
 * version the stand-in lacks gets a 404 sentence naming the ones it has.
 */
export function serveBundleFile(
  bundles: Bundle[],
  urlPath: string,
  method: string,
): Reply | undefined {
  const match = BUNDLE_PATH.exec(urlPath);
  if (!match) return undefined;
  const name = match[1] as BundleName;
  const tag = match[2];
  const file = match[3];
  const bundle = bundles.find(
    (b) => b.name === name && (b.version === tag || String(b.major) === tag),
  );
  if (!bundle)
    return sentence(
      404,
      `The local Clerk stand-in has no ${name}@${tag}; it serves ${name} ${versionsOf(bundles, name)}.`,
    );
  if (method !== "GET" && method !== "HEAD")
    return sentence(405, `${method} is not allowed on bundle files.`);
  const type = TYPES[path.extname(file)];
  const full = path.join(bundle.distDir, file);
  if (
    !SAFE_FILE.test(file) ||
    file.includes("..") ||
    !type ||
    path.dirname(full) !== bundle.distDir ||
    !existsSync(full) ||
    !statSync(full).isFile()
  )
    return sentence(
      404,
      `${name}@${bundle.version} has no file dist/${file.slice(0, 200)}.`,
    );
  return {
    status: 200,
    raw: method === "HEAD" ? "" : readFileSync(full),
    headers: {
      "content-type": type,
      // An exact version never changes; a major (@6) moves with an upgrade.
      "cache-control":
        tag === bundle.version
          ? "public, max-age=31536000, immutable"
          : "public, max-age=300",
      "content-length": String(statSync(full).size),
      // Scripts load cross-origin (the app's page), sometimes with crossorigin=anonymous.
      "access-control-allow-origin": "*",
      "x-content-type-options": "nosniff",
    },
  };
}
