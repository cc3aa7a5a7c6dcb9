import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

/**
 * Small JSON/text files in the git-ignored provider folder. Everything is synchronous on
 * purpose: `next dev` can load route handlers and the middleware as separate module
 * instances in one process, and synchronous read-modify-write cannot interleave there.
 */

export function resolveDir(dir: string): string {
  const absolute = path.resolve(process.cwd(), dir);
  mkdirSync(absolute, { recursive: true, mode: 0o700 });
  return absolute;
}

export function readTextFile(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Writes a file only if it does not exist yet; returns what is on disk afterwards. */
export function createFileOnce(file: string, content: () => string): string {
  const existing = readTextFile(file);
  if (existing !== undefined) return existing;
  const fresh = content();
  try {
    writeFileSync(file, fresh, { flag: "wx", mode: 0o600 });
    return fresh;
  } catch (error) {
    // Another process won the race; use its file so every instance agrees.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      return readFileSync(file, "utf8");
    }
    throw error;
  }
}

/** Replaces a file atomically so readers never see half a JSON document. */
export function writeFileAtomic(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600 });
  renameSync(temporary, file);
}

export function readJsonFile<T>(file: string, fallback: T): T {
  const text = readTextFile(file);
  if (text === undefined) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
