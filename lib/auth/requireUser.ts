import { NextResponse } from "next/server";
import { auth } from "@clerk/nextjs/server";

/**
 * For server components (pages, layouts): the signed-in user's id. A signed-out
 * visitor is redirected to the sign-in page, which brings them back here afterwards.
 */
export async function requireSignedInUser(): Promise<string> {
  const { userId, redirectToSignIn } = await auth();
  if (!userId) return redirectToSignIn();
  return userId;
}

export const SIGNED_OUT_API_MESSAGE =
  "Sign in first: this endpoint needs a signed-in session.";

/**
 * For route handlers: the signed-in user's id, or a 401 JSON answer to return as is.
 * An API caller gets a sentence, not a redirect to an HTML page.
 */
export async function signedInUserOr401(): Promise<
  { userId: string } | { response: NextResponse }
> {
  const { userId } = await auth();
  if (userId) return { userId };
  return {
    response: NextResponse.json(
      { error: SIGNED_OUT_API_MESSAGE },
      { status: 401, headers: { "Cache-Control": "no-store" } },
    ),
  };
}
