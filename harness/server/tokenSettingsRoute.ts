import type { NextRequest } from "next/server";
import {
  callAdmin,
  fail,
  harnessRouteContext,
  ok,
  readJsonBody,
} from "@/harness/server/adminRoutes";
import { isSameOriginRequest } from "@/harness/server/backendProxy";
import {
  MAX_SETTINGS_BODY_BYTES,
  settingsProblem,
  tokenSettingsSchema,
  tokenSettingsUpdateSchema,
} from "@/harness/model/tokenSettings";

const NOT_LOCAL =
  "Token lifetimes are set in the Clerk dashboard: this app is not running against the local Clerk stand-in.";
const STAND_IN = "local Clerk stand-in";

function settingsFrom(body: unknown) {
  const parsed = tokenSettingsSchema.safeParse(body);
  return parsed.success
    ? ok({ settings: parsed.data })
    : fail(
        502,
        "The local Clerk stand-in answered with settings this page does not understand.",
      );
}

/**
 * GET/POST /api/dev/token-settings: the local Clerk stand-in's token lifetimes and
 * Convex flavour (native session tokens or the `convex` template), with its admin
 * key kept on the server. Signed-in users only; POST from this site's pages only.
 */
export async function GET() {
  const context = await harnessRouteContext();
  if ("response" in context) return context.response;
  const admin = context.env.clerkAdmin;
  if (!admin) return fail(404, NOT_LOCAL);
  const result = await callAdmin(STAND_IN, `${admin.url}/_admin/settings`, {
    method: "GET",
    key: admin.key,
  });
  return result.ok
    ? settingsFrom(result.body)
    : fail(result.status, result.error);
}

export async function POST(request: NextRequest) {
  const context = await harnessRouteContext();
  if ("response" in context) return context.response;
  const admin = context.env.clerkAdmin;
  if (!admin) return fail(404, NOT_LOCAL);
  if (!isSameOriginRequest(request.headers, request.url)) {
    return fail(403, "Only this site's own pages may change token settings.");
  }
  const body = await readJsonBody(request, MAX_SETTINGS_BODY_BYTES);
  if (!body.ok) return fail(body.status, body.error);
  const update = tokenSettingsUpdateSchema.safeParse(body.value);
  if (!update.success) return fail(400, settingsProblem(update.error));
  const result = await callAdmin(STAND_IN, `${admin.url}/_admin/settings`, {
    method: "POST",
    key: admin.key,
    body: update.data,
  });
  return result.ok
    ? settingsFrom(result.body)
    : fail(result.status, result.error);
}
