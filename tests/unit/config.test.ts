import { describe, expect, it, vi } from "vitest";
import {
  ConfigError,
  parseServerConfig,
  serverConfigOrExit,
} from "@/lib/config";

describe("parseServerConfig", () => {
  it("defaults to local mode with no keys", () => {
    const config = parseServerConfig({});
    expect(config.authMode).toBe("local");
    expect(config.convexUrl).toBe("http://127.0.0.1:3210");
    expect(config.localAuth.tokenTtlSeconds).toBe(60);
    expect(config.localAuth.issuer).toBe(
      "http://127.0.0.1:3000/api/local-auth",
    );
  });

  it("is clerk mode with both keys and a Convex URL", () => {
    const config = parseServerConfig({
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_x",
      CLERK_SECRET_KEY: "sk_test_x",
      NEXT_PUBLIC_CONVEX_URL: "https://happy-otter-123.convex.cloud",
      CONVEX_TOKEN_SOURCE: "template",
    });
    expect(config.authMode).toBe("clerk");
    expect(config.convexTokenSource).toBe("template");
  });

  it.each([
    [
      {
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_x",
        NEXT_PUBLIC_CONVEX_URL: "https://a.convex.cloud",
      },
      "CLERK_SECRET_KEY",
    ],
    [{ CLERK_SECRET_KEY: "sk_test_x" }, "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"],
    [{ NEXT_PUBLIC_CONVEX_URL: "ftp://example.com" }, "NEXT_PUBLIC_CONVEX_URL"],
    [{ NEXT_PUBLIC_CONVEX_URL: "not a url" }, "NEXT_PUBLIC_CONVEX_URL"],
    [
      { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk", CLERK_SECRET_KEY: "sk" },
      "NEXT_PUBLIC_CONVEX_URL",
    ],
    [{ LOCAL_AUTH_TOKEN_TTL_SECONDS: "10" }, "LOCAL_AUTH_TOKEN_TTL_SECONDS"],
    [{ LOCAL_AUTH_TOKEN_TTL_SECONDS: "abc" }, "LOCAL_AUTH_TOKEN_TTL_SECONDS"],
    [{ CONVEX_TOKEN_SOURCE: "jwt" }, "CONVEX_TOKEN_SOURCE"],
    [
      { LOCAL_AUTH_ALLOW_IN_PRODUCTION: "yes" },
      "LOCAL_AUTH_ALLOW_IN_PRODUCTION",
    ],
  ])("rejects %j naming %s", (env, variable) => {
    expect(() => parseServerConfig(env)).toThrow(ConfigError);
    try {
      parseServerConfig(env);
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message).toContain(variable);
    }
  });

  it("explains the refresh leeway when the lifetime is too short", () => {
    expect(() =>
      parseServerConfig({ LOCAL_AUTH_TOKEN_TTL_SECONDS: "5" }),
    ).toThrow(/10 s/);
  });
});

describe("serverConfigOrExit", () => {
  it("prints one line naming the variable and exits with 1", () => {
    // process.exit never returns; the mock throws to stop the function the same way.
    const exit = vi.spyOn(process, "exit").mockImplementation(() => {
      throw new Error("exited");
    });
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => serverConfigOrExit({ CLERK_SECRET_KEY: "sk_test_x" })).toThrow(
      "exited",
    );
    expect(exit).toHaveBeenCalledWith(1);
    expect(error.mock.calls.flat().join(" ")).toContain(
      "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
    );
    exit.mockRestore();
    error.mockRestore();
  });

  it("returns the config when it is valid", () => {
    expect(serverConfigOrExit({}).authMode).toBe("local");
  });
});
