import { NextResponse } from "next/server";
import { serverConfig } from "@/lib/config";
import { getConvexToken } from "@/lib/auth/serverToken";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

/**
 * The server-endpoint lane's token source: a Convex token minted on the server for
 * the session in the request's cookie. Part of the auth harness, so it exists only
 * where the harness does.
 */
export async function GET() {
  if (!serverConfig().authHarnessEnabled) {
    return NextResponse.json(
      { error: "Not found" },
      { status: 404, headers: noStore },
    );
  }
  const token = await getConvexToken();
  if (!token) {
    return NextResponse.json(
      { error: "Signed out: no session to mint a token for." },
      { status: 401, headers: noStore },
    );
  }
  return NextResponse.json({ token }, { headers: noStore });
}
