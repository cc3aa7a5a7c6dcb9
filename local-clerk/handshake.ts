/**
 * GET /v1/client/handshake: @clerk/backend sends a page here when its cookies
 * cannot be trusted (no dev browser yet, expired session token, ...). The
 * stand-in answers like FAPI: a 307 back to `redirect_url` carrying the
 * Set-Cookie directives the app's middleware should apply, either inline as a
 * signed `__clerk_handshake` JWT or as a `__clerk_handshake_nonce` that the
 * backend exchanges via BAPI GET /v1/clients/handshake_payload.
 */
import { randomBytes } from "node:crypto";
import type { StandInCore } from "./core";
import type { FapiRequest } from "./fapiShared";
import { ClerkApiError, isLoopbackUrl, type Reply } from "./http";
import type { Client } from "./state";

const YEAR_SECONDS = 365 * 86_400;

export async function handshake(
  core: StandInCore,
  req: FapiRequest,
): Promise<Reply> {
  const redirectUrl = req.query.get("redirect_url") ?? "";
  if (redirectUrl.length > 4096 || !isLoopbackUrl(redirectUrl))
    throw new ClerkApiError(
      400,
      "invalid_redirect_url",
      "redirect_url must be an http(s) URL on localhost, 127.0.0.1 or [::1].",
      { param_name: "redirect_url" },
    );
  const target = new URL(redirectUrl);
  const names = (base: string) => [base, `${base}_${core.cookieSuffix}`];
  const directives: string[] = [];

  let client: Client | undefined = req.devBrowser
    ? core.state.clientForDevBrowser(req.devBrowser)
    : undefined;
  if (!client) {
    // No (known) dev browser: hand the browser a new one, signed out.
    const created = core.state.createDevBrowser();
    client = created.client;
    for (const name of names("__clerk_db_jwt"))
      directives.push(
        `${name}=${created.devBrowser}; Path=/; Max-Age=${YEAR_SECONDS}; SameSite=Lax`,
      );
  }

  // __client_uat is domain-scoped like clerk-js writes it, so the two never
  // coexist as separate cookies; [::1] cannot carry a Domain attribute.
  const domain = target.hostname.startsWith("[")
    ? ""
    : `; Domain=${target.hostname}`;
  const sessionId = client.lastActiveSessionId;
  const session = sessionId ? core.state.sessions.get(sessionId) : undefined;
  if (session && session.status === "active") {
    if (!session.azp) session.azp = target.origin;
    const clientUat = Math.floor(client.updatedAt / 1000);
    const minted = await core.minter.sessionToken(session, {
      minIat: clientUat,
    });
    session.lastToken = { ...minted, orgId: session.lastActiveOrganizationId };
    core.state.changed();
    for (const name of names("__session"))
      directives.push(`${name}=${minted.jwt}; Path=/; SameSite=Lax`);
    for (const name of names("__client_uat"))
      directives.push(
        `${name}=${clientUat}; Path=/${domain}; Max-Age=${YEAR_SECONDS}; SameSite=Lax`,
      );
  } else {
    for (const name of names("__session"))
      directives.push(`${name}=; Path=/; Max-Age=0; SameSite=Lax`);
    for (const name of names("__client_uat"))
      directives.push(
        `${name}=0; Path=/${domain}; Max-Age=${YEAR_SECONDS}; SameSite=Lax`,
      );
  }

  if (req.query.get("format") === "nonce") {
    const nonce = randomBytes(24).toString("base64url");
    core.saveNonce(nonce, directives);
    target.searchParams.set("__clerk_handshake_nonce", nonce);
  } else {
    const token = await core.minter.signPayload({ handshake: directives });
    target.searchParams.set("__clerk_handshake", token);
  }
  return { status: 307, headers: { location: target.toString() } };
}
