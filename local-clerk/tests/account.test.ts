/**
 * Account management on the Frontend API (`/v1/me`) in clerk-js's wire
 * format: the profile, email addresses (test addresses, code 424242),
 * password changes, active sessions and their revocation, the profile image,
 * the refusals for everything else, and bad input.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  admin,
  bapi,
  FapiClient,
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

const PASSWORD = "an-account-password";
let serial = 0;

function testEmail(label = "me") {
  serial += 1;
  return `${label}-${serial}-${Date.now()}+clerk_test@example.com`;
}

/** A new user (through BAPI), signed in on a new client; returns both. */
async function signedIn(target = standIn, origin?: string) {
  const email = testEmail();
  const created = await bapi(target, "POST", "/users", {
    email_address: [email],
    password: PASSWORD,
    first_name: "Ada",
    last_name: "Lovelace",
  });
  expect(created.status).toBe(200);
  const fapi = await new FapiClient(target, origin).start();
  const sessionId = await fapi.signIn(email, PASSWORD);
  return { fapi, email, sessionId, userId: created.body.id as string };
}

/** A small valid PNG (1×1, transparent). */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

async function upload(
  fapi: FapiClient,
  body: BodyInit,
  headers: Record<string, string> = {},
) {
  const url = new URL(`${fapi.standIn.url}/__clerk/v1/me/profile_image`);
  url.searchParams.set("__clerk_db_jwt", fapi.devBrowser);
  const res = await fetch(url, {
    method: "POST",
    headers: { origin: fapi.origin, ...headers },
    body,
  });
  return { status: res.status, body: await res.json() };
}

type ErrorBody = { errors?: { code: string; long_message: string }[] };

function errorOf(res: { body: ErrorBody }) {
  return res.body.errors?.[0];
}

describe("the profile (PATCH /me)", () => {
  it("answers GET /me with the signed-in user, and 401 when no one is signed in", async () => {
    const { fapi, userId, sessionId } = await signedIn();
    const mine = await fapi.call("GET", "/me");
    expect(mine.status).toBe(200);
    expect(mine.body.response).toMatchObject({ object: "user", id: userId });
    const named = await fapi.call(
      "GET",
      "/me",
      {},
      {
        _clerk_session_id: sessionId,
      },
    );
    expect(named.body.response.id).toBe(userId);
    const nobody = await new FapiClient(standIn).start();
    const out = await nobody.call("GET", "/me");
    expect(out.status).toBe(401);
    expect(errorOf(out)).toMatchObject({
      code: "authentication_invalid",
      long_message:
        "No one is signed in on this client, so there is no account to manage.",
    });
    const foreign = await nobody.call(
      "GET",
      "/me",
      {},
      {
        _clerk_session_id: sessionId,
      },
    );
    expect(foreign.status).toBe(401);
  });

  it("changes first and last name, and clears them with empty values", async () => {
    const { fapi, userId } = await signedIn();
    const res = await fapi.call("PATCH", "/me", {
      first_name: " Grace ",
      last_name: "Hopper",
    });
    expect(res.status).toBe(200);
    expect(res.body.response).toMatchObject({
      first_name: "Grace",
      last_name: "Hopper",
    });
    // The piggybacked client carries the new names for clerk-js.
    expect(res.body.client.sessions[0].user.first_name).toBe("Grace");
    expect(res.body.client.sessions[0].public_user_data.first_name).toBe(
      "Grace",
    );
    const backend = await bapi(standIn, "GET", `/users/${userId}`);
    expect(backend.body.first_name).toBe("Grace");
    const cleared = await fapi.call("PATCH", "/me", { last_name: "" });
    expect(cleared.body.response.last_name).toBeNull();
  });

  it("refuses fields it does not change, and over-long names", async () => {
    const { fapi } = await signedIn();
    for (const field of ["username", "unsafe_metadata", "password"]) {
      const res = await fapi.call("PATCH", "/me", { [field]: "x" });
      expect(res.status, field).toBe(422);
      expect(errorOf(res)).toMatchObject({
        code: "form_param_unknown",
        long_message: `The local Clerk stand-in does not change ${field} through PATCH /v1/me; it changes first_name, last_name and primary_email_address_id.`,
        meta: { param_name: field },
      });
    }
    const long = await fapi.call("PATCH", "/me", {
      first_name: "a".repeat(300),
    });
    expect(long.status).toBe(400);
    expect(errorOf(long)?.code).toBe("form_param_exceeds_allowed_length");
    const phone = await fapi.call("PATCH", "/me", {
      primary_phone_number_id: "idn_phone_nope",
    });
    expect(phone.status).toBe(422);
  });

  it("lets a signed-in user delete nothing: account deletion is off", async () => {
    const { fapi } = await signedIn();
    const res = await fapi.call("DELETE", "/me");
    expect(res.status).toBe(422);
    expect(errorOf(res)?.code).toBe("feature_not_enabled");
  });
});

