/**
 * Sign-in by code with Clerk's test identities, the way @clerk/testing's
 * clerk.signIn({ signInParams: { strategy: "email_code" | "phone_code" } })
 * drives clerk-js: signIn.create({ identifier }), prepareFirstFactor with the
 * factor's id, attemptFirstFactor with 424242. Users come from @clerk/backend.
 */
import { createClerkClient } from "@clerk/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CODE_TTL_MS,
  isTestEmail,
  isTestPhone,
  normalizePhone,
} from "../codes";
import {
  admin,
  bapi,
  claims,
  FapiClient,
  startTestStandIn,
  type StandIn,
} from "./support";

let standIn: StandIn;
const PASSWORD = "test-identity-password";

beforeAll(async () => {
  standIn = await startTestStandIn();
});
afterAll(async () => {
  await standIn.close();
});

function backend() {
  return createClerkClient({
    secretKey: standIn.secretKey,
    apiUrl: `${standIn.url}/bapi`,
  });
}

let serial = 0;
/** A user with a test email address and, when asked, a test phone number. */
async function testUser(options: { phone?: string; email?: string } = {}) {
  serial += 1;
  const email =
    options.email ?? `codes-${serial}-${Date.now()}+clerk_test@example.com`;
  const user = await backend().users.createUser({
    emailAddress: [email],
    ...(options.phone ? { phoneNumber: [options.phone] } : {}),
    password: PASSWORD,
  });
  return { id: user.id, email, phone: options.phone };
}

/** One test number per call, +1 555 555-0100 to -0199. */
let phoneSerial = 100;
function testPhone() {
  phoneSerial += 1;
  return `+1555555${String(phoneSerial).padStart(4, "0")}`;
}

type Factor = {
  strategy: string;
  email_address_id?: string;
  phone_number_id?: string;
  safe_identifier?: string;
};

function factor(
  res: { body: { response: Record<string, unknown> } },
  s: string,
) {
  return (res.body.response.supported_first_factors as Factor[]).find(
    (f) => f.strategy === s,
  );
}

describe("test identities", () => {
  it("are emails with +clerk_test before the @ and +1 XXX 555-0100..0199", () => {
    expect(isTestEmail("jane+clerk_test@example.com")).toBe(true);
    expect(isTestEmail("Jane+Clerk_Test_2@example.com")).toBe(true);
    expect(isTestEmail("jane@clerk_test.example.com")).toBe(false);
    expect(isTestEmail("jane@example.com")).toBe(false);
    expect(isTestPhone("+15555550100")).toBe(true);
    expect(isTestPhone("+12015550199")).toBe(true);
    expect(isTestPhone("+15555550200")).toBe(false);
    expect(isTestPhone("+445555550100")).toBe(false);
    expect(normalizePhone("+1 (555) 555-0142")).toBe("+15555550142");
    expect(normalizePhone("555 555 0142")).toBeNull();
    expect(normalizePhone("+1 555")).toBeNull();
  });
});

