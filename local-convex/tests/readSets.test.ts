import { randomUUID } from "node:crypto";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { describe, expect, it } from "vitest";
import type { QueryGroup } from "../queryHub";
import {
  fixtureConvexForFile,
  list,
  newClient,
  send,
  waitFor,
  type FixtureMessage,
} from "./helpers";

type Note = { _id: string; owner: string; text: string };
const mine = makeFunctionReference<"query", Record<string, never>, Note[]>(
  "notes:mine",
);
const addNote = makeFunctionReference<"mutation", { text: string }, string>(
  "notes:add",
);
const viaRunQuery = makeFunctionReference<"query", { channel: string }, number>(
  "messages:viaRunQuery",
);
const between = makeFunctionReference<
  "query",
  { channel: string; after: number; before: number },
  FixtureMessage[]
>("messages:between");
const sendAndCount = makeFunctionReference<
  "mutation",
  { channel: string; body: string },
  string[]
>("messages:sendAndCount");

const stack = fixtureConvexForFile();

function groupFor(udfPath: string, subject: string | null): QueryGroup {
  const found = stack.convex.hub
    .groupsOf(udfPath)
    .find((group) => (group.identity?.subject ?? null) === subject);
  if (!found) throw new Error(`no group for ${udfPath} as ${subject}`);
  return found;
}

async function signedInClient(subject: string) {
  const client = newClient(stack.convex.url);
  client.setAuth(() => stack.issuer.mint({ sub: subject }));
  const notes: Note[][] = [];
  const rows: FixtureMessage[][] = [];
  client.onUpdate(mine, {}, (value) => notes.push(value));
  client.onUpdate(list, { channel: `own-${subject}` }, (value) =>
    rows.push(value),
  );
  await waitFor(
    () =>
      stack.convex
        .counters()
        .sockets.some((s) => s.identity?.subject === subject) &&
      notes.length > 0 &&
      rows.length > 0,
    { what: `${subject} signed in with results` },
  );
  return { client, notes, rows, subject };
}

describe("read sets", () => {
  it("a write to one user's data does not re-run another user's subscriptions", async () => {
    const alice = await signedInClient(`alice-${randomUUID()}`);
    const bobSubject = `bob-${randomUUID()}`;
    const bob = await signedInClient(bobSubject);
    try {
      const bobNotes = groupFor("notes:mine", bobSubject);
      const bobRows = stack.convex.hub
        .groupsOf("messages:list")
        .find((group) => group.args.channel === `own-${bobSubject}`)!;
      const before = {
        notes: bobNotes.executions,
        rows: bobRows.executions,
        bobUpdates: bob.notes.length + bob.rows.length,
      };
      await alice.client.mutation(addNote, { text: "only mine" });
      await alice.client.mutation(send, {
        channel: `own-${alice.subject}`,
        body: "in alice's channel",
      });
      expect(alice.notes.at(-1)?.map((note) => note.text)).toEqual([
        "only mine",
      ]);
      expect(alice.rows.at(-1)?.length).toBe(1);
      // Alice's notes query was re-run; Bob's two queries were not.
      expect(bobNotes.executions).toBe(before.notes);
      expect(bobRows.executions).toBe(before.rows);
      expect(bob.notes.length + bob.rows.length).toBe(before.bobUpdates);
      expect(bob.notes.at(-1)).toEqual([]);

      // A write inside Bob's range does re-run his query.
      await new ConvexHttpClient(stack.convex.url).mutation(send, {
        channel: `own-${bobSubject}`,
        body: "for bob",
      });
      await waitFor(() => bob.rows.at(-1)?.length === 1, {
        what: "bob's update",
      });
      expect(bobRows.executions).toBe(before.rows + 1);
      expect(bobNotes.executions).toBe(before.notes);
    } finally {
      await alice.client.close();
      await bob.client.close();
    }
  });

  it("a query whose reads the engine cannot see is re-run after every commit", async () => {
    const channel = `hidden-${randomUUID()}`;
    const watcher = newClient(stack.convex.url);
    const writer = newClient(stack.convex.url);
    try {
      const counts: number[] = [];
      watcher.onUpdate(viaRunQuery, { channel }, (value) => counts.push(value));
      await waitFor(() => counts.length === 1, { what: "first result" });
      const group = stack.convex.hub
        .groupsOf("messages:viaRunQuery")
        .find((found) => found.args.channel === channel)!;
      expect(group.unknown).toBe(true);
      const executions = group.executions;
      // A commit to an unrelated channel still re-runs it (never skipped)...
      await writer.mutation(send, { channel: `${channel}-other`, body: "x" });
      await waitFor(() => group.executions > executions, {
        what: "re-run after an unrelated commit",
      });
      // ...and an unchanged result is not sent again.
      expect(counts).toEqual([0]);
      await writer.mutation(send, { channel, body: "y" });
      await waitFor(() => counts.at(-1) === 1, { what: "the new count" });
    } finally {
      await watcher.close();
      await writer.close();
    }
  });
});

describe("indexed queries", () => {
  it("visit only the rows in the index range, however many other rows exist", async () => {
    const http = new ConvexHttpClient(stack.convex.url);
    const noise = `noise-${randomUUID()}`;
    const signal = `signal-${randomUUID()}`;
    for (let i = 0; i < 300; i += 1) {
      await http.mutation(send, { channel: noise, body: `n${i}` });
    }
    for (let i = 0; i < 3; i += 1) {
      await http.mutation(send, { channel: signal, body: `s${i}` });
    }
    const visited = stack.convex.engine.rowsVisited;
    const rows = await http.query(list, { channel: signal });
    expect(rows.map((row) => row.body)).toEqual(["s0", "s1", "s2"]);
    expect(stack.convex.engine.rowsVisited - visited).toBe(3);
  });

  it("answer ranges, order and a mutation's own writes like a scan would", async () => {
    const http = new ConvexHttpClient(stack.convex.url);
    const channel = `range-${randomUUID()}`;
    for (let i = 0; i < 6; i += 1) {
      await http.mutation(send, { channel, body: `r${i}` });
    }
    const all = await http.query(list, { channel });
    const times = all.map((row) => row._creationTime);
    const middle = await http.query(between, {
      channel,
      after: times[1]!,
      before: times[4]!,
    });
    expect(middle.map((row) => row.body)).toEqual(["r3", "r2"]);
    expect(
      await http.mutation(sendAndCount, { channel, body: "pending" }),
    ).toEqual(["r0", "r1", "r2", "r3", "r4", "r5", "pending"]);
    expect((await http.query(list, { channel })).length).toBe(7);
  });
});
