/**
 * One JSON request that never throws: the answer's JSON, or one sentence saying
 * what went wrong. The page uses it for its own routes and the routes for the
 * stand-ins' admin endpoints; each says in its own words what "no answer" and a
 * failed status mean to its reader.
 */

export type JsonAnswer =
  | { ok: true; body: unknown }
  /** `status` is null when nothing answered. */
  | { ok: false; status: number | null; sentence: string };

export type JsonRequest = {
  method: "GET" | "POST";
  body?: unknown;
  headers?: Record<string, string>;
  credentials?: RequestCredentials;
  timeoutMs?: number;
};

export type FailureWords = {
  /** The request never got an answer (network, timeout). */
  noAnswer: string;
  /** The answer had a failing status; `body` is its JSON, or null. */
  failed: (status: number, body: unknown) => string;
};

/** The `error` sentence of a `{ error }` body, trimmed; null when there is none. */
export function errorField(body: unknown): string | null {
  if (typeof body !== "object" || body === null || !("error" in body)) {
    return null;
  }
  const error = (body as { error: unknown }).error;
  return typeof error === "string" && error.trim() !== "" ? error.trim() : null;
}

export async function fetchJson(
  url: string,
  request: JsonRequest,
  words: FailureWords,
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<JsonAnswer> {
  const hasBody = request.body !== undefined;
  const headers = {
    ...request.headers,
    ...(hasBody ? { "content-type": "application/json" } : {}),
  };
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: request.method,
      credentials: request.credentials,
      cache: "no-store",
      headers: Object.keys(headers).length > 0 ? headers : undefined,
      body: hasBody ? JSON.stringify(request.body) : undefined,
      signal:
        request.timeoutMs === undefined
          ? undefined
          : AbortSignal.timeout(request.timeoutMs),
    });
  } catch {
    return { ok: false, status: null, sentence: words.noAnswer };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: the status says what happened.
  }
  if (!response.ok) {
    return {
      ok: false,
      status: response.status,
      sentence: words.failed(response.status, body),
    };
  }
  return { ok: true, body };
}
