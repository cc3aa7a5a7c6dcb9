import {
  compactVerify,
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import type { Identity } from "./engine";

/** Provider entries as `convex/auth.config.ts` declares them. */
export type OidcProvider = { domain: string; applicationID: string };
export type CustomJwtProvider = {
  type: "customJwt";
  issuer: string;
  jwks: string;
  algorithm: "RS256" | "ES256";
  applicationID?: string;
};
export type AuthProviderConfig = OidcProvider | CustomJwtProvider;

export type VerifiedToken = {
  identity: Identity;
  /** Seconds since the epoch, from the token. */
  exp: number;
  /** Seconds of grace a deployment gives this provider after `exp`. */
  skewSeconds: number;
};

export class TokenRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TokenRejectedError";
  }
}

export const NO_PROVIDER_MESSAGE =
  "No auth provider found matching the given token";
export const OIDC_VERIFY_MESSAGE =
  "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.";
export const EXPIRED_IDENTITY_MESSAGE = "Convex token identity expired";

const OIDC_ALGORITHMS = ["RS256", "EdDSA"];
const JWKS_FETCH_OPTIONS = { timeoutDuration: 30_000 };
const CUSTOM_JWT_SKEW_SECONDS = 5;

/** OIDC claim names for the named UserIdentity fields. */
const IDENTITY_FIELD_BY_CLAIM: Record<string, string> = {
  name: "name",
  given_name: "givenName",
  family_name: "familyName",
  nickname: "nickname",
  preferred_username: "preferredUsername",
  profile: "profileUrl",
  picture: "pictureUrl",
  email: "email",
  email_verified: "emailVerified",
  gender: "gender",
  birthdate: "birthday",
  zoneinfo: "timezone",
  locale: "language",
  phone_number: "phoneNumber",
  phone_number_verified: "phoneNumberVerified",
  address: "address",
  updated_at: "updatedAt",
};

/**
 * Claims that are not passed through as custom identity fields. A deployment
 * drops `jti`, `nbf` and `fva` (Clerk's factor-verification age) too, so two
 * tokens for the same user give the same identity.
 */
const REGISTERED_CLAIMS = new Set([
  "iss",
  "sub",
  "aud",
  "exp",
  "iat",
  "nbf",
  "jti",
  "fva",
]);

const stripSlash = (value: string) => value.replace(/\/+$/, "");

export function toIdentity(payload: JWTPayload, issuer: string): Identity {
  const identity: Record<string, unknown> = {
    tokenIdentifier: `${issuer}|${payload.sub}`,
    subject: payload.sub,
    issuer,
  };
  for (const [claim, value] of Object.entries(payload)) {
    if (REGISTERED_CLAIMS.has(claim) || value === undefined) continue;
    identity[IDENTITY_FIELD_BY_CLAIM[claim] ?? claim] = value;
  }
  return identity as Identity;
}

function audienceIncludes(payload: JWTPayload, applicationID: string) {
  const aud = payload.aud;
  return Array.isArray(aud)
    ? aud.includes(applicationID)
    : aud === applicationID;
}

/**
 * A deployment's OIDC claim rules: `sub` and `exp` present, `exp` in the
 * future with no skew, `aud` exactly the application (an array naming other
 * audiences is untrusted). `nbf` is not checked.
 */
function oidcClaimsValid(
  payload: JWTPayload,
  applicationID: string,
  nowMs: number,
) {
  if (typeof payload.sub !== "string" || payload.sub === "") return false;
  if (typeof payload.exp !== "number") return false;
  if (payload.exp * 1000 <= nowMs) return false;
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  return aud.length > 0 && aud.every((entry) => entry === applicationID);
}

/**
 * Validates tokens the way a Convex deployment does for the providers in
 * `auth.config.ts`: OIDC discovery and JWKS (cached), `iss`/`aud` match, only
 * asymmetric algorithms, `exp` with no skew for OIDC and 5 s for customJwt.
 */
export class TokenVerifier {
  private readonly oidcKeys = new Map<string, Promise<JWTVerifyGetKey>>();
  private readonly customKeys = new Map<string, JWTVerifyGetKey>();

  constructor(
    readonly providers: AuthProviderConfig[],
    private readonly fetchImpl: typeof fetch = fetch,
    /** The deployment's clock (`clock.ts`); the machine's by default. */
    private readonly now: () => number = Date.now,
  ) {}

