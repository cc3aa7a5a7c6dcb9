import type { NextRequest } from "next/server";
import {
  callAdmin,
  fail,
  harnessRouteContext,
  ok,
} from "@/harness/server/adminRoutes";
import {
  BACKEND_ACTIONS,
  authorizeBackendAction,
  isSameOriginRequest,
} from "@/harness/server/backendProxy";

/**
 * POST /api/dev/backend/<action>: pause, resume or drop every socket of the local
 * Convex backend, for test runs only (see `authorizeBackendAction`). Its reset is
 * deliberately not offered.
 */
export async function POST(
  request: NextRequest,
  { params }: { params: Promise<{ action: string }> },
) {
  const context = await harnessRouteContext();
  if ("response" in context) return context.response;
  if (!isSameOriginRequest(request.headers, request.url)) {
    return fail(403, "Only this site's own pages may use backend controls.");
  }
  const { action } = await params;
  const backend = context.env.backendAdmin;
  const decision = authorizeBackendAction({
    action,
    testControls: context.env.testControls,
    adminKey: backend?.key ?? null,
    presentedKey: request.headers.get("x-admin-key"),
  });
  if (!decision.allowed) return fail(decision.status, decision.error);
  const target = BACKEND_ACTIONS[action as keyof typeof BACKEND_ACTIONS];
  const result = await callAdmin(
    "local Convex backend",
    `${backend!.url}${target.path}`,
    {
      method: target.method,
      key: backend!.key,
    },
  );
  return result.ok
    ? ok({ action, result: result.body })
    : fail(result.status, result.error);
}
