/** An unsigned JWT-shaped string with the given claims (the harness never verifies). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) =>
    Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "RS256" })}.${encode(claims)}.sig-${String(claims.jti ?? "")}`;
}