describe("email addresses", () => {
  it("adds a test address, verifies it with 424242, makes it primary and removes the old one", async () => {
    const { fapi, email: first, userId } = await signedIn();
    const second = testEmail("second");
    const created = await fapi.call("POST", "/me/email_addresses/", {
      email_address: second,
    });
    expect(created.status).toBe(200);
    const id = created.body.response.id;
    expect(created.body.response).toMatchObject({
      object: "email_address",
      email_address: second,
      verification: null,
    });
    expect(
      created.body.client.sessions[0].user.email_addresses.map(
        (e: { email_address: string }) => e.email_address,
      ),
    ).toEqual([first, second]);

    const prepared = await fapi.call(
      "POST",
      `/me/email_addresses/${id}/prepare_verification`,
      { strategy: "email_code" },
    );
    expect(prepared.status).toBe(200);
    expect(prepared.body.response.verification).toMatchObject({
      status: "unverified",
      strategy: "email_code",
    });
    const wrong = await fapi.call(
      "POST",
      `/me/email_addresses/${id}/attempt_verification`,
      { code: "111111" },
    );
    expect(wrong.status).toBe(422);
    expect(errorOf(wrong)?.code).toBe("form_code_incorrect");
    const right = await fapi.call(
      "POST",
      `/me/email_addresses/${id}/attempt_verification`,
      { code: "424242" },
    );
    expect(right.status).toBe(200);
    expect(right.body.response.verification).toMatchObject({
      status: "verified",
      strategy: "email_code",
    });

    const oldPrimary = (await fapi.call("GET", "/me")).body.response
      .primary_email_address_id;
    const primary = await fapi.call("PATCH", "/me", {
      primary_email_address_id: id,
    });
    expect(primary.status).toBe(200);
    expect(primary.body.response.primary_email_address_id).toBe(id);
    const removed = await fapi.call(
      "DELETE",
      `/me/email_addresses/${oldPrimary}`,
    );
    expect(removed.status).toBe(200);
    expect(removed.body.response).toEqual({
      object: "email_address",
      id: oldPrimary,
      deleted: true,
    });
    // The Backend API and sign-in follow the new primary address.
    const backend = await bapi(standIn, "GET", `/users/${userId}`);
    expect(backend.body.primary_email_address_id).toBe(id);
    expect(backend.body.email_addresses).toHaveLength(1);
    const byNew = await bapi(
      standIn,
      "GET",
      `/users?email_address=${encodeURIComponent(second)}`,
    );
    expect(byNew.body.map((u: { id: string }) => u.id)).toEqual([userId]);
    const again = await new FapiClient(standIn).start();
    await expect(again.signIn(second, PASSWORD)).resolves.toMatch(/^sess_/);
    await expect(again.signIn(first, PASSWORD)).rejects.toThrow(
      /form_identifier_not_found/,
    );
  });

  it("offers a code to every verified address at sign-in, and sends it to the one asked for", async () => {
    const { fapi, email: first } = await signedIn();
    const second = testEmail("factor");
    const id = (
      await fapi.call("POST", "/me/email_addresses/", {
        email_address: second,
      })
    ).body.response.id;
    await fapi.call("POST", `/me/email_addresses/${id}/prepare_verification`, {
      strategy: "email_code",
    });
    await fapi.call("POST", `/me/email_addresses/${id}/attempt_verification`, {
      code: "424242",
    });
    const other = await new FapiClient(standIn).start();
    const started = await other.call("POST", "/client/sign_ins", {
      identifier: second,
    });
    const codes = started.body.response.supported_first_factors.filter(
      (f: { strategy: string }) => f.strategy === "email_code",
    );
    expect(codes).toEqual([
      expect.objectContaining({ primary: true }),
      expect.objectContaining({
        email_address_id: id,
        safe_identifier: second,
        primary: false,
      }),
    ]);
    expect(codes[0].safe_identifier).not.toBe(first);
    const signInId = started.body.response.id;
    const prepared = await other.call(
      "POST",
      `/client/sign_ins/${signInId}/prepare_first_factor`,
      { strategy: "email_code", email_address_id: id },
    );
    expect(prepared.status).toBe(200);
    const done = await other.call(
      "POST",
      `/client/sign_ins/${signInId}/attempt_first_factor`,
      { strategy: "email_code", code: "424242" },
    );
    expect(done.body.response.status).toBe("complete");
  });

  it("refuses addresses that cannot get a code, taken ones, duplicates and bad ones", async () => {
    const { fapi, email } = await signedIn();
    const cases: [string, number, string][] = [
      ["plain@example.com", 422, "verification_delivery_unavailable"],
      ["teacher@example.com", 422, "form_identifier_exists"],
      [email, 422, "form_identifier_exists"],
      ["not-an-address", 422, "form_param_format_invalid"],
      ["", 422, "form_param_missing"],
    ];
    for (const [address, status, code] of cases) {
      const res = await fapi.call("POST", "/me/email_addresses", {
        email_address: address,
      });
      expect(res.status, address).toBe(status);
      expect(errorOf(res)?.code, address).toBe(code);
    }
    const mine = await fapi.call("POST", "/me/email_addresses", {
      email_address: email.toUpperCase(),
    });
    expect(errorOf(mine)).toMatchObject({
      long_message: "That email address is already on your account.",
    });
  });

  it("refuses a primary that is unverified or not the user's, removing the primary, and unknown ids", async () => {
    const { fapi } = await signedIn();
    const pending = (
      await fapi.call("POST", "/me/email_addresses", {
        email_address: testEmail("pending"),
      })
    ).body.response.id;
    const unverified = await fapi.call("PATCH", "/me", {
      primary_email_address_id: pending,
    });
    expect(unverified.status).toBe(422);
    expect(errorOf(unverified)?.code).toBe("form_identifier_not_verified");
    const foreign = await fapi.call("PATCH", "/me", {
      primary_email_address_id: "idn_teacher",
    });
    expect(foreign.status).toBe(422);
    expect(errorOf(foreign)?.code).toBe("form_param_value_invalid");
    const primary = (await fapi.call("GET", "/me")).body.response
      .primary_email_address_id;
    const keep = await fapi.call("DELETE", `/me/email_addresses/${primary}`);
    expect(keep.status).toBe(422);
    expect(errorOf(keep)?.long_message).toBe(
      "The primary email address cannot be removed; make another verified address primary first.",
    );
    const unknown = await fapi.call("GET", "/me/email_addresses/idn_nope");
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown)?.long_message).toBe(
      "No email address idn_nope belongs to this account.",
    );
    const notPrepared = await fapi.call(
      "POST",
      `/me/email_addresses/${pending}/attempt_verification`,
      { code: "424242" },
    );
    expect(errorOf(notPrepared)?.code).toBe("verification_not_prepared");
    const link = await fapi.call(
      "POST",
      `/me/email_addresses/${pending}/prepare_verification`,
      { strategy: "email_link" },
    );
    expect(link.status).toBe(422);
    expect(errorOf(link)?.code).toBe("strategy_for_user_invalid");
    // An unverified address is removable.
    const removed = await fapi.call("DELETE", `/me/email_addresses/${pending}`);
    expect(removed.status).toBe(200);
  });

  it("holds at most ten addresses per account", async () => {
    const { fapi } = await signedIn();
    for (let i = 1; i < 10; i += 1)
      expect(
        (
          await fapi.call("POST", "/me/email_addresses", {
            email_address: testEmail("many"),
          })
        ).status,
      ).toBe(200);
    const over = await fapi.call("POST", "/me/email_addresses", {
      email_address: testEmail("many"),
    });
    expect(over.status).toBe(422);
    expect(errorOf(over)?.code).toBe("email_address_limit_reached");
  });
});

