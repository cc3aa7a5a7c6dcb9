import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
} from "jose";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseServerConfig, type ServerConfig } from "@/lib/config";
import { rotateSigningKey, currentSigningKey } from "@/lib/localAuth/keys";
import { createLocalAuthRoutes } from "@/lib/localAuth/routes";
import { findSession } from "@/lib/localAuth/sessions";
import { mintToken } from "@/lib/localAuth/tokens";

const ORIGIN = "http://127.0.0.1:3100";
const ISSUER = `${ORIGIN}/api/local-auth`;

let dir: string;

function configFor(env: Record<string, string> = {}): ServerConfig {
  return parseServerConfig({
    NODE_ENV: "development",
    LOCAL_AUTH_ISSUER: ISSUER,
    LOCAL_AUTH_DIR: dir,
    LOCAL_AUTH_TOKEN_TTL_SECONDS: "60",
    ...env,
  });
}

function routesFor(env: Record<string, string> = {}) {
  const config = configFor(env);
  return createLocalAuthRoutes(() => config);
}

function request(
  endpoint: string,
  {
    method = "GET",
    body,
    cookie,
    headers = {},
  }: {
    method?: string;
    body?: unknown;
    cookie?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const allHeaders: Record<string, string> = { ...headers };
  if (cookie) allHeaders.cookie = cookie;
  if (body !== undefined && !("content-type" in allHeaders)) {
    allHeaders["content-type"] = "application/json";
  }
  return new Request(`${ISSUER}${endpoint}`, {
    method,
    headers: allHeaders,
    body:
      body === undefined
        ? undefined
        : typeof body === "string"
          ? body
          : JSON.stringify(body),
  });
}

/** `name=value` of the session cookie a response sets. */
function sessionCookieFrom(response: Response): string {
  const header = response.headers.get("set-cookie") ?? "";
  const match = /local_auth_session=([^;]*)/.exec(header);
  if (!match) throw new Error(`no session cookie in: ${header}`);
  return `local_auth_session=${match[1]}`;
}

async function signIn(
  routes: ReturnType<typeof routesFor>,
  user = { name: "Ada Teacher", email: "ada.teacher@example.test" },
) {
  const response = await routes.signIn(
    request("/sign-in", { method: "POST", body: user }),
  );
  expect(response.status).toBe(200);
  return { response, cookie: sessionCookieFrom(response) };
}

async function fetchToken(
  routes: ReturnType<typeof routesFor>,
  cookie: string,
) {
  const response = await routes.token(
    request("/token", { method: "POST", cookie }),
  );
  return {
    status: response.status,
    body: (await response.json()) as {
      token?: string;
      expiresAt?: number;
      error?: string;
    },
  };
}

async function servedKeySet(routes: ReturnType<typeof routesFor>) {
  const response = await routes.jwks(request("/jwks"));
  expect(response.status).toBe(200);
  return createLocalJWKSet((await response.json()) as JSONWebKeySet);
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "local-auth-test-"));
});

afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

describe("discovery and keys", () => {
  it("serves OIDC discovery pointing at the JWKS under the issuer", async () => {
    const routes = routesFor();
    const response = await routes.openidConfiguration(
      request("/.well-known/openid-configuration"),
    );
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.issuer).toBe(ISSUER);
    expect(body.jwks_uri).toBe(`${ISSUER}/jwks`);
    expect(body.id_token_signing_alg_values_supported).toEqual(["RS256"]);
  });

  it("generates one RS256 key on first use, with the JWK thumbprint as kid, and keeps it", async () => {
    const routes = routesFor();
    const first = (await (await routes.jwks(request("/jwks"))).json()) as {
      keys: Array<Record<string, string>>;
    };
    expect(first.keys).toHaveLength(1);
    const [key] = first.keys;
    expect(key).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(key).not.toHaveProperty("d");
    expect(key!.kid).toBe(await calculateJwkThumbprint(key!));

    const again = (await (await routes.jwks(request("/jwks"))).json()) as {
      keys: Array<Record<string, string>>;
    };
    expect(again.keys[0]!.kid).toBe(key!.kid);
  });

  it("keeps old keys in the JWKS after a rotation, so earlier tokens still verify", async () => {
    const routes = routesFor();
    const { cookie } = await signIn(routes);
    const before = (await fetchToken(routes, cookie)).body.token!;
    const newKid = rotateSigningKey(dir);
    const after = (await fetchToken(routes, cookie)).body.token!;

    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    expect(decodeProtectedHeader(before).kid).not.toBe(newKid);
    const keys = await servedKeySet(routes);
    await expect(
      jwtVerify(before, keys, { issuer: ISSUER, audience: "convex" }),
    ).resolves.toBeTruthy();
    await expect(
      jwtVerify(after, keys, { issuer: ISSUER, audience: "convex" }),
    ).resolves.toBeTruthy();
  });
});

