/**
 * Offline `convex codegen`: writes `convex/_generated/{api,server}` with the
 * templates shipped in the `convex` package, for the modules found in `convex/`.
 * The real command needs a deployment; this one needs only the files.
 * `dataModel.d.ts` depends only on `schema.ts` and is kept as committed.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { format } from "prettier";

type Generated = { DTS: string; JS: string };

// The templates are TypeScript sources inside the `convex` package. They are loaded
// at run time (tsx compiles them) so `tsc` does not type-check the package's CLI.
// The package is found as Node finds it from the app's folder, so an app whose
// `convex` an npm workspace hoisted to the root gets it too.
async function loadTemplates() {
  const appRequire = createRequire(path.join(process.cwd(), "package.json"));
  const dir = path.join(
    path.dirname(appRequire.resolve("convex/package.json")),
    "src/cli/codegen_templates",
  );
  const api = (await import(path.join(dir, "api.ts"))) as {
    apiCodegen: (
      modules: string[],
      opts: { useTypeScript: boolean },
    ) => Generated;
  };
  const server = (await import(path.join(dir, "server.ts"))) as {
    serverCodegen: (opts: {
      useTypeScript: boolean;
      envVars: undefined;
    }) => Generated;
  };
  return { apiCodegen: api.apiCodegen, serverCodegen: server.serverCodegen };
}

const convexDir = path.join(process.cwd(), "convex");
const generatedDir = path.join(convexDir, "_generated");

/**
 * Function modules, as `npx convex codegen` lists them: every .ts/.js file under
 * `convex/` (nested folders as `folder/module`) except config, tests and `_generated`.
 */
export function convexModules(dir = convexDir, prefix = ""): string[] {
  const skip = new Set(["schema", "auth.config", "convex.config", "crons"]);
  const modules: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (entry.name === "_generated" || entry.name.startsWith(".")) continue;
      modules.push(
        ...convexModules(path.join(dir, entry.name), `${prefix}${entry.name}/`),
      );
      continue;
    }
    if (!/\.(ts|js)$/.test(entry.name) || entry.name.endsWith(".d.ts"))
      continue;
    if (entry.name.includes(".test.")) continue;
    const name = entry.name.replace(/\.(ts|js)$/, "");
    if (prefix === "" && skip.has(name)) continue;
    modules.push(`${prefix}${name}`);
  }
  return modules.sort();
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
  const { apiCodegen, serverCodegen } = await loadTemplates();
  const api = apiCodegen(modules, { useTypeScript: false });
  const server = serverCodegen({ useTypeScript: false, envVars: undefined });
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
