import { describe, expect, it } from "vitest";
import { devHost } from "@/scripts/devHost";

describe("npm run dev's listen address", () => {
  it("is loopback by default, with no warning", () => {
    expect(devHost(["node", "dev.ts"])).toEqual({
      host: "localhost",
      warning: null,
    });
    expect(devHost(["node", "dev.ts", "--host", "127.0.0.1"]).warning).toBe(
      null,
    );
  });

  it("warns when exposed on another address", () => {
    const { host, warning } = devHost(["node", "dev.ts", "--host", "0.0.0.0"]);
    expect(host).toBe("0.0.0.0");
    expect(warning).toMatch(/reachable from other machines/);
  });

  it("refuses --host without an address", () => {
    expect(() => devHost(["node", "dev.ts", "--host"])).toThrow(
      /needs an address/,
    );
    expect(() => devHost(["node", "dev.ts", "--host", "--seed"])).toThrow(
      /needs an address/,
    );
  });
});
