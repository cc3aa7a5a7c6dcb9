import path from "node:path";
import type { ServerConfig } from "@/lib/config";
import { readJsonFile, resolveDir, writeFileAtomic } from "./storage";

/**
 * Run-time token lifetime, the local twin of editing a Clerk JWT template's lifetime.
 * Kept in a file so every module instance sees it, and tagged with the process id so a
 * restart falls back to LOCAL_AUTH_TOKEN_TTL_SECONDS instead of a stale override.
 */

type SettingsFile = { tokenTtlSeconds?: number; pid?: number };

export type TokenSettings = {
  tokenTtlSeconds: number;
  defaultTokenTtlSeconds: number;
  source: "config" | "override";
};

function settingsFile(dir: string): string {
  return path.join(resolveDir(dir), "settings.json");
}

export function tokenSettings(config: ServerConfig): TokenSettings {
  const defaultTokenTtlSeconds = config.localAuth.tokenTtlSeconds;
  const stored = readJsonFile<SettingsFile>(
    settingsFile(config.localAuth.dir),
    {},
  );
  if (
    stored.pid === process.pid &&
    typeof stored.tokenTtlSeconds === "number"
  ) {
    return {
      tokenTtlSeconds: stored.tokenTtlSeconds,
      defaultTokenTtlSeconds,
      source: "override",
    };
  }
  return {
    tokenTtlSeconds: defaultTokenTtlSeconds,
    defaultTokenTtlSeconds,
    source: "config",
  };
}

/** `null` drops the override and returns to the configured lifetime. */
export function setTokenTtl(
  config: ServerConfig,
  tokenTtlSeconds: number | null,
): TokenSettings {
  const content: SettingsFile =
    tokenTtlSeconds === null ? {} : { tokenTtlSeconds, pid: process.pid };
  writeFileAtomic(settingsFile(config.localAuth.dir), JSON.stringify(content));
  return tokenSettings(config);
}