describe("password", () => {
  it("changes with the current password, then signs in with the new one", async () => {
    const { fapi, email } = await signedIn();
    const wrong = await fapi.call("POST", "/me/change_password", {
      current_password: "not-it-at-all",
      new_password: "a-brand-new-password",
    });
    expect(wrong.status).toBe(422);
    expect(errorOf(wrong)).toMatchObject({
      code: "form_password_incorrect",
      meta: { param_name: "current_password" },
    });
    const short = await fapi.call("POST", "/me/change_password", {
      current_password: PASSWORD,
      new_password: "short",
    });
    expect(errorOf(short)).toMatchObject({
      code: "form_password_length_too_short",
      meta: { param_name: "new_password" },
    });
    const missing = await fapi.call("POST", "/me/change_password", {
      new_password: "a-brand-new-password",
    });
    expect(errorOf(missing)).toMatchObject({
      code: "form_param_missing",
      meta: { param_name: "current_password" },
    });
    const changed = await fapi.call("POST", "/me/change_password", {
      current_password: PASSWORD,
      new_password: "a-brand-new-password",
      sign_out_of_other_sessions: "false",
    });
    expect(changed.status).toBe(200);
    expect(changed.body.response.password_enabled).toBe(true);
    const other = await new FapiClient(standIn).start();
    await expect(other.signIn(email, PASSWORD)).rejects.toThrow(
      /form_password_incorrect/,
    );
    await expect(other.signIn(email, "a-brand-new-password")).resolves.toMatch(
      /^sess_/,
    );
  });

  it("signs out the user's other sessions when asked", async () => {
    const { fapi, email, sessionId } = await signedIn();
    const laptop = await new FapiClient(standIn).start();
    const laptopSession = await laptop.signIn(email, PASSWORD);
    const res = await fapi.call("POST", "/me/change_password", {
      current_password: PASSWORD,
      new_password: "another-new-password",
      sign_out_of_other_sessions: "true",
    });
    expect(res.status).toBe(200);
    expect((await laptop.token(laptopSession)).status).toBe(401);
    expect((await fapi.token(sessionId)).status).toBe(200);
    const backend = await bapi(standIn, "GET", `/sessions/${laptopSession}`);
    expect(backend.body.status).toBe("revoked");
  });

  it("sets a first password without a current one, and refuses removing it", async () => {
    const email = testEmail("nopassword");
    const user = await bapi(standIn, "POST", "/users", {
      email_address: [email],
    });
    const ticket = await bapi(standIn, "POST", "/sign_in_tokens", {
      user_id: user.body.id,
      expires_in_seconds: 60,
    });
    const fapi = await new FapiClient(standIn).start();
    await fapi.call("POST", "/client/sign_ins", {
      strategy: "ticket",
      ticket: ticket.body.token,
    });
    expect((await fapi.call("GET", "/me")).body.response.password_enabled).toBe(
      false,
    );
    const set = await fapi.call("POST", "/me/change_password", {
      new_password: "a-first-password",
    });
    expect(set.status).toBe(200);
    expect(set.body.response.password_enabled).toBe(true);
    const remove = await fapi.call("POST", "/me/remove_password", {
      current_password: "a-first-password",
    });
    expect(remove.status).toBe(422);
    expect(errorOf(remove)?.code).toBe("feature_not_enabled");
  });
});

