import { NextResponse } from "next/server";
import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";
import { isApiPath, protectedRoutePatterns, signInPath } from "./paths";

const isProtectedRoute = createRouteMatcher(protectedRoutePatterns);

/**
 * Options for `clerkMiddleware`. `jwtKey` lets it verify the session cookie without
 * fetching Clerk's JWKS; the SDK does not pick `CLERK_JWT_KEY` up by itself.
 */
export function middlewareOptions(env: Record<string, string | undefined>) {
  const jwtKey = env.CLERK_JWT_KEY?.trim();
  return { signInUrl: signInPath, ...(jwtKey ? { jwtKey } : {}) };
}

/**
 * The standard `clerkMiddleware` + `createRouteMatcher` + `auth.protect()`. Protected
 * API routes answer 401 JSON instead of redirecting to the sign-in page.
 */
export const authMiddleware = clerkMiddleware(async (auth, request) => {
  if (!isProtectedRoute(request)) return;
  if (isApiPath(request.nextUrl.pathname)) {
    const { userId } = await auth();
    if (!userId) {
      return NextResponse.json(
        { error: "Sign in first: this endpoint needs a signed-in session." },
        { status: 401, headers: { "Cache-Control": "no-store" } },
      );
    }
    return;
  }
  await auth.protect();
}, middlewareOptions(process.env));
