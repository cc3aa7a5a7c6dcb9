import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import {
  admin,
  fixtureConvexForFile,
  list,
  newClient,
  send,
  waitFor,
  whoami,
  type FixtureMessage,
} from "./helpers";

const sendLater = makeFunctionReference<
  "mutation",
  { channel: string; body: string },
  null
>("messages:sendLater");
const boom = makeFunctionReference<"query", Record<string, never>, never>(
  "messages:boom",
);
const refuse = makeFunctionReference<"mutation", Record<string, never>, never>(
  "messages:refuse",
);
const shout = makeFunctionReference<
  "action",
  { text: string },
  { text: string; subject: string | null }
>("messages:shout");
const insertScheduled = makeFunctionReference<
  "mutation",
  { channel: string; body: string },
  null
>("messages:insertScheduled");

const stack = fixtureConvexForFile();

describe("sync protocol with the real ConvexClient", () => {
  it("answers the handshake and a query subscription", async () => {
    const client = newClient(stack.convex.url);
    try {
      const messages = await new Promise<FixtureMessage[]>(
        (resolve, reject) => {
          client.onUpdate(list, { channel: "empty" }, resolve, reject);
        },
      );
      expect(messages).toEqual([]);
      expect(client.connectionState().isWebSocketConnected).toBe(true);
      const counters = stack.convex.counters();
      expect(counters.connectionsOpen).toBeGreaterThanOrEqual(1);
      expect(counters.transitions).toBeGreaterThanOrEqual(1);
    } finally {
      await client.close();
    }
  });

  it("resolves a mutation after its write is visible, and updates another client", async () => {
    const writer = newClient(stack.convex.url);
    const reader = newClient(stack.convex.url);
    try {
      const seen: FixtureMessage[][] = [];
      reader.onUpdate(list, { channel: "reactive" }, (value) =>
        seen.push(value),
      );
      await waitFor(() => seen.length >= 1, { what: "first result" });

      const own: FixtureMessage[][] = [];
      writer.onUpdate(list, { channel: "reactive" }, (value) =>
        own.push(value),
      );
      await waitFor(() => own.length >= 1, { what: "writer's first result" });

      const id = await writer.mutation(send, {
        channel: "reactive",
        body: "hi",
      });
      // Read-your-writes: the writer's subscription already holds the row.
      expect(own.at(-1)?.map((m) => m._id)).toContain(id);
      await waitFor(() => seen.at(-1)?.some((m) => m._id === id), {
        what: "the other client's update",
      });
      expect(seen.at(-1)?.[0]).toMatchObject({
        body: "hi",
        author: "anonymous",
      });
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it("pushes writes made by scheduled functions", async () => {
    const client = newClient(stack.convex.url);
    try {
      const seen: FixtureMessage[][] = [];
      client.onUpdate(list, { channel: "scheduled" }, (value) =>
        seen.push(value),
      );
      await client.mutation(sendLater, { channel: "scheduled", body: "later" });
      await waitFor(() => seen.at(-1)?.length === 1, {
        what: "scheduled write",
      });
      expect(seen.at(-1)?.[0]).toMatchObject({ author: "scheduler" });
    } finally {
      await client.close();
    }
  });

  it("turns function errors into QueryFailed and failed responses", async () => {
    const client = newClient(stack.convex.url);
    try {
      const error = await new Promise<Error>((resolve) => {
        client.onUpdate(boom, {}, () => {}, resolve);
      });
      expect(error.message).toContain("query exploded");

      const refused = await client
        .mutation(refuse, {})
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConvexError);
      expect((refused as ConvexError<{ code: string }>).data).toEqual({
        code: "REFUSED",
        message: "not today",
      });

      await expect(
        client.mutation(insertScheduled, { channel: "x", body: "y" }),
      ).rejects.toThrow(/Could not find public function/);
      // The socket survives function errors.
      expect(await client.action(shout, { text: "still here" })).toEqual({
        text: "STILL HERE",
        subject: null,
      });
    } finally {
      await client.close();
    }
  });

  it("runs actions with the caller's identity", async () => {
    const client = newClient(stack.convex.url);
    try {
      client.setAuth(async () => stack.issuer.mint({ sub: "action-user" }));
      await waitFor(
        async () => (await client.query(whoami, {}))?.subject === "action-user",
        {
          what: "authenticated",
        },
      );
      expect(await client.action(shout, { text: "hey" })).toEqual({
        text: "HEY",
        subject: "action-user",
      });
    } finally {
      await client.close();
    }
  });
});

describe("HTTP API (ConvexHttpClient, as convex/nextjs uses it)", () => {
  it("runs fetchQuery without a token", async () => {
    const http = new ConvexHttpClient(stack.convex.url);
    expect(await http.query(whoami, {})).toBeNull();
    expect(await http.query(list, { channel: "http-empty" })).toEqual([]);
  });

  it("runs fetchQuery and a mutation with a valid token", async () => {
    const http = new ConvexHttpClient(stack.convex.url);
    http.setAuth(await stack.issuer.mint({ sub: "http-user" }));
    expect(await http.query(whoami, {})).toMatchObject({
      subject: "http-user",
      tokenIdentifier: `${stack.issuer.issuer}|http-user`,
    });
    const id = await http.mutation(send, {
      channel: "http",
      body: "over http",
    });
    const rows = await http.query(list, { channel: "http" });
    expect(rows.map((row) => row._id)).toEqual([id]);
    expect(rows[0]?.author).toBe("http-user");
    expect(await http.action(shout, { text: "a" })).toEqual({
      text: "A",
      subject: "http-user",
    });
  });

  it("answers 401 for a bad token and 560 for a function error", async () => {
    const http = new ConvexHttpClient(stack.convex.url);
    http.setAuth(await stack.issuer.mint({ ttlSeconds: -5 }));
    await expect(http.query(whoami, {})).rejects.toThrow(
      /Could not verify OIDC token/,
    );

    const raw = await fetch(`${stack.convex.url}/api/query`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: "Bearer not-a-jwt",
      },
      body: JSON.stringify({
        path: "messages:whoami",
        format: "convex_encoded_json",
        args: [{}],
      }),
    });
    expect(raw.status).toBe(401);

    const failing = await fetch(`${stack.convex.url}/api/query`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        path: "messages:boom",
        format: "convex_encoded_json",
        args: [{}],
      }),
    });
    expect(failing.status).toBe(560);
    expect(await failing.json()).toMatchObject({ status: "error" });
  });
});

