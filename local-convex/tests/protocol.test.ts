import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { decodeTs } from "../wire";
import {
  fixtureConvexForFile,
  type Frame,
  list,
  newClient,
  rawSocket,
  send,
  waitFor,
} from "./helpers";

const stack = fixtureConvexForFile({
  pingAfterMs: 400,
  maxMessageBytes: 64 * 1024,
});

describe("sync protocol details", () => {
  it("chains versions per socket and follows a MutationResponse with a Transition reaching its ts", async () => {
    const socket = await rawSocket(stack.convex.url);
    socket.send({
      type: "ModifyQuerySet",
      baseVersion: 0,
      newVersion: 1,
      modifications: [
        {
          type: "Add",
          queryId: 0,
          udfPath: "messages:list",
          args: [{ channel: "raw" }],
        },
      ],
    });
    await waitFor(() => socket.frames.some((f) => f.type === "Transition"));
    const first = socket.frames.find((f) => f.type === "Transition")!;
    expect(first.startVersion).toEqual({
      querySet: 0,
      identity: 0,
      ts: "AAAAAAAAAAA=",
    });
    expect(first.endVersion).toMatchObject({ querySet: 1, identity: 0 });
    expect(first.modifications).toEqual([
      {
        type: "QueryUpdated",
        queryId: 0,
        value: [],
        logLines: [],
        journal: null,
      },
    ]);

    socket.send({
      type: "Mutation",
      requestId: 0,
      udfPath: "messages:send",
      args: [{ channel: "raw", body: "x" }],
    });
    await waitFor(
      () => socket.frames.filter((f) => f.type === "Transition").length >= 2,
    );
    const response = socket.frames.find((f) => f.type === "MutationResponse")!;
    expect(response.success).toBe(true);
    const responseIndex = socket.frames.indexOf(response);
    const next = socket.frames
      .slice(responseIndex + 1)
      .find((f) => f.type === "Transition")!;
    expect(next.startVersion).toEqual(first.endVersion);
    const endTs = decodeTs((next.endVersion as { ts: string }).ts);
    expect(endTs >= decodeTs(response.ts as string)).toBe(true);
    expect((next.modifications as Frame[])[0]).toMatchObject({
      type: "QueryUpdated",
      queryId: 0,
    });
    socket.ws.close();
  });

  it("pings after silence", async () => {
    const socket = await rawSocket(stack.convex.url);
    await waitFor(() => socket.frames.some((f) => f.type === "Ping"), {
      timeoutMs: 2_000,
    });
    socket.ws.close();
  });

  it("rejects a bad token with AuthError (authUpdateAttempted) and closes", async () => {
    const socket = await rawSocket(stack.convex.url);
    socket.send({
      type: "Authenticate",
      tokenType: "User",
      value: await stack.issuer.mint({ aud: "someone-else" }),
      baseVersion: 0,
    });
    await waitFor(() => socket.closeCode() !== null, { what: "close" });
    // Like an expiry: a close frame without a status code.
    expect(socket.closeCode()).toBe(1005);
    expect(socket.frames.filter((f) => f.type !== "Ping")).toEqual([
      {
        type: "AuthError",
        error: "No auth provider found matching the given token",
        baseVersion: 0,
        authUpdateAttempted: true,
      },
    ]);
  });

  it("notices an expired identity only when the socket has work, then closes without running it", async () => {
    const channel = `raw-expiry-${randomUUID()}`;
    const socket = await rawSocket(stack.convex.url);
    socket.send({
      type: "Authenticate",
      tokenType: "User",
      value: await stack.issuer.mint({
        sub: "raw",
        iatOffsetSeconds: -30,
        // Expires 3 s after minting: time to be accepted on a busy machine.
        ttlSeconds: 33,
      }),
      baseVersion: 0,
    });
    await waitFor(() =>
      socket.frames.some(
        (f) =>
          f.type === "Transition" &&
          (f.endVersion as { identity: number }).identity === 1,
      ),
    );
    // Idle past expiry (pings only): the socket stays open.
    await new Promise((resolve) => setTimeout(resolve, 3_600));
    expect(socket.closeCode()).toBeNull();
    socket.send({
      type: "Mutation",
      requestId: 0,
      udfPath: "messages:send",
      args: [{ channel, body: "must not run" }],
    });
    await waitFor(() => socket.closeCode() !== null, { what: "close" });
    expect(socket.closeCode()).toBe(1005);
    const meaningful = socket.frames.filter((f) => f.type !== "Ping");
    expect(meaningful.at(-1)).toEqual({
      type: "AuthError",
      error: "Convex token identity expired",
      baseVersion: 1,
      authUpdateAttempted: false,
    });
    expect(meaningful.some((f) => f.type === "MutationResponse")).toBe(false);
    const client = newClient(stack.convex.url);
    expect(await client.query(list, { channel })).toEqual([]);
    await client.close();
  }, 20_000);
});

