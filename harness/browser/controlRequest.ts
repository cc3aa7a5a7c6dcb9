/**
 * Calls one of the harness's own routes and turns the answer into a sentence for
 * the page: the route's `{ error }` sentence, or a plain description of what went
 * wrong. Raw response text never reaches the page.
 */
export type ControlResult =
  { ok: true; body: unknown } | { ok: false; sentence: string };

function errorSentence(body: unknown): string | null {
  if (typeof body !== "object" || body === null || !("error" in body)) {
    return null;
  }
  const error = (body as { error: unknown }).error;
  return typeof error === "string" && error.trim() !== "" ? error.trim() : null;
}

export async function callControl(
  url: string,
  init: { method: "GET" | "POST"; body?: unknown } = { method: "GET" },
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<ControlResult> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: init.method,
      credentials: "same-origin",
      cache: "no-store",
      headers:
        init.body !== undefined
          ? { "content-type": "application/json" }
          : undefined,
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
  } catch {
    return {
      ok: false,
      sentence: "The app did not answer; check that the dev server is running.",
    };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON; described by status below
  }
  if (!response.ok) {
    return {
      ok: false,
      sentence:
        errorSentence(body) ??
        `The request failed with status ${response.status}.`,
    };
  }
  return { ok: true, body };
}
