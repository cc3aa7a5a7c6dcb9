import { getConvexToken } from "@/lib/auth/serverToken";
import { publicConfig } from "@/lib/config";
import { classifyError, type ClassifiedError } from "@/lib/errorHandling";

export type LoadResult<T> =
  | { status: "ok"; value: T }
  | { status: "signedOut" }
  | { status: "error"; error: ClassifiedError };

/**
 * Server-only: runs `load` with the signed-in user's Convex token and the
 * deployment URL. Errors are classified here, because Next.js hides a server
 * component's error message from the browser in production builds.
 */
export async function loadForUser<T>(
  load: (options: { token: string; url: string }) => Promise<T>,
): Promise<LoadResult<T>> {
  const token = await getConvexToken();
  if (token === null) return { status: "signedOut" };
  try {
    return {
      status: "ok",
      value: await load({ token, url: publicConfig.convexUrl }),
    };
  } catch (error) {
    const classified = classifyError(error);
    if (classified.kind === "unknown" || classified.kind === "unavailable") {
      console.error("Server-side Convex query failed:", error);
    }
    return { status: "error", error: classified };
  }
}
