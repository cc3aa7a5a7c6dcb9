import { ConvexError, v } from "convex/values";
import { mutation, query } from "./_generated/server";

/**
 * The signed-in user's most recent numbers, oldest first, with how many they
 * have added in all. Null when the caller sent no valid Clerk token.
 */
export const listNumbers = query({
  args: { count: v.number() },
  handler: async (ctx, { count }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) return null;
    const mine = await ctx.db
      .query("numbers")
      .withIndex("by_owner", (q) => q.eq("owner", identity.subject))
      .order("desc")
      .collect();
    return {
      // `name` comes from the "convex" JWT template's claims.
      viewer: identity.name ?? identity.subject,
      total: mine.length,
      numbers: mine
        .slice(0, count)
        .reverse()
        .map((number) => number.value),
    };
  },
});

/** Adds a number for the signed-in user; refuses callers without a token. */
export const addNumber = mutation({
  args: { value: v.number() },
  handler: async (ctx, { value }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null)
      throw new ConvexError("Sign in before adding a number.");
    return await ctx.db.insert("numbers", { value, owner: identity.subject });
  },
});