describe("sign-in with email_code", () => {
  it("follows @clerk/testing's calls: create, prepare with email_address_id, attempt 424242", async () => {
    const user = await testUser();
    const fapi = await new FapiClient(standIn).start();
    const created = await fapi.call("POST", "/client/sign_ins", {
      identifier: user.email,
      locale: "en-US",
    });
    expect(created.status).toBe(200);
    expect(created.body.response.status).toBe("needs_first_factor");
    const emailFactor = factor(created, "email_code");
    expect(emailFactor).toMatchObject({
      email_address_id: expect.stringMatching(/^idn_/),
      safe_identifier: user.email,
    });
    const id = created.body.response.id;

    const prepared = await fapi.call(
      "POST",
      `/client/sign_ins/${id}/prepare_first_factor`,
      {
        strategy: "email_code",
        email_address_id: emailFactor!.email_address_id!,
      },
    );
    expect(prepared.status).toBe(200);
    expect(prepared.body.response.first_factor_verification).toMatchObject({
      status: "unverified",
      strategy: "email_code",
      attempts: 0,
    });
    expect(
      prepared.body.response.first_factor_verification.expire_at,
    ).toBeGreaterThan(Date.now() + CODE_TTL_MS - 60_000);

    const done = await fapi.call(
      "POST",
      `/client/sign_ins/${id}/attempt_first_factor`,
      { strategy: "email_code", code: "424242" },
    );
    expect(done.status).toBe(200);
    expect(done.body.response).toMatchObject({
      status: "complete",
      first_factor_verification: { status: "verified", strategy: "email_code" },
    });
    const sid = done.body.response.created_session_id;
    expect(done.body.client.last_active_session_id).toBe(sid);
    expect(done.body.client.sessions[0].user.id).toBe(user.id);
    const touched = await fapi.call("POST", `/client/sessions/${sid}/touch`, {
      active_organization_id: "",
      intent: "select_session",
    });
    expect(touched.status).toBe(200);
    expect(claims((await fapi.token(sid)).body.jwt).sub).toBe(user.id);
  });

  it("answers a wrong code with Clerk's form_code_incorrect and counts the attempt", async () => {
    const user = await testUser();
    const fapi = await new FapiClient(standIn).start();
    const created = await fapi.call("POST", "/client/sign_ins", {
      identifier: user.email,
      strategy: "email_code",
    });
    expect(created.status).toBe(200);
    // A code strategy on create sends the code at once.
    expect(created.body.response.first_factor_verification).toMatchObject({
      status: "unverified",
      strategy: "email_code",
    });
    const id = created.body.response.id;
    const wrong = await fapi.call(
      "POST",
      `/client/sign_ins/${id}/attempt_first_factor`,
      { strategy: "email_code", code: "123456" },
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([
      {
        code: "form_code_incorrect",
        message: "is incorrect",
        long_message: "Incorrect code",
        meta: { param_name: "code" },
      },
    ]);
    const read = await fapi.call("GET", `/client/sign_ins/${id}`);
    expect(read.body.response.status).toBe("needs_first_factor");
    expect(read.body.response.first_factor_verification.attempts).toBe(1);
    const right = await fapi.call(
      "POST",
      `/client/sign_ins/${id}/attempt_first_factor`,
      { strategy: "email_code", code: " 424242 " },
    );
    expect(right.body.response.status).toBe("complete");
  });

  it("refuses addresses that are not test identities, saying which ones get codes", async () => {
    const fapi = await new FapiClient(standIn).start();
    const created = await fapi.call("POST", "/client/sign_ins", {
      identifier: "teacher@example.com",
    });
    const prepare = await fapi.call(
      "POST",
      `/client/sign_ins/${created.body.response.id}/prepare_first_factor`,
      {
        strategy: "email_code",
        email_address_id: factor(created, "email_code")!.email_address_id!,
      },
    );
    expect(prepare.status).toBe(422);
    expect(prepare.body.errors[0]).toMatchObject({
      code: "verification_delivery_unavailable",
      long_message: expect.stringMatching(
        /sends no email.*\+clerk_test.*424242/,
      ),
      meta: { param_name: "email_address" },
    });
    // Refused on create too, leaving the sign-in as it was.
    const atOnce = await fapi.call("POST", "/client/sign_ins", {
      identifier: "teacher@example.com",
      strategy: "email_code",
    });
    expect(atOnce.status).toBe(422);
    expect(atOnce.body.errors[0].code).toBe(
      "verification_delivery_unavailable",
    );
    const client = await fapi.call("GET", "/client");
    expect(client.body.response.sign_in.id).toBe(created.body.response.id);
  });
});

describe("sign-in with phone_code", () => {
  it("finds the user by phone number in any usual spelling and completes with 424242", async () => {
    const phone = testPhone();
    const user = await testUser({ phone });
    const typed = `+1 (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`;
    const fapi = await new FapiClient(standIn).start();
    const created = await fapi.call("POST", "/client/sign_ins", {
      identifier: typed,
    });
    expect(created.status).toBe(200);
    expect(created.body.response.identifier).toBe(phone);
    const phoneFactor = factor(created, "phone_code");
    expect(phoneFactor).toMatchObject({
      phone_number_id: expect.stringMatching(/^idn_/),
      safe_identifier: phone,
    });
    // The email factor is listed masked: the person typed the phone number.
    expect(factor(created, "email_code")!.safe_identifier).toMatch(/\*/);
    const id = created.body.response.id;
    const prepared = await fapi.call(
      "POST",
      `/client/sign_ins/${id}/prepare_first_factor`,
      {
        strategy: "phone_code",
        phone_number_id: phoneFactor!.phone_number_id!,
      },
    );
    expect(prepared.body.response.first_factor_verification).toMatchObject({
      status: "unverified",
      strategy: "phone_code",
    });
    const done = await fapi.call(
      "POST",
      `/client/sign_ins/${id}/attempt_first_factor`,
      { strategy: "phone_code", code: "424242" },
    );
    expect(done.status).toBe(200);
    expect(done.body.response).toMatchObject({
      status: "complete",
      first_factor_verification: { status: "verified", strategy: "phone_code" },
    });
    expect(done.body.client.sessions[0].user).toMatchObject({
      id: user.id,
      primary_phone_number_id: phoneFactor!.phone_number_id,
      phone_numbers: [{ phone_number: phone }],
    });
  });

  it("sends the code on create with strategy phone_code, and refuses numbers outside 555-0100..0199", async () => {
    const phone = testPhone();
    await testUser({ phone });
    const fapi = await new FapiClient(standIn).start();
    const created = await fapi.call("POST", "/client/sign_ins", {
      identifier: phone,
      strategy: "phone_code",
    });
    expect(created.body.response.first_factor_verification.strategy).toBe(
      "phone_code",
    );
    const done = await fapi.call(
      "POST",
      `/client/sign_ins/${created.body.response.id}/attempt_first_factor`,
      { strategy: "phone_code", code: "424242" },
    );
    expect(done.body.response.status).toBe("complete");

    await testUser({ phone: "+15555559876" });
    const real = await fapi.call("POST", "/client/sign_ins", {
      identifier: "+15555559876",
      strategy: "phone_code",
    });
    expect(real.status).toBe(422);
    expect(real.body.errors[0]).toMatchObject({
      code: "verification_delivery_unavailable",
      long_message: expect.stringMatching(/sends no SMS.*555-0100.*424242/),
    });
  });
});

describe("refusals", () => {
  async function started(identifier: string) {
    const fapi = await new FapiClient(standIn).start();
    const created = await fapi.call("POST", "/client/sign_ins", { identifier });
    return { fapi, created, id: created.body.response.id as string };
  }

  it("bad factor requests get a 4xx sentence, never a 500", async () => {
    const user = await testUser();
    const { fapi, created, id } = await started(user.email);
    const attempt = (form: Record<string, string>) =>
      fapi.call("POST", `/client/sign_ins/${id}/attempt_first_factor`, form);
    const prepare = (form: Record<string, string>) =>
      fapi.call("POST", `/client/sign_ins/${id}/prepare_first_factor`, form);

    const unprepared = await attempt({
      strategy: "email_code",
      code: "424242",
    });
    expect(unprepared.status).toBe(422);
    expect(unprepared.body.errors[0].code).toBe("verification_not_prepared");
    const foreignId = await prepare({
      strategy: "email_code",
      email_address_id: "idn_someone_else",
    });
    expect(foreignId.status).toBe(422);
    expect(foreignId.body.errors[0].meta.param_name).toBe("email_address_id");
    const noPhone = await prepare({ strategy: "phone_code" });
    expect(noPhone.status).toBe(422);
    expect(noPhone.body.errors[0].long_message).toMatch(/no phone number/);
    const unknown = await prepare({ strategy: "email_link" });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].code).toBe("strategy_for_user_invalid");

    expect(
      (
        await prepare({
          strategy: "email_code",
          email_address_id: factor(created, "email_code")!.email_address_id!,
        })
      ).status,
    ).toBe(200);
    const missing = await attempt({ strategy: "email_code" });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].code).toBe("form_param_missing");
    const long = await attempt({
      strategy: "email_code",
      code: "4".repeat(65),
    });
    expect(long.status).toBe(400);
    expect(long.body.errors[0].code).toBe("form_param_exceeds_allowed_length");
    const otherStrategy = await attempt({
      strategy: "phone_code",
      code: "424242",
    });
    expect(otherStrategy.status).toBe(422);
    expect(otherStrategy.body.errors[0].code).toBe("verification_not_prepared");
  });

  it("an expired code is refused with verification_expired", async () => {
    const user = await testUser();
    const fapi = await new FapiClient(standIn).start();
    const created = await fapi.call("POST", "/client/sign_ins", {
      identifier: user.email,
      strategy: "email_code",
    });
    try {
      await admin(standIn, "POST", "/clock", {
        jumpSeconds: CODE_TTL_MS / 1000 + 1,
      });
      const late = await fapi.call(
        "POST",
        `/client/sign_ins/${created.body.response.id}/attempt_first_factor`,
        { strategy: "email_code", code: "424242" },
      );
      expect(late.status).toBe(422);
      expect(late.body.errors[0]).toMatchObject({
        code: "verification_expired",
        meta: { param_name: "code" },
      });
    } finally {
      await admin(standIn, "POST", "/settings", { clockOffsetSeconds: 0 });
    }
  });

  it("a code strategy on create needs an identifier", async () => {
    const fapi = await new FapiClient(standIn).start();
    const res = await fapi.call("POST", "/client/sign_ins", {
      strategy: "email_code",
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({
      code: "form_param_missing",
      meta: { param_name: "identifier" },
    });
  });
});

