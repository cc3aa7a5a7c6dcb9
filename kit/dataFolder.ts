/**
 * Where an app's stand-in data lives (`<app>/.local-stack/` by default):
 *
 *   clerk/              the Clerk stand-in's signing key, secret key and state
 *   convex/data.json    the Convex stand-in's documents
 *   admin-keys.json     the two test-control keys
 *
 * Everything a restart needs is here, so the app's env (secret key, admin keys)
 * stays the same from one start to the next. The folder is made only when
 * something is kept in it: a caller that keeps everything elsewhere
 * (`npm run dev`) leaves no empty folder behind.
 */
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { KitError } from "./errors";

export const DEFAULT_DATA_FOLDER = ".local-stack";
export const ADMIN_KEYS_FILE = "admin-keys.json";

export type AdminKeys = { clerk: string; convex: string };

const newKey = () => randomBytes(24).toString("base64url");
const isKey = (value: unknown): value is string =>
  typeof value === "string" && /^[A-Za-z0-9_-]{16,200}$/.test(value);

export class DataFolder {
  readonly dir: string;
  private prepared = false;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  /** The Clerk stand-in's data folder (it makes it itself). */
  get clerkDir(): string {
    this.prepare();
    return path.join(this.dir, "clerk");
  }

  /** The Convex stand-in's data file (it makes the folder itself). */
  get convexFile(): string {
    this.prepare();
    return path.join(this.dir, "convex", "data.json");
  }

  /** The test-control keys, made on first use and kept (mode 600). */
  adminKeys(): AdminKeys {
    this.prepare();
    const file = path.join(this.dir, ADMIN_KEYS_FILE);
    if (!existsSync(file)) {
      const keys = { clerk: newKey(), convex: newKey() };
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(keys, null, 2)}\n`, {
        mode: 0o600,
      });
      renameSync(temporary, file);
      return keys;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      parsed = null;
    }
    const keys = parsed as Partial<AdminKeys> | null;
    if (!keys || !isKey(keys.clerk) || !isKey(keys.convex))
      throw new KitError(
        `${file} does not hold the two admin keys the kit wrote; delete it to make new ones.`,
      );
    return { clerk: keys.clerk, convex: keys.convex };
  }

  private prepare() {
    if (this.prepared) return;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      // Keys and sessions must never end up in the app's repository.
      const ignore = path.join(this.dir, ".gitignore");
      if (!existsSync(ignore)) writeFileSync(ignore, "*\n");
    } catch (error) {
      throw new KitError(
        `Cannot make the data folder ${this.dir}: ${(error as Error).message}.`,
      );
    }
    this.prepared = true;
  }
}
