import {
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { routeAdmin } from "../admin";
import { PRODUCTION_REFUSAL } from "../server";
import {
  admin,
  ADMIN_KEY,
  claims,
  FapiClient,
  PASSWORD,
  startTestStandIn,
  type StandIn,
} from "./support";

describe("test controls", () => {
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await startTestStandIn();
  });
  afterAll(async () => {
    await standIn.close();
  });

  it("need the admin key", async () => {
    for (const key of [null, "wrong", `${ADMIN_KEY}x`]) {
      const res = await admin(standIn, "GET", "/settings", undefined, key);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatch(/x-admin-key/);
    }
  });

  it("answer only loopback callers", async () => {
    // The server passes the socket's remote address; a LAN address is refused.
    const reply = routeAdmin({ adminKey: ADMIN_KEY } as never, {
      method: "GET",
      path: "/settings",
      remoteAddress: "192.168.1.20",
      adminKey: ADMIN_KEY,
      body: undefined,
      bodyError: null,
    });
    expect(reply.status).toBe(403);
    expect((reply.body as { error: string }).error).toMatch(/this machine/);
  });

  it("read and change settings; tokens follow them", async () => {
    const initial = await admin(standIn, "GET", "/settings");
    expect(initial.body).toEqual({
      sessionTokenTtlSeconds: 60,
      templateTtlSeconds: 60,
      convexIntegration: "native",
      clockOffsetSeconds: 0,
      stressLifetimes: false,
      multiSession: false,
    });
    const changed = await admin(standIn, "POST", "/settings", {
      stressLifetimes: true,
      sessionTokenTtlSeconds: 11,
      templateTtlSeconds: 20,
      convexIntegration: "template",
      clockOffsetSeconds: -300,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.sessionTokenTtlSeconds).toBe(11);
    expect(changed.body.templateTtlSeconds).toBe(20);

    const fapi = await new FapiClient(standIn).start();
    const sid = await fapi.signIn();
    const session = claims((await fapi.token(sid)).body.jwt);
    expect(session.exp - session.iat).toBe(11);
    expect(session.aud).toBeUndefined();
    expect(
      Math.abs(session.iat - (Math.floor(Date.now() / 1000) - 300)),
    ).toBeLessThanOrEqual(2);
    const template = claims(
      (await fapi.call("POST", `/client/sessions/${sid}/tokens/convex`)).body
        .jwt,
    );
    expect(template.exp - template.iat).toBe(20);
    expect(template.aud).toBe("convex");

    const back = await admin(standIn, "POST", "/settings", {
      stressLifetimes: false,
      sessionTokenTtlSeconds: 60,
      templateTtlSeconds: 60,
      convexIntegration: "native",
      clockOffsetSeconds: 0,
    });
    expect(back.status).toBe(200);
    // The piggybacked token is re-minted under the new settings.
    const client = await fapi.call("GET", "/client");
    const piggybacked = claims(
      client.body.response.sessions[0].last_active_token.jwt,
    );
    expect(piggybacked.aud).toBe("convex");
    expect(piggybacked.exp - piggybacked.iat).toBe(60);
  });

  it("refuse bad settings with a sentence and keep the old ones", async () => {
    const cases: [unknown, RegExp][] = [
      [{ sessionTokenTtlSeconds: 30 }, /must be 60.*real Clerk cannot/],
      [{ templateTtlSeconds: 29 }, /30 to 315360000.*stressLifetimes/],
      [{ templateTtlSeconds: 315360001 }, /30 to 315360000/],
      [
        { stressLifetimes: true, sessionTokenTtlSeconds: 86401 },
        /1 to 86400 s, even with stressLifetimes/,
      ],
      [{ sessionTokenTtlSeconds: 30.5 }, /whole number/],
      [{ stressLifetimes: "yes" }, /true or false/],
      [{ convexIntegration: "both" }, /native/],
      [{ clockOffsetSeconds: "soon" }, /clockOffsetSeconds/],
      [{ tokenTtl: 30 }, /Unknown setting/],
      [[1, 2], /JSON object/],
      ["{broken", /not valid JSON/],
    ];
    for (const [body, message] of cases) {
      const res = await admin(standIn, "POST", "/settings", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatch(message);
    }
    expect(
      (await admin(standIn, "GET", "/settings")).body.sessionTokenTtlSeconds,
    ).toBe(60);
  });

  it("keep stress lifetimes until they are undone", async () => {
    const short = await admin(standIn, "POST", "/settings", {
      stressLifetimes: true,
      sessionTokenTtlSeconds: 15,
      templateTtlSeconds: 15,
    });
    expect(short.status).toBe(200);
    // Switching stress off while lifetimes are short is refused, naming the problem.
    const sessionLeft = await admin(standIn, "POST", "/settings", {
      stressLifetimes: false,
    });
    expect(sessionLeft.status).toBe(400);
    expect(sessionLeft.body.error).toMatch(/sessionTokenTtlSeconds must be 60/);
    const templateLeft = await admin(standIn, "POST", "/settings", {
      stressLifetimes: false,
      sessionTokenTtlSeconds: 60,
    });
    expect(templateLeft.status).toBe(400);
    expect(templateLeft.body.error).toMatch(/convex \(15 s\)/);
    const undone = await admin(standIn, "POST", "/settings", {
      stressLifetimes: false,
      sessionTokenTtlSeconds: 60,
      templateTtlSeconds: 60,
    });
    expect(undone.body).toMatchObject({
      stressLifetimes: false,
      sessionTokenTtlSeconds: 60,
      templateTtlSeconds: 60,
    });
  });

  it("create users idempotently by email, and they can sign in", async () => {
    const first = await admin(standIn, "POST", "/users", {
      email: "Ada@example.com",
      name: "Ada Lovelace-Byron the Second",
      password: "analytical-engine",
    });
    expect(first.status).toBe(200);
    const again = await admin(standIn, "POST", "/users", {
      email: "ada@example.com",
      name: "Someone Else",
    });
    expect(again.body.id).toBe(first.body.id);
    const preset = await admin(standIn, "POST", "/users", {
      email: "teacher@example.com",
      name: "Tess Teacher",
    });
    expect(preset.body.id).toBe("user_teacher");
    const fapi = await new FapiClient(standIn).start();
    const sid = await fapi.signIn("ada@example.com", "analytical-engine");
    const client = await fapi.call("GET", "/client");
    expect(client.body.response.sessions[0]).toMatchObject({
      id: sid,
      user: { first_name: "Ada", last_name: "Lovelace-Byron the Second" },
    });
    // New users are members of both preset organizations; presets keep their roles.
    const orgs = (
      client.body.response.sessions[0].user.organization_memberships as {
        role: string;
        organization: { id: string };
      }[]
    ).map((m) => [m.organization.id, m.role]);
    expect(orgs.sort()).toEqual([
      ["org_classroom", "org:member"],
      ["org_staff", "org:member"],
    ]);
  });

  it("give users created without a password the shared dev password", async () => {
    const created = await admin(standIn, "POST", "/users", {
      email: "no.password@example.com",
      name: "Nopass",
    });
    const fapi = await new FapiClient(standIn).start();
    const sid = await fapi.signIn("no.password@example.com", PASSWORD);
    const client = await fapi.call("GET", "/client");
    expect(client.body.response.sessions[0]).toMatchObject({
      id: sid,
      user: { id: created.body.id, first_name: "Nopass", last_name: null },
    });
  });

  it("refuse bad users with a sentence", async () => {
    for (const body of [
      { name: "No Email" },
      { email: "not-an-email", name: "X" },
      { email: "x@example.com", name: "" },
      { email: "x@example.com", name: "X", password: "short" },
      { email: `${"x".repeat(400)}@example.com`, name: "X" },
    ]) {
      const res = await admin(standIn, "POST", "/users", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(typeof res.body.error).toBe("string");
    }
  });

  it("revoke sessions and report unknown ones", async () => {
    const fapi = await new FapiClient(standIn).start();
    const sid = await fapi.signIn();
    expect(
      (await admin(standIn, "POST", `/sessions/${sid}/revoke`)).body,
    ).toEqual({
      revoked: true,
    });
    expect((await fapi.token(sid)).status).toBe(401);
    expect(
      (await admin(standIn, "POST", "/sessions/sess_nope/revoke")).status,
    ).toBe(404);
  });

  it("list unhandled requests, answer wrong methods with 405 and unknown controls with 404", async () => {
    await fetch(`${standIn.url}/no/such/route`);
    const listed = await admin(standIn, "GET", "/requests");
    expect(listed.body.unhandled).toContainEqual(
      expect.objectContaining({ method: "GET", path: "/no/such/route" }),
    );
    expect((await admin(standIn, "DELETE", "/settings")).status).toBe(405);
    expect((await admin(standIn, "POST", "/requests")).status).toBe(405);
    expect((await admin(standIn, "GET", "/nothing")).status).toBe(404);
  });
});

describe("persistence", () => {
  let dir: string;
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the key, users and sessions across a restart", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "local-clerk-"));
    const first = await startTestStandIn({ dataDir: dir });
    const fapi = await new FapiClient(first).start();
    await admin(first, "POST", "/users", {
      email: "kept@example.com",
      name: "Kept User",
      password: "kept-password",
    });
    const sid = await fapi.signIn("kept@example.com", "kept-password");
    await fapi.call("POST", `/client/sessions/${sid}/touch`, {
      active_organization_id: "",
    });
    const pem = first.jwtPublicKeyPem;
    await first.close();
    expect(statSync(path.join(dir, "signing-key.pem")).mode & 0o077).toBe(0);
    expect(readFileSync(path.join(dir, "state.json"), "utf8")).not.toMatch(
      /kept-password/,
    );

    const second = await startTestStandIn({ dataDir: dir });
    try {
      expect(second.jwtPublicKeyPem).toBe(pem);
      const again = new FapiClient(second);
      again.devBrowser = fapi.devBrowser;
      const client = await again.call("GET", "/client");
      expect(client.status).toBe(200);
      expect(client.body.response.last_active_session_id).toBe(sid);
      const token = await again.token(sid);
      expect(token.status).toBe(200);
      expect(claims(token.body.jwt).sub).toBe(
        client.body.response.sessions[0].user.id,
      );
    } finally {
      await second.close();
    }
  });

  it("refuses a state file it cannot read, with a sentence", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "local-clerk-"));
    writeFileSync(path.join(dir, "state.json"), "{not json");
    await expect(startTestStandIn({ dataDir: dir })).rejects.toThrow(
      /not readable JSON/,
    );
    writeFileSync(
      path.join(dir, "state.json"),
      JSON.stringify({ format: "other" }),
    );
    await expect(startTestStandIn({ dataDir: dir })).rejects.toThrow(
      /not a local-clerk state file/,
    );
  });
});

