import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PRODUCTION_REFUSAL } from "../../local-clerk/server";
import { startKit } from "../kit";

const nowhere = path.join("/", "kit-test-no-such-app");

describe("the kit under NODE_ENV=production", () => {
  const before = process.env.NODE_ENV;
  afterEach(() => {
    (process.env as Record<string, string | undefined>).NODE_ENV = before;
    delete process.env.LOCAL_CLERK_ALLOW_IN_PRODUCTION;
  });
  const production = () => {
    (process.env as Record<string, string | undefined>).NODE_ENV = "production";
  };

  it("refuses before it touches anything, with the Clerk stand-in's sentence", async () => {
    production();
    await expect(startKit({ appDir: nowhere })).rejects.toThrow(
      PRODUCTION_REFUSAL,
    );
  });

  it("goes on with the stand-in's allow setting, as an option or its env var", async () => {
    production();
    const next = `The app folder ${nowhere} does not exist.`;
    await expect(
      startKit({ appDir: nowhere, allowInProduction: true }),
    ).rejects.toThrow(next);
    process.env.LOCAL_CLERK_ALLOW_IN_PRODUCTION = "true";
    await expect(startKit({ appDir: nowhere })).rejects.toThrow(next);
  });
});
