/**
 * Bad input gets the answer a deployment gives: a 4xx with a code and a
 * sentence over HTTP, a failed query or a closed socket with a sentence over
 * the sync protocol; never a JavaScript error message, a stack or a 500.
 */
import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { ConvexHttpClient } from "convex/browser";
import { describe, expect, it } from "vitest";
import { MAX_VALUE_DEPTH } from "../clientInput";
import { MAX_BODY_BYTES } from "../httpApi";
import { fixtureConvexForFile, rawSocket, send, waitFor } from "./helpers";

const stack = fixtureConvexForFile();

/** Words that only appear when a JavaScript error leaks through. */
const RAW_JS =
  /Unexpected token|is not valid JSON|is not a function|Maximum call stack|TypeError|SyntaxError|RangeError|\n\s+at /;

async function call(kind: string, body: unknown) {
  const response = await fetch(`${stack.convex.url}/api/${kind}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    body: JSON.parse(text) as Record<string, unknown>,
  };
}

function pageArgs(channel: string, cursor: string | null) {
  return {
    path: "messages:page",
    format: "convex_encoded_json",
    args: [{ channel, paginationOpts: { numItems: 2, cursor } }],
  };
}

/** `{"a":{"a":...}}` nested `depth` levels, as text (JSON.stringify would recurse). */
function deepObjectText(depth: number) {
  return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

const FORGED_CURSORS = [
  "AAAA", // not JSON: `Unexpected token 'A', "AAAA" is not valid JSON`
  "{}", // JSON but not an array: `JSON.parse(...).map is not a function`
  '["not json"]', // an array whose key is not JSON text
  '[{"x":1}]', // an array whose key is not a string
  `["${"[".repeat(5000)}"]`, // a key nested far too deep
];

describe("forged pagination cursors", () => {
  it("pages with the cursors the stand-in made", async () => {
    const channel = `pages-${randomUUID()}`;
    for (const body of ["one", "two", "three"]) {
      await call("mutation", {
        path: "messages:send",
        args: [{ channel, body }],
      });
    }
    const first = await call("query", pageArgs(channel, null));
    expect(first.status).toBe(200);
    const page = first.body.value as {
      page: unknown[];
      continueCursor: string;
      isDone: boolean;
    };
    expect(page.page).toHaveLength(2);
    const second = await call("query", pageArgs(channel, page.continueCursor));
    expect(second.status).toBe(200);
    expect((second.body.value as { page: unknown[] }).page).toHaveLength(1);
  });

  it.each(FORGED_CURSORS.map((cursor) => [cursor.slice(0, 16), cursor]))(
    "HTTP answers cursor %j with 400 and a sentence",
    async (_label, cursor) => {
      const result = await call("query", pageArgs("forged", cursor));
      expect(result.status).toBe(400);
      expect(result.body.code).toBe("InvalidCursor");
      expect(result.body.message).toMatch(
        /pagination cursor was not made by this deployment/,
      );
      expect(result.text).not.toMatch(RAW_JS);
    },
  );

  it("a paginated subscription with a forged cursor fails with a sentence over the socket", async () => {
    const socket = await rawSocket(stack.convex.url);
    socket.send({
      type: "ModifyQuerySet",
      baseVersion: 0,
      newVersion: 1,
      modifications: FORGED_CURSORS.map((cursor, queryId) => ({
        type: "Add",
        queryId,
        udfPath: "messages:page",
        args: [{ channel: "forged", paginationOpts: { numItems: 2, cursor } }],
      })),
    });
    const transition = await waitFor(() =>
      socket.frames.find((frame) => frame.type === "Transition"),
    );
    const modifications = transition.modifications as Array<
      Record<string, unknown>
    >;
    expect(modifications).toHaveLength(FORGED_CURSORS.length);
    for (const modification of modifications) {
      expect(modification.type).toBe("QueryFailed");
      expect(modification.errorMessage).toMatch(
        /pagination cursor was not made by this deployment/,
      );
      expect(JSON.stringify(modification)).not.toMatch(RAW_JS);
    }
    expect(socket.closeCode()).toBeNull();
    socket.ws.close();
  });
});

describe("malformed HTTP calls", () => {
  it("answers a body that is not JSON with 400 and a sentence", async () => {
    const result = await call("query", "AAAA");
    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      code: "BadJsonBody",
      message: "The request body is not valid JSON.",
    });
  });

  it("answers JSON that is not an object with 400, not 500", async () => {
    for (const body of ["null", "[]", "7"]) {
      const result = await call("query", body);
      expect(result.status).toBe(400);
      expect(result.text).not.toMatch(RAW_JS);
    }
  });

  it("answers an over-size body with 413", async () => {
    const filler = "x".repeat(MAX_BODY_BYTES);
    const result = await call("mutation", {
      path: "messages:send",
      args: [{ channel: "big", body: filler }],
    });
    expect(result.status).toBe(413);
    expect(result.body.code).toBe("PayloadTooLarge");
    expect(result.body.message).toMatch(/larger than 8 MiB/);
  });

  it("answers an over-size chunked body (no content-length) with 413", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${stack.convex.url}/api/mutation`,
        { method: "POST", headers: { "content-type": "application/json" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      const chunk = Buffer.alloc(1024 * 1024, "x");
      for (let i = 0; i <= MAX_BODY_BYTES / chunk.length; i += 1)
        req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
  });

  it("answers args nested 100,000 levels deep with 400 and a sentence", async () => {
    const body = `{"path":"messages:list","args":[{"channel":"deep","x":${deepObjectText(100_000)}}]}`;
    const result = await call("query", body);
    expect(result.status).toBe(400);
    expect(result.body.message).toBe(
      `Arguments are nested more than ${MAX_VALUE_DEPTH} levels deep, deeper than a Convex value may be.`,
    );
    expect(result.text).not.toMatch(RAW_JS);
  });

  it("still accepts args nested as deep as a Convex value may be", async () => {
    const body = `{"path":"messages:list","args":[{"channel":"deep","x":${deepObjectText(MAX_VALUE_DEPTH - 1)}}]}`;
    const result = await call("query", body);
    // The validator refuses the extra field, as a deployment does: a function
    // failure (560), not a refused request.
    expect(result.status).toBe(560);
    expect(result.body.errorMessage).toMatch(/Unexpected field `x`/);
  });

  it("accepts only the formats a deployment accepts", async () => {
    const args = [{ channel: "formats" }];
    for (const format of ["convex_encoded_json", "json", undefined]) {
      const result = await call("query", {
        path: "messages:list",
        format,
        args,
      });
      expect(result.status, String(format)).toBe(200);
    }
    for (const format of ["xml", "", 7, { deep: true }]) {
      const result = await call("query", {
        path: "messages:list",
        format,
        args,
      });
      expect(result.status, JSON.stringify(format)).toBe(400);
      expect(result.body.message).toMatch(
        /^Unsupported format .*: use "json" or "convex_encoded_json"\.$/,
      );
    }
  });
});

describe("malformed sync messages", () => {
  for (const type of ["ModifyQuerySet", "Mutation"] as const) {
    it(`closes the socket with a sentence for ${type} args nested 100,000 levels deep`, async () => {
      const socket = await rawSocket(stack.convex.url);
      const args = `[{"channel":"deep","x":${deepObjectText(100_000)}}]`;
      socket.ws.send(
        type === "Mutation"
          ? `{"type":"Mutation","requestId":0,"udfPath":"messages:send","args":${args}}`
          : `{"type":"ModifyQuerySet","baseVersion":0,"newVersion":1,"modifications":[{"type":"Add","queryId":0,"udfPath":"messages:list","args":${args}}]}`,
      );
      await waitFor(() => socket.closeCode() !== null);
      expect(socket.closeCode()).toBe(1008);
      expect(socket.closeReason()).toBe(
        `Arguments are nested more than ${MAX_VALUE_DEPTH} levels deep, deeper than a Convex value may be.`,
      );
    });
  }

  it("keeps serving other sockets afterwards", async () => {
    const http = new ConvexHttpClient(stack.convex.url);
    const id = await http.mutation(send, { channel: "after", body: "here" });
    expect(typeof id).toBe("string");
  });
});
