import { NextResponse, type NextRequest } from "next/server";
import { publicConfig, serverConfig } from "@/lib/config";
import { getConvexToken } from "@/lib/auth/serverToken";
import {
  BACKEND_ACTIONS,
  isBackendAction,
  isSameOriginRequest,
} from "@/lib/harness/backendProxy";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

function fail(status: number, error: string) {
  return NextResponse.json({ error }, { status, headers: noStore });
}

/**
 * POST /api/dev/backend/<action>: the harness's buttons for the local backend's test
 * controls (drop connections, pause, resume, reset, counters). The admin key stays on
 * the server. Local mode only, harness enabled, signed in, same-origin.
 */
export async function POST(
  request: NextRequest,
  { params }: { params: Promise<{ action: string }> },
) {
  const config = serverConfig();
  if (!config.authHarnessEnabled || !config.localBackendAdminKey) {
    return fail(404, "Not found");
  }
  if (!isSameOriginRequest(request.headers, request.url)) {
    return fail(403, "Cross-origin request refused.");
  }
  if (!(await getConvexToken())) {
    return fail(401, "Sign in first.");
  }
  const { action } = await params;
  if (!isBackendAction(action)) {
    return fail(404, `Unknown backend action: ${action}`);
  }
  const adminKey = config.localBackendAdminKey;
  if (!adminKey) {
    return fail(503, "LOCAL_BACKEND_ADMIN_KEY is not set for the app.");
  }
  const target = BACKEND_ACTIONS[action];
  try {
    const response = await fetch(new URL(target.path, publicConfig.convexUrl), {
      method: target.method,
      headers: { "x-admin-key": adminKey },
      cache: "no-store",
      signal: AbortSignal.timeout(5000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON; pass the text on
    }
    return NextResponse.json(
      { action, status: response.status, body },
      { status: response.ok ? 200 : 502, headers: noStore },
    );
  } catch (error) {
    return fail(
      502,
      `Local backend unreachable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
