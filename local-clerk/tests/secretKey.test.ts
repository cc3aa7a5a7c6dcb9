/**
 * The Backend API secret key: random per data folder (mode 0600, kept across
 * restarts), new per start in memory, pinnable, and refused with Clerk's
 * error shape when wrong, as @clerk/backend sees it.
 */
import { createClerkClient, verifyToken } from "@clerk/backend";
import { isClerkAPIResponseError } from "@clerk/shared/error";
import {
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SECRET_KEY_FILE } from "../keys";
import { bapi, FapiClient, startTestStandIn } from "./support";

const KEY_SHAPE = /^sk_test_[A-Za-z0-9_-]{43}$/;

describe("secret key", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("is made once per data folder, saved with mode 0600 and reused after a restart", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "local-clerk-key-"));
    const first = await startTestStandIn({ dataDir: dir });
    const key = first.secretKey;
    await first.close();
    expect(key).toMatch(KEY_SHAPE);
    const file = path.join(dir, SECRET_KEY_FILE);
    expect(readFileSync(file, "utf8").trim()).toBe(key);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = await startTestStandIn({ dataDir: dir });
    try {
      expect(second.secretKey).toBe(key);
      expect(second.appEnv().CLERK_SECRET_KEY).toBe(key);
      expect((await bapi(second, "GET", "/jwks")).status).toBe(200);
    } finally {
      await second.close();
    }

    const other = mkdtempSync(path.join(tmpdir(), "local-clerk-key-"));
    const elsewhere = await startTestStandIn({ dataDir: other });
    try {
      expect(elsewhere.secretKey).toMatch(KEY_SHAPE);
      expect(elsewhere.secretKey).not.toBe(key);
    } finally {
      await elsewhere.close();
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("is new for every start in memory, and nothing else opens the Backend API", async () => {
    const a = await startTestStandIn();
    const b = await startTestStandIn();
    try {
      expect(a.secretKey).toMatch(KEY_SHAPE);
      expect(b.secretKey).toMatch(KEY_SHAPE);
      expect(a.secretKey).not.toBe(b.secretKey);
      expect(a.appEnv().CLERK_SECRET_KEY).toBe(a.secretKey);
      for (const wrong of [
        b.secretKey,
        "sk_test_local_stand_in",
        a.secretKey.slice(0, -1),
      ]) {
        const res = await bapi(
          a,
          "POST",
          "/sign_in_tokens",
          {
            user_id: "user_teacher",
          },
          wrong,
        );
        expect(res.status).toBe(401);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("can be pinned, leaving the saved one alone", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "local-clerk-key-"));
    const pinned = "sk_test_pinned-by-the-caller_0123456789";
    const standIn = await startTestStandIn({ dataDir: dir, secretKey: pinned });
    try {
      expect(standIn.secretKey).toBe(pinned);
      expect(standIn.appEnv().CLERK_SECRET_KEY).toBe(pinned);
      expect(
        (await bapi(standIn, "GET", "/jwks", undefined, pinned)).status,
      ).toBe(200);
    } finally {
      await standIn.close();
    }
    // A pinned key is not written: the folder's own key is made when first needed.
    expect(() => statSync(path.join(dir!, SECRET_KEY_FILE))).toThrow();
  });

  it("refuses pinned keys of the wrong shape with a sentence", async () => {
    const cases: [string, RegExp][] = [
      ["sk_live_0123456789abcdefghij", /start with sk_test_/],
      ["sk_test_short", /20 to 200 characters/],
      [`sk_test_${"x".repeat(200)}`, /20 to 200 characters/],
      ["sk_test_has a space in it 0123", /visible ASCII/],
    ];
    for (const [secretKey, sentence] of cases)
      await expect(startTestStandIn({ secretKey })).rejects.toThrow(sentence);
    await expect(
      startTestStandIn({ secretKey: 42 as unknown as string }),
    ).rejects.toThrow(/must be a string/);
  });

  it("refuses a key file it cannot use, naming it", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "local-clerk-key-"));
    writeFileSync(path.join(dir, SECRET_KEY_FILE), "not-a-key\n");
    await expect(startTestStandIn({ dataDir: dir })).rejects.toThrow(
      /secret-key does not hold a usable secret key.*delete it/,
    );
  });

  it("a wrong key reaches @clerk/backend as Clerk's clerk_key_invalid", async () => {
    const standIn = await startTestStandIn();
    try {
      const raw = await bapi(standIn, "GET", "/jwks", undefined, null);
      expect(raw.status).toBe(401);
      expect(raw.body.errors[0]).toMatchObject({
        code: "clerk_key_invalid",
        message: expect.any(String),
        long_message: expect.stringMatching(/secret key/),
      });
      expect(raw.body.clerk_trace_id).toMatch(/^[0-9a-f]{32}$/);

      const wrong = createClerkClient({
        secretKey: "sk_test_not-this-stand-ins-key-000",
        apiUrl: `${standIn.url}/bapi`,
      });
      const error: unknown = await wrong.users
        .getUser("user_teacher")
        .catch((e: unknown) => e);
      expect(isClerkAPIResponseError(error)).toBe(true);
      expect(error).toMatchObject({
        status: 401,
        errors: [expect.objectContaining({ code: "clerk_key_invalid" })],
      });

      // Without a PEM, verifyToken fetches the JWKS with the key and names the cause.
      const fapi = await new FapiClient(standIn).start();
      const sid = await fapi.signIn();
      const jwt = (await fapi.token(sid)).body.jwt as string;
      await expect(
        verifyToken(jwt, {
          secretKey: "sk_test_not-this-stand-ins-key-000",
          apiUrl: `${standIn.url}/bapi`,
          skipJwksCache: true,
        }),
      ).rejects.toMatchObject({ reason: "secret-key-invalid" });
    } finally {
      await standIn.close();
    }
  });
});
