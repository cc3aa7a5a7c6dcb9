import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  admin,
  bapi,
  claims,
  FapiClient,
  header,
  PASSWORD,
  startTestStandIn,
  type StandIn,
} from "./support";

let standIn: StandIn;

beforeAll(async () => {
  standIn = await startTestStandIn();
});
afterAll(async () => {
  await standIn.close();
});

async function signedIn(email = "teacher@example.com") {
  const fapi = await new FapiClient(standIn).start();
  const sessionId = await fapi.signIn(email);
  return { fapi, sessionId };
}

describe("dev browser, environment and client", () => {
  it("creates a dev browser that identifies an empty client", async () => {
    const fapi = await new FapiClient(standIn).start();
    expect(fapi.devBrowser).toMatch(/^dvb_/);
    const res = await fapi.call("GET", "/client");
    expect(res.status).toBe(200);
    expect(res.body.client).toBeNull();
    expect(res.body.response).toMatchObject({
      object: "client",
      sessions: [],
      last_active_session_id: null,
      sign_in: null,
    });
  });

  it("serves the environment by GET and by PATCH (dev instances touch it)", async () => {
    const fapi = new FapiClient(standIn);
    for (const method of ["GET", "PATCH"]) {
      const res = await fapi.call(method, "/environment");
      expect(res.status).toBe(200);
      expect(res.body.object).toBe("environment");
      expect(res.body.display_config.instance_environment_type).toBe(
        "development",
      );
      expect(res.body.display_config.captcha_public_key).toBeNull();
      expect(res.body.user_settings.attributes.password.enabled).toBe(true);
      expect(res.body.organization_settings.enabled).toBe(true);
    }
  });

  it("answers 401 dev_browser_unauthenticated without or with a forged dev browser", async () => {
    const fapi = new FapiClient(standIn);
    const missing = await fapi.call("GET", "/client");
    expect(missing.status).toBe(401);
    expect(missing.body.errors[0].code).toBe("dev_browser_unauthenticated");
    fapi.devBrowser = "dvb_forged";
    const forged = await fapi.call("POST", "/client/sign_ins", {
      identifier: "teacher@example.com",
    });
    expect(forged.status).toBe(401);
    expect(forged.body.errors[0]).toMatchObject({
      code: "dev_browser_unauthenticated",
      long_message: expect.stringMatching(/unknown/),
    });
  });

  it("answers PUT /client (Client.create) with the same client", async () => {
    const fapi = await new FapiClient(standIn).start();
    const get = await fapi.call("GET", "/client");
    const put = await fapi.call("PUT", "/client");
    expect(put.status).toBe(200);
    expect(put.body.response.id).toBe(get.body.response.id);
  });

  it("also accepts the dev browser from the __clerk_db_jwt cookie", async () => {
    const fapi = await new FapiClient(standIn).start();
    const res = await fetch(`${standIn.url}/__clerk/v1/client`, {
      headers: { cookie: `__clerk_db_jwt=${fapi.devBrowser}` },
    });
    expect(res.status).toBe(200);
  });
});

