/** Named faults, the clock and session expiry under /_admin. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
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
});
afterAll(async () => {
  await standIn.close();
});
afterEach(async () => {
  await admin(standIn, "POST", "/faults", {
    sameTokenAgain: "off",
    tokenEndpoint: null,
  });
});

/** getToken({ skipCache: true }) in clerk-js: the token POST with ?debug=skip_cache. */
function forced(fapi: FapiClient, sid: string, template = "") {
  return fapi.call(
    "POST",
    `/client/sessions/${sid}/tokens${template ? `/${template}` : ""}`,
    {},
    { debug: "skip_cache" },
  );
}

function plain(fapi: FapiClient, sid: string, template = "") {
  return fapi.call(
    "POST",
    `/client/sessions/${sid}/tokens${template ? `/${template}` : ""}`,
  );
}

async function signedIn() {
  const fapi = await new FapiClient(standIn).start();
  return { fapi, sid: await fapi.signIn() };
}

describe("faults", () => {
  it("start with none, and read back what was set", async () => {
    expect((await admin(standIn, "GET", "/faults")).body).toEqual({
      sameTokenAgain: "off",
      tokenEndpoint: null,
      downForSeconds: 0,
    });
    const set = await admin(standIn, "POST", "/faults", {
      tokenEndpoint: { kind: "status429", retryAfterSeconds: 7 },
    });
    expect(set.body.tokenEndpoint).toEqual({
      kind: "status429",
      retryAfterSeconds: 7,
      only: "all",
    });
  });

  it("sameTokenAgain once: one forced refresh gets the previous string back", async () => {
    const { fapi, sid } = await signedIn();
    const first = (await plain(fapi, sid)).body.jwt;
    await admin(standIn, "POST", "/faults", { sameTokenAgain: "once" });
    // A cached (non-forced) request is not affected.
    const cached = (await plain(fapi, sid)).body.jwt;
    expect(cached).not.toBe(first);
    expect((await forced(fapi, sid)).body.jwt).toBe(cached);
    const after = (await forced(fapi, sid)).body.jwt;
    expect(after).not.toBe(cached);
    expect((await admin(standIn, "GET", "/faults")).body.sameTokenAgain).toBe(
      "off",
    );
  });

  it("sameTokenAgain always: every forced refresh, session and template tokens alike", async () => {
    const { fapi, sid } = await signedIn();
    const session = (await plain(fapi, sid)).body.jwt;
    const template = (await plain(fapi, sid, "convex")).body.jwt;
    await admin(standIn, "POST", "/faults", { sameTokenAgain: "always" });
    for (let i = 0; i < 3; i += 1) {
      expect((await forced(fapi, sid)).body.jwt).toBe(session);
      expect((await forced(fapi, sid, "convex")).body.jwt).toBe(template);
    }
  });

  it("tokenEndpoint status5xx and status429 answer in Clerk's error shape", async () => {
    const { fapi, sid } = await signedIn();
    await admin(standIn, "POST", "/faults", {
      tokenEndpoint: { kind: "status5xx", status: 503, retryAfterSeconds: 2 },
    });
    const failed = await plain(fapi, sid);
    expect(failed.status).toBe(503);
    expect(failed.headers.get("retry-after")).toBe("2");
    expect(failed.body.errors[0].code).toBe("internal_clerk_error");
    expect(typeof failed.body.clerk_trace_id).toBe("string");
    // CORS still applies, so the page can read the failure.
    expect(failed.headers.get("access-control-allow-origin")).toBe(fapi.origin);
    expect((await plain(fapi, sid, "convex")).status).toBe(503);
    // Other FAPI routes are unaffected.
    expect((await fapi.call("GET", "/client")).status).toBe(200);

    await admin(standIn, "POST", "/faults", {
      tokenEndpoint: { kind: "status429", retryAfterSeconds: 5 },
    });
    const limited = await plain(fapi, sid);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("5");
    expect(limited.body.errors[0].code).toBe("too_many_requests");
  });

  it("tokenEndpoint only: forced spares cached requests", async () => {
    const { fapi, sid } = await signedIn();
    await admin(standIn, "POST", "/faults", {
      tokenEndpoint: { kind: "status5xx", only: "forced" },
    });
    expect((await plain(fapi, sid)).status).toBe(200);
    expect((await forced(fapi, sid)).status).toBe(500);
  });

  it("tokenEndpoint refused drops the connection without an answer", async () => {
    const { fapi, sid } = await signedIn();
    await admin(standIn, "POST", "/faults", {
      tokenEndpoint: { kind: "refused", only: "forced" },
    });
    await expect(forced(fapi, sid)).rejects.toThrow(/fetch failed/);
    expect((await plain(fapi, sid)).status).toBe(200);
  });

  it("tokenEndpoint delay answers after the given seconds", async () => {
    const { fapi, sid } = await signedIn();
    await admin(standIn, "POST", "/faults", {
      tokenEndpoint: { kind: "delay", seconds: 1 },
    });
    const started = Date.now();
    const res = await plain(fapi, sid);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("refuse bad faults with a sentence and change nothing", async () => {
    const cases: [unknown, RegExp][] = [
      [{ sameTokenAgain: "twice" }, /"off", "once" or "always"/],
      [{ tokenEndpoint: { kind: "boom" } }, /kind must be/],
      [{ tokenEndpoint: { kind: "delay" } }, /delay needs seconds/],
      [{ tokenEndpoint: { kind: "delay", seconds: 121 } }, /1 to 120/],
      [{ tokenEndpoint: { kind: "refused", seconds: 3 } }, /only goes with/],
      [{ tokenEndpoint: { kind: "status5xx", status: 404 } }, /500 to 599/],
      [{ tokenEndpoint: { kind: "status429", only: "some" } }, /"all" or/],
      [{ tokenEndpoint: { kind: "status429", extra: 1 } }, /no field "extra"/],
      [{ tokenEndpoint: "on" }, /null or an object/],
      [{ downForSeconds: 0 }, /1 to 600/],
      [{ clockJump: 5 }, /Unknown fault/],
      [[1], /JSON object/],
      [{ sameTokenAgain: "once", downForSeconds: -1 }, /downForSeconds/],
    ];
    for (const [body, message] of cases) {
      const res = await admin(standIn, "POST", "/faults", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatch(message);
    }
    expect((await admin(standIn, "GET", "/faults")).body.sameTokenAgain).toBe(
      "off",
    );
    expect((await admin(standIn, "DELETE", "/faults")).status).toBe(405);
  });
});

describe("downForSeconds", () => {
  it("refuses every connection for the given time, then serves again with state intact", async () => {
    const { fapi, sid } = await signedIn();
    const set = await admin(standIn, "POST", "/faults", { downForSeconds: 1 });
    expect(set.status).toBe(200);
    expect(set.body.downForSeconds).toBe(1);
    const started = Date.now();
    await expect(fetch(`${standIn.url}/.well-known/jwks.json`)).rejects.toThrow(
      /fetch failed/,
    );
    await expect(admin(standIn, "GET", "/faults")).rejects.toThrow();
    let back = false;
    while (!back && Date.now() - started < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      back = await fetch(`${standIn.url}/.well-known/jwks.json`).then(
        (r) => r.ok,
        () => false,
      );
    }
    expect(back).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect((await plain(fapi, sid)).status).toBe(200);
  });
});

describe("clock", () => {
  afterEach(async () => {
    await admin(standIn, "POST", "/settings", { clockOffsetSeconds: 0 });
  });

  it("reads, jumps forward and back, and every token follows it", async () => {
    const read = await admin(standIn, "GET", "/clock");
    expect(read.body.offsetSeconds).toBe(0);
    expect(Math.abs(read.body.now - Date.now())).toBeLessThan(2000);
    const ahead = await admin(standIn, "POST", "/clock", { jumpSeconds: 3600 });
    expect(ahead.body.offsetSeconds).toBe(3600);
    expect(Math.abs(ahead.body.now - (Date.now() + 3_600_000))).toBeLessThan(
      2000,
    );
    expect(
      (await admin(standIn, "GET", "/settings")).body.clockOffsetSeconds,
    ).toBe(3600);
    const { fapi, sid } = await signedIn();
    const token = claims((await plain(fapi, sid)).body.jwt);
    expect(
      Math.abs(token.iat - (Math.floor(Date.now() / 1000) + 3600)),
    ).toBeLessThanOrEqual(2);
    const behind = await admin(standIn, "POST", "/clock", {
      jumpSeconds: -7200,
    });
    expect(behind.body.offsetSeconds).toBe(-3600);
    const template = claims((await plain(fapi, sid, "convex")).body.jwt);
    expect(
      Math.abs(template.iat - (Math.floor(Date.now() / 1000) - 3600)),
    ).toBeLessThanOrEqual(2);
  });

  it("expires sessions and sign-in tokens when it passes their time", async () => {
    const ticket = await bapi(standIn, "POST", "/sign_in_tokens", {
      user_id: "user_student",
      expires_in_seconds: 60,
    });
    const { fapi, sid } = await signedIn();
    await admin(standIn, "POST", "/clock", { jumpSeconds: 120 });
    const other = await new FapiClient(standIn).start();
    const late = await other.call("POST", "/client/sign_ins", {
      strategy: "ticket",
      ticket: ticket.body.token,
    });
    expect(late.status).toBe(422);
    expect(late.body.errors[0].code).toBe("ticket_invalid");
    // A laptop asleep for eight days: past Clerk's 7-day maximum lifetime.
    await admin(standIn, "POST", "/clock", { jumpSeconds: 8 * 86_400 });
    const token = await plain(fapi, sid);
    expect(token.status).toBe(401);
    expect(token.body.errors[0].code).toBe("authentication_invalid");
    expect((await bapi(standIn, "GET", `/sessions/${sid}`)).body.status).toBe(
      "expired",
    );
  });

  it("refuses bad jumps with a sentence", async () => {
    for (const body of [
      {},
      { jumpSeconds: 1.5 },
      { jumpSeconds: "1h" },
      { jumpSeconds: 400 * 86_400 },
      { jumpSeconds: 5, extra: 1 },
    ]) {
      const res = await admin(standIn, "POST", "/clock", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(typeof res.body.error).toBe("string");
    }
    expect((await admin(standIn, "GET", "/clock")).body.offsetSeconds).toBe(0);
  });
});

describe("session expiry", () => {
  it("maximum_lifetime: status expired; FAPI tokens 401, BAPI tokens 404", async () => {
    const { fapi, sid } = await signedIn();
    const res = await admin(standIn, "POST", `/sessions/${sid}/expire`, {
      reason: "maximum_lifetime",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: sid, status: "expired" });
    expect(Math.abs(res.body.expire_at - Date.now())).toBeLessThan(2000);
    const token = await plain(fapi, sid);
    expect(token.status).toBe(401);
    expect(token.body.errors[0].code).toBe("authentication_invalid");
    expect((await plain(fapi, sid, "convex")).status).toBe(401);
    expect(
      (await bapi(standIn, "POST", `/sessions/${sid}/tokens`)).status,
    ).toBe(404);
    const session = await bapi(standIn, "GET", `/sessions/${sid}`);
    expect(session.body.status).toBe("expired");
    const client = await fapi.call("GET", "/client");
    expect(client.body.response.sessions).toEqual([]);
    expect(client.body.response.last_active_session_id).toBe(null);
  });

  it("inactivity: status abandoned", async () => {
    const { fapi, sid } = await signedIn();
    const res = await admin(standIn, "POST", `/sessions/${sid}/expire`, {
      reason: "inactivity",
    });
    expect(res.body.status).toBe("abandoned");
    expect((await plain(fapi, sid)).status).toBe(401);
    expect((await bapi(standIn, "GET", `/sessions/${sid}`)).body.status).toBe(
      "abandoned",
    );
    const again = await admin(standIn, "POST", `/sessions/${sid}/expire`, {
      reason: "inactivity",
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/is abandoned/);
  });

  it("refuses bad requests with a sentence", async () => {
    const { sid } = await signedIn();
    expect(
      (await admin(standIn, "POST", `/sessions/${sid}/expire`, { reason: "x" }))
        .status,
    ).toBe(400);
    expect(
      (await admin(standIn, "POST", `/sessions/${sid}/expire`)).status,
    ).toBe(400);
    expect(
      (
        await admin(standIn, "POST", "/sessions/sess_none/expire", {
          reason: "inactivity",
        })
      ).status,
    ).toBe(404);
    expect(
      (await admin(standIn, "GET", `/sessions/${sid}/expire`)).status,
    ).toBe(405);
  });
});
