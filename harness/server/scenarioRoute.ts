import type { NextRequest } from "next/server";
import { auth, clerkClient } from "@clerk/nextjs/server";
import {
  callAdmin,
  fail,
  harnessRouteContext,
  ok,
  readJsonBody,
} from "@/harness/server/adminRoutes";
import { isSameOriginRequest } from "@/harness/server/backendProxy";
import {
  MAX_SCENARIO_BODY_BYTES,
  scenarioActionSchema,
} from "@/harness/scenarios/pageActions";

const NOT_LOCAL =
  "Scenarios need the local Clerk stand-in: this app is not running against it.";
const STAND_IN = "local Clerk stand-in";

/**
 * POST /api/dev/scenario: the Clerk side of a scenario run from the harness page.
 * Faults go to the local stand-in's `/_admin/faults` (admin key kept here); the
 * caller's own session is ended through Clerk's Backend API (`revokeSession`) or
 * the stand-in's expiry control. Signed-in users, this site's pages, local only.
 */
export async function POST(request: NextRequest) {
  const context = await harnessRouteContext();
  if ("response" in context) return context.response;
  const admin = context.env.clerkAdmin;
  if (!admin) return fail(404, NOT_LOCAL);
  if (!isSameOriginRequest(request.headers, request.url)) {
    return fail(403, "Only this site's own pages may run scenarios.");
  }
  const body = await readJsonBody(request, MAX_SCENARIO_BODY_BYTES);
  if (!body.ok) return fail(body.status, body.error);
  const parsed = scenarioActionSchema.safeParse(body.value);
  if (!parsed.success) {
    return fail(
      400,
      `That is not a scenario action: ${parsed.error.issues[0]?.message ?? "unknown shape"}.`,
    );
  }
  const action = parsed.data;
  if (action.kind === "faults") {
    const result = await callAdmin(STAND_IN, `${admin.url}/_admin/faults`, {
      method: "POST",
      key: admin.key,
      body: action.faults,
    });
    return result.ok
      ? ok({ faults: result.body })
      : fail(result.status, result.error);
  }
  const { sessionId } = await auth();
  if (!sessionId)
    return fail(401, "Sign in first: there is no session to end.");
  if (action.reason === "revoked") {
    try {
      const client = await clerkClient();
      await client.sessions.revokeSession(sessionId);
    } catch {
      return fail(502, "Clerk did not revoke the session; is it reachable?");
    }
    return ok({ ended: sessionId, reason: action.reason });
  }
  const result = await callAdmin(
    STAND_IN,
    `${admin.url}/_admin/sessions/${encodeURIComponent(sessionId)}/expire`,
    { method: "POST", key: admin.key, body: { reason: action.reason } },
  );
  return result.ok
    ? ok({ ended: sessionId, reason: action.reason })
    : fail(result.status, result.error);
}
