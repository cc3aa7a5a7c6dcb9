/**
 * Clerk's multi-session mode: one browser holds several signed-in sessions and
 * picks the active one with a touch, as clerk-js's setActive does. Off (Clerk's
 * default for a new application), a new sign-in ends the one before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  admin,
  bapi,
  claims,
  FapiClient,
  startTestStandIn,
  type StandIn,
} from "./support";

let standIn: StandIn;

beforeAll(async () => {
  standIn = await startTestStandIn();
  const created = await bapi(standIn, "POST", "/users", {
    email_address: ["second@example.com"],
    password: "second-teacher-password",
  });
  expect(created.status).toBe(200);
});
afterAll(async () => {
  await standIn.close();
});

async function mode(multiSession: boolean) {
  const res = await admin(standIn, "POST", "/settings", { multiSession });
  expect(res.status).toBe(200);
  expect(res.body.multiSession).toBe(multiSession);
}

/** One browser: checks the mode it is told, then signs in two users. */
async function twoSignIns(singleSessionMode: boolean) {
  const browser = await new FapiClient(standIn).start();
  const env = await browser.call("GET", "/environment");
  expect(env.body.auth_config.single_session_mode).toBe(singleSessionMode);
  const first = await browser.signIn();
  const second = await browser.signIn(
    "second@example.com",
    "second-teacher-password",
  );
  return { browser, first, second };
}

const activeIds = (client: { sessions: { id: string }[] }) =>
  client.sessions.map((s) => s.id).sort();

describe("multi-session mode", () => {
  it("is off by default: the environment says so and a second sign-in ends the first", async () => {
    const { browser, first, second } = await twoSignIns(true);
    const client = (await browser.call("GET", "/client")).body.response;
    expect(activeIds(client)).toEqual([second]);
    expect((await browser.token(first)).status).toBe(401);
  });

  it("on: both sessions stay signed in; a touch picks the active one; ending it falls back to the other", async () => {
    await mode(true);
    try {
      const { browser, first, second } = await twoSignIns(false);
      let client = (await browser.call("GET", "/client")).body.response;
      expect(activeIds(client)).toEqual([first, second].sort());
      expect(client.last_active_session_id).toBe(second);
      // Each session mints tokens for its own user.
      const firstToken = await browser.token(first);
      expect(firstToken.status).toBe(200);
      const secondToken = await browser.token(second);
      expect(claims(firstToken.body.jwt).sub).not.toBe(
        claims(secondToken.body.jwt).sub,
      );

      const touched = await browser.call(
        "POST",
        `/client/sessions/${first}/touch`,
      );
      expect(touched.status).toBe(200);
      expect(touched.body.client.last_active_session_id).toBe(first);

      await browser.call("POST", `/client/sessions/${first}/remove`);
      client = (await browser.call("GET", "/client")).body.response;
      expect(activeIds(client)).toEqual([second]);
      expect(client.last_active_session_id).toBe(second);
    } finally {
      await mode(false);
    }
  });

  it("refuses a setting that is not true or false, with a sentence", async () => {
    const res = await admin(standIn, "POST", "/settings", {
      multiSession: "yes",
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(
      "multiSession must be true or false.",
    );
  });
});
