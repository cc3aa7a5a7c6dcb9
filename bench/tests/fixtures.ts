/** Helpers shared by the benchmark's unit tests. */

const base64url = (text: string) => Buffer.from(text).toString("base64url");

/** An unsigned JWT-shaped string with the given claims (decoders read it; nothing verifies it). */
export function fakeJwt(claims: Record<string, unknown>): string {
  return `${base64url(JSON.stringify({ alg: "RS256", typ: "JWT" }))}.${base64url(JSON.stringify(claims))}.c2ln`;
}