describe("phone numbers on users", () => {
  it("BAPI createUser takes phoneNumber, unique and in E.164; getUserList finds by it", async () => {
    const phone = testPhone();
    const user = await testUser({ phone });
    const listed = await backend().users.getUserList({ phoneNumber: [phone] });
    expect(listed.data.map((u) => u.id)).toEqual([user.id]);
    expect(listed.data[0].primaryPhoneNumber?.phoneNumber).toBe(phone);

    const again = await bapi(standIn, "POST", "/users", {
      email_address: [`dup-${Date.now()}+clerk_test@example.com`],
      phone_number: [phone],
    });
    expect(again.status).toBe(422);
    expect(again.body.errors[0]).toMatchObject({
      code: "form_identifier_exists",
      meta: { param_name: "phone_number" },
    });
    const bad = await bapi(standIn, "POST", "/users", {
      email_address: [`bad-${Date.now()}@example.com`],
      phone_number: ["call me"],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].code).toBe("form_param_format_invalid");
  });

  it("the admin control takes an optional phone", async () => {
    const phone = testPhone();
    const email = `admin-phone-${Date.now()}@example.com`;
    const made = await admin(standIn, "POST", "/users", {
      email,
      name: "Phone Person",
      phone,
    });
    expect(made.status).toBe(200);
    const user = await backend().users.getUser(made.body.id);
    expect(user.phoneNumbers.map((p) => p.phoneNumber)).toEqual([phone]);
    const taken = await admin(standIn, "POST", "/users", {
      email: `other-${email}`,
      name: "Other Person",
      phone,
    });
    expect(taken.status).toBe(409);
    const bad = await admin(standIn, "POST", "/users", {
      email: `bad-${email}`,
      name: "Bad Phone",
      phone: "12",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/international format/);
  });
});
