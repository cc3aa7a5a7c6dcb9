import type { TokenSource } from "@/harness/designs/types";
import type { LaneEvent } from "@/harness/model/events";
import type { TokenClaims } from "@/harness/model/jwt";

/** An unsigned JWT-shaped string with the given claims (the harness never verifies). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) =>
    Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "RS256" })}.${encode(claims)}.sig-${String(claims.jti ?? "")}`;
}

/** One `fetchToken` call that returned a token: its start and its end. */
export function tokenCall(call: {
  callId: number;
  at: number;
  /** When the call returned; `at` unless given. */
  endAt?: number;
  force: boolean;
  source: TokenSource;
  claims: TokenClaims | null;
  changed: boolean;
}): LaneEvent[] {
  return [
    {
      type: "fetch-start",
      at: call.at,
      callId: call.callId,
      force: call.force,
    },
    {
      type: "fetch-end",
      at: call.endAt ?? call.at,
      callId: call.callId,
      source: call.source,
      outcome: "token",
      claims: call.claims,
      changed: call.changed,
    },
  ];
}
