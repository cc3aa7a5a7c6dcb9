/**
 * BAPI, the OIDC issuer and the handshake, checked with the real
 * @clerk/backend 3.25 (verifyToken, authenticateRequest) and jose.
 */
import { createClerkClient, verifyToken } from "@clerk/backend";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  admin,
  bapi,
  claims,
  FapiClient,
  header,
  startTestStandIn,
  type StandIn,
} from "./support";

let standIn: StandIn;
const APP = "http://localhost:3999";

beforeAll(async () => {
  standIn = await startTestStandIn();
});
afterAll(async () => {
  await standIn.close();
});

/** Node resolves localhost to ::1 first; the stand-in listens on 127.0.0.1. */
function serverSide(url: string) {
  return url.replace("//localhost:", "//127.0.0.1:");
}

describe("BAPI", () => {
  it("requires the secret key as a bearer token", async () => {
    for (const secret of [null, "sk_test_wrong", `${standIn.secretKey}x`]) {
      const res = await bapi(standIn, "GET", "/jwks", undefined, secret);
      expect(res.status).toBe(401);
      expect(res.body.errors[0].code).toBe("clerk_key_invalid");
    }
  });

  it("answers unknown routes with a Clerk-shaped 404 (recorded) and wrong verbs with 405", async () => {
    const unknown = await bapi(standIn, "GET", "/organizations");
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].code).toBe("resource_not_found");
    const listed = await admin(standIn, "GET", "/requests");
    expect(listed.body.unhandled).toContainEqual(
      expect.objectContaining({
        method: "GET",
        path: "/bapi/v1/organizations",
      }),
    );
    expect((await bapi(standIn, "DELETE", "/jwks")).status).toBe(405);
  });

  it("serves the JWKS with the signing key", async () => {
    const res = await bapi(standIn, "GET", "/jwks");
    expect(res.status).toBe(200);
    expect(res.body.keys).toHaveLength(1);
    expect(res.body.keys[0]).toMatchObject({
      kty: "RSA",
      alg: "RS256",
      use: "sig",
      e: "AQAB",
    });
  });

  it("mints session and template tokens, with expires_in_seconds", async () => {
    const fapi = await new FapiClient(standIn).start();
    const sid = await fapi.signIn();
    const plain = await bapi(standIn, "POST", `/sessions/${sid}/tokens`);
    expect(plain.status).toBe(200);
    expect(claims(plain.body.jwt)).toMatchObject({
      sid,
      aud: "convex",
      azp: fapi.origin,
    });
    const short = await bapi(standIn, "POST", `/sessions/${sid}/tokens`, {
      expires_in_seconds: 30,
    });
    const c = claims(short.body.jwt);
    expect(c.exp - c.iat).toBe(30);
    const template = await bapi(
      standIn,
      "POST",
      `/sessions/${sid}/tokens/convex`,
      {
        expires_in_seconds: 15,
      },
    );
    const t = claims(template.body.jwt);
    expect(t.exp - t.iat).toBe(15);
    expect(header(template.body.jwt).cat).toBe("cl_B7d4PD222AAA");
    const bad = await bapi(standIn, "POST", `/sessions/${sid}/tokens`, {
      expires_in_seconds: "soon",
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].meta.param_name).toBe("expires_in_seconds");
    const unknownTemplate = await bapi(
      standIn,
      "POST",
      `/sessions/${sid}/tokens/x`,
    );
    expect(unknownTemplate.status).toBe(404);
    const unknownSession = await bapi(
      standIn,
      "POST",
      "/sessions/sess_nope/tokens",
    );
    expect(unknownSession.status).toBe(404);
  });

  it("revokes a session: BAPI and FAPI stop minting", async () => {
    const fapi = await new FapiClient(standIn).start();
    const sid = await fapi.signIn();
    const res = await bapi(standIn, "POST", `/sessions/${sid}/revoke`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: "session",
      id: sid,
      status: "revoked",
    });
    expect(
      (await bapi(standIn, "POST", `/sessions/${sid}/tokens`)).status,
    ).toBe(404);
    expect((await fapi.token(sid)).status).toBe(401);
  });

  it("lists, counts, reads and creates users", async () => {
    const found = await bapi(
      standIn,
      "GET",
      "/users?email_address=TEACHER@example.com",
    );
    expect(found.status).toBe(200);
    expect(found.body).toHaveLength(1);
    expect(found.body[0]).toMatchObject({
      object: "user",
      id: "user_teacher",
      first_name: "Tess",
      email_addresses: [{ email_address: "teacher@example.com" }],
    });
    const none = await bapi(
      standIn,
      "GET",
      "/users?email_address=nobody@example.com",
    );
    expect(none.body).toEqual([]);
    const count = await bapi(standIn, "GET", "/users/count");
    expect(count.body.total_count).toBeGreaterThanOrEqual(2);
    const one = await bapi(standIn, "GET", "/users/user_student");
    expect(one.body.last_name).toBe("Student");
    expect((await bapi(standIn, "GET", "/users/user_nope")).status).toBe(404);

    const created = await bapi(standIn, "POST", "/users", {
      email_address: ["new.person@example.com"],
      first_name: "New",
      last_name: "Person",
      password: "a-long-password",
    });
    expect(created.status).toBe(200);
    expect(created.body.id).toMatch(/^user_/);
    const duplicate = await bapi(standIn, "POST", "/users", {
      email_address: ["new.person@example.com"],
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.errors[0].code).toBe("form_identifier_exists");
    const invalid = await bapi(standIn, "POST", "/users", {
      email_address: ["nope"],
    });
    expect(invalid.status).toBe(422);
    const fapi = await new FapiClient(standIn).start();
    expect(
      await fapi.signIn("new.person@example.com", "a-long-password"),
    ).toMatch(/^sess_/);
  });

  it("creates sign-in tokens only for known users", async () => {
    const ok = await bapi(standIn, "POST", "/sign_in_tokens", {
      user_id: "user_teacher",
    });
    expect(ok.body).toMatchObject({
      object: "sign_in_token",
      status: "pending",
      user_id: "user_teacher",
    });
    expect(ok.body.token).toMatch(/^tkt_/);
    const missing = await bapi(standIn, "POST", "/sign_in_tokens", {});
    expect(missing.status).toBe(422);
    const unknown = await bapi(standIn, "POST", "/sign_in_tokens", {
      user_id: "user_nope",
    });
    expect(unknown.status).toBe(404);
  });

  it("refuses an unknown handshake nonce", async () => {
    const res = await bapi(
      standIn,
      "GET",
      "/clients/handshake_payload?nonce=nope",
    );
    expect(res.status).toBe(404);
    const missing = await bapi(standIn, "GET", "/clients/handshake_payload");
    expect(missing.status).toBe(400);
  });
});