  async verify(token: string): Promise<VerifiedToken> {
    let payload: JWTPayload;
    let alg: string | undefined;
    try {
      payload = decodeJwt(token);
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new TokenRejectedError(
        "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.",
      );
    }
    const iss = typeof payload.iss === "string" ? payload.iss : "";
    for (const provider of this.providers) {
      if ("type" in provider && provider.type === "customJwt") {
        if (
          !provider.issuer ||
          stripSlash(provider.issuer) !== stripSlash(iss)
        ) {
          continue;
        }
        if (
          provider.applicationID !== undefined &&
          !audienceIncludes(payload, provider.applicationID)
        ) {
          continue;
        }
        return this.verifyCustom(token, provider, alg);
      }
      const oidc = provider as OidcProvider;
      if (!oidc.domain || stripSlash(oidc.domain) !== stripSlash(iss)) continue;
      if (!audienceIncludes(payload, oidc.applicationID)) continue;
      return this.verifyOidc(token, oidc, alg);
    }
    throw new TokenRejectedError(NO_PROVIDER_MESSAGE);
  }

  private async verifyOidc(
    token: string,
    provider: OidcProvider,
    alg: string | undefined,
  ): Promise<VerifiedToken> {
    if (!alg || !OIDC_ALGORITHMS.includes(alg)) {
      throw new TokenRejectedError(OIDC_VERIFY_MESSAGE);
    }
    let payload: JWTPayload;
    try {
      const keys = await this.oidcKeySet(stripSlash(provider.domain));
      // Signature only: the claims rules differ from jose's (no `nbf` check).
      const { payload: bytes } = await compactVerify(token, keys, {
        algorithms: OIDC_ALGORITHMS,
      });
      payload = JSON.parse(new TextDecoder().decode(bytes)) as JWTPayload;
    } catch (error) {
      if (error instanceof TokenRejectedError) throw error;
      throw new TokenRejectedError(OIDC_VERIFY_MESSAGE);
    }
    if (!oidcClaimsValid(payload, provider.applicationID, this.now())) {
      throw new TokenRejectedError(OIDC_VERIFY_MESSAGE);
    }
    return {
      identity: toIdentity(payload, payload.iss as string),
      exp: payload.exp as number,
      skewSeconds: 0,
    };
  }

  private async verifyCustom(
    token: string,
    provider: CustomJwtProvider,
    alg: string | undefined,
  ): Promise<VerifiedToken> {
    if (alg !== provider.algorithm) {
      throw new TokenRejectedError(
        `Token algorithm ${alg ?? "(none)"} does not match ${provider.algorithm}`,
      );
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.customKeySet(provider), {
        algorithms: [provider.algorithm],
        clockTolerance: CUSTOM_JWT_SKEW_SECONDS,
        currentDate: new Date(this.now()),
        requiredClaims: ["sub", "exp"],
        ...(provider.applicationID ? { audience: provider.applicationID } : {}),
      }));
    } catch {
      throw new TokenRejectedError(
        "Could not verify token claim. Check that the token signature is valid and the token hasn't expired.",
      );
    }
    return {
      identity: toIdentity(payload, payload.iss as string),
      exp: payload.exp as number,
      skewSeconds: CUSTOM_JWT_SKEW_SECONDS,
    };
  }

  /** Discovery document -> jwks_uri, then a JWKS set that jose caches and refetches for unknown kids. */
  private oidcKeySet(domain: string): Promise<JWTVerifyGetKey> {
    let keys = this.oidcKeys.get(domain);
    if (keys === undefined) {
      keys = (async () => {
        const response = await this.fetchImpl(
          `${domain}/.well-known/openid-configuration`,
        );
        if (!response.ok) {
          throw new TokenRejectedError(
            `OIDC discovery at ${domain} failed with HTTP ${response.status}`,
          );
        }
        const { jwks_uri } = (await response.json()) as { jwks_uri?: string };
        if (!jwks_uri) {
          throw new TokenRejectedError(
            `OIDC discovery at ${domain} has no jwks_uri`,
          );
        }
        // A generous timeout: under load a 5 s default rejected valid tokens.
        return createRemoteJWKSet(new URL(jwks_uri), JWKS_FETCH_OPTIONS);
      })();
      // A failed discovery is retried on the next token, not cached.
      keys.catch(() => this.oidcKeys.delete(domain));
      this.oidcKeys.set(domain, keys);
    }
    return keys;
  }

  private customKeySet(provider: CustomJwtProvider): JWTVerifyGetKey {
    let keys = this.customKeys.get(provider.jwks);
    if (keys === undefined) {
      if (provider.jwks.startsWith("data:")) {
        const comma = provider.jwks.indexOf(",");
        const meta = provider.jwks.slice(5, comma);
        const body = provider.jwks.slice(comma + 1);
        const text = meta.endsWith(";base64")
          ? Buffer.from(body, "base64").toString("utf8")
          : decodeURIComponent(body);
        keys = createLocalJWKSet(JSON.parse(text));
      } else {
        keys = createRemoteJWKSet(new URL(provider.jwks), JWKS_FETCH_OPTIONS);
      }
      this.customKeys.set(provider.jwks, keys);
    }
    return keys;
  }
}

/** True once the token behind an identity is past `exp` (+ the provider's skew). */
export function isExpired(token: VerifiedToken, nowMs = Date.now()): boolean {
  return (token.exp + token.skewSeconds) * 1000 <= nowMs;
}
