import {
  isExpired,
  TokenRejectedError,
  type TokenVerifier,
  type VerifiedToken,
} from "./auth";
import type { Identity } from "./engine";

/**
 * Who one socket speaks for, and how that changes. A deployment keeps one
 * identity per connection and moves it only on an Authenticate message or
 * when it finds the token expired:
 *
 *   anonymous ─────── Authenticate(User), token accepted ──▶ authenticated
 *   authenticated ─── Authenticate(User), token accepted ──▶ authenticated
 *   any open state ── Authenticate(None) ──────────────────▶ anonymous
 *   any open state ── Authenticate, token refused ─────────▶ rejected
 *   authenticated ─── work arrives after the token's exp ──▶ expired
 *
 * `rejected` and `expired` are final: the socket reports an AuthError and
 * closes, and the client reconnects with a fresh token.
 */
export type AuthState =
  | { state: "anonymous" }
  | { state: "authenticated"; token: VerifiedToken }
  | { state: "rejected"; reason: string }
  | { state: "expired"; token: VerifiedToken };

export type TokenCheck = Promise<
  { ok: true; token: VerifiedToken } | { ok: false; reason: string }
>;

/**
 * Starts checking a token. Callers start it the moment the token arrives,
 * never after it waited in line, so a token that was valid on arrival is not
 * refused as expired.
 */
export function checkToken(verifier: TokenVerifier, value: string): TokenCheck {
  return verifier.verify(value).then(
    (token) => ({ ok: true as const, token }),
    (error: unknown) => ({
      ok: false as const,
      reason:
        error instanceof TokenRejectedError
          ? error.message
          : `token check failed: ${(error as Error).message}`,
    }),
  );
}

export class SocketAuth {
  private current: AuthState = { state: "anonymous" };

  get state(): AuthState["state"] {
    return this.current.state;
  }

  /** The identity functions run as; null unless authenticated. */
  get identity(): Identity | null {
    return this.current.state === "authenticated"
      ? this.current.token.identity
      : null;
  }

  /** The accepted token, for the counters' description of the socket. */
  get token(): VerifiedToken | null {
    return this.current.state === "authenticated" ? this.current.token : null;
  }

  /** anonymous | authenticated → authenticated: a first token or a refreshed one. */
  accept(token: VerifiedToken) {
    this.current = { state: "authenticated", token };
  }

  /** anonymous | authenticated → anonymous: the client signed out (tokenType None). */
  signOut() {
    this.current = { state: "anonymous" };
  }

  /** any → rejected: the token was refused; the socket closes next. */
  reject(reason: string) {
    this.current = { state: "rejected", reason };
  }

  /** Whether the accepted token had expired at `at` (ms); no state change. */
  expiredAt(at: number): boolean {
    return (
      this.current.state === "authenticated" &&
      isExpired(this.current.token, at)
    );
  }

  /**
   * authenticated → expired when work arrives at `at` after the token's exp
   * (plus the provider's grace). Returns whether it moved; the socket closes next.
   */
  expireIfDue(at: number): boolean {
    if (this.current.state !== "authenticated") return false;
    if (!isExpired(this.current.token, at)) return false;
    this.current = { state: "expired", token: this.current.token };
    return true;
  }
}
