import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { describe, expect, it } from "vitest";
import { appConvexForFile } from "./helpers";

const whoami = makeFunctionReference<
  "query",
  Record<string, never>,
  { subject: string; tokenIdentifier: string } | null
>("authQueries:whoami");

const stack = appConvexForFile();

describe("the app's convex/ folder on the Convex stand-in", () => {
  it("loads and answers whoami with and without a token", async () => {
    const http = new ConvexHttpClient(stack.convex.url);
    expect(await http.query(whoami, {})).toBeNull();
    http.setAuth(await stack.issuer.mint({ sub: "teacher" }));
    expect(await http.query(whoami, {})).toMatchObject({
      subject: "teacher",
      tokenIdentifier: `${stack.issuer.issuer}|teacher`,
    });
  });
});
