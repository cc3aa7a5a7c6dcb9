/**
 * `npm run kit -- start --app <folder> [options]`: the two stand-ins for an
 * app, its env written once both are up, in the foreground until Ctrl-C,
 * SIGTERM or `q`. Any problem is one sentence on stderr and a non-zero exit.
 *
 * The npm script is `tsx kit/main.ts --`: Node 20 reads `--env-file` anywhere
 * on its command line (as its own option) unless a `--` comes first.
 */
import { parseArgs, USAGE } from "./args";
import { loadConfig, CONFIG_FIELDS, CONFIG_FILE } from "./config";
import { formatEnv, writeEnvFile } from "./envFile";
import { KitError, sentenceOf } from "./errors";
import { startKit, type Kit } from "./kit";
import { resolveSettings } from "./settings";

const say = (line: string) => process.stderr.write(`[kit] ${line}\n`);

function help() {
  process.stdout.write(
    `${USAGE}\n\nStarts the Clerk stand-in and the Convex stand-in for <folder>/convex and writes the app's env.\nOptional ${CONFIG_FILE} in <folder>: ${CONFIG_FIELDS}.\nSee kit/README.md.\n`,
  );
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.command === "help") {
    help();
    return 0;
  }
  const baseDir = process.env.INIT_CWD ?? process.cwd();
  const appDir = resolveSettings(args, {}, baseDir).options.appDir;
  const { config } = loadConfig(appDir);
  const { options, envFile } = resolveSettings(args, config, baseDir);

  let kit: Kit | null = null;
  let exiting = false;
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    void (kit?.close() ?? Promise.resolve()).finally(() => process.exit(code));
  };
  // Before the kit is up there is nothing to close: a stand-in's process stops
  // by itself when the kit goes away.
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () => exit(0));

  kit = await startKit({
    ...options,
    keys: true,
    onQuit: () => exit(0),
    onReady: (ready) => {
      if (envFile) writeEnvFile(envFile, ready.env);
      else process.stdout.write(formatEnv(ready.env));
      say(
        `Clerk stand-in   ${ready.clerk.url} (browser ${ready.clerk.publicOrigin})`,
      );
      say(`Convex stand-in  ${ready.convex.url}`);
      if (ready.controlUrl) say(`control          ${ready.controlUrl}`);
      say(
        `env              ${envFile ? `written to ${envFile}` : "printed on stdout"} (${Object.keys(ready.env).length} variables)`,
      );
      say(`data             ${ready.dataDir}`);
    },
  });
  // Stays up until a signal or `q`.
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    say(sentenceOf(error));
    process.exit(error instanceof KitError ? error.exitCode : 1);
  },
);
