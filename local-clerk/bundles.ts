/**
 * Serves the browser bundles of @clerk/clerk-js and @clerk/ui straight from
 * node_modules, under the same paths Clerk's CDN uses:
 * `/npm/@clerk/clerk-js@<version>/dist/<file>` and `/npm/@clerk/ui@<version>/dist/<file>`.
 * Chunks load from the entry script's own directory, so serving `dist/` is enough.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Reply } from "./http";

export type Bundle = {
  name: "@clerk/clerk-js" | "@clerk/ui";
  version: string;
  distDir: string;
  entry: string;
  /** URL path prefix, ending in `/`. */
  prefix: string;
};

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

function packageDir(name: string) {
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve(name));
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
      throw new Error(`cannot find the ${name} package folder`);
    dir = parent;
  }
}

export function findBundles(): Bundle[] {
  const specs = [
    { name: "@clerk/clerk-js" as const, entry: "clerk.browser.js" },
    { name: "@clerk/ui" as const, entry: "ui.browser.js" },
  ];
  return specs.map(({ name, entry }) => {
    const { dir, version } = packageDir(name);
    const distDir = path.join(dir, "dist");
    if (!existsSync(path.join(distDir, entry)))
      throw new Error(`${name}@${version} has no dist/${entry}; reinstall it`);
    return {
      name,
      version,
      distDir,
      entry,
      prefix: `/npm/${name}@${version}/dist/`,
    };
  });
}

/** Only plain file names in dist/ (no folders, no dot-dot, no odd characters). */
const SAFE_FILE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}$/;

export function serveBundleFile(
  bundles: Bundle[],
  urlPath: string,
  method: string,
): Reply | undefined {
  const bundle = bundles.find((b) => urlPath.startsWith(b.prefix));
  if (!bundle) return undefined;
  if (method !== "GET" && method !== "HEAD")
    return {
      status: 405,
      body: { error: `${method} is not allowed on bundle files.` },
    };
  const file = urlPath.slice(bundle.prefix.length);
  const type = TYPES[path.extname(file)];
  if (!SAFE_FILE.test(file) || file.includes("..") || !type)
    return { status: 404, body: { error: "No such bundle file." } };
  const full = path.join(bundle.distDir, file);
  if (
    path.dirname(full) !== bundle.distDir ||
    !existsSync(full) ||
    !statSync(full).isFile()
  )
    return { status: 404, body: { error: "No such bundle file." } };
  return {
    status: 200,
    raw: method === "HEAD" ? "" : readFileSync(full),
    headers: {
      "content-type": type,
      // Versioned paths never change, so browsers may keep them for a year.
      "cache-control": "public, max-age=31536000, immutable",
      "content-length": String(statSync(full).size),
      // Scripts load cross-origin (the app's page), sometimes with crossorigin=anonymous.
      "access-control-allow-origin": "*",
      "x-content-type-options": "nosniff",
    },
  };
}
