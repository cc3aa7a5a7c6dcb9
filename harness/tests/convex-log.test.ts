import { version as convexVersion } from "convex";
import { describe, expect, it } from "vitest";
import {
  PARSED_CONVEX_VERSION,
  convexVersionWarning,
  parseLogLine,
  parseVerboseLine,
} from "@/harness/browser/verboseLog";
import type { LaneEvent } from "@/harness/model/events";
import {
  fixtureConvexForFile,
  newClient,
  waitFor,
  whoami,
  type Logger,
} from "@/local-convex/tests/helpers";

/**
 * The harness learns about confirmations, scheduled refreshes and give-ups only
 * from the Convex client's log text. These tests run the installed client against
 * the local backend and feed its real log lines to the parser, so a client whose
 * wording changed fails here rather than silently emptying the harness's charts.
 */

const stack = fixtureConvexForFile();

type Fetch = (args: { forceRefreshToken: boolean }) => Promise<string | null>;

/** Runs a client with `fetchToken` and returns the harness events its log produced. */
async function runClient(
  fetchToken: Fetch,
  until: (events: LaneEvent[]) => boolean,
): Promise<{ events: LaneEvent[]; lines: string[] }> {
  const events: LaneEvent[] = [];
  const lines: string[] = [];
  const text = (args: unknown[]) => args.map(String).join(" ");
  const logger: Logger = {
    logVerbose: (...args) => {
      lines.push(text(args));
      const event = parseVerboseLine(args, Date.now());
      if (event) events.push(event);
    },
    log: () => {},
    warn: (...args) => events.push(parseLogLine("warn", args, Date.now())),
    error: (...args) => {
      lines.push(text(args));
      events.push(parseLogLine("error", args, Date.now()));
    },
  };
  const client = newClient(stack.convex.url, { verbose: true, logger });
  try {
    client.setAuth(fetchToken);
    client.onUpdate(whoami, {}, () => {});
    await waitFor(() => until(events), {
      timeoutMs: 15_000,
      what: "the expected log lines",
    });
  } finally {
    await client.close();
  }
  return { events, lines };
}

const types = (events: LaneEvent[]) => events.map((event) => event.type);

describe(`Convex ${PARSED_CONVEX_VERSION} log lines`, () => {
  it("is the client version this parser was written for", () => {
    // Upgrading convex: run this file, fix the parser, then move the pin.
    expect(convexVersion).toBe(PARSED_CONVEX_VERSION);
    expect(convexVersionWarning(convexVersion)).toBeNull();
    expect(convexVersionWarning("1.49.0")).toMatch(
      /reads the log lines of convex 1\.48\.0, but convex 1\.49\.0 is running/,
    );
  });

  it("reads the first confirmation, the fresh one and the refresh schedule", async () => {
    const { events } = await runClient(
      () => stack.issuer.mint({ ttlSeconds: 60 }),
      (seen) => types(seen).includes("refresh-scheduled"),
    );
    expect(types(events).slice(0, 3)).toEqual([
      "auth-accepted",
      "auth-accepted",
      "refresh-scheduled",
    ]);
    expect(events[0]).toMatchObject({ kind: "cached" });
    expect(events[1]).toMatchObject({ kind: "fresh" });
    // exp - iat - 10 s leeway, counted from the confirmation.
    expect(events[2]).toMatchObject({ delayMs: 50_000 });
  });

  it("reads 'refreshing stopped' when a forced fetch returns the same token", async () => {
    const token = await stack.issuer.mint({ ttlSeconds: 60 });
    const { events } = await runClient(
      async () => token,
      (seen) => types(seen).includes("refresh-stopped"),
    );
    expect(types(events)).toEqual(["auth-accepted", "refresh-stopped"]);
  });

  it("reads a rejected token and the give-up when only that token comes back", async () => {
    const expired = await stack.issuer.mint({
      ttlSeconds: 60,
      iatOffsetSeconds: -120,
    });
    const { events } = await runClient(
      async () => expired,
      (seen) => types(seen).includes("auth-failed"),
    );
    const reauth = events.find((event) => event.type === "reauthenticating");
    expect(reauth).toBeDefined();
    expect((reauth as { error: string }).error).not.toMatch(/\[v\d+\]$/);
    expect(events.find((event) => event.type === "auth-failed")).toMatchObject({
      error: "reauthentication failed, could not fetch a new token",
    });
  });

  it("reads a forced fetch that returns no token", async () => {
    const { events } = await runClient(
      async ({ forceRefreshToken }) =>
        forceRefreshToken ? null : stack.issuer.mint({ ttlSeconds: 60 }),
      (seen) => types(seen).includes("auth-failed"),
    );
    expect(types(events)).toEqual(["auth-accepted", "auth-failed"]);
    expect(events[1]).toMatchObject({ error: "refetching token failed" });
  });

  it("reads the error line when fresh tokens keep being rejected", async () => {
    const { events } = await runClient(
      () => stack.issuer.mint({ ttlSeconds: 60, aud: "not-convex" }),
      (seen) =>
        seen.some(
          (event) =>
            event.type === "auth-failed" &&
            event.error.startsWith("Failed to authenticate"),
        ),
    );
    expect(
      types(events).filter((type) => type === "reauthenticating").length,
    ).toBeGreaterThanOrEqual(2);
    expect(types(events)).not.toContain("auth-accepted");
  });
});
