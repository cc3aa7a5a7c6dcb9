import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { ServerConfig } from "@/lib/config";
import { currentSigningKey } from "./keys";
import type { LocalSession } from "./sessions";
import { tokenSettings } from "./settings";

export const LOCAL_TOKEN_AUDIENCE = "convex";

export type MintedToken = {
  token: string;
  /** Epoch milliseconds of `exp`. */
  expiresAt: number;
  expiresInSeconds: number;
};

/**
 * A Convex-ready JWT for a signed-in session. `jti` is unique per token: the Convex
 * client stops refreshing for good if a forced refresh returns the identical string,
 * and two RS256 tokens with the same claims are byte-identical.
 */
export async function mintToken(
  config: ServerConfig,
  session: LocalSession,
  nowMs = Date.now(),
): Promise<MintedToken> {
  const ttl = tokenSettings(config).tokenTtlSeconds;
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + ttl;
  const { kid, privateKey } = currentSigningKey(config.localAuth.dir);
  const token = await new SignJWT({
    sid: session.sessionId,
    name: session.user.name,
    email: session.user.email,
  })
    .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
    .setIssuer(config.localAuth.issuer)
    .setAudience(LOCAL_TOKEN_AUDIENCE)
    .setSubject(session.user.sub)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(privateKey);
  return { token, expiresAt: exp * 1000, expiresInSeconds: ttl };
}
