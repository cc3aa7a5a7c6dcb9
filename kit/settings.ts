/**
 * One set of settings from the command line and kit.config.json: flags win,
 * then the file, then the defaults in startKit. Paths on the command line are
 * relative to where the command was typed (npm's INIT_CWD), paths in the file
 * to the app folder.
 */
import path from "node:path";
import type { StartArgs } from "./args";
import type { KitConfig } from "./config";
import type { KitOptions } from "./kit";

export type StartSettings = {
  options: Omit<KitOptions, "keys" | "onQuit" | "onReady" | "log" | "output">;
  /** Absent: the env goes to stdout. */
  envFile?: string;
};

export function resolveSettings(
  args: StartArgs,
  config: KitConfig,
  baseDir: string,
): StartSettings {
  const appDir = path.resolve(baseDir, args.app);
  const fromFile = (value: string | undefined) =>
    value === undefined ? undefined : path.resolve(appDir, value);
  const fromArgs = (value: string | undefined) =>
    value === undefined ? undefined : path.resolve(baseDir, value);
  const options: StartSettings["options"] = {
    appDir,
    convexEnv: { ...config.convexEnv, ...args.convexEnv },
  };
  const set = <K extends keyof StartSettings["options"]>(
    key: K,
    value: StartSettings["options"][K] | undefined,
  ) => {
    if (value !== undefined) options[key] = value;
  };
  set("dataDir", fromArgs(args.data) ?? fromFile(config.data));
  set("clerkPort", args.clerkPort ?? config.clerkPort);
  set("convexPort", args.convexPort ?? config.convexPort);
  set("controlPort", args.controlPort ?? config.controlPort);
  set("convexIntegration", config.convexIntegration);
  set("sessionTokenTtlSeconds", config.sessionTokenTtlSeconds);
  set("templateTtlSeconds", config.templateTtlSeconds);
  set("stressLifetimes", config.stressLifetimes);
  set("multiSession", config.multiSession);
  set("users", config.users);
  const envFile = fromArgs(args.envFile) ?? fromFile(config.envFile);
  return envFile === undefined ? { options } : { options, envFile };
}