describe("sign-in", () => {
  it("goes identifier → password factor → complete, as the <SignIn/> UI does", async () => {
    const fapi = await new FapiClient(standIn).start();
    const first = await fapi.call("POST", "/client/sign_ins", {
      identifier: "teacher@example.com",
      locale: "en-US",
    });
    expect(first.status).toBe(200);
    expect(first.body.response).toMatchObject({
      status: "needs_first_factor",
      supported_first_factors: [
        { strategy: "password" },
        {
          strategy: "email_code",
          email_address_id: expect.stringMatching(/^idn_/),
          safe_identifier: "teacher@example.com",
        },
      ],
    });
    const id = first.body.response.id;
    const prepared = await fapi.call(
      "POST",
      `/client/sign_ins/${id}/prepare_first_factor`,
      { strategy: "password" },
    );
    expect(prepared.status).toBe(200);

    const wrong = await fapi.call(
      "POST",
      `/client/sign_ins/${id}/attempt_first_factor`,
      { strategy: "password", password: "not-the-password" },
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].code).toBe("form_password_incorrect");

    const done = await fapi.call(
      "POST",
      `/client/sign_ins/${id}/attempt_first_factor`,
      { strategy: "password", password: PASSWORD },
    );
    expect(done.status).toBe(200);
    expect(done.body.response.status).toBe("complete");
    const sid = done.body.response.created_session_id;
    expect(done.body.client.last_active_session_id).toBe(sid);
    expect(done.body.client.sessions).toHaveLength(1);
    expect(done.body.client.sessions[0].user.id).toBe("user_teacher");

    const read = await fapi.call("GET", `/client/sign_ins/${id}`);
    expect(read.body.response.status).toBe("complete");
  });

  it("refuses unknown accounts and unsupported strategies with sentences", async () => {
    const fapi = await new FapiClient(standIn).start();
    const unknown = await fapi.call("POST", "/client/sign_ins", {
      identifier: "nobody@example.com",
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].code).toBe("form_identifier_not_found");
    const oauth = await fapi.call("POST", "/client/sign_ins", {
      strategy: "oauth_google",
    });
    expect(oauth.status).toBe(422);
    expect(oauth.body.errors[0].long_message).toMatch(
      /password, email_code, phone_code or ticket, not oauth_google/,
    );
    const wrongPassword = await fapi.call("POST", "/client/sign_ins", {
      identifier: "teacher@example.com",
      password: "nope-nope",
    });
    expect(wrongPassword.status).toBe(422);
  });

  it("does not show one client's sign-in to another", async () => {
    const a = await new FapiClient(standIn).start();
    const b = await new FapiClient(standIn).start();
    const created = await a.call("POST", "/client/sign_ins", {
      identifier: "teacher@example.com",
    });
    const peek = await b.call(
      "GET",
      `/client/sign_ins/${created.body.response.id}`,
    );
    expect(peek.status).toBe(404);
    expect(peek.body.errors[0].code).toBe("resource_not_found");
  });

  it("accepts a BAPI ticket exactly once", async () => {
    const ticket = await bapi(standIn, "POST", "/sign_in_tokens", {
      user_id: "user_student",
      expires_in_seconds: 60,
    });
    expect(ticket.status).toBe(200);
    const fapi = await new FapiClient(standIn).start();
    const used = await fapi.call("POST", "/client/sign_ins", {
      strategy: "ticket",
      ticket: ticket.body.token,
    });
    expect(used.status).toBe(200);
    expect(used.body.response.status).toBe("complete");
    expect(used.body.client.sessions[0].user.id).toBe("user_student");
    const again = await new FapiClient(standIn).start();
    const reused = await again.call("POST", "/client/sign_ins", {
      strategy: "ticket",
      ticket: ticket.body.token,
    });
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0].code).toBe("ticket_invalid");
  });

  it("ends the earlier session when the same client signs in again (single-session mode)", async () => {
    const { fapi, sessionId } = await signedIn();
    const second = await fapi.signIn("student@example.com");
    const client = await fapi.call("GET", "/client");
    expect(
      client.body.response.sessions.map((s: { id: string }) => s.id),
    ).toEqual([second]);
    expect((await fapi.token(sessionId)).status).toBe(401);
  });
});