describe("token endpoint", () => {
  it("mints a token that verifies against the served JWKS with every claim", async () => {
    const routes = routesFor();
    const { cookie } = await signIn(routes);
    const before = Math.floor(Date.now() / 1000);
    const { status, body } = await fetchToken(routes, cookie);
    expect(status).toBe(200);

    const { payload, protectedHeader } = await jwtVerify(
      body.token!,
      await servedKeySet(routes),
      { issuer: ISSUER, audience: "convex", algorithms: ["RS256"] },
    );
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload).toMatchObject({
      iss: ISSUER,
      aud: "convex",
      name: "Ada Teacher",
      email: "ada.teacher@example.test",
    });
    expect(payload.sub).toMatch(/^user_[0-9a-f]{24}$/);
    expect(payload.sid).toMatch(/^sess_/);
    expect(typeof payload.jti).toBe("string");
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(body.expiresAt).toBe(payload.exp! * 1000);
  });

  it("mints different tokens within the same second (unique jti)", async () => {
    const config = configFor();
    const routes = createLocalAuthRoutes(() => config);
    const { cookie } = await signIn(routes);
    const sessionId = cookie.split("=")[1]!.split(".")[0]!;
    const session = findSession(dir, decodeURIComponent(sessionId))!;
    const now = Date.now();

    const a = await mintToken(config, session, now);
    const b = await mintToken(config, session, now);
    expect(a.token).not.toBe(b.token);
    expect(decodeJwt(a.token).iat).toBe(decodeJwt(b.token).iat);
    expect(decodeJwt(a.token).jti).not.toBe(decodeJwt(b.token).jti);
  });

  it("gives the same sub for the same email across sign-ins, and a different one for another user", async () => {
    const routes = routesFor();
    const first = await signIn(routes);
    const second = await signIn(routes, {
      name: "Ada T.",
      email: "ADA.teacher@example.test",
    });
    const other = await signIn(routes, {
      name: "Ben Student",
      email: "ben.student@example.test",
    });
    const sub = async (cookie: string) =>
      decodeJwt((await fetchToken(routes, cookie)).body.token!).sub;
    expect(await sub(first.cookie)).toBe(await sub(second.cookie));
    expect(await sub(other.cookie)).not.toBe(await sub(first.cookie));
  });

  it("rejects expired, wrong-audience and tampered tokens", async () => {
    const config = configFor();
    const routes = createLocalAuthRoutes(() => config);
    const { cookie } = await signIn(routes);
    const keys = await servedKeySet(routes);
    const options = { issuer: ISSUER, audience: "convex" };
    const sessionId = decodeURIComponent(cookie.split("=")[1]!).split(".")[0]!;
    const session = findSession(dir, sessionId)!;

    const expired = await mintToken(config, session, Date.now() - 120_000);
    await expect(jwtVerify(expired.token, keys, options)).rejects.toThrow(
      /exp/,
    );

    const { kid, privateKey } = currentSigningKey(dir);
    const wrongAudience = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: "RS256", kid })
      .setIssuer(ISSUER)
      .setAudience("not-convex")
      .setSubject(session.user.sub)
      .setIssuedAt()
      .setExpirationTime("1m")
      .sign(privateKey);
    await expect(jwtVerify(wrongAudience, keys, options)).rejects.toThrow(
      /aud/,
    );

    const good = (await fetchToken(routes, cookie)).body.token!;
    const [header, payload, signature] = good.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const forged = Buffer.from(
      JSON.stringify({ ...claims, sub: "user_someone_else" }),
    ).toString("base64url");
    await expect(
      jwtVerify(`${header}.${forged}.${signature}`, keys, options),
    ).rejects.toThrow(/signature/);
  });

  it("answers 401 JSON without a session cookie or with a forged one", async () => {
    const routes = routesFor();
    const missing = await fetchToken(routes, "");
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatch(/not signed in/i);

    const { cookie } = await signIn(routes);
    const forged = `${cookie.slice(0, -3)}abc`;
    expect((await fetchToken(routes, forged)).status).toBe(401);
  });
});

