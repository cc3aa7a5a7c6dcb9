/**
 * The kit's command line: `start --app <folder> [options]` or `help`.
 * Parsing is pure: it never touches the disk, so every mistake is a sentence
 * before anything starts.
 */
import { KitError } from "./errors";

export type StartArgs = {
  command: "start";
  app: string;
  envFile?: string;
  clerkPort?: number;
  convexPort?: number;
  controlPort?: number;
  data?: string;
  /** `--convex-env NAME=VALUE`, repeated; later ones win. */
  convexEnv: Record<string, string>;
};

export type KitArgs = StartArgs | { command: "help" };

type Flag = {
  name: string;
  value: string;
  repeatable?: boolean;
};

export const START_FLAGS: readonly Flag[] = [
  { name: "--app", value: "<folder>" },
  { name: "--env-file", value: "<file>" },
  { name: "--clerk-port", value: "<port>" },
  { name: "--convex-port", value: "<port>" },
  { name: "--control-port", value: "<port>" },
  { name: "--data", value: "<dir>" },
  { name: "--convex-env", value: "<NAME=VALUE>", repeatable: true },
];

export const USAGE = [
  "Usage: npm run kit -- start --app <folder> [--env-file <file>] [--clerk-port <port>] [--convex-port <port>] [--control-port <port>] [--data <dir>] [--convex-env NAME=VALUE]...",
  "       npm run kit -- help",
].join("\n");

/** Convex's rule for environment variable names (`npx convex env set`). */
export const CONVEX_ENV_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
/** Convex keeps values up to 8 KiB. */
export const CONVEX_ENV_VALUE_MAX_BYTES = 8192;

const usage = (sentence: string) => new KitError(sentence, 2);

const flagList = () => START_FLAGS.map((flag) => flag.name).join(", ");

export function parsePort(flag: string, text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port > 65535)
    throw usage(
      `${flag} must be a whole number from 0 to 65535 (0 picks a free port), got ${JSON.stringify(text)}.`,
    );
  return port;
}

/** Checks one `NAME=VALUE` and returns its parts; `where` names its source in the sentence. */
export function parseConvexEnv(text: string, where: string): [string, string] {
  const equals = text.indexOf("=");
  const name = equals === -1 ? text : text.slice(0, equals);
  if (equals === -1)
    throw usage(`${where} needs NAME=VALUE, got ${JSON.stringify(text)}.`);
  const value = text.slice(equals + 1);
  checkConvexEnvEntry(name, value, where);
  return [name, value];
}

export function checkConvexEnvEntry(
  name: string,
  value: string,
  where: string,
) {
  if (!CONVEX_ENV_NAME.test(name))
    throw usage(
      `${where}: ${JSON.stringify(name)} is not a Convex environment variable name (a letter, then up to 39 letters, digits or underscores).`,
    );
  if (Buffer.byteLength(value) > CONVEX_ENV_VALUE_MAX_BYTES)
    throw usage(
      `${where}: the value of ${name} is longer than Convex's ${CONVEX_ENV_VALUE_MAX_BYTES} bytes.`,
    );
}

export function parseArgs(argv: readonly string[]): KitArgs {
  // `npm run kit` passes a leading `--` (see main.ts); it separates nothing here.
  const [command, ...rest] = argv[0] === "--" ? argv.slice(1) : argv;
  if (command === undefined || command === "help" || command === "--help")
    return { command: "help" };
  if (command !== "start")
    throw usage(
      `Unknown command ${JSON.stringify(command)}; the commands are start and help.`,
    );

  const seen = new Set<string>();
  const values: Record<string, string> = {};
  const convexEnv: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    if (arg === "--help" || arg === "-h") return { command: "help" };
    if (!arg.startsWith("--"))
      throw usage(
        `Unexpected argument ${JSON.stringify(arg)}; options start with -- (${flagList()}).`,
      );
    const equals = arg.indexOf("=");
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const flag = START_FLAGS.find((known) => known.name === name);
    if (!flag)
      throw usage(`Unknown option ${name}; the options are ${flagList()}.`);
    let value: string | undefined;
    if (equals !== -1) value = arg.slice(equals + 1);
    else {
      value = rest[i + 1];
      if (value === undefined || value.startsWith("--"))
        throw usage(`${name} needs a value: ${name} ${flag.value}.`);
      i += 1;
    }
    if (flag.repeatable) {
      const [envName, envValue] = parseConvexEnv(value, name);
      convexEnv[envName] = envValue;
      continue;
    }
    if (seen.has(name)) throw usage(`${name} was given more than once.`);
    seen.add(name);
    if (value === "")
      throw usage(`${name} needs a value: ${name} ${flag.value}.`);
    values[name] = value;
  }

  const app = values["--app"];
  if (app === undefined)
    throw usage("Give the app folder with --app <folder>.");
  const port = (flag: string) =>
    values[flag] === undefined ? undefined : parsePort(flag, values[flag]);
  const args: StartArgs = { command: "start", app, convexEnv };
  const clerkPort = port("--clerk-port");
  const convexPort = port("--convex-port");
  const controlPort = port("--control-port");
  if (clerkPort !== undefined) args.clerkPort = clerkPort;
  if (convexPort !== undefined) args.convexPort = convexPort;
  if (controlPort !== undefined) args.controlPort = controlPort;
  if (values["--env-file"] !== undefined) args.envFile = values["--env-file"];
  if (values["--data"] !== undefined) args.data = values["--data"];
  return args;
}