describe("tokens", () => {
  it("mints v2 session tokens with aud convex, a new jti each time and the configured lifetime", async () => {
    const { fapi, sessionId } = await signedIn();
    const jtis = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await fapi.token(sessionId);
      expect(res.status).toBe(200);
      expect(res.body.object).toBe("token");
      const c = claims(res.body.jwt);
      jtis.add(c.jti);
      expect(c).toMatchObject({
        sub: "user_teacher",
        sid: sessionId,
        iss: standIn.issuer,
        azp: fapi.origin,
        aud: "convex",
        v: 2,
        sts: "active",
      });
      expect(c.fva).toEqual([0, -1]);
      expect(c.exp - c.iat).toBe(60);
      expect(c.nbf).toBeLessThanOrEqual(c.iat);
      expect(header(res.body.jwt)).toMatchObject({ alg: "RS256", typ: "JWT" });
      expect(header(res.body.jwt).cat).toBeUndefined();
    }
    expect(jtis.size).toBe(3);
  });

  it("mints convex template tokens with the cat header and their own lifetime", async () => {
    const { fapi, sessionId } = await signedIn();
    const res = await fapi.call(
      "POST",
      `/client/sessions/${sessionId}/tokens/convex`,
    );
    expect(res.status).toBe(200);
    const c = claims(res.body.jwt);
    expect(c).toMatchObject({
      aud: "convex",
      sub: "user_teacher",
      name: "Tess Teacher",
      email: "teacher@example.com",
    });
    expect(c.exp - c.iat).toBe(60);
    expect(header(res.body.jwt).cat).toBe("cl_B7d4PD222AAA");
    const unknown = await fapi.call(
      "POST",
      `/client/sessions/${sessionId}/tokens/other`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].long_message).toMatch(/other/);
  });

  it("puts the active organization in the o claim after a touch, and honours organization_id", async () => {
    const { fapi, sessionId } = await signedIn();
    const touched = await fapi.call(
      "POST",
      `/client/sessions/${sessionId}/touch`,
      { active_organization_id: "org_classroom", intent: "select_org" },
    );
    expect(touched.status).toBe(200);
    expect(touched.body.response.last_active_organization_id).toBe(
      "org_classroom",
    );
    const piggybacked = claims(touched.body.response.last_active_token.jwt);
    expect(piggybacked.o).toEqual({
      id: "org_classroom",
      rol: "admin",
      slg: "room-101",
    });
    const memberships = touched.body.response.user.organization_memberships;
    expect(
      memberships.map((m: { organization: { id: string }; role: string }) => [
        m.organization.id,
        m.role,
      ]),
    ).toEqual([
      ["org_classroom", "org:admin"],
      ["org_staff", "org:member"],
    ]);

    const staff = await fapi.token(sessionId, { organization_id: "org_staff" });
    expect(claims(staff.body.jwt).o).toEqual({
      id: "org_staff",
      rol: "member",
      slg: "staff-room",
    });
    const personal = await fapi.token(sessionId, { organization_id: "" });
    expect(claims(personal.body.jwt).o).toBeUndefined();
    const current = await fapi.token(sessionId);
    expect((claims(current.body.jwt).o as { id: string }).id).toBe(
      "org_classroom",
    );
  });

  it("refuses an organization the user does not belong to", async () => {
    const { fapi, sessionId } = await signedIn("student@example.com");
    const touch = await fapi.call(
      "POST",
      `/client/sessions/${sessionId}/touch`,
      { active_organization_id: "org_staff" },
    );
    expect(touch.status).toBe(404);
    expect(touch.body.errors[0].long_message).toMatch(/not a member/);
    const token = await fapi.token(sessionId, { organization_id: "org_staff" });
    expect(token.status).toBe(404);
  });

  it("re-mints the piggybacked token so its iat is never below client.updated_at", async () => {
    const { fapi, sessionId } = await signedIn();
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 350));
      const res = await fapi.call(
        "POST",
        `/client/sessions/${sessionId}/touch`,
        {
          active_organization_id: "",
        },
      );
      const clientUat = Math.floor(res.body.client.updated_at / 1000);
      const session = res.body.client.sessions[0];
      expect(claims(session.last_active_token.jwt).iat).toBeGreaterThanOrEqual(
        clientUat,
      );
      expect(
        claims(res.body.response.last_active_token.jwt).iat,
      ).toBeGreaterThanOrEqual(clientUat);
    }
  });

  it("answers 404 for a forged session id and 401 only once a session is gone", async () => {
    const { fapi, sessionId } = await signedIn();
    const forged = await fapi.token("sess_forged");
    expect(forged.status).toBe(404);
    const foreign = await signedIn();
    expect((await fapi.token(foreign.sessionId)).status).toBe(404);
    await admin(standIn, "POST", `/sessions/${sessionId}/revoke`);
    const revoked = await fapi.token(sessionId);
    expect(revoked.status).toBe(401);
    const client = await fapi.call("GET", "/client");
    expect(client.body.response.sessions).toEqual([]);
  });
});

