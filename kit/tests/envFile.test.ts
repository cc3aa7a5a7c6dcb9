import { generateKeyPairSync } from "node:crypto";
import {
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseEnv } from "node:util";
import { loadEnvConfig } from "@next/env";
import { afterAll, describe, expect, it } from "vitest";
import { ENV_FILE_HEADER, formatEnv, writeEnvFile } from "../envFile";

const pem = String(
  generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({
    type: "spki",
    format: "pem",
  }),
);

/** Variables named for this test only, so nothing in process.env shadows them. */
const env = {
  KIT_TEST_JWT_KEY: pem,
  KIT_TEST_URL: "http://127.0.0.1:4721/bapi",
  KIT_TEST_SECRET: "sk_test_Abc-_09",
  KIT_TEST_PUBLISHABLE:
    "pk_test_Y2xhc3Nyb29tLWxvY2FsLmNsZXJrLmFjY291bnRzLmRldiQ",
  KIT_TEST_SPACES: "two words # not a comment",
  KIT_TEST_EMPTY: "",
};

/** What Next.js sees: its own loader (dotenv + dotenv-expand), without touching this process's env. */
function throughNext(dir: string): Record<string, string | undefined> {
  const before = { ...process.env };
  try {
    const silent = { info: () => {}, error: () => {} };
    return { ...loadEnvConfig(dir, false, silent, true).combinedEnv };
  } finally {
    for (const key of Object.keys(process.env))
      if (!(key in before)) delete process.env[key];
    Object.assign(process.env, before);
  }
}

describe("the env file", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kit-env-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes plain values bare and the PEM double-quoted with \\n escapes", () => {
    const text = formatEnv(env);
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe(ENV_FILE_HEADER);
    expect(lines).toContain("KIT_TEST_URL=http://127.0.0.1:4721/bapi");
    expect(lines).toContain('KIT_TEST_SPACES="two words # not a comment"');
    expect(lines).toContain("KIT_TEST_EMPTY=");
    const pemLine = lines.find((line) => line.startsWith("KIT_TEST_JWT_KEY="));
    expect(pemLine).toBe(
      `KIT_TEST_JWT_KEY="${pem.trimEnd().split("\n").join("\\n")}\\n"`,
    );
    // One line per variable plus the header: no value spills onto another line.
    expect(lines).toHaveLength(Object.keys(env).length + 1);
  });

  it("round-trips through Next's loader and Node's parser", () => {
    const file = path.join(dir, ".env");
    writeEnvFile(file, env);
    const next = throughNext(dir);
    const node = parseEnv(readFileSync(file, "utf8"));
    for (const [name, value] of Object.entries(env)) {
      expect(next[name], name).toBe(value);
      expect(node[name], name).toBe(value);
    }
    expect(next.KIT_TEST_JWT_KEY).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  it("is private to its owner and replaced whole", () => {
    const file = path.join(dir, ".env.kit");
    writeEnvFile(file, { A: "1" });
    writeEnvFile(file, { B: "2" });
    expect(readFileSync(file, "utf8")).toBe(`${ENV_FILE_HEADER}\nB=2\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("never replaces a file the kit did not write", () => {
    const file = path.join(dir, ".env.local");
    writeFileSync(file, "CLERK_SECRET_KEY=sk_live_real\n");
    expect(() => writeEnvFile(file, { A: "1" })).toThrow(
      `The env file ${file} exists and was not written by the kit; give another --env-file or delete it.`,
    );
    expect(readFileSync(file, "utf8")).toBe("CLERK_SECRET_KEY=sk_live_real\n");
  });

  it("refuses a folder that does not exist", () => {
    const file = path.join(dir, "missing", ".env");
    expect(() => writeEnvFile(file, { A: "1" })).toThrow(
      `The folder of the env file ${file} does not exist.`,
    );
  });

  it.each(['say "hi"', "C:\\path", "cost $5", "a`b`"])(
    "refuses %j rather than write what a loader would change",
    (value) => {
      expect(() => formatEnv({ VALUE: value })).toThrow(
        "The value of VALUE holds a quote, backslash, backtick or $, which .env files do not carry faithfully.",
      );
    },
  );

  it("refuses a name that is not a variable name", () => {
    expect(() => formatEnv({ "BAD-NAME": "1" })).toThrow(
      '"BAD-NAME" is not an environment variable name.',
    );
  });
});
