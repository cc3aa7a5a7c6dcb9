import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUPPORTED_CONVEX_TEST_VERSION } from "../engineInternals";
import {
  admin,
  list,
  newClient,
  send,
  startFixtureConvex,
  startIssuer,
  waitFor,
  whoami,
  type FixtureMessage,
  type TestIssuer,
} from "./helpers";

let issuer: TestIssuer;
let dir: string;

beforeAll(async () => {
  issuer = await startIssuer();
  dir = mkdtempSync(path.join(tmpdir(), "local-convex-"));
});

afterAll(async () => {
  await issuer?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("persistence", () => {
  it("pins the engine version this mechanism was written for", () => {
    const installed = JSON.parse(
      readFileSync(
        path.join(process.cwd(), "node_modules/convex-test/package.json"),
        "utf8",
      ),
    ) as { version: string };
    const declared = JSON.parse(
      readFileSync(path.join(process.cwd(), "package.json"), "utf8"),
    ) as {
      devDependencies: Record<string, string>;
    };
    expect(declared.devDependencies["convex-test"]).toBe(
      SUPPORTED_CONVEX_TEST_VERSION,
    );
    expect(installed.version).toBe(SUPPORTED_CONVEX_TEST_VERSION);
  });

  it("round-trips documents with the same ids, values and creation times across a restart", async () => {
    const dataFile = path.join(dir, "round-trip.json");
    const first = await startFixtureConvex(issuer, { dataFile });
    const http = new ConvexHttpClient(first.url);
    const ids = [
      await http.mutation(send, { channel: "keep", body: "one" }),
      await http.mutation(send, { channel: "keep", body: "two" }),
    ];
    const before = await http.query(list, { channel: "keep" });
    await first.close();
    expect(existsSync(dataFile)).toBe(true);
    expect(existsSync(`${dataFile}.${process.pid}.tmp`)).toBe(false);

    const second = await startFixtureConvex(issuer, { dataFile });
    try {
      const http2 = new ConvexHttpClient(second.url);
      const after = await http2.query(list, { channel: "keep" });
      expect(after).toEqual(before);
      expect(after.map((row) => row._id)).toEqual(ids);
      // New ids continue after the restored ones instead of colliding.
      const newer = await http2.mutation(send, {
        channel: "keep",
        body: "three",
      });
      expect(ids).not.toContain(newer);
      expect(
        (await http2.query(list, { channel: "keep" })).map((r) => r._id),
      ).toEqual([...ids, newer]);
    } finally {
      await second.close();
    }
  });

  it("saves after each committed write, not only on close", async () => {
    const dataFile = path.join(dir, "each-write.json");
    const backend = await startFixtureConvex(issuer, { dataFile });
    try {
      const id = await new ConvexHttpClient(backend.url).mutation(send, {
        channel: "w",
        body: "saved",
      });
      await waitFor(
        () =>
          existsSync(dataFile) && readFileSync(dataFile, "utf8").includes(id),
        {
          what: "data file containing the new id",
        },
      );
    } finally {
      await backend.close();
    }
  });

  it("reset empties the data file too", async () => {
    const dataFile = path.join(dir, "reset.json");
    const backend = await startFixtureConvex(issuer, { dataFile });
    const http = new ConvexHttpClient(backend.url);
    await http.mutation(send, { channel: "r", body: "gone soon" });
    await admin(backend, "reset");
    await backend.close();
    const again = await startFixtureConvex(issuer, { dataFile });
    try {
      expect(
        await new ConvexHttpClient(again.url).query(list, { channel: "r" }),
      ).toEqual([]);
    } finally {
      await again.close();
    }
  });

  it("connected clients reconnect and re-authenticate after a restart on the same port", async () => {
    const dataFile = path.join(dir, "restart.json");
    const first = await startFixtureConvex(issuer, { dataFile });
    const port = first.port;
    const client = newClient(first.url);
    try {
      const rows: FixtureMessage[][] = [];
      const who: Array<{ subject: string } | null> = [];
      client.setAuth(() => issuer.mint({ sub: "restarter" }));
      client.onUpdate(list, { channel: "restart" }, (value) =>
        rows.push(value),
      );
      client.onUpdate(whoami, {}, (value) => who.push(value));
      const id = await client.mutation(send, {
        channel: "restart",
        body: "before",
      });
      await waitFor(() => who.at(-1)?.subject === "restarter");
      await first.close();

      const second = await startFixtureConvex(issuer, { dataFile, port });
      try {
        const accepted = () => second.counters().authAccepted;
        await waitFor(() => accepted() >= 1, {
          what: "re-authentication after restart",
          timeoutMs: 20_000,
        });
        await waitFor(
          () =>
            second
              .counters()
              .sockets.some((s) => s.identity?.subject === "restarter"),
          { what: "socket identity" },
        );
        const id2 = await client.mutation(send, {
          channel: "restart",
          body: "after",
        });
        await waitFor(() => rows.at(-1)?.length === 2, { what: "both rows" });
        expect(rows.at(-1)?.map((r) => r._id)).toEqual([id, id2]);
        expect(rows.at(-1)?.every((r) => r.author === "restarter")).toBe(true);
      } finally {
        await client.close();
        await second.close();
      }
    } finally {
      await client.close();
    }
  }, 30_000);
});
