/**
 * Clerk's testing tokens (`POST /v1/testing_tokens` on the Backend API, then
 * `__clerk_testing_token` on Frontend API requests), which real Clerk uses to
 * let test suites past its bot protection. The stand-in has no bot
 * protection, so a token changes nothing about an answer; it is checked and
 * counted so a suite can see that its setup reaches the stand-in.
 */
import {
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

/**
 * One hour: Clerk's Backend API reference shows `expires_at` one hour after
 * the time the token starts with. Inferred from that example, not documented.
 */
export const TESTING_TOKEN_TTL_SECONDS = 3600;

const NONCE_CHARS = 12;
const MAC_BYTES = 24;
/** Longer values are not read at all (a real token is about 55 characters). */
const MAX_TOKEN_CHARS = 200;

export type TestingTokenCheck = "accepted" | "expired" | "invalid";

export type TestingTokenUse = {
  accepted: number;
  expired: number;
  invalid: number;
};

/**
 * Tokens are `<issued at, unix seconds>-<nonce><HMAC>`, like Clerk's
 * `<seconds>-<random>` shape. The HMAC key comes from the secret key, so
 * tokens need no state, survive a restart and die with a new secret key.
 */
export class TestingTokens {
  private readonly key: Buffer;
  readonly use: TestingTokenUse = { accepted: 0, expired: 0, invalid: 0 };

  constructor(
    secretKey: string,
    private readonly now: () => number,
  ) {
    this.key = createHash("sha256")
      .update("local-clerk testing tokens\0")
      .update(secretKey)
      .digest();
  }

  create() {
    const issuedAt = Math.floor(this.now() / 1000);
    const nonce = randomBytes(9).toString("base64url");
    const head = `${issuedAt}-${nonce}`;
    return {
      token: `${head}${this.mac(head).toString("base64url")}`,
      expiresAt: issuedAt + TESTING_TOKEN_TTL_SECONDS,
    };
  }

  check(token: string): TestingTokenCheck {
    const match =
      token.length <= MAX_TOKEN_CHARS
        ? /^(\d{1,12})-([A-Za-z0-9_-]+)$/.exec(token)
        : null;
    if (!match || match[2].length <= NONCE_CHARS) return "invalid";
    const head = `${match[1]}-${match[2].slice(0, NONCE_CHARS)}`;
    const given = Buffer.from(match[2].slice(NONCE_CHARS), "base64url");
    const expected = this.mac(head);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return "invalid";
    const expiresAt = Number(match[1]) + TESTING_TOKEN_TTL_SECONDS;
    return Math.floor(this.now() / 1000) < expiresAt ? "accepted" : "expired";
  }

  /** Checks and counts a `__clerk_testing_token` seen on a Frontend API request. */
  observe(token: string) {
    const result = this.check(token);
    this.use[result] += 1;
    return result;
  }

  private mac(head: string) {
    return createHmac("sha256", this.key)
      .update(head)
      .digest()
      .subarray(0, MAC_BYTES);
  }
}
