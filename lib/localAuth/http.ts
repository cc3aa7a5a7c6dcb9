import { NextResponse } from "next/server";
import type { z } from "zod";

/** JSON responses that must never be cached (tokens, sessions, settings). */
export function json(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, {
    status,
    headers: { "Cache-Control": "no-store" },
  });
}

export function jsonError(status: number, error: string, extra?: object) {
  return json({ error, ...extra }, status);
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      return decodeURIComponent(part.slice(eq + 1).trim());
    }
  }
  return undefined;
}

function requestHost(request: Request): string {
  return request.headers.get("host") ?? new URL(request.url).host;
}

export function isSecureRequest(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto");
  if (forwarded) return forwarded.split(",")[0]!.trim() === "https";
  return new URL(request.url).protocol === "https:";
}

/**
 * Rejects browser requests from another site. Browsers send `Origin` on every POST/PUT
 * (and `Sec-Fetch-Site`); tools such as curl send neither and are let through, since
 * they cannot ride on a victim's cookie anyway.
 */
export function crossSiteRejection(request: Request): NextResponse | null {
  const origin = request.headers.get("origin");
  const host = requestHost(request);
  if (origin !== null) {
    let originHost: string | null = null;
    try {
      originHost = origin === "null" ? null : new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost !== host) {
      return jsonError(
        403,
        `Cross-origin request refused: Origin ${origin} does not match host ${host}.`,
      );
    }
    return null;
  }
  if (request.headers.get("sec-fetch-site") === "cross-site") {
    return jsonError(403, "Cross-site request refused.");
  }
  return null;
}

export type ParsedBody<T> =
  { ok: true; data: T } | { ok: false; response: NextResponse };

/** Parses and validates a JSON body; any problem becomes a 400 naming the field. */
export async function parseJsonBody<T>(
  request: Request,
  schema: z.ZodType<T>,
): Promise<ParsedBody<T>> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().includes("application/json")) {
    return {
      ok: false,
      response: jsonError(
        400,
        "Send a JSON body with Content-Type: application/json.",
      ),
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await request.text());
  } catch (error) {
    return {
      ok: false,
      response: jsonError(
        400,
        `The body is not valid JSON: ${(error as Error).message}`,
      ),
    };
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.join("."),
      message: issue.message,
    }));
    const first = issues[0];
    return {
      ok: false,
      response: jsonError(
        400,
        first
          ? `${first.path || "body"}: ${first.message}`
          : "The body is invalid.",
        { issues },
      ),
    };
  }
  return { ok: true, data: result.data };
}
