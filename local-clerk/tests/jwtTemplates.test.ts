/**
 * JWT templates through Clerk's Backend API, driven by the real
 * @clerk/backend 3.25 client, and the tokens minted from them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClerkClient } from "@clerk/backend";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  admin,
  bapi,
  claims,
  FapiClient,
  header,
  startTestStandIn,
  type StandIn,
} from "./support";

/** What @clerk/backend throws for a non-2xx answer (ClerkAPIResponseError). */
type ApiError = {
  status: number;
  clerkTraceId?: string;
  errors: {
    code: string;
    longMessage?: string;
    meta?: { paramName?: string };
  }[];
};

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error("expected the call to be refused");
}

describe("JWT templates via @clerk/backend", () => {
  let standIn: StandIn;
  let clerk: ReturnType<typeof createClerkClient>;
  beforeAll(async () => {
    standIn = await startTestStandIn();
    clerk = createClerkClient({
      secretKey: standIn.secretKey,
      apiUrl: `${standIn.url}/bapi`,
    });
  });
  afterAll(async () => {
    await standIn.close();
  });

  it("list the seeded convex template, paginated as the SDK asks", async () => {
    const listed = await clerk.jwtTemplates.list();
    expect(listed.totalCount).toBe(1);
    expect(listed.data[0]).toMatchObject({
      name: "convex",
      lifetime: 60,
      allowedClockSkew: 5,
      customSigningKey: false,
      signingAlgorithm: "RS256",
      claims: expect.objectContaining({ aud: "convex" }),
    });
    expect(listed.data[0].id).toMatch(/^jtmp_/);
    // Without paginated=true, Clerk answers with a bare array.
    const bare = await bapi(standIn, "GET", "/jwt_templates");
    expect(Array.isArray(bare.body)).toBe(true);
    expect(bare.body[0].object).toBe("jwt_template");
  });

  it("create, get, update, refuse a 10 s lifetime, allow it under stress, delete", async () => {
    const created = await clerk.jwtTemplates.create({
      name: "reporting",
      claims: {
        uid: "{{user.id}}",
        who: "{{user.full_name}}",
        mail: "{{user.primary_email_address}}",
        handle: "{{user.username}}",
        greeting: "Hello {{user.first_name}} {{user.last_name}}!",
        org: { id: "{{org.id}}", slug: "{{org.slug}}", role: "{{org.role}}" },
        tier: "gold",
        limits: [3, true, null],
      },
      lifetime: 120,
      allowedClockSkew: 20,
    });
    expect(created).toMatchObject({ name: "reporting", lifetime: 120 });
    const fetched = await clerk.jwtTemplates.get(created.id);
    expect(fetched.claims).toEqual(created.claims);
    expect(fetched.createdAt).toBe(created.createdAt);

    const fapi = await new FapiClient(standIn).start();
    const sid = await fapi.signIn();
    await fapi.call("POST", `/client/sessions/${sid}/touch`, {
      active_organization_id: "org_classroom",
    });
    const minted = await fapi.call(
      "POST",
      `/client/sessions/${sid}/tokens/reporting`,
    );
    expect(minted.status).toBe(200);
    const c = claims(minted.body.jwt);
    expect(header(minted.body.jwt).cat).toBe("cl_B7d4PD222AAA");
    expect(c.exp - c.iat).toBe(120);
    expect(c.iat - c.nbf).toBe(20);
    expect(c).toMatchObject({
      sub: "user_teacher",
      uid: "user_teacher",
      who: "Tess Teacher",
      mail: "teacher@example.com",
      handle: null,
      greeting: "Hello Tess Teacher!",
      org: { id: "org_classroom", slug: "room-101", role: "org:admin" },
      tier: "gold",
      limits: [3, true, null],
    });
    // BAPI mints from the same template.
    const server = await bapi(
      standIn,
      "POST",
      `/sessions/${sid}/tokens/reporting`,
    );
    expect(claims(server.body.jwt).exp - claims(server.body.jwt).iat).toBe(120);

    const refused = await rejection(
      clerk.jwtTemplates.update({
        templateId: created.id,
        name: "reporting",
        claims: created.claims,
        lifetime: 10,
      }),
    );
    expect(refused.status).toBe(422);
    expect(refused.errors[0].code).toBe("form_param_value_invalid");
    expect(refused.errors[0].meta?.paramName).toBe("lifetime");
    expect(refused.errors[0].longMessage).toMatch(/30 to 315360000/);
    expect(refused.clerkTraceId).toMatch(/^[0-9a-f]{32}$/);

    await admin(standIn, "POST", "/settings", { stressLifetimes: true });
    try {
      const updated = await clerk.jwtTemplates.update({
        templateId: created.id,
        name: "reporting",
        claims: { uid: "{{user.id}}" },
        lifetime: 10,
      });
      expect(updated).toMatchObject({ lifetime: 10, allowedClockSkew: 20 });
      expect(updated.updatedAt).toBeGreaterThanOrEqual(created.updatedAt);
      const short = claims(
        (await fapi.call("POST", `/client/sessions/${sid}/tokens/reporting`))
          .body.jwt,
      );
      expect(short.exp - short.iat).toBe(10);
      expect(short.who).toBeUndefined();
    } finally {
      await clerk.jwtTemplates.update({
        templateId: created.id,
        name: "reporting",
        claims: { uid: "{{user.id}}" },
        lifetime: 30,
      });
      await admin(standIn, "POST", "/settings", { stressLifetimes: false });
    }

    const deleted = await clerk.jwtTemplates.delete(created.id);
    expect(deleted).toMatchObject({ id: created.id, deleted: true });
    expect((await rejection(clerk.jwtTemplates.get(created.id))).status).toBe(
      404,
    );
    const gone = await fapi.call(
      "POST",
      `/client/sessions/${sid}/tokens/reporting`,
    );
    expect(gone.status).toBe(404);
    expect(gone.body.errors[0].long_message).toMatch(
      /No JWT template exists with name: reporting/,
    );
  });

  it("refuse bad templates with Clerk's error shape and a sentence", async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ claims: {} }, 422, /name must be/],
      [{ name: "has space", claims: {} }, 422, /name must be/],
      [{ name: "x", claims: [1] }, 422, /claims must be a JSON object/],
      [{ name: "x", claims: { sub: "me" } }, 422, /cannot set sub/],
      [{ name: "x", claims: { a: "{{user.shoe_size}}" } }, 422, /shoe_size/],
      [{ name: "x", claims: {}, lifetime: 29 }, 422, /stressLifetimes/],
      [{ name: "x", claims: {}, lifetime: "60" }, 422, /whole number/],
      [{ name: "x", claims: {}, allowed_clock_skew: 301 }, 422, /0 to 300/],
      [{ name: "x", claims: {}, custom_signing_key: true }, 422, /custom/],
      [{ name: "convex", claims: {} }, 422, /already exists/],
      [{ name: "x", claims: { a: "y".repeat(9000) } }, 422, /8192/],
    ];
    for (const [body, status, message] of cases) {
      const res = await bapi(standIn, "POST", "/jwt_templates", body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(res.body.errors[0].long_message).toMatch(message);
      expect(typeof res.body.clerk_trace_id).toBe("string");
    }
    const deep = {
      a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } },
    };
    expect(
      (
        await bapi(standIn, "POST", "/jwt_templates", {
          name: "x",
          claims: deep,
        })
      ).status,
    ).toBe(422);
    const raw = await fetch(`${standIn.url}/bapi/v1/jwt_templates`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${standIn.secretKey}`,
        "content-type": "application/json",
      },
      body: "{nope",
    });
    expect(raw.status).toBe(400);
    expect(
      (await bapi(standIn, "GET", "/jwt_templates", undefined, "sk_wrong"))
        .status,
    ).toBe(401);
    expect((await bapi(standIn, "PUT", "/jwt_templates")).status).toBe(405);
    expect(
      (await bapi(standIn, "GET", "/jwt_templates/jtmp_none")).status,
    ).toBe(404);
    expect(
      (await bapi(standIn, "GET", "/jwt_templates?paginated=true&limit=0"))
        .status,
    ).toBe(422);
  });

  it("keep templateTtlSeconds mapped onto the convex template", async () => {
    const convex = (await clerk.jwtTemplates.list()).data.find(
      (t) => t.name === "convex",
    )!;
    await admin(standIn, "POST", "/settings", { templateTtlSeconds: 90 });
    expect((await clerk.jwtTemplates.get(convex.id)).lifetime).toBe(90);
    await clerk.jwtTemplates.update({
      templateId: convex.id,
      name: "convex",
      claims: convex.claims,
      lifetime: 45,
    });
    expect(
      (await admin(standIn, "GET", "/settings")).body.templateTtlSeconds,
    ).toBe(45);
    // Deleted, the setting reads null; setting it again recreates the template.
    await clerk.jwtTemplates.delete(convex.id);
    expect(
      (await admin(standIn, "GET", "/settings")).body.templateTtlSeconds,
    ).toBe(null);
    const fapi = await new FapiClient(standIn).start();
    const sid = await fapi.signIn();
    expect(
      (await fapi.call("POST", `/client/sessions/${sid}/tokens/convex`)).status,
    ).toBe(404);
    await admin(standIn, "POST", "/settings", { templateTtlSeconds: 60 });
    const token = claims(
      (await fapi.call("POST", `/client/sessions/${sid}/tokens/convex`)).body
        .jwt,
    );
    expect(token).toMatchObject({
      aud: "convex",
      name: "Tess Teacher",
      email: "teacher@example.com",
      email_verified: true,
    });
    expect(token.exp - token.iat).toBe(60);
  });
});

describe("JWT template persistence", () => {
  let dir: string;
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps templates across a restart and puts stress-only lifetimes back to 60 s without stress", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "local-clerk-"));
    const first = await startTestStandIn({
      dataDir: dir,
      stressLifetimes: true,
      templateTtlSeconds: 15,
    });
    const created = await bapi(first, "POST", "/jwt_templates", {
      name: "kept",
      claims: { k: "{{user.id}}" },
      lifetime: 3600,
    });
    expect(created.status).toBe(200);
    await first.close();

    const lines: string[] = [];
    const second = await startTestStandIn({
      dataDir: dir,
      log: (line) => lines.push(line),
    });
    try {
      const listed = await bapi(second, "GET", "/jwt_templates");
      const byName = Object.fromEntries(
        (listed.body as { name: string; lifetime: number }[]).map((t) => [
          t.name,
          t.lifetime,
        ]),
      );
      expect(byName).toEqual({ convex: 60, kept: 3600 });
      expect(lines.join("\n")).toMatch(/convex lived 15 s/);
    } finally {
      await second.close();
    }
  });
});
