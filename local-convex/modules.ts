import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export type ModuleLoaders = Record<string, () => Promise<unknown>>;

/**
 * The function modules of a `convex/` folder, keyed the way `import.meta.glob`
 * would key them from inside it ("./authQueries.ts", "./_generated/api.js"),
 * which is the shape `convexTest(schema, modules)` expects.
 */
export function collectModules(convexDir: string): ModuleLoaders {
  const root = path.resolve(convexDir);
  if (!existsSync(path.join(root, "_generated"))) {
    throw new Error(
      `${root}/_generated is missing: run \`npm run codegen\` first`,
    );
  }
  const modules: ModuleLoaders = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") walk(full);
        continue;
      }
      if (!/\.(ts|js|mjs)$/.test(entry.name) || entry.name.endsWith(".d.ts")) {
        continue;
      }
      if (entry.name.includes(".test.")) continue;
      const key = "./" + path.relative(root, full).split(path.sep).join("/");
      const url = pathToFileURL(full).href;
      // Imported once: a dynamic import per call cost more than the query.
      let loaded: Promise<unknown> | undefined;
      modules[key] = () => (loaded ??= import(/* @vite-ignore */ url));
    }
  };
  walk(root);
  return modules;
}

let importGeneration = 0;

/**
 * Imports a config module (auth.config.ts) with the given environment applied
 * to `process.env` while it evaluates. The query suffix gives every backend
 * instance its own evaluation, so two backends in one process can use
 * different issuers.
 */
export async function importWithEnv(
  file: string,
  env: Record<string, string | undefined>,
): Promise<unknown> {
  const saved: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    importGeneration += 1;
    const url = `${pathToFileURL(file).href}?instance=${importGeneration}`;
    return await import(/* @vite-ignore */ url);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