describe("token verification", () => {
  it("@clerk/backend verifyToken accepts session tokens via the PEM and via the JWKS", async () => {
    const fapi = await new FapiClient(standIn).start();
    const sid = await fapi.signIn();
    const jwt = (await fapi.token(sid)).body.jwt;
    const byPem = await verifyToken(jwt, { jwtKey: standIn.jwtPublicKeyPem });
    expect(byPem).toMatchObject({ sub: "user_teacher", sid });
    const byJwks = await verifyToken(jwt, {
      secretKey: standIn.secretKey,
      apiUrl: `${standIn.url}/bapi`,
      skipJwksCache: true,
    });
    expect(byJwks.sid).toBe(sid);
    await expect(
      verifyToken(jwt, {
        jwtKey: standIn.jwtPublicKeyPem,
        authorizedParties: ["http://elsewhere"],
      }),
    ).rejects.toMatchObject({ reason: "token-invalid-authorized-parties" });
  });

  it("@clerk/backend authenticateRequest accepts a session token but refuses a template token (cat header)", async () => {
    const fapi = await new FapiClient(standIn).start();
    const sid = await fapi.signIn();
    const client = createClerkClient({
      secretKey: standIn.secretKey,
      publishableKey: standIn.publishableKey,
    });
    const bearer = async (jwt: string) =>
      client.authenticateRequest(
        new Request(`${APP}/api/x`, {
          headers: { authorization: `Bearer ${jwt}` },
        }),
        { jwtKey: standIn.jwtPublicKeyPem },
      );
    const session = (await fapi.token(sid)).body.jwt;
    expect((await bearer(session)).status).toBe("signed-in");
    const template = (
      await fapi.call("POST", `/client/sessions/${sid}/tokens/convex`)
    ).body.jwt;
    expect((await bearer(template)).status).toBe("signed-out");
  });

  it("serves OIDC discovery so Convex-style verification (iss + aud convex) passes", async () => {
    const discovery = await (
      await fetch(`${standIn.issuer}/.well-known/openid-configuration`)
    ).json();
    expect(discovery.issuer).toBe(standIn.issuer);
    const keys = createRemoteJWKSet(new URL(discovery.jwks_uri));
    const fapi = await new FapiClient(standIn).start();
    const sid = await fapi.signIn();
    for (const path of [
      `/client/sessions/${sid}/tokens`,
      `/client/sessions/${sid}/tokens/convex`,
    ]) {
      const jwt = (await fapi.call("POST", path)).body.jwt;
      const { payload } = await jwtVerify(jwt, keys, {
        issuer: standIn.issuer,
        audience: "convex",
      });
      expect(payload.sub).toBe("user_teacher");
    }
  });
});

