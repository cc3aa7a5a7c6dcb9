/**
 * Sign-up through the Frontend API with clerk-js's wire format: what
 * <SignUp/> sends (create with email_address + password, then
 * prepare_verification and attempt_verification for email_code), the
 * progressive form (PATCH), an optional phone number, uniqueness and bad input.
 */
import { createClerkClient } from "@clerk/backend";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claims, FapiClient, startTestStandIn, type StandIn } from "./support";

let standIn: StandIn;

beforeAll(async () => {
  standIn = await startTestStandIn();
});
afterAll(async () => {
  await standIn.close();
});

let serial = 0;
function testEmail(label = "signup") {
  serial += 1;
  return `${label}-${serial}-${Date.now()}+clerk_test@example.com`;
}

let phoneSerial = 150;
function testPhone() {
  phoneSerial += 1;
  return `+1201555${String(phoneSerial).padStart(4, "0")}`;
}

const PASSWORD = "a-new-users-password";

function signUps(fapi: FapiClient, id = "") {
  const base = `/client/sign_ups${id ? `/${id}` : ""}`;
  return {
    create: (form: Record<string, string>) => fapi.call("POST", base, form),
    update: (form: Record<string, string>) => fapi.call("PATCH", base, form),
    get: () => fapi.call("GET", base),
    prepare: (strategy: string) =>
      fapi.call("POST", `${base}/prepare_verification`, { strategy }),
    attempt: (strategy: string, code: string) =>
      fapi.call("POST", `${base}/attempt_verification`, { strategy, code }),
  };
}

