/**
 * The app's environment as `.env` lines. Plain values stay bare; values with
 * spaces or line breaks (the PEM public key) are double-quoted with `\n`
 * escapes, which dotenv, Next's `@next/env` and Node's `--env-file` all turn
 * back into line breaks. Values no `.env` reader carries faithfully (a quote,
 * a backslash, a `$` that Next would expand) are refused, not mangled.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { KitError } from "./errors";

/** First line of every file the kit writes; a file without it is not the kit's to replace. */
export const ENV_FILE_HEADER =
  "# Written by the offline stack kit (npm run kit); rewritten at every start.";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BARE = /^[A-Za-z0-9_./:@+,=%-]*$/;
const UNCARRIABLE = /["\\$`]/;

export function formatValue(name: string, value: string): string {
  if (BARE.test(value)) return value;
  if (UNCARRIABLE.test(value))
    throw new KitError(
      `The value of ${name} holds a quote, backslash, backtick or $, which .env files do not carry faithfully.`,
    );
  return `"${value.replace(/\r/g, "\\r").replace(/\n/g, "\\n")}"`;
}

export function formatEnv(env: Readonly<Record<string, string>>): string {
  const lines = [ENV_FILE_HEADER];
  for (const [name, value] of Object.entries(env)) {
    if (!NAME.test(name))
      throw new KitError(
        `${JSON.stringify(name)} is not an environment variable name.`,
      );
    lines.push(`${name}=${formatValue(name, value)}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Writes the env file (mode 600: it holds the secret key), replacing it
 * atomically so a reader never sees half a file. A file that exists and was
 * not written by the kit (a team's own `.env.local`) is left alone.
 */
export function writeEnvFile(
  file: string,
  env: Readonly<Record<string, string>>,
) {
  const target = path.resolve(file);
  const text = formatEnv(env);
  if (existsSync(target)) {
    const first = readFileSync(target, "utf8").split("\n", 1)[0];
    if (first !== ENV_FILE_HEADER)
      throw new KitError(
        `The env file ${target} exists and was not written by the kit; give another --env-file or delete it.`,
      );
  }
  if (!existsSync(path.dirname(target)))
    throw new KitError(`The folder of the env file ${target} does not exist.`);
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, target);
}
