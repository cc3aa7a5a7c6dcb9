import { describe, expect, it } from "vitest";
import { TokenRejectedError, TokenVerifier } from "../auth";
import { DeploymentClock, MAX_CLOCK_OFFSET_SECONDS } from "../clock";
import { fixtureConvexForFile } from "./helpers";

const stack = fixtureConvexForFile();

async function clockControl(method: "GET" | "POST", query = "") {
  const response = await fetch(`${stack.convex.url}/_admin/clock${query}`, {
    method,
    headers: { "x-admin-key": stack.convex.adminKey },
  });
  return { status: response.status, body: await response.json() };
}

describe("the deployment's clock", () => {
  it("decides token expiry: a token good now is refused after a jump past its exp", async () => {
    const clock = new DeploymentClock();
    const verifier = new TokenVerifier(
      [{ domain: stack.issuer.issuer, applicationID: "convex" }],
      fetch,
      () => clock.now(),
    );
    const token = await stack.issuer.mint({ ttlSeconds: 60 });
    await expect(verifier.verify(token)).resolves.toMatchObject({
      identity: { subject: expect.any(String) },
    });
    clock.jump(61);
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(
      TokenRejectedError,
    );
    // Behind the issuer's clock, a token is still good (nbf is not checked).
    clock.setOffset(-3600);
    await expect(verifier.verify(token)).resolves.toBeTruthy();
  });

  it("refuses offsets beyond its bound with a sentence", () => {
    const clock = new DeploymentClock();
    expect(() => clock.setOffset(MAX_CLOCK_OFFSET_SECONDS + 1)).toThrow(
      /clock offset must be/,
    );
    expect(() => clock.jump(Number.NaN)).toThrow(/clock offset must be/);
    expect(clock.offsetSeconds).toBe(0);
  });

  it("is read and moved through /_admin/clock", async () => {
    const before = await clockControl("GET");
    expect(before).toMatchObject({ status: 200, body: { offsetSeconds: 0 } });

    const jumped = await clockControl("POST", "?jumpSeconds=4200");
    expect(jumped.status).toBe(200);
    expect(jumped.body.offsetSeconds).toBe(4200);
    const seen = Date.parse(jumped.body.now) - Date.now();
    expect(seen).toBeGreaterThan(4_190_000);
    expect(stack.convex.clock.offsetSeconds).toBe(4200);

    expect(await clockControl("POST", "?offsetSeconds=-30")).toMatchObject({
      status: 200,
      body: { offsetSeconds: -30 },
    });
    for (const query of [
      "",
      "?offsetSeconds=1&jumpSeconds=1",
      "?jumpSeconds=abc",
    ]) {
      const bad = await clockControl("POST", query);
      expect(bad.status, query).toBe(400);
      expect(bad.body.error, query).toMatch(/\.$/);
    }
    await clockControl("POST", "?offsetSeconds=0");
  });
});