describe("test controls", () => {
  it("require the admin key", async () => {
    const response = await fetch(`${stack.convex.url}/_admin/counters`);
    expect(response.status).toBe(401);
    const ok = await admin(stack.convex, "counters", "GET");
    expect(ok.status).toBe(200);
    expect(ok.body).toHaveProperty("authAccepted");
  });

  it("pause refuses sockets and HTTP calls; resume lets the client back in", async () => {
    const client = newClient(stack.convex.url);
    try {
      const seen: FixtureMessage[][] = [];
      client.onUpdate(list, { channel: "outage" }, (value) => seen.push(value));
      await waitFor(() => seen.length >= 1, { what: "first result" });

      const paused = await admin(stack.convex, "pause");
      expect(paused.body.dropped).toBeGreaterThanOrEqual(1);
      const http = new ConvexHttpClient(stack.convex.url);
      await expect(http.query(list, { channel: "outage" })).rejects.toThrow();
      await waitFor(() => !client.connectionState().isWebSocketConnected, {
        what: "client disconnected",
      });
      expect(stack.convex.counters().connectionsOpen).toBe(0);

      await admin(stack.convex, "resume");
      await http.mutation(send, { channel: "outage", body: "after outage" });
      await waitFor(() => seen.at(-1)?.length === 1, {
        what: "client back with new data",
        timeoutMs: 20_000,
      });
    } finally {
      await client.close();
    }
  });

  it("drop-connections makes clients reconnect; reset empties the data", async () => {
    const client = newClient(stack.convex.url);
    try {
      const seen: FixtureMessage[][] = [];
      client.onUpdate(list, { channel: "reset" }, (value) => seen.push(value));
      await client.mutation(send, { channel: "reset", body: "x" });
      await waitFor(() => seen.at(-1)?.length === 1, { what: "row visible" });
      const opened = stack.convex.counters().connectionsOpened;
      await admin(stack.convex, "drop-connections");
      await waitFor(() => stack.convex.counters().connectionsOpened > opened, {
        what: "reconnect",
      });
      await admin(stack.convex, "reset");
      await waitFor(() => seen.at(-1)?.length === 0, {
        what: "reset reaches client",
      });
    } finally {
      await client.close();
    }
  });
});
