import { describe, expect, it, vi } from "vitest";
import {
  ConfigError,
  parseServerConfig,
  serverConfigOrExit,
} from "@/lib/config";

const keys = {
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY:
    "pk_test_Y2xhc3Nyb29tLmNsZXJrLmFjY291bnRzLmRldiQ",
  CLERK_SECRET_KEY: "sk_test_x",
};

describe("parseServerConfig", () => {
  it("needs the two Clerk keys and defaults the rest", () => {
    const config = parseServerConfig(keys);
    expect(config.convexUrl).toBe("http://127.0.0.1:3210");
    expect(config.convexTokenSource).toBe("native");
    expect(config.clerkPublishableKey).toBe(
      keys.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
    );
    expect(config.authHarnessEnabled).toBe(true);
  });

  it("reads the token source, the JWT key and the Convex URL", () => {
    const config = parseServerConfig({
      ...keys,
      NEXT_PUBLIC_CONVEX_URL: "https://happy-otter-123.convex.cloud",
      CONVEX_TOKEN_SOURCE: "template",
      CLERK_JWT_KEY: "-----BEGIN PUBLIC KEY-----x",
    });
    expect(config.convexTokenSource).toBe("template");
    expect(config.clerkJwtKey).toBe("-----BEGIN PUBLIC KEY-----x");
    expect(config.convexUrl).toBe("https://happy-otter-123.convex.cloud");
  });

  it("keeps the harness off in a production build unless enabled", () => {
    expect(
      parseServerConfig({ ...keys, NODE_ENV: "production" }).authHarnessEnabled,
    ).toBe(false);
    expect(
      parseServerConfig({
        ...keys,
        NODE_ENV: "production",
        AUTH_HARNESS_ENABLED: "true",
      }).authHarnessEnabled,
    ).toBe(true);
  });

  it.each([
    [{ CLERK_SECRET_KEY: "sk_test_x" }, "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"],
    [
      {
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY:
          keys.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
      },
      "CLERK_SECRET_KEY",
    ],
    [
      { ...keys, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "sk_test_swapped" },
      "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
    ],
    [{ ...keys, CLERK_SECRET_KEY: "  " }, "CLERK_SECRET_KEY"],
    [
      { ...keys, NEXT_PUBLIC_CONVEX_URL: "ftp://example.com" },
      "NEXT_PUBLIC_CONVEX_URL",
    ],
    [
      { ...keys, NEXT_PUBLIC_CONVEX_URL: "not a url" },
      "NEXT_PUBLIC_CONVEX_URL",
    ],
    [{ ...keys, CONVEX_TOKEN_SOURCE: "jwt" }, "CONVEX_TOKEN_SOURCE"],
    [{ ...keys, AUTH_HARNESS_ENABLED: "yes" }, "AUTH_HARNESS_ENABLED"],
  ])("rejects %j naming %s", (env, variable) => {
    expect(() => parseServerConfig(env)).toThrow(ConfigError);
    try {
      parseServerConfig(env);
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message).toContain(variable);
    }
  });

  it("says how to get a missing key", () => {
    expect(() => parseServerConfig({})).toThrow(/npm run dev/);
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
    expect(serverConfigOrExit(keys).clerkSecretKey).toBe("sk_test_x");
  });
});