describe("handshake", () => {
  const clerk = () =>
    createClerkClient({
      secretKey: standIn.secretKey,
      publishableKey: standIn.publishableKey,
      apiUrl: `${standIn.url}/bapi`,
    });
  const proxyUrl = () => `${standIn.publicOrigin}/__clerk`;

  function documentRequest(url: string, cookies: Record<string, string> = {}) {
    return new Request(url, {
      headers: {
        accept: "text/html",
        "sec-fetch-dest": "document",
        cookie: Object.entries(cookies)
          .map(([k, v]) => `${k}=${v}`)
          .join("; "),
      },
    });
  }

  async function followHandshake(location: string) {
    const res = await fetch(serverSide(location), { redirect: "manual" });
    expect(res.status).toBe(307);
    return res.headers.get("location")!;
  }

  it("first visit: dev-browser-missing → nonce → @clerk/backend resolves signed out with a new dev browser", async () => {
    const first = await clerk().authenticateRequest(
      documentRequest(`${APP}/protected`),
      {
        proxyUrl: proxyUrl(),
        jwtKey: standIn.jwtPublicKeyPem,
      },
    );
    expect(first.status).toBe("handshake");
    const location = first.headers.get("location")!;
    expect(location.startsWith(`${proxyUrl()}/v1/client/handshake?`)).toBe(
      true,
    );
    const back = new URL(await followHandshake(location));
    expect(back.origin + back.pathname).toBe(`${APP}/protected`);
    expect(back.searchParams.get("__clerk_handshake_nonce")).toBeTruthy();

    const resolved = await clerk().authenticateRequest(
      documentRequest(back.toString()),
      {
        proxyUrl: proxyUrl(),
        jwtKey: standIn.jwtPublicKeyPem,
      },
    );
    expect(resolved.status).toBe("signed-out");
    const cookies = resolved.headers.getSetCookie();
    const suffix = cookies
      .find((c) => c.startsWith("__clerk_db_jwt_"))!
      .split("=")[0]
      .slice("__clerk_db_jwt_".length);
    expect(suffix).toHaveLength(8);
    const names = cookies.map((c) => c.split("=")[0]);
    for (const base of ["__clerk_db_jwt", "__session", "__client_uat"]) {
      expect(names).toContain(base);
      expect(names).toContain(`${base}_${suffix}`);
    }
    expect(cookies).toContainEqual(
      expect.stringMatching(/^__client_uat=0; Path=\/; Domain=localhost/),
    );
  });

  it("signed in without a session cookie: handshake resolves signed in with fresh __session cookies", async () => {
    const fapi = await new FapiClient(standIn).start();
    const sid = await fapi.signIn();
    const client = await fapi.call("GET", "/client");
    const clientUat = String(
      Math.floor(client.body.response.updated_at / 1000),
    );
    const cookies = {
      __clerk_db_jwt: fapi.devBrowser,
      __client_uat: clientUat,
    };
    const first = await clerk().authenticateRequest(
      documentRequest(`${APP}/`, cookies),
      {
        proxyUrl: proxyUrl(),
        jwtKey: standIn.jwtPublicKeyPem,
      },
    );
    expect(first.status).toBe("handshake");
    const back = await followHandshake(first.headers.get("location")!);
    const resolved = await clerk().authenticateRequest(
      documentRequest(back, cookies),
      {
        proxyUrl: proxyUrl(),
        jwtKey: standIn.jwtPublicKeyPem,
      },
    );
    expect(resolved.status).toBe("signed-in");
    const auth = resolved.toAuth() as { userId: string; sessionId: string };
    expect(auth.userId).toBe("user_teacher");
    expect(auth.sessionId).toBe(sid);
    const session = resolved.headers
      .getSetCookie()
      .find((c) => c.startsWith("__session="))!;
    const jwt = session.slice("__session=".length).split(";")[0];
    expect(claims(jwt).iat).toBeGreaterThanOrEqual(Number(clientUat));
    expect(claims(jwt).azp).toBe(fapi.origin);
  });

  it("token format: the __clerk_handshake JWT is signed by the stand-in and lists the directives", async () => {
    const res = await fetch(
      `${standIn.url}/__clerk/v1/client/handshake?redirect_url=${encodeURIComponent(`${APP}/x?a=1`)}&suffixed_cookies=true`,
      { redirect: "manual" },
    );
    expect(res.status).toBe(307);
    const back = new URL(res.headers.get("location")!);
    expect(back.searchParams.get("a")).toBe("1");
    const token = back.searchParams.get("__clerk_handshake")!;
    const keys = createRemoteJWKSet(
      new URL(`${standIn.issuer}/.well-known/jwks.json`),
    );
    const { payload } = await jwtVerify(token, keys);
    expect(payload.handshake).toContainEqual(
      expect.stringMatching(/^__clerk_db_jwt=dvb_/),
    );
    expect(payload.handshake).toContainEqual(
      expect.stringMatching(/^__session=; Path=\/; Max-Age=0/),
    );
  });

  it("refuses redirect URLs that leave this machine or are not URLs", async () => {
    for (const target of ["https://evil.example/", "javascript:alert(1)", ""]) {
      const res = await fetch(
        `${standIn.url}/__clerk/v1/client/handshake?redirect_url=${encodeURIComponent(target)}`,
        { redirect: "manual" },
      );
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0].code).toBe("invalid_redirect_url");
    }
  });
});

