/**
 * What the Frontend API routes share: the request, the client a dev browser
 * names, and the `{ response, client }` envelope mutations answer with.
 */
import type { StandInCore } from "./core";
import { ClerkApiError, json, type Fields } from "./http";
import type { Client } from "./state";

export type FapiRequest = {
  /** Effective verb: `_method` when given on a POST. */
  method: string;
  /** Path after `/v1`, e.g. `/client/sign_ins`. */
  path: string;
  query: URLSearchParams;
  fields: Fields;
  /** The calling page's origin when it sent one (used as `azp`). */
  origin: string | null;
  /** Dev-browser id from the query, else from the cookie. */
  devBrowser: string | null;
  /** `_clerk_session_id`: the session clerk-js acts for (account routes). */
  sessionId: string | null;
  /** The caller's browser and address, kept on the sessions it starts. */
  userAgent: string | null;
  ipAddress: string | null;
  /** The unparsed body, for the one route that takes a file (fields are then empty). */
  raw?: { body: Buffer; contentType: string };
};

/** The browser and address a new session records. */
export function deviceOf(req: FapiRequest) {
  return { userAgent: req.userAgent, ipAddress: req.ipAddress };
}

function devBrowserError(message: string) {
  return new ClerkApiError(
    401,
    "dev_browser_unauthenticated",
    message,
    {},
    "Unauthenticated",
  );
}

/** The client this dev browser owns; 401 `dev_browser_unauthenticated` otherwise. */
export function requireClient(core: StandInCore, req: FapiRequest): Client {
  if (!req.devBrowser)
    throw devBrowserError(
      "This request carries no __clerk_db_jwt; create a dev browser first (POST /v1/dev_browser).",
    );
  const client = core.state.clientForDevBrowser(req.devBrowser);
  if (!client)
    throw devBrowserError(
      "The dev browser in __clerk_db_jwt is unknown to the local Clerk stand-in.",
    );
  return client;
}

export async function envelope(
  core: StandInCore,
  client: Client,
  response: unknown,
) {
  return json({ response, client: await core.clientResource(client) });
}
