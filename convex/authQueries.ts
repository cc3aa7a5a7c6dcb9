import { ConvexError } from "convex/values";
import { query, type QueryCtx } from "./_generated/server";

/** Errors thrown for a missing identity carry this code so the UI can tell them apart. */
export const UNAUTHENTICATED = "UNAUTHENTICATED";

/** The caller's identity, or a ConvexError the client can classify. */
export async function requireIdentity(ctx: Pick<QueryCtx, "auth">) {
  const identity = await ctx.auth.getUserIdentity();
  if (identity === null) {
    throw new ConvexError({ code: UNAUTHENTICATED, message: "Not signed in" });
  }
  return identity;
}

/** Who the server thinks is calling; `null` when signed out (never throws). */
export const whoami = query({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) return null;
    return {
      subject: identity.subject,
      tokenIdentifier: identity.tokenIdentifier,
      name: identity.name ?? null,
      email: identity.email ?? null,
    };
  },
});

/** Authenticated heartbeat for the auth harness. */
export const ping = query({
  args: {},
  handler: async (ctx) => {
    const identity = await requireIdentity(ctx);
    // Custom claims reach the identity as extra fields; `exp` is there when the
    // backend passes it through, otherwise the harness reads it from the token.
    const exp = typeof identity.exp === "number" ? identity.exp : null;
    return { serverTime: Date.now(), subject: identity.subject, tokenExp: exp };
  },
});
