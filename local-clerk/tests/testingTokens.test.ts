/**
 * Testing tokens as @clerk/testing gets and uses them: clerkSetup() calls
 * @clerk/backend's testingTokens.createTestingToken(), and
 * setupClerkTestingToken() adds `__clerk_testing_token` to FAPI requests.
 */
import { createClerkClient } from "@clerk/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TESTING_TOKEN_TTL_SECONDS } from "../testingTokens";
import {
  admin,
  bapi,
  FapiClient,
  startTestStandIn,
  type StandIn,
} from "./support";

let standIn: StandIn;

beforeAll(async () => {
  standIn = await startTestStandIn();
});
afterAll(async () => {
  await standIn.close();
});

/** The same call clerkSetup() makes. */
function createTestingToken(secretKey = standIn.secretKey) {
  return createClerkClient({
    secretKey,
    apiUrl: `${standIn.url}/bapi`,
  }).testingTokens.createTestingToken();
}

async function testingTokenUse() {
  const res = await admin(standIn, "GET", "/requests");
  return res.body.testingTokens as Record<string, number>;
}

describe("BAPI POST /testing_tokens", () => {
  it("answers @clerk/backend's createTestingToken() with Clerk's shape", async () => {
    const before = Math.floor(Date.now() / 1000);
    // 3.25 hands the JSON back as it came (its type names the camelCase class).
    const created = (await createTestingToken()) as unknown as {
      object: string;
      token: string;
      expires_at: number;
    };
    expect(created).toMatchObject({
      object: "testing_token",
      token: expect.stringMatching(/^\d{10}-[A-Za-z0-9_-]{40,60}$/),
    });
    expect(created.expires_at).toBeGreaterThanOrEqual(
      before + TESTING_TOKEN_TTL_SECONDS,
    );
    expect(created.expires_at).toBeLessThanOrEqual(
      Math.floor(Date.now() / 1000) + TESTING_TOKEN_TTL_SECONDS,
    );
    expect((await createTestingToken()).token).not.toBe(created.token);
  });

  it("needs the secret key and answers other verbs with 405", async () => {
    await expect(
      createTestingToken("sk_test_not-this-stand-ins-key-000"),
    ).rejects.toMatchObject({ status: 401 });
    const get = await bapi(standIn, "GET", "/testing_tokens");
    expect(get.status).toBe(405);
    expect(get.body.errors[0].code).toBe("method_not_allowed");
  });
});

describe("FAPI __clerk_testing_token", () => {
  it("accepts a token from this stand-in, and requests answer as without one", async () => {
    const { token } = await createTestingToken();
    const before = await testingTokenUse();
    const fapi = await new FapiClient(standIn).start();
    const plain = await fapi.call("GET", "/client");
    const withToken = await fapi.call(
      "GET",
      "/client",
      {},
      {
        __clerk_testing_token: token,
      },
    );
    expect(withToken.status).toBe(200);
    expect(withToken.body.response.id).toBe(plain.body.response.id);
    const signedIn = await fapi.call(
      "POST",
      "/client/sign_ins",
      { identifier: "teacher@example.com", password: "classroom-dev-password" },
      { __clerk_testing_token: token },
    );
    expect(signedIn.body.response.status).toBe("complete");
    const after = await testingTokenUse();
    expect(after.accepted).toBe(before.accepted + 2);
    expect(after.invalid).toBe(before.invalid);
  });

  it("ignores forged, foreign, malformed and over-long tokens (as real Clerk ignores bad ones)", async () => {
    const other = await startTestStandIn();
    try {
      const foreign = (
        await createClerkClient({
          secretKey: other.secretKey,
          apiUrl: `${other.url}/bapi`,
        }).testingTokens.createTestingToken()
      ).token;
      const own = (await createTestingToken()).token;
      const forged = `${own.slice(0, -4)}AAAA`;
      const bad = [foreign, forged, "", "nope", "123-", "x".repeat(5000)];
      const before = await testingTokenUse();
      const fapi = await new FapiClient(standIn).start();
      for (const token of bad) {
        const res = await fapi.call(
          "GET",
          "/client",
          {},
          {
            __clerk_testing_token: token,
          },
        );
        expect(res.status).toBe(200);
      }
      const after = await testingTokenUse();
      expect(after.invalid).toBe(before.invalid + bad.length);
      expect(after.accepted).toBe(before.accepted);
    } finally {
      await other.close();
    }
  });

  it("counts a token as expired an hour after it was made, on the stand-in's clock", async () => {
    const { token } = await createTestingToken();
    const fapi = await new FapiClient(standIn).start();
    try {
      await admin(standIn, "POST", "/clock", {
        jumpSeconds: TESTING_TOKEN_TTL_SECONDS + 1,
      });
      const before = await testingTokenUse();
      const res = await fapi.call(
        "GET",
        "/client",
        {},
        {
          __clerk_testing_token: token,
        },
      );
      expect(res.status).toBe(200);
      expect((await testingTokenUse()).expired).toBe(before.expired + 1);
    } finally {
      await admin(standIn, "POST", "/settings", { clockOffsetSeconds: 0 });
    }
  });

  it("keeps tokens valid across a restart with the same secret key", async () => {
    const pinned = await startTestStandIn({
      secretKey: "sk_test_kept-across-restarts-0123456789",
    });
    const { token } = await createClerkClient({
      secretKey: pinned.secretKey,
      apiUrl: `${pinned.url}/bapi`,
    }).testingTokens.createTestingToken();
    await pinned.close();
    const again = await startTestStandIn({ secretKey: pinned.secretKey });
    try {
      const fapi = await new FapiClient(again).start();
      await fapi.call("GET", "/client", {}, { __clerk_testing_token: token });
      const use = (await admin(again, "GET", "/requests")).body.testingTokens;
      expect(use).toEqual({ accepted: 1, expired: 0, invalid: 0 });
    } finally {
      await again.close();
    }
  });
});