describe("sign-up with email and password", () => {
  it("goes create → prepare email_code → attempt 424242 → complete, with an active session", async () => {
    const email = testEmail();
    const fapi = await new FapiClient(standIn).start();
    const created = await signUps(fapi).create({
      email_address: email,
      password: PASSWORD,
      locale: "en-US",
    });
    expect(created.status).toBe(200);
    expect(created.body.response).toMatchObject({
      object: "sign_up",
      status: "missing_requirements",
      email_address: email,
      has_password: true,
      required_fields: ["email_address", "password"],
      missing_fields: [],
      unverified_fields: ["email_address"],
      verifications: {
        email_address: {
          status: "unverified",
          next_action: "needs_prepare",
          supported_strategies: ["email_code"],
        },
        phone_number: null,
      },
      created_session_id: null,
      created_user_id: null,
    });
    const id = created.body.response.id;
    expect(created.body.client.sign_up.id).toBe(id);
    expect(JSON.stringify(created.body)).not.toContain(PASSWORD);

    const prepared = await signUps(fapi, id).prepare("email_code");
    expect(prepared.status).toBe(200);
    expect(prepared.body.response.verifications.email_address).toMatchObject({
      status: "unverified",
      strategy: "email_code",
      next_action: "needs_attempt",
      attempts: 0,
    });

    const wrong = await signUps(fapi, id).attempt("email_code", "000000");
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0]).toMatchObject({
      code: "form_code_incorrect",
      message: "is incorrect",
      long_message: "Incorrect code",
      meta: { param_name: "code" },
    });

    const done = await signUps(fapi, id).attempt("email_code", "424242");
    expect(done.status).toBe(200);
    const response = done.body.response;
    expect(response).toMatchObject({
      id,
      status: "complete",
      missing_fields: [],
      unverified_fields: [],
      created_user_id: expect.stringMatching(/^user_/),
      created_session_id: expect.stringMatching(/^sess_/),
      verifications: {
        email_address: {
          status: "verified",
          next_action: "",
          attempts: 2,
        },
      },
    });
    expect(done.body.client).toMatchObject({
      sign_up: null,
      last_active_session_id: response.created_session_id,
      sessions: [
        {
          id: response.created_session_id,
          status: "active",
          user: {
            id: response.created_user_id,
            email_addresses: [{ email_address: email }],
            password_enabled: true,
          },
        },
      ],
    });

    // setActive, then a token, as clerk-js does next.
    const sid = response.created_session_id;
    const touched = await fapi.call("POST", `/client/sessions/${sid}/touch`, {
      active_organization_id: "",
      intent: "select_session",
    });
    expect(touched.status).toBe(200);
    expect(claims((await fapi.token(sid)).body.jwt).sub).toBe(
      response.created_user_id,
    );

    // The account is real: the Backend API lists it and its password signs in.
    const listed = await createClerkClient({
      secretKey: standIn.secretKey,
      apiUrl: `${standIn.url}/bapi`,
    }).users.getUserList({ emailAddress: [email] });
    expect(listed.data.map((u) => u.id)).toEqual([response.created_user_id]);
    const later = await new FapiClient(standIn).start();
    expect(await later.signIn(email, PASSWORD)).toMatch(/^sess_/);
    // The finished sign-up is gone from the client.
    expect((await signUps(fapi, id).get()).status).toBe(404);
  });

  it("takes fields one by one (PATCH), as the progressive form does", async () => {
    const email = testEmail("progressive");
    const fapi = await new FapiClient(standIn).start();
    const empty = await signUps(fapi).create({});
    expect(empty.body.response).toMatchObject({
      status: "missing_requirements",
      missing_fields: ["email_address", "password"],
      unverified_fields: [],
    });
    const id = empty.body.response.id;
    const withEmail = await signUps(fapi, id).update({ email_address: email });
    expect(withEmail.body.response).toMatchObject({
      missing_fields: ["password"],
      unverified_fields: ["email_address"],
    });
    const short = await signUps(fapi, id).update({ password: "short" });
    expect(short.status).toBe(422);
    expect(short.body.errors[0]).toMatchObject({
      code: "form_password_length_too_short",
      meta: { param_name: "password" },
    });
    await signUps(fapi, id).prepare("email_code");
    const verified = await signUps(fapi, id).attempt("email_code", "424242");
    // Verified, but still no password: not complete yet.
    expect(verified.body.response).toMatchObject({
      status: "missing_requirements",
      missing_fields: ["password"],
      unverified_fields: [],
    });
    const done = await signUps(fapi, id).update({ password: PASSWORD });
    expect(done.body.response.status).toBe("complete");
    expect(done.body.client.sessions).toHaveLength(1);
  });

  it("sends the code at once for a create with strategy email_code", async () => {
    const fapi = await new FapiClient(standIn).start();
    const created = await signUps(fapi).create({
      email_address: testEmail("at-once"),
      password: PASSWORD,
      strategy: "email_code",
    });
    expect(created.body.response.verifications.email_address.next_action).toBe(
      "needs_attempt",
    );
    const done = await signUps(fapi, created.body.response.id).attempt(
      "email_code",
      "424242",
    );
    expect(done.body.response.status).toBe("complete");
  });

  it("a changed email address needs a new code", async () => {
    const fapi = await new FapiClient(standIn).start();
    const created = await signUps(fapi).create({
      email_address: testEmail("changed"),
      password: PASSWORD,
      strategy: "email_code",
    });
    const id = created.body.response.id;
    const changed = await signUps(fapi, id).update({
      email_address: testEmail("changed-again"),
    });
    expect(changed.body.response.verifications.email_address.next_action).toBe(
      "needs_prepare",
    );
    const stale = await signUps(fapi, id).attempt("email_code", "424242");
    expect(stale.status).toBe(422);
    expect(stale.body.errors[0].code).toBe("verification_not_prepared");
  });
});