describe("active sessions", () => {
  it("lists the user's active sessions with their browser, as a bare array, and revokes one", async () => {
    const { fapi, email, sessionId } = await signedIn();
    const phone = await new FapiClient(standIn).start();
    // The browser that signs in is what the list shows.
    const iphone =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
    const phoneSignIn = await fetch(
      `${standIn.url}/__clerk/v1/client/sign_ins?__clerk_db_jwt=${phone.devBrowser}`,
      {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "user-agent": iphone,
        },
        body: new URLSearchParams({
          identifier: email,
          password: PASSWORD,
        }).toString(),
      },
    );
    const phoneSession = (await phoneSignIn.json()).response.created_session_id;
    const listed = await fapi.call(
      "GET",
      "/me/sessions/active",
      {},
      {
        _clerk_session_id: sessionId,
      },
    );
    expect(listed.status).toBe(200);
    expect(Array.isArray(listed.body)).toBe(true);
    expect(listed.body.map((s: { id: string }) => s.id).sort()).toEqual(
      [sessionId, phoneSession].sort(),
    );
    const onPhone = listed.body.find(
      (s: { id: string }) => s.id === phoneSession,
    );
    expect(onPhone).toMatchObject({
      object: "session",
      status: "active",
      actor: null,
      latest_activity: {
        object: "session_activity",
        browser_name: "Safari",
        browser_version: "17.0",
        is_mobile: true,
        ip_address: "127.0.0.1",
      },
    });
    expect(onPhone.expire_at).toBeGreaterThan(Date.now());

    const revoked = await fapi.call(
      "POST",
      `/me/sessions/${phoneSession}/revoke`,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.response).toMatchObject({
      id: phoneSession,
      status: "revoked",
    });
    expect((await phone.token(phoneSession)).status).toBe(401);
    const after = await fapi.call("GET", "/me/sessions/active");
    expect(after.body.map((s: { id: string }) => s.id)).toEqual([sessionId]);
  });

  it("revokes only the user's own sessions", async () => {
    const { fapi } = await signedIn();
    const teacher = await new FapiClient(standIn).start();
    const teacherSession = await teacher.signIn();
    const res = await fapi.call(
      "POST",
      `/me/sessions/${teacherSession}/revoke`,
    );
    expect(res.status).toBe(404);
    expect(errorOf(res)?.long_message).toBe(
      `No session ${teacherSession} belongs to this account.`,
    );
    expect((await teacher.token(teacherSession)).status).toBe(200);
  });
});