describe("sessions", () => {
  it("sets an httpOnly, SameSite=Lax session cookie and reports the session", async () => {
    const routes = routesFor();
    const { response, cookie } = await signIn(routes);
    const header = response.headers.get("set-cookie")!;
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=lax/i);
    expect(header).toMatch(/Path=\//);

    const session = (await (
      await routes.session(request("/session", { cookie }))
    ).json()) as { signedIn: boolean; sessionId: string; user: unknown };
    expect(session.signedIn).toBe(true);
    expect(session.sessionId).toMatch(/^sess_/);
    expect(session.user).toMatchObject({ email: "ada.teacher@example.test" });

    const anonymous = await (await routes.session(request("/session"))).json();
    expect(anonymous).toEqual({ signedIn: false, sessionId: null, user: null });
  });

  it("revokes the session on sign-out: the old cookie gets 401 from then on", async () => {
    const routes = routesFor();
    const { cookie } = await signIn(routes);
    expect((await fetchToken(routes, cookie)).status).toBe(200);

    const out = await routes.signOut(
      request("/sign-out", { method: "POST", cookie }),
    );
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/i);

    const after = await fetchToken(routes, cookie);
    expect(after.status).toBe(401);
  });

  it("makes a sign-out visible to a separately loaded copy of the modules", async () => {
    const routes = routesFor();
    const { cookie } = await signIn(routes);

    vi.resetModules();
    const fresh = await import("@/lib/localAuth/routes");
    const config = configFor();
    const otherInstance = fresh.createLocalAuthRoutes(() => config);
    expect((await fetchToken(otherInstance, cookie)).status).toBe(200);

    await routes.signOut(request("/sign-out", { method: "POST", cookie }));
    expect((await fetchToken(otherInstance, cookie)).status).toBe(401);
  });

  it("signing in again replaces the previous session", async () => {
    const routes = routesFor();
    const first = await signIn(routes);
    const second = await routes.signIn(
      request("/sign-in", {
        method: "POST",
        cookie: first.cookie,
        body: { name: "Ben Student", email: "ben.student@example.test" },
      }),
    );
    expect(second.status).toBe(200);
    expect((await fetchToken(routes, first.cookie)).status).toBe(401);
    expect((await fetchToken(routes, sessionCookieFrom(second))).status).toBe(
      200,
    );
  });
});

describe("input checks", () => {
  it("rejects cross-origin and cross-site mutating requests with 403", async () => {
    const routes = routesFor();
    const body = { name: "Eve", email: "eve@example.test" };
    const crossOrigin = await routes.signIn(
      request("/sign-in", {
        method: "POST",
        body,
        headers: { origin: "http://evil.example" },
      }),
    );
    expect(crossOrigin.status).toBe(403);
    expect(((await crossOrigin.json()) as { error: string }).error).toMatch(
      /Cross-origin/,
    );

    const crossSite = await routes.token(
      request("/token", {
        method: "POST",
        headers: { "sec-fetch-site": "cross-site" },
      }),
    );
    expect(crossSite.status).toBe(403);

    const sameOrigin = await routes.signIn(
      request("/sign-in", {
        method: "POST",
        body,
        headers: { origin: ORIGIN },
      }),
    );
    expect(sameOrigin.status).toBe(200);
  });

  it("answers 400 JSON for malformed JSON, a wrong content type and invalid fields", async () => {
    const routes = routesFor();
    const badJson = await routes.signIn(
      request("/sign-in", { method: "POST", body: "{not json" }),
    );
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: string }).error).toMatch(
      /not valid JSON/,
    );

    const form = await routes.signIn(
      request("/sign-in", {
        method: "POST",
        body: "name=a&email=b",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    );
    expect(form.status).toBe(400);

    const badEmail = await routes.signIn(
      request("/sign-in", {
        method: "POST",
        body: { name: "Ada", email: "not-an-email" },
      }),
    );
    expect(badEmail.status).toBe(400);
    expect(((await badEmail.json()) as { error: string }).error).toMatch(
      /^email: .*valid email/,
    );

    const noName = await routes.signIn(
      request("/sign-in", {
        method: "POST",
        body: { email: "a@example.test" },
      }),
    );
    expect(noName.status).toBe(400);
    expect(((await noName.json()) as { error: string }).error).toMatch(/name/);
  });
});

