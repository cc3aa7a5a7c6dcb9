import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Writes a temporary file beside `file` and renames it over `file`, so a
 * crash leaves either the old or the new complete content.
 */
export function writeFileAtomically(
  file: string,
  content: string | Buffer,
  mode = 0o644,
) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, content, { mode });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
