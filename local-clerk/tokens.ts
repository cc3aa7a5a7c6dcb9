import { randomBytes } from "node:crypto";
import { SignJWT, type JWTPayload } from "jose";
import type { SigningKey } from "./keys";
import { resolveClaims, type JwtTemplate } from "./jwtTemplates";
import type { Settings } from "./settings";
import type { Session, StandInState } from "./state";

/** Real Clerk marks JWT-template tokens with this `cat` header; @clerk/backend refuses them as session tokens. */
export const TEMPLATE_TOKEN_CATEGORY = "cl_B7d4PD222AAA";
export const CONVEX_AUDIENCE = "convex";

type Signer = {
  key: CryptoKey;
  kid: string;
};

export type MintOptions = {
  /** Overrides the configured lifetime (BAPI `expires_in_seconds`). */
  expiresInSeconds?: number;
  /** Never issue an `iat` below this (keeps iat >= __client_uat). */
  minIat?: number;
  /** Organization for the `o` claim; defaults to the session's active one. */
  organizationId?: string | null;
};

export type Minted = { jwt: string; iat: number; exp: number };

/**
 * Signs session tokens and JWT-template tokens. Every call makes a new `jti`,
 * so two tokens are never byte-identical (the Convex client stops refreshing
 * when a forced refresh returns the same string).
 */
export class TokenMinter {
  constructor(
    private readonly signer: Signer,
    private readonly issuer: string,
    private readonly state: StandInState,
    private readonly settings: () => Settings,
    private readonly now: () => number,
  ) {}

  static async create(
    signingKey: SigningKey,
    issuer: string,
    state: StandInState,
    settings: () => Settings,
    now: () => number,
  ) {
    // WebCrypto key for jose; made once.
    const { webcrypto } = await import("node:crypto");
    const der = signingKey.privateKey.export({ type: "pkcs8", format: "der" });
    const key = await webcrypto.subtle.importKey(
      "pkcs8",
      der,
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["sign"],
    );
    return new TokenMinter(
      { key: key as CryptoKey, kid: signingKey.kid },
      issuer,
      state,
      settings,
      now,
    );
  }

  /** Session token, v2 claim format (what @clerk/shared 4.41 decodes). */
  async sessionToken(
    session: Session,
    options: MintOptions = {},
  ): Promise<Minted> {
    const settings = this.settings();
    const iat = Math.max(Math.floor(this.now() / 1000), options.minIat ?? 0);
    const exp =
      iat + (options.expiresInSeconds ?? settings.sessionTokenTtlSeconds);
    const orgId =
      options.organizationId === undefined
        ? session.lastActiveOrganizationId
        : options.organizationId;
    const claims: JWTPayload & Record<string, unknown> = {
      ...this.baseClaims(session, iat, exp),
      sid: session.id,
      sts: "active",
      v: 2,
      fva: [
        Math.max(0, Math.floor((this.now() - session.createdAt) / 60_000)),
        -1,
      ],
    };
    const org = orgId ? this.organizationClaim(session.userId, orgId) : null;
    if (org) claims.o = org;
    if (settings.convexIntegration === "native") claims.aud = CONVEX_AUDIENCE;
    return { jwt: await this.sign(claims), iat, exp };
  }

  /**
   * Token from a JWT template: its lifetime, its claims with shortcodes
   * resolved, `nbf` back-dated by its allowed clock skew, and the template
   * `cat` header. Clerk's own claims win over the template's.
   */
  async templateToken(
    session: Session,
    template: JwtTemplate,
    options: MintOptions = {},
  ): Promise<Minted> {
    const iat = Math.floor(this.now() / 1000);
    const exp = iat + (options.expiresInSeconds ?? template.lifetime);
    const claims: JWTPayload & Record<string, unknown> = {
      ...resolveClaims(template, {
        state: this.state,
        session,
        organizationId: session.lastActiveOrganizationId,
      }),
      ...this.baseClaims(session, iat, exp),
      nbf: iat - template.allowedClockSkew,
    };
    return {
      jwt: await this.sign(claims, { cat: TEMPLATE_TOKEN_CATEGORY }),
      iat,
      exp,
    };
  }

  /** Any other signed JWT (handshake payloads). */
  async signPayload(payload: Record<string, unknown>) {
    const iat = Math.floor(this.now() / 1000);
    return this.sign({ iat, exp: iat + 300, ...payload });
  }

  private baseClaims(session: Session, iat: number, exp: number) {
    const claims: Record<string, unknown> = {
      iss: this.issuer,
      sub: session.userId,
      iat,
      nbf: iat - 10,
      exp,
      jti: randomBytes(10).toString("hex"),
    };
    if (session.azp) claims.azp = session.azp;
    return claims;
  }

  /** `o: { id, rol, slg }`: the v2 form of org_id / org_role / org_slug. */
  private organizationClaim(userId: string, orgId: string) {
    const membership = this.state.membership(userId, orgId);
    const org = this.state.organizations.get(orgId);
    if (!membership || !org) return null;
    return {
      id: org.id,
      rol: membership.role.replace(/^org:/, ""),
      slg: org.slug,
    };
  }

  private sign(claims: JWTPayload, header: Record<string, string> = {}) {
    return new SignJWT(claims)
      .setProtectedHeader({
        alg: "RS256",
        kid: this.signer.kid,
        typ: "JWT",
        ...header,
      })
      .sign(this.signer.key);
  }
}