describe("start-up checks", () => {
  const saved = process.env.NODE_ENV;
  afterEach(() => {
    (process.env as Record<string, string | undefined>).NODE_ENV = saved;
  });

  it("refuses to start in production unless allowed", async () => {
    (process.env as Record<string, string>).NODE_ENV = "production";
    await expect(startTestStandIn()).rejects.toThrow(PRODUCTION_REFUSAL);
    const allowed = await startTestStandIn({ allowInProduction: true });
    await allowed.close();
  });

  it("refuses bad options", async () => {
    await expect(startTestStandIn({ templateTtlSeconds: 5 })).rejects.toThrow(
      /30 to 315360000.*real Clerk cannot/,
    );
    await expect(
      startTestStandIn({ sessionTokenTtlSeconds: 15 }),
    ).rejects.toThrow(/real Clerk cannot/);
    const stressed = await startTestStandIn({
      stressLifetimes: true,
      sessionTokenTtlSeconds: 15,
      templateTtlSeconds: 5,
    });
    await stressed.close();
    await expect(startTestStandIn({ port: 70000 })).rejects.toThrow(/port/);
    await expect(startTestStandIn({ adminKey: "short" })).rejects.toThrow(
      /adminKey/,
    );
    await expect(
      startTestStandIn({ publicOrigin: "https://example.com" }),
    ).rejects.toThrow(/publicOrigin/);
  });

  it("reports the app env the Next app needs", async () => {
    const standIn = await startTestStandIn({
      publicOrigin: "http://localhost:3220",
    });
    try {
      const env = standIn.appEnv();
      expect(Object.keys(env).sort()).toEqual(
        [
          "CLERK_API_URL",
          "CLERK_JWT_ISSUER_DOMAIN",
          "CLERK_JWT_KEY",
          "CLERK_SECRET_KEY",
          "NEXT_PUBLIC_CLERK_JS_URL",
          "NEXT_PUBLIC_CLERK_KEYLESS_DISABLED",
          "NEXT_PUBLIC_CLERK_PROXY_URL",
          "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
          "NEXT_PUBLIC_CLERK_SIGN_IN_URL",
          "NEXT_PUBLIC_CLERK_TELEMETRY_DISABLED",
          "NEXT_PUBLIC_CLERK_UI_URL",
        ].sort(),
      );
      expect(env.NEXT_PUBLIC_CLERK_PROXY_URL).toBe(
        "http://localhost:3220/__clerk",
      );
      expect(env.CLERK_API_URL).toBe(`${standIn.url}/bapi`);
      expect(env.CLERK_JWT_ISSUER_DOMAIN).toBe(standIn.issuer);
      expect(env.NEXT_PUBLIC_CLERK_JS_URL).toBe(
        "http://localhost:3220/npm/@clerk/clerk-js@6.40.0/dist/clerk.browser.js",
      );
      expect(env.NEXT_PUBLIC_CLERK_UI_URL).toBe(
        "http://localhost:3220/npm/@clerk/ui@1.34.0/dist/ui.browser.js",
      );
      expect(env.CLERK_JWT_KEY).toMatch(
        /^-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA/,
      );
      expect(
        Buffer.from(
          env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY.slice(8),
          "base64",
        ).toString(),
      ).toBe("classroom-local.clerk.accounts.dev$");
    } finally {
      await standIn.close();
    }
  });
});