describe("sign-out", () => {
  it("DELETE /client/sessions removes every session and lists none", async () => {
    const { fapi, sessionId } = await signedIn();
    const res = await fapi.call("DELETE", "/client/sessions");
    expect(res.status).toBe(200);
    expect(res.body.response.sessions).toEqual([]);
    expect(res.body.client.last_active_session_id).toBeNull();
    expect((await fapi.token(sessionId)).status).toBe(401);
    const status = await bapi(standIn, "GET", `/sessions/${sessionId}`);
    expect(status.body.status).toBe("removed");
  });

  it("ends or removes one session", async () => {
    for (const action of ["end", "remove"]) {
      const { fapi, sessionId } = await signedIn();
      const res = await fapi.call(
        "POST",
        `/client/sessions/${sessionId}/${action}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.response.status).toBe(
        action === "end" ? "ended" : "removed",
      );
      expect(res.body.response.last_active_token).toBeNull();
      expect(res.body.client.sessions).toEqual([]);
    }
  });

  it("DELETE /client signs the client out", async () => {
    const { fapi, sessionId } = await signedIn();
    const res = await fapi.call("DELETE", "/client");
    expect(res.status).toBe(200);
    expect(res.body.client.sessions).toEqual([]);
    expect((await fapi.token(sessionId)).status).toBe(401);
  });
});

describe("CORS and bad input", () => {
  it("answers preflight for a loopback origin with credentials, and refuses others", async () => {
    const ok = await fetch(`${standIn.url}/__clerk/v1/client`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:3000",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe(
      "http://localhost:3000",
    );
    expect(ok.headers.get("access-control-allow-credentials")).toBe("true");
    expect(ok.headers.get("access-control-allow-headers")).toBe("content-type");

    const evil = await fetch(`${standIn.url}/__clerk/v1/client`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example" },
    });
    expect(evil.status).toBe(403);
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();

    const fapi = await new FapiClient(standIn, "https://evil.example").start();
    expect(fapi.devBrowser).toBeUndefined();
    const refused = await new FapiClient(standIn, "https://evil.example").call(
      "POST",
      "/dev_browser",
    );
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].code).toBe("origin_invalid");
  });

  it("adds CORS headers to FAPI replies for the calling page", async () => {
    const fapi = await new FapiClient(standIn, "http://127.0.0.1:3000").start();
    const res = await fapi.call("GET", "/client");
    expect(res.headers.get("access-control-allow-origin")).toBe(
      "http://127.0.0.1:3000",
    );
    expect(res.headers.get("vary")).toMatch(/Origin/);
  });

  it("answers unknown routes with a Clerk-shaped 404 and records them", async () => {
    const before = await admin(standIn, "GET", "/requests");
    const fapi = await new FapiClient(standIn).start();
    const res = await fapi.call("POST", "/client/sign_ups/x/unknown", {
      x: "1",
    });
    expect(res.status).toBe(404);
    expect(res.body.errors[0]).toMatchObject({
      code: "resource_not_found",
      message: "not found",
      long_message: expect.stringMatching(/no route for POST/),
    });
    const after = await admin(standIn, "GET", "/requests");
    expect(after.body.count).toBe(before.body.count + 1);
    expect(after.body.unhandled.at(-1)).toMatchObject({
      method: "POST",
      path: "/__clerk/v1/client/sign_ups/x/unknown",
    });
  });

  it("answers a wrong method with 405", async () => {
    const fapi = await new FapiClient(standIn).start();
    const res = await fapi.call("GET", "/client/sign_ins");
    expect(res.status).toBe(405);
    expect(res.body.errors[0].code).toBe("method_not_allowed");
    const put = await fapi.call("PUT", "/dev_browser");
    expect(put.status).toBe(405);
  });

  it("refuses oversized bodies with 413 and over-long fields with 400", async () => {
    const fapi = await new FapiClient(standIn).start();
    const big = await fapi.call("POST", "/client/sign_ins", {
      identifier: "x".repeat(70 * 1024),
    });
    expect(big.status).toBe(413);
    expect(big.body.errors[0].code).toBe("request_body_too_large");
    const long = await fapi.call("POST", "/client/sign_ins", {
      identifier: `${"x".repeat(400)}@example.com`,
    });
    expect(long.status).toBe(400);
    expect(long.body.errors[0]).toMatchObject({
      code: "form_param_exceeds_allowed_length",
      meta: { param_name: "identifier" },
    });
    const huge = await fapi.call("POST", "/client/sign_ins", {
      locale: "y".repeat(5000),
    });
    expect(huge.status).toBe(400);
  });

  it("refuses malformed JSON bodies with 400", async () => {
    const fapi = await new FapiClient(standIn).start();
    const res = await fetch(
      `${standIn.url}/__clerk/v1/client/sign_ins?__clerk_db_jwt=${fapi.devBrowser}`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      },
    );
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].code).toBe("malformed_request");
    const nested = await fetch(
      `${standIn.url}/__clerk/v1/client/sign_ins?__clerk_db_jwt=${fapi.devBrowser}`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ identifier: { $gt: "" } }),
      },
    );
    expect(nested.status).toBe(400);
  });

  it("requires fields with a sentence", async () => {
    const fapi = await new FapiClient(standIn).start();
    const res = await fapi.call("POST", "/client/sign_ins", {
      strategy: "ticket",
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({
      code: "form_param_missing",
      long_message: "The field ticket is required.",
    });
  });
});
