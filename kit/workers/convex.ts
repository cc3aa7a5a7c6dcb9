/**
 * The Convex stand-in's own process, started by the kit. Its environment holds
 * only the app's Convex variables (as on a deployment), so functions that read
 * `process.env` see what `npx convex env set` would have set.
 */
import { pathToFileURL } from "node:url";
import type { Engine } from "../../local-convex/engine";
import { startLocalConvex } from "../../local-convex/server";
import type { ConvexInfo, ConvexSeed, ConvexWorkerOptions } from "./protocol";
import { runWorker } from "./runWorker";

type SeedFunction = (
  engine: Engine,
  issuer: string,
  input: unknown,
) => Promise<string>;

async function runSeed(seed: ConvexSeed, engine: Engine, issuer: string) {
  const loaded = (await import(pathToFileURL(seed.module).href)) as Record<
    string,
    unknown
  > & { default?: Record<string, unknown> };
  const name = seed.exportName ?? "default";
  // A TypeScript module may arrive wrapped as CommonJS, its exports under `default`.
  const found = loaded[name] ?? loaded.default?.[name];
  if (typeof found !== "function")
    throw new Error(`${seed.module} has no function export ${name}`);
  return (found as SeedFunction)(engine, issuer, seed.input);
}

runWorker<ConvexWorkerOptions, ConvexInfo>(async (options) => {
  // Functions read process.env when they run, as on a deployment.
  Object.assign(process.env, options.env);
  const convex = await startLocalConvex({
    port: options.port,
    convexDir: options.convexDir,
    env: options.env,
    dataFile: options.dataFile,
    adminKey: options.adminKey,
    log: (line) => console.error(`[local-convex] ${line}`),
  });
  if (options.seed) {
    try {
      console.error(
        `[local-convex] ${await runSeed(options.seed, convex.engine, options.issuer)}`,
      );
    } catch (error) {
      console.error(
        `[local-convex] seed failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return {
    info: { url: convex.url, port: convex.port },
    close: () => convex.close(),
  };
});