describe("run-time token lifetime", () => {
  it("changes the lifetime of the next tokens and can be reset", async () => {
    const routes = routesFor();
    const { cookie } = await signIn(routes);
    const put = await routes.putSettings(
      request("/settings", { method: "PUT", body: { tokenTtlSeconds: 30 } }),
    );
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({
      tokenTtlSeconds: 30,
      defaultTokenTtlSeconds: 60,
      source: "override",
    });
    const short = decodeJwt((await fetchToken(routes, cookie)).body.token!);
    expect(short.exp! - short.iat!).toBe(30);

    await routes.putSettings(
      request("/settings", { method: "PUT", body: { tokenTtlSeconds: null } }),
    );
    const settings = await (
      await routes.getSettings(request("/settings"))
    ).json();
    expect(settings).toMatchObject({ tokenTtlSeconds: 60, source: "config" });
  });

  it.each([10, 5, 0])(
    "rejects %i s with a 400 that explains the Convex client's 10 s leeway",
    async (ttl) => {
      const routes = routesFor();
      const response = await routes.putSettings(
        request("/settings", { method: "PUT", body: { tokenTtlSeconds: ttl } }),
      );
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: string };
      expect(error).toMatch(/tokenTtlSeconds/);
      expect(error).toMatch(/more than 10 s/);
      expect(error).toMatch(/Convex client refreshes 10 s before expiry/);
    },
  );

  it("rejects a cross-origin settings change", async () => {
    const routes = routesFor();
    const response = await routes.putSettings(
      request("/settings", {
        method: "PUT",
        body: { tokenTtlSeconds: 30 },
        headers: { origin: "http://evil.example" },
      }),
    );
    expect(response.status).toBe(403);
  });
});

describe("production refusal", () => {
  it("answers every endpoint with 403 JSON in a production build without the opt-in", async () => {
    const dev = routesFor();
    const { cookie } = await signIn(dev);
    const prod = routesFor({ NODE_ENV: "production" });
    const calls = [
      prod.openidConfiguration(request("/.well-known/openid-configuration")),
      prod.jwks(request("/jwks")),
      prod.session(request("/session", { cookie })),
      prod.token(request("/token", { method: "POST", cookie })),
      prod.signIn(
        request("/sign-in", {
          method: "POST",
          body: { name: "Ada", email: "ada@example.test" },
        }),
      ),
      prod.signOut(request("/sign-out", { method: "POST", cookie })),
      prod.getSettings(request("/settings")),
      prod.putSettings(
        request("/settings", { method: "PUT", body: { tokenTtlSeconds: 30 } }),
      ),
    ];
    for (const response of await Promise.all(calls)) {
      expect(response.status).toBe(403);
      const { error } = (await response.json()) as { error: string };
      expect(error).toMatch(/LOCAL_AUTH_ALLOW_IN_PRODUCTION=true/);
    }
  });

  it("runs in production when LOCAL_AUTH_ALLOW_IN_PRODUCTION=true", async () => {
    const routes = routesFor({
      NODE_ENV: "production",
      LOCAL_AUTH_ALLOW_IN_PRODUCTION: "true",
    });
    const { cookie } = await signIn(routes);
    expect((await fetchToken(routes, cookie)).status).toBe(200);
  });

  it("is off in clerk mode", async () => {
    const routes = routesFor({
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_x",
      CLERK_SECRET_KEY: "sk_test_x",
      NEXT_PUBLIC_CONVEX_URL: "https://example.convex.cloud",
    });
    const response = await routes.jwks(request("/jwks"));
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toMatch(
      /clerk mode/,
    );
  });
});
