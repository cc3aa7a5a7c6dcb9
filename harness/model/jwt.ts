/** Claims the harness shows. Decoded without verification: display only. */
export type TokenClaims = {
  iat: number | null;
  exp: number | null;
  jti: string | null;
  sub: string | null;
  /** Active organization: `org_id` (v1 claims, templates) or `o.id` (v2 session tokens). */
  orgId: string | null;
  /** The last characters of the token, enough to tell tokens apart on screen. */
  tail: string;
};

function decodeBase64Url(segment: string): string {
  const base64 = segment.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

function numberClaim(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function stringClaim(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function organizationClaim(claims: Record<string, unknown>): string | null {
  const flat = stringClaim(claims.org_id);
  if (flat) return flat;
  const nested = claims.o;
  if (typeof nested === "object" && nested !== null && "id" in nested) {
    return stringClaim((nested as { id: unknown }).id);
  }
  return null;
}

/** `null` when the string is not a JWT with a JSON payload. */
export function decodeTokenClaims(token: string): TokenClaims | null {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const payload: unknown = JSON.parse(decodeBase64Url(parts[1]));
    if (typeof payload !== "object" || payload === null) return null;
    const claims = payload as Record<string, unknown>;
    return {
      iat: numberClaim(claims.iat),
      exp: numberClaim(claims.exp),
      jti: stringClaim(claims.jti),
      sub: stringClaim(claims.sub),
      orgId: organizationClaim(claims),
      tail: token.slice(-7),
    };
  } catch {
    return null;
  }
}

/** `exp - iat` in seconds, or null when either claim is missing. */
export function tokenLifetimeSeconds(
  claims: Pick<TokenClaims, "iat" | "exp"> | null | undefined,
): number | null {
  if (!claims || claims.iat === null || claims.exp === null) return null;
  return claims.exp - claims.iat;
}