describe("robustness", () => {
  it("survives a few hundred random or broken frames while other clients keep updating", async () => {
    const watcher = newClient(stack.convex.url);
    const writer = newClient(stack.convex.url);
    const channel = `fuzz-${randomUUID()}`;
    const seen: unknown[][] = [];
    watcher.onUpdate(list, { channel }, (value) => seen.push(value));
    await waitFor(() => seen.length >= 1);

    const protocolErrorsBefore = stack.convex.counters().protocolErrors;
    const broken: Array<() => string | Buffer> = [
      () => "{not json",
      () => JSON.stringify({ type: "Bogus" }),
      () => JSON.stringify([1, 2, 3]),
      () =>
        JSON.stringify({
          type: "ModifyQuerySet",
          baseVersion: 7,
          newVersion: 8,
          modifications: [],
        }),
      () =>
        JSON.stringify({
          type: "Authenticate",
          tokenType: "User",
          baseVersion: 3,
          value: "x",
        }),
      () =>
        JSON.stringify({
          type: "Mutation",
          requestId: -1,
          udfPath: 5,
          args: "no",
        }),
      () =>
        JSON.stringify({
          type: "ModifyQuerySet",
          baseVersion: 0,
          newVersion: 1,
          modifications: [
            {
              type: "Add",
              queryId: 1,
              udfPath: "messages:list",
              args: [{ $weird: 1 }],
            },
          ],
        }),
      () => randomBytes(64),
      () => randomBytes(32).toString("latin1"),
      () => "x".repeat(100 * 1024),
      () => JSON.stringify({ type: "Event", eventType: "x", event: null }),
    ];
    let sent = 0;
    const sockets = [];
    for (let round = 0; round < 30; round += 1) {
      const socket = await rawSocket(stack.convex.url);
      sockets.push(socket);
      for (
        let i = 0;
        i < 10 && socket.ws.readyState === WebSocket.OPEN;
        i += 1
      ) {
        const frame = broken[Math.floor(Math.random() * broken.length)]!();
        socket.ws.send(frame);
        sent += 1;
      }
      if (round % 5 === 0) {
        await writer.mutation(send, { channel, body: `round ${round}` });
      }
    }
    expect(sent).toBeGreaterThanOrEqual(100);
    await waitFor(() => seen.at(-1)?.length === 6, {
      what: "watcher kept updating",
    });
    await waitFor(
      () => stack.convex.counters().protocolErrors > protocolErrorsBefore,
    );
    // Every fuzzed socket ends closed by the server (or stays open only if it
    // sent nothing harmful, e.g. Events).
    for (const socket of sockets) socket.ws.terminate();
    expect(
      await writer.mutation(send, { channel, body: "after" }),
    ).toBeTruthy();
    await waitFor(() => seen.at(-1)?.length === 7);
    await watcher.close();
    await writer.close();
  }, 30_000);

  it("closes a socket that sends an oversized frame", async () => {
    const socket = await rawSocket(stack.convex.url);
    socket.ws.send("y".repeat(65 * 1024));
    await waitFor(() => socket.closeCode() !== null);
    expect(socket.closeCode()).toBe(1009);
  });
});
