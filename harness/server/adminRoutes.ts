import { NextResponse } from "next/server";
import { signedInUserOr401 } from "@/lib/auth/requireUser";
import { serverConfig } from "@/lib/config";
import { harnessControlsEnv, type HarnessControlsEnv } from "./controlsEnv";
import { upstreamSentence } from "./backendProxy";
import { fetchJson } from "../fetchJson";

/** Shared plumbing of the harness's `/api/dev/*` routes. */

const noStore = { "cache-control": "no-store" };

export function fail(status: number, error: string) {
  return NextResponse.json({ error }, { status, headers: noStore });
}

export function ok(body: unknown) {
  return NextResponse.json(body, { headers: noStore });
}

/**
 * The checks every harness control shares: the harness exists here, its
 * environment is sound, and someone is signed in. Returns the environment or the
 * response to send.
 */
export async function harnessRouteContext(): Promise<
  { env: HarnessControlsEnv } | { response: NextResponse }
> {
  // Signed-out callers hear that first, as they did when the middleware answered.
  const user = await signedInUserOr401();
  if ("response" in user) return user;
  if (!serverConfig().authHarnessEnabled) {
    return { response: fail(404, "The auth harness is not enabled here.") };
  }
  const parsed = harnessControlsEnv();
  if (!parsed.ok) {
    return {
      response: fail(
        503,
        `The harness controls are misconfigured: ${parsed.problem}`,
      ),
    };
  }
  return { env: parsed.env };
}

/** Calls a stand-in's admin endpoint; the answer as JSON, or a sentence on failure. */
export async function callAdmin(
  what: string,
  url: string,
  init: { method: "GET" | "POST"; key: string; body?: unknown },
): Promise<
  { ok: true; body: unknown } | { ok: false; status: number; error: string }
> {
  const answer = await fetchJson(
    url,
    {
      method: init.method,
      headers: { "x-admin-key": init.key },
      body: init.body,
      timeoutMs: 5000,
    },
    {
      noAnswer: `The ${what} did not answer; is it running?`,
      failed: (status, body) => upstreamSentence(what, status, body),
    },
  );
  if (answer.ok) return answer;
  return {
    ok: false,
    // The stand-in's 400 is the caller's mistake; anything else is a bad gateway.
    status: answer.status === 400 ? 400 : 502,
    error: answer.sentence,
  };
}

/** Reads a JSON body of at most `maxBytes`; a sentence when it is too big or not JSON. */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<
  { ok: true; value: unknown } | { ok: false; status: number; error: string }
> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    return {
      ok: false,
      status: 413,
      error: `The request body is over ${maxBytes} bytes.`,
    };
  }
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) {
    return {
      ok: false,
      status: 413,
      error: `The request body is over ${maxBytes} bytes.`,
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, error: "The request body is not JSON." };
  }
}