describe("bundles", () => {
  it("serves clerk-js, the UI and their chunks with JS content types and long caching", async () => {
    for (const url of [standIn.clerkJsUrl, standIn.clerkUiUrl]) {
      const res = await fetch(serverSide(url));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
      expect(res.headers.get("cache-control")).toMatch(
        /max-age=31536000, immutable/,
      );
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    }
    const chunk = await fetch(
      `${standIn.url}/npm/@clerk/clerk-js@6.40.0/dist/vendors_clerk.browser_a68c22_6.40.0.js`,
      { method: "HEAD" },
    );
    expect(chunk.status).toBe(200);
  });

  it("refuses path traversal, folders and unknown files", async () => {
    for (const path of [
      "/npm/@clerk/clerk-js@6.40.0/dist/..%2Fpackage.json",
      "/npm/@clerk/clerk-js@6.40.0/dist/%2e%2e/package.json",
      "/npm/@clerk/clerk-js@6.40.0/dist/types",
      "/npm/@clerk/clerk-js@6.40.0/dist/nope.js",
      "/npm/@clerk/clerk-js@6.40.0/dist/../package.json",
    ]) {
      const res = await fetch(`${standIn.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toMatch(/"version"/);
    }
    const listed = await admin(standIn, "GET", "/requests");
    expect(listed.body.unhandled).toContainEqual(
      expect.objectContaining({
        path: "/npm/@clerk/clerk-js@6.40.0/dist/nope.js",
      }),
    );
    const post = await fetch(
      standIn.clerkJsUrl.replace("//localhost:", "//127.0.0.1:"),
      { method: "POST" },
    );
    expect(post.status).toBe(405);
  });
});

describe("admin revoke via the stand-in object", () => {
  it("needs the admin key", async () => {
    const res = await admin(
      standIn,
      "POST",
      "/sessions/sess_x/revoke",
      undefined,
      null,
    );
    expect(res.status).toBe(401);
  });
});