describe("sign-up with a phone number", () => {
  it("verifies both identifiers before completing, and the number then signs in by phone_code", async () => {
    const phone = testPhone();
    const fapi = await new FapiClient(standIn).start();
    const created = await signUps(fapi).create({
      email_address: testEmail("phone"),
      phone_number: `+1 ${phone.slice(2, 5)} ${phone.slice(5, 8)} ${phone.slice(8)}`,
      password: PASSWORD,
    });
    expect(created.body.response).toMatchObject({
      phone_number: phone,
      unverified_fields: ["email_address", "phone_number"],
      verifications: {
        phone_number: {
          next_action: "needs_prepare",
          supported_strategies: ["phone_code"],
        },
      },
    });
    const id = created.body.response.id;
    await signUps(fapi, id).prepare("email_code");
    const emailDone = await signUps(fapi, id).attempt("email_code", "424242");
    expect(emailDone.body.response).toMatchObject({
      status: "missing_requirements",
      unverified_fields: ["phone_number"],
    });
    await signUps(fapi, id).prepare("phone_code");
    const done = await signUps(fapi, id).attempt("phone_code", "424242");
    expect(done.body.response.status).toBe("complete");
    expect(done.body.client.sessions[0].user.phone_numbers).toMatchObject([
      { phone_number: phone },
    ]);

    const later = await new FapiClient(standIn).start();
    const signIn = await later.call("POST", "/client/sign_ins", {
      identifier: phone,
      strategy: "phone_code",
    });
    const signedIn = await later.call(
      "POST",
      `/client/sign_ins/${signIn.body.response.id}/attempt_first_factor`,
      { strategy: "phone_code", code: "424242" },
    );
    expect(signedIn.body.response.status).toBe("complete");
  });
});

describe("sign-up refusals", () => {
  it("an email address or phone number in use is form_identifier_exists", async () => {
    const fapi = await new FapiClient(standIn).start();
    for (const email of ["teacher@example.com", "TEACHER@example.com"]) {
      const res = await signUps(fapi).create({
        email_address: email,
        password: PASSWORD,
      });
      expect(res.status).toBe(422);
      expect(res.body.errors[0]).toMatchObject({
        code: "form_identifier_exists",
        long_message: "That email address is taken. Please try another.",
        meta: { param_name: "email_address" },
      });
    }
    const phone = testPhone();
    const first = await signUps(fapi).create({
      email_address: testEmail("phone-owner"),
      phone_number: phone,
      password: PASSWORD,
    });
    const firstId = first.body.response.id;
    await signUps(fapi, firstId).prepare("email_code");
    await signUps(fapi, firstId).attempt("email_code", "424242");
    await signUps(fapi, firstId).prepare("phone_code");
    await signUps(fapi, firstId).attempt("phone_code", "424242");
    const other = await new FapiClient(standIn).start();
    const second = await signUps(other).create({
      email_address: testEmail("phone-second"),
    });
    const res = await signUps(other, second.body.response.id).update({
      phone_number: phone,
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({
      code: "form_identifier_exists",
      meta: { param_name: "phone_number" },
    });
  });

  it("the second of two sign-ups for one address fails when it would complete", async () => {
    const email = testEmail("race");
    const a = await new FapiClient(standIn).start();
    const b = await new FapiClient(standIn).start();
    const idA = (
      await signUps(a).create({
        email_address: email,
        password: PASSWORD,
        strategy: "email_code",
      })
    ).body.response.id;
    const idB = (
      await signUps(b).create({
        email_address: email,
        password: PASSWORD,
        strategy: "email_code",
      })
    ).body.response.id;
    expect(
      (await signUps(a, idA).attempt("email_code", "424242")).body.response
        .status,
    ).toBe("complete");
    const late = await signUps(b, idB).attempt("email_code", "424242");
    expect(late.status).toBe(422);
    expect(late.body.errors[0].code).toBe("form_identifier_exists");
  });

  it("an address that is not a test identity cannot get a code", async () => {
    const fapi = await new FapiClient(standIn).start();
    const created = await signUps(fapi).create({
      email_address: `real-${Date.now()}@example.com`,
      password: PASSWORD,
    });
    expect(created.status).toBe(200);
    const prepared = await signUps(fapi, created.body.response.id).prepare(
      "email_code",
    );
    expect(prepared.status).toBe(422);
    expect(prepared.body.errors[0]).toMatchObject({
      code: "verification_delivery_unavailable",
      long_message: expect.stringMatching(/only test email addresses.*424242/),
    });
  });

  it("bad input gets a 4xx sentence in Clerk's shape, and a refused create keeps the old sign-up", async () => {
    const fapi = await new FapiClient(standIn).start();
    const kept = await signUps(fapi).create({ email_address: testEmail() });
    const keptId = kept.body.response.id;
    const cases: [Record<string, string>, number, string][] = [
      [{ email_address: "not-an-email" }, 422, "form_param_format_invalid"],
      [{ phone_number: "call me" }, 422, "form_param_format_invalid"],
      [
        { email_address: `${"x".repeat(320)}@e.co` },
        400,
        "form_param_exceeds_allowed_length",
      ],
      [
        { password: "p".repeat(1025) },
        400,
        "form_param_exceeds_allowed_length",
      ],
      [
        { first_name: "n".repeat(101) },
        400,
        "form_param_exceeds_allowed_length",
      ],
      [{ strategy: "oauth_google" }, 422, "strategy_for_user_invalid"],
      [{ strategy: "ticket", ticket: "x" }, 422, "strategy_for_user_invalid"],
      [{ strategy: "phone_code" }, 422, "form_param_missing"],
    ];
    for (const [form, status, code] of cases) {
      const res = await signUps(fapi).create(form);
      expect(res.status, JSON.stringify(form).slice(0, 80)).toBe(status);
      expect(res.body.errors[0]).toMatchObject({
        code,
        message: expect.any(String),
        long_message: expect.any(String),
      });
    }
    const client = await fapi.call("GET", "/client");
    expect(client.body.response.sign_up.id).toBe(keptId);

    const ops = signUps(fapi, keptId);
    expect((await ops.prepare("email_link")).body.errors[0].code).toBe(
      "strategy_for_user_invalid",
    );
    const noCode = await fapi.call(
      "POST",
      `/client/sign_ups/${keptId}/attempt_verification`,
      { strategy: "email_code" },
    );
    expect(noCode.status).toBe(422);
    expect(noCode.body.errors[0].code).toBe("form_param_missing");
    expect((await ops.prepare("phone_code")).body.errors[0]).toMatchObject({
      code: "form_param_missing",
      meta: { param_name: "phone_number" },
    });
    expect(
      (await fapi.call("DELETE", `/client/sign_ups/${keptId}`)).status,
    ).toBe(405);
    expect((await signUps(fapi, "sua_unknown").get()).status).toBe(404);
    const stranger = await new FapiClient(standIn).start();
    const peek = await signUps(stranger, keptId).get();
    expect(peek.status).toBe(404);
    expect(peek.body.errors[0].code).toBe("resource_not_found");
    const nested = await fetch(
      `${standIn.url}/__clerk/v1/client/sign_ups?__clerk_db_jwt=${fapi.devBrowser}`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email_address: { nested: true } }),
      },
    );
    expect(nested.status).toBe(400);
  });
});

