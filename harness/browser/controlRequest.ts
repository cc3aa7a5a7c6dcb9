import { errorField, fetchJson } from "../fetchJson";

/**
 * Calls one of the harness's own routes and turns the answer into a sentence for
 * the page: the route's `{ error }` sentence, or a plain description of what went
 * wrong. Raw response text never reaches the page.
 */
export type ControlResult =
  { ok: true; body: unknown } | { ok: false; sentence: string };

export async function callControl(
  url: string,
  init: { method: "GET" | "POST"; body?: unknown } = { method: "GET" },
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<ControlResult> {
  const answer = await fetchJson(
    url,
    { ...init, credentials: "same-origin" },
    {
      noAnswer: "The app did not answer; check that the dev server is running.",
      failed: (status, body) =>
        errorField(body) ?? `The request failed with status ${status}.`,
    },
    fetchImpl,
  );
  return answer.ok ? answer : { ok: false, sentence: answer.sentence };
}
