import { describe, expect, it } from "vitest";
import type { KitConfig } from "../config";
import { resolveSettings } from "../settings";

describe("flags and the config file together", () => {
  const config: KitConfig = {
    envFile: ".env.e2e",
    data: "stack-data",
    clerkPort: 4100,
    convexPort: 4101,
    stressLifetimes: true,
    sessionTokenTtlSeconds: 20,
    users: [{ email: "ada@example.com" }],
    convexEnv: { A: "file", B: "file" },
  };

  it("lets flags win, with command-line paths from where the command ran and file paths from the app", () => {
    const settings = resolveSettings(
      {
        command: "start",
        app: "shop",
        clerkPort: 4200,
        envFile: "out/.env",
        convexEnv: { B: "flag" },
      },
      config,
      "/work",
    );
    expect(settings).toEqual({
      envFile: "/work/out/.env",
      options: {
        appDir: "/work/shop",
        dataDir: "/work/shop/stack-data",
        clerkPort: 4200,
        convexPort: 4101,
        stressLifetimes: true,
        sessionTokenTtlSeconds: 20,
        users: [{ email: "ada@example.com" }],
        convexEnv: { A: "file", B: "flag" },
      },
    });
  });

  it("uses the file's env file and no stdout when no flag names one", () => {
    expect(
      resolveSettings(
        { command: "start", app: "/apps/shop", data: "d", convexEnv: {} },
        config,
        "/work",
      ),
    ).toMatchObject({
      envFile: "/apps/shop/.env.e2e",
      options: { dataDir: "/work/d" },
    });
    expect(
      resolveSettings(
        { command: "start", app: "/apps/shop", convexEnv: {} },
        {},
        "/work",
      ),
    ).toEqual({ options: { appDir: "/apps/shop", convexEnv: {} } });
  });
});