describe("sign-up state", () => {
  it("a sign-up in progress survives a restart with a data folder", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "local-clerk-signup-"));
    try {
      const first = await startTestStandIn({ dataDir: dir });
      const fapi = await new FapiClient(first).start();
      const created = await signUps(fapi).create({
        email_address: testEmail("restart"),
        password: PASSWORD,
        strategy: "email_code",
      });
      await first.close();
      const second = await startTestStandIn({ dataDir: dir });
      try {
        const again = new FapiClient(second);
        again.devBrowser = fapi.devBrowser;
        const done = await signUps(again, created.body.response.id).attempt(
          "email_code",
          "424242",
        );
        expect(done.body.response.status).toBe("complete");
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("environment", () => {
  it("advertises what the stand-in supports: public sign-up, codes as first factors", async () => {
    const env = (await new FapiClient(standIn).call("GET", "/environment"))
      .body;
    expect(env.user_settings.sign_up).toMatchObject({
      mode: "public",
      captcha_enabled: false,
    });
    expect(env.user_settings.attributes.email_address).toMatchObject({
      enabled: true,
      required: true,
      used_for_first_factor: true,
      first_factors: ["email_code"],
      verifications: ["email_code"],
      verify_at_sign_up: true,
    });
    expect(env.user_settings.attributes.phone_number).toMatchObject({
      enabled: true,
      required: false,
      used_for_first_factor: true,
      first_factors: ["phone_code"],
      verifications: ["phone_code"],
      verify_at_sign_up: true,
    });
    expect(env.user_settings.attributes.password).toMatchObject({
      enabled: true,
      required: true,
    });
    expect(env.display_config.preferred_sign_in_strategy).toBe("password");
    expect(
      env.user_settings.attack_protection.enumeration_protection.enabled,
    ).toBe(false);
  });
});
