import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkConfig, loadConfig } from "../config";
import { KitError } from "../errors";

const FILE = "/apps/shop/kit.config.json";

function refusal(value: unknown): string {
  try {
    checkConfig(value, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(KitError);
    expect((error as KitError).exitCode).toBe(2);
    return (error as KitError).message;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
}

describe("kit.config.json", () => {
  it("accepts every field", () => {
    const config = {
      envFile: ".env.test.local",
      data: ".stack",
      clerkPort: 4720,
      convexPort: 0,
      controlPort: 4722,
      convexIntegration: "template",
      sessionTokenTtlSeconds: 15,
      templateTtlSeconds: 15,
      stressLifetimes: true,
      users: [
        { email: "ada@example.com" },
        {
          email: "bob+clerk_test@example.com",
          name: "Bob Stone",
          password: "long-enough",
          phone: "+15555550100",
        },
      ],
      convexEnv: { OPENAI_API_KEY: "sk-fake", FEATURE_X: "on" },
    };
    expect(checkConfig(config, FILE)).toEqual(config);
  });

  it("holds Clerk's lifetimes unless stressLifetimes is on", () => {
    expect(
      checkConfig({ sessionTokenTtlSeconds: 60, templateTtlSeconds: 30 }, FILE),
    ).toEqual({ sessionTokenTtlSeconds: 60, templateTtlSeconds: 30 });
  });

  it.each<[unknown, string]>([
    [[], `In ${FILE}, the file must hold one JSON object.`],
    [
      { port: 1 },
      `In ${FILE}, the field "port" is not known; the fields are envFile, data, clerkPort, convexPort, controlPort, convexIntegration, sessionTokenTtlSeconds, templateTtlSeconds, stressLifetimes, multiSession, users, convexEnv.`,
    ],
    [
      { clerkPort: 70000 },
      `In ${FILE}, clerkPort must be a whole number from 0 to 65535 (0 picks a free port).`,
    ],
    [
      { convexPort: "3210" },
      `In ${FILE}, convexPort must be a whole number from 0 to 65535 (0 picks a free port).`,
    ],
    [{ envFile: "" }, `In ${FILE}, envFile must not be empty.`],
    [{ data: 3 }, `In ${FILE}, data must be a path (a string).`],
    [
      { convexIntegration: "jwt" },
      `In ${FILE}, convexIntegration must be "native" or "template".`,
    ],
    [
      { stressLifetimes: "yes" },
      `In ${FILE}, stressLifetimes must be true or false.`,
    ],
    [{ multiSession: 1 }, `In ${FILE}, multiSession must be true or false.`],
    [
      { sessionTokenTtlSeconds: 15 },
      `In ${FILE}, sessionTokenTtlSeconds must be 60: Clerk's session tokens always live 60 s, and real Clerk cannot be configured so; set stressLifetimes: true to allow it in tests.`,
    ],
    [
      { sessionTokenTtlSeconds: 1.5, stressLifetimes: true },
      `In ${FILE}, sessionTokenTtlSeconds must be a whole number of seconds.`,
    ],
    [
      { templateTtlSeconds: 10 },
      `In ${FILE}, templateTtlSeconds must be a whole number of seconds from 30 to 315360000; shorter lifetimes: real Clerk cannot be configured so; set stressLifetimes: true to allow it in tests.`,
    ],
    [{ users: {} }, `In ${FILE}, users must be a list of users.`],
    [
      { users: ["ada@example.com"] },
      `In ${FILE}, users[0] must be an object with email (and optionally name, password, phone).`,
    ],
    [{ users: [{}] }, `In ${FILE}, users[0].email must be an email address.`],
    [
      { users: [{ email: "a@b.co" }, { email: "not an address" }] },
      `In ${FILE}, users[1].email must be an email address.`,
    ],
    [
      { users: [{ email: "a@b.co", password: "short" }] },
      `In ${FILE}, users[0].password must be 8 to 1024 characters.`,
    ],
    [
      { users: [{ email: "a@b.co", phone: "555-0100" }] },
      `In ${FILE}, users[0].phone must be a phone number in international format, such as +15555550100.`,
    ],
    [
      { users: [{ email: "a@b.co", role: "admin" }] },
      `In ${FILE}, the field "role" in users[0] is not known; a user has email, name, password and phone.`,
    ],
    [
      { convexEnv: ["A=1"] },
      `In ${FILE}, convexEnv must be an object of NAME: value strings.`,
    ],
    [
      { convexEnv: { "my-var": "1" } },
      `In ${FILE}, the name "my-var" in convexEnv must be a Convex environment variable name (a letter, then up to 39 letters, digits or underscores).`,
    ],
    [
      { convexEnv: { LIMIT: 5 } },
      `In ${FILE}, convexEnv.LIMIT must be a string.`,
    ],
  ])("%j is refused with one sentence", (value, sentence) => {
    expect(refusal(value)).toBe(sentence);
  });
});

describe("loading kit.config.json", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kit-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is optional", () => {
    expect(loadConfig(dir)).toEqual({ file: null, config: {} });
  });

  it("names the file when it is not JSON", () => {
    const file = path.join(dir, "kit.config.json");
    writeFileSync(file, "{ clerkPort: 1 }");
    expect(() => loadConfig(dir)).toThrow(
      new RegExp(
        `^${file.replace(/[.]/g, "\\.")} is not valid JSON \\(.+\\)\\.$`,
      ),
    );
  });

  it("names the file, the field and the rule", () => {
    const file = path.join(dir, "kit.config.json");
    writeFileSync(file, JSON.stringify({ convexPort: -2 }));
    expect(() => loadConfig(dir)).toThrow(
      `In ${file}, convexPort must be a whole number from 0 to 65535 (0 picks a free port).`,
    );
  });
});
