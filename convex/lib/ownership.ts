import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { requireIdentity } from "../authQueries";
import { notFound } from "./errors";

/**
 * Ownership is keyed on `tokenIdentifier` (issuer + subject), so the same subject
 * from a different issuer is a different owner.
 */
export async function requireOwner(ctx: Pick<QueryCtx, "auth">) {
  const identity = await requireIdentity(ctx);
  return identity.tokenIdentifier;
}

/**
 * Accepts any string (e.g. a URL segment). Malformed, missing and foreign ids all
 * read as null, so another owner's class is indistinguishable from a deleted one.
 */
export async function findOwnedClass(
  ctx: QueryCtx,
  ownerId: string,
  classId: string,
): Promise<Doc<"classes"> | null> {
  const id = ctx.db.normalizeId("classes", classId);
  const found = id === null ? null : await ctx.db.get(id);
  return found !== null && found.ownerId === ownerId ? found : null;
}

/** For writes: a class that is gone or not mine is an error there ("not found"). */
export async function ownedClass(
  ctx: QueryCtx,
  ownerId: string,
  classId: string,
): Promise<Doc<"classes">> {
  const found = await findOwnedClass(ctx, ownerId, classId);
  if (found === null) throw notFound("Class");
  return found;
}

export async function ownedAssignment(
  ctx: QueryCtx,
  ownerId: string,
  assignmentId: Id<"assignments">,
): Promise<Doc<"assignments">> {
  const found = await ctx.db.get(assignmentId);
  if (found === null || found.ownerId !== ownerId) {
    throw notFound("Assignment");
  }
  return found;
}
