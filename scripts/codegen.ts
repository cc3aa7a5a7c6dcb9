/**
 * Offline `convex codegen`: writes `convex/_generated/{api,server}` with the
 * templates shipped in the `convex` package, for the modules found in `convex/`.
 * The real command needs a deployment; this one needs only the files.
 * `dataModel.d.ts` depends only on `schema.ts` and is kept as committed.
 */
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { format } from "prettier";
import { apiCodegen } from "../node_modules/convex/src/cli/codegen_templates/api";
import { serverCodegen } from "../node_modules/convex/src/cli/codegen_templates/server";

const convexDir = path.join(process.cwd(), "convex");
const generatedDir = path.join(convexDir, "_generated");

/** Function modules, as `npx convex codegen` lists them: every .ts/.js file except config and generated files. */
export function convexModules(dir = convexDir): string[] {
  const skip = new Set([
    "schema.ts",
    "auth.config.ts",
    "convex.config.ts",
    "crons.ts",
  ]);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|js)$/.test(entry.name))
    .filter(
      (entry) =>
        !entry.name.endsWith(".d.ts") && !entry.name.includes(".test."),
    )
    .map((entry) => entry.name)
    .filter((name) => !skip.has(name))
    .map((name) => name.replace(/\.(ts|js)$/, ""))
    .sort();
}

async function write(file: string, source: string) {
  const parser = file.endsWith(".ts") ? "typescript" : "babel";
  writeFileSync(
    path.join(generatedDir, file),
    await format(source, { parser }),
  );
}

async function main() {
  const modules = convexModules();
  const api = apiCodegen(modules, { useTypeScript: false }) as {
    DTS: string;
    JS: string;
  };
  const server = serverCodegen({
    useTypeScript: false,
    envVars: undefined,
  }) as {
    DTS: string;
    JS: string;
  };
  await write("api.d.ts", api.DTS);
  await write("api.js", api.JS);
  await write("server.d.ts", server.DTS);
  await write("server.js", server.JS);
  console.log(`convex/_generated written for: ${modules.join(", ")}`);
}

if (
  process.argv[1] &&
  import.meta.url.endsWith(path.basename(process.argv[1]))
) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
