import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalConvex, type LocalConvex } from "../server";
import { startIssuer, type TestIssuer } from "./helpers";

const whoami = makeFunctionReference<
  "query",
  Record<string, never>,
  { subject: string; tokenIdentifier: string } | null
>("authQueries:whoami");

let issuer: TestIssuer;
let convex: LocalConvex;

beforeAll(async () => {
  issuer = await startIssuer();
  // The app's own convex/ folder and auth.config.ts, as `npm run dev` loads them.
  convex = await startLocalConvex({
    port: 0,
    convexDir: path.join(process.cwd(), "convex"),
    env: { CLERK_JWT_ISSUER_DOMAIN: issuer.issuer },
    dataFile: null,
    log: () => {},
  });
});

afterAll(async () => {
  await convex?.close();
  await issuer?.close();
});

describe("the app's convex/ folder on the Convex stand-in", () => {
  it("loads and answers whoami with and without a token", async () => {
    const http = new ConvexHttpClient(convex.url);
    expect(await http.query(whoami, {})).toBeNull();
    http.setAuth(await issuer.mint({ sub: "teacher" }));
    expect(await http.query(whoami, {})).toMatchObject({
      subject: "teacher",
      tokenIdentifier: `${issuer.issuer}|teacher`,
    });
  });
});
