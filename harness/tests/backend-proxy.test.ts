import { describe, expect, it } from "vitest";
import {
  BACKEND_ACTIONS,
  isBackendAction,
  isSameOriginRequest,
} from "@/harness/server/backendProxy";
import { parseHarnessQuery } from "@/harness/model/query";
import { LANE_IDS } from "@/harness/designs/lanes";

describe("backend control proxy rules", () => {
  it("knows only the local backend's test controls", () => {
    expect(isBackendAction("drop-connections")).toBe(true);
    expect(BACKEND_ACTIONS["drop-connections"].path).toBe(
      "/_admin/drop-connections",
    );
    expect(isBackendAction("constructor")).toBe(false);
    expect(isBackendAction("../admin")).toBe(false);
  });

  it("accepts same-origin POSTs and refuses others", () => {
    const url = "http://127.0.0.1:3000/api/dev/backend/pause";
    const headers = (init: Record<string, string>) => new Headers(init);
    expect(
      isSameOriginRequest(
        headers({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }),
        url,
      ),
    ).toBe(true);
    expect(
      isSameOriginRequest(
        headers({ origin: "http://evil.test", host: "127.0.0.1:3000" }),
        url,
      ),
    ).toBe(false);
    expect(
      isSameOriginRequest(headers({ "sec-fetch-site": "same-origin" }), url),
    ).toBe(true);
    expect(
      isSameOriginRequest(headers({ "sec-fetch-site": "cross-site" }), url),
    ).toBe(false);
    expect(isSameOriginRequest(headers({}), url)).toBe(false);
    expect(
      isSameOriginRequest(
        headers({ origin: "null", host: "127.0.0.1:3000" }),
        url,
      ),
    ).toBe(false);
  });
});

describe("harness URL query", () => {
  it("preselects lanes and the poll interval", () => {
    expect(
      parseHarnessQuery({ lanes: "svelte-static,official", poll: "2" }),
    ).toEqual({
      lanes: ["official", "svelte-static"],
      pollSeconds: 2,
      periodicSeconds: null,
    });
  });

  it("falls back to all lanes and 3 s, ignoring junk, clamping numbers", () => {
    const all = parseHarnessQuery({ lanes: "nope", poll: "abc" });
    expect(all.lanes).toEqual([...LANE_IDS]);
    expect(all.pollSeconds).toBe(3);
    expect(parseHarnessQuery({ poll: "0.01", periodic: "20" })).toMatchObject({
      pollSeconds: 0.5,
      periodicSeconds: 20,
    });
    expect(
      parseHarnessQuery({ lanes: ["periodic-invalidation"] }).lanes,
    ).toEqual(["periodic-invalidation"]);
  });
});
