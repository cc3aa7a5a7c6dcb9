import { z } from "zod";
import { serverConfig, tokenTtlSchema, type ServerConfig } from "@/lib/config";
import { localAuthAvailability } from "./availability";
import { publicSession, sessionFromCookie } from "./currentSession";
import {
  crossSiteRejection,
  isSecureRequest,
  json,
  jsonError,
  parseJsonBody,
  readCookie,
} from "./http";
import { publicJwks } from "./keys";
import {
  SESSION_COOKIE_NAME,
  readSessionCookie,
  sessionCookieOptions,
  signSessionCookie,
} from "./sessionCookie";
import { createSession, deleteSession } from "./sessions";
import { setTokenTtl, tokenSettings } from "./settings";
import { mintToken } from "./tokens";
import { localUser, signInInputSchema } from "./users";

type Handler = (request: Request) => Promise<Response>;

const settingsInputSchema = z.object({
  tokenTtlSeconds: tokenTtlSchema.nullable(),
});

/**
 * Every endpoint of the local identity provider, built around a config getter so tests
 * can run them against a temporary folder. The files under app/api/local-auth/ only
 * re-export these.
 */
export function createLocalAuthRoutes(getConfig: () => ServerConfig) {
  /** Wraps a handler with the availability check shared by all endpoints. */
  function endpoint(
    handler: (request: Request, config: ServerConfig) => Promise<Response>,
    { mutating }: { mutating: boolean },
  ): Handler {
    return async (request) => {
      const config = getConfig();
      const availability = localAuthAvailability(config);
      if (!availability.enabled) {
        return jsonError(availability.status, availability.reason);
      }
      if (mutating) {
        const rejection = crossSiteRejection(request);
        if (rejection) return rejection;
      }
      return handler(request, config);
    };
  }

  const currentSession = (request: Request, config: ServerConfig) =>
    sessionFromCookie(config, readCookie(request, SESSION_COOKIE_NAME));

  return {
    openidConfiguration: endpoint(
      async (_request, config) => {
        const issuer = config.localAuth.issuer;
        return json({
          issuer,
          jwks_uri: `${issuer}/jwks`,
          token_endpoint: `${issuer}/token`,
          authorization_endpoint: `${new URL(issuer).origin}/sign-in`,
          response_types_supported: ["id_token"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          claims_supported: [
            "iss",
            "aud",
            "sub",
            "sid",
            "iat",
            "nbf",
            "exp",
            "jti",
            "name",
            "email",
          ],
        });
      },
      { mutating: false },
    ),

    jwks: endpoint(
      async (_request, config) =>
        Response.json(publicJwks(config.localAuth.dir), {
          headers: { "Cache-Control": "public, max-age=60" },
        }),
      { mutating: false },
    ),

    session: endpoint(
      async (request, config) =>
        json(publicSession(currentSession(request, config))),
      { mutating: false },
    ),

    token: endpoint(
      async (request, config) => {
        const session = currentSession(request, config);
        if (!session) {
          return jsonError(401, "Not signed in, or the session was revoked.");
        }
        return json(await mintToken(config, session));
      },
      { mutating: true },
    ),

    signIn: endpoint(
      async (request, config) => {
        const body = await parseJsonBody(request, signInInputSchema);
        if (!body.ok) return body.response;
        const dir = config.localAuth.dir;
        // Signing in again replaces the old session rather than leaving it live.
        const previous = readSessionCookie(
          dir,
          readCookie(request, SESSION_COOKIE_NAME),
        );
        if (previous) deleteSession(dir, previous);
        const session = createSession(
          dir,
          localUser(body.data.name, body.data.email),
        );
        const response = json(publicSession(session));
        response.cookies.set(
          SESSION_COOKIE_NAME,
          signSessionCookie(dir, session.sessionId),
          sessionCookieOptions(isSecureRequest(request)),
        );
        return response;
      },
      { mutating: true },
    ),

    signOut: endpoint(
      async (request, config) => {
        const dir = config.localAuth.dir;
        const sessionId = readSessionCookie(
          dir,
          readCookie(request, SESSION_COOKIE_NAME),
        );
        if (sessionId) deleteSession(dir, sessionId);
        const response = json(publicSession(null));
        response.cookies.set(SESSION_COOKIE_NAME, "", {
          ...sessionCookieOptions(isSecureRequest(request)),
          maxAge: 0,
        });
        return response;
      },
      { mutating: true },
    ),

    getSettings: endpoint(
      async (_request, config) => json(tokenSettings(config)),
      {
        mutating: false,
      },
    ),

    putSettings: endpoint(
      async (request, config) => {
        const body = await parseJsonBody(request, settingsInputSchema);
        if (!body.ok) return body.response;
        return json(setTokenTtl(config, body.data.tokenTtlSeconds));
      },
      { mutating: true },
    ),
  };
}

export const localAuthRoutes = createLocalAuthRoutes(serverConfig);