describe("profile image", () => {
  it("takes a multipart file, serves it back at the user's image_url, replaces and removes it", async () => {
    const { fapi, userId } = await signedIn();
    const form = new FormData();
    form.append("file", new Blob([PNG], { type: "image/png" }), "me.png");
    const res = await upload(fapi, form);
    expect(res.status).toBe(200);
    const image = res.body.response;
    expect(image).toMatchObject({ object: "image", name: "me.png" });
    expect(image.public_url).toBe(`${standIn.publicOrigin}/images/${image.id}`);
    const user = res.body.client.sessions[0].user;
    expect(user).toMatchObject({
      image_url: image.public_url,
      has_image: true,
    });
    expect(res.body.client.sessions[0].public_user_data.image_url).toBe(
      image.public_url,
    );
    const served = await fetch(`${standIn.url}/images/${image.id}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    expect(
      (await bapi(standIn, "GET", `/users/${userId}`)).body.image_url,
    ).toBe(image.public_url);

    // A string file arrives as application/octet-stream (here a data: URL).
    const replaced = await upload(
      fapi,
      `data:image/png;base64,${PNG.toString("base64")}`,
      { "content-type": "application/octet-stream" },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body.response.id).not.toBe(image.id);
    expect((await fetch(`${standIn.url}/images/${image.id}`)).status).toBe(404);

    const removed = await fapi.call("DELETE", "/me/profile_image");
    expect(removed.status).toBe(200);
    expect(removed.body.response).toMatchObject({
      object: "image",
      id: replaced.body.response.id,
      public_url: null,
    });
    expect(removed.body.client.sessions[0].user).toMatchObject({
      image_url: "",
      has_image: false,
    });
    const none = await fapi.call("DELETE", "/me/profile_image");
    expect(none.status).toBe(404);
  });

  it("refuses what is not a PNG, JPEG, GIF or WebP, files over 2 MB and empty bodies", async () => {
    const { fapi } = await signedIn();
    const svg = new FormData();
    svg.append(
      "file",
      new Blob(["<svg xmlns='http://www.w3.org/2000/svg'/>"], {
        type: "image/svg+xml",
      }),
      "x.svg",
    );
    const notImage = await upload(fapi, svg);
    expect(notImage.status).toBe(422);
    expect(errorOf(notImage)).toMatchObject({
      code: "image_type_unsupported",
      long_message: "The profile image must be a PNG, JPEG, GIF or WebP file.",
    });
    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    const tooBig = await upload(fapi, big, {
      "content-type": "application/octet-stream",
    });
    expect(tooBig.status).toBe(413);
    expect(errorOf(tooBig)?.code).toBe("image_too_large");
    const huge = await upload(fapi, Buffer.alloc(4 * 1024 * 1024), {
      "content-type": "application/octet-stream",
    });
    expect(huge.status).toBe(413);
    expect(errorOf(huge)?.code).toBe("request_body_too_large");
    const empty = await upload(fapi, "", {
      "content-type": "application/octet-stream",
    });
    expect(empty.status).toBe(422);
    expect(errorOf(empty)?.code).toBe("form_param_missing");
    const noPart = new FormData();
    noPart.append("other", "x");
    expect(errorOf(await upload(fapi, noPart))?.code).toBe(
      "form_param_missing",
    );
    const noBoundary = await upload(fapi, "x", {
      "content-type": "multipart/form-data",
    });
    expect(noBoundary.status).toBe(400);
  });

  it("answers unknown image ids with a 404 sentence and other methods with a 405", async () => {
    for (const id of ["img_nope", "../state.json", "img_" + "a".repeat(60)]) {
      const res = await fetch(
        `${standIn.url}/images/${encodeURIComponent(id)}`,
      );
      expect(res.status, id).toBe(404);
      expect(await res.text()).toMatch(
        /^The local Clerk stand-in has no such image/,
      );
    }
    const post = await fetch(`${standIn.url}/images/img_x`, { method: "POST" });
    expect(post.status).toBe(405);
  });

  it("keeps images in the data folder across a restart", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "clerk-images-"));
    try {
      const first = await startTestStandIn({ dataDir });
      const { fapi, userId } = await signedIn(first);
      const form = new FormData();
      form.append("file", new Blob([PNG], { type: "image/png" }), "me.png");
      const id = (await upload(fapi, form)).body.response.id;
      await first.close();
      const second = await startTestStandIn({ dataDir });
      try {
        const user = await bapi(second, "GET", `/users/${userId}`);
        expect(user.body.image_url).toBe(`${second.publicOrigin}/images/${id}`);
        const served = await fetch(`${second.url}/images/${id}`);
        expect(served.status).toBe(200);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("what the stand-in does not offer on /me", () => {
  it("answers each with a 422 sentence in Clerk's error shape, never a bare 404", async () => {
    const { fapi } = await signedIn();
    const cases: [string, string][] = [
      ["POST", "/me/phone_numbers/"],
      ["POST", "/me/totp"],
      ["POST", "/me/backup_codes/"],
      ["POST", "/me/passkeys"],
      ["POST", "/me/external_accounts"],
      ["PATCH", "/me/metadata"],
      ["GET", "/me/organization_memberships"],
      ["POST", "/me/web3_wallets/"],
    ];
    for (const [method, route] of cases) {
      const res = await fapi.call(method, route, { x: "1" });
      expect(res.status, route).toBe(422);
      expect(errorOf(res)?.code, route).toBe("feature_not_enabled");
      expect(res.body.errors[0].long_message).toMatch(
        new RegExp(
          `^The local Clerk stand-in does not offer .+ \\(${method} /v1${route.replace(/[/]/g, "\\/")}\\); its account routes are`,
        ),
      );
    }
    const unknown = await fapi.call("GET", "/me/nothing_here");
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown)).toMatchObject({
      code: "resource_not_found",
      long_message:
        "The local Clerk stand-in has no route for GET /__clerk/v1/me/nothing_here.",
    });
    const wrongVerb = await fapi.call("PUT", "/me/change_password");
    expect(wrongVerb.status).toBe(405);
    expect(errorOf(wrongVerb)?.long_message).toBe(
      "PUT is not allowed on /v1/me/change_password.",
    );
    const listed = await admin(standIn, "GET", "/requests");
    expect(listed.body.unhandled).toContainEqual(
      expect.objectContaining({ path: "/__clerk/v1/me/nothing_here" }),
    );
  });
});
