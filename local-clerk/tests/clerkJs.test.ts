// @vitest-environment jsdom
/**
 * The real clerk-js 6.40 (headless: no UI bundle) in jsdom, calling the
 * stand-in's FAPI through the proxy URL: sign-up with an email code, and the
 * email_code / phone_code sign-in calls @clerk/testing's clerk.signIn makes.
 * The browser contract test covers the UI; this covers the resources.
 */
import type { LoadedClerk } from "@clerk/shared/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, bapi, startTestStandIn, type StandIn } from "./support";

let standIn: StandIn;

beforeAll(async () => {
  standIn = await startTestStandIn();
});
afterAll(async () => {
  await standIn.close();
});

type ClerkConstructor = new (
  publishableKey: string,
  options: { proxyUrl: string },
) => LoadedClerk & { load(options: { telemetry: false }): Promise<void> };

/**
 * Imported by a name TypeScript does not follow: clerk-js's own types declare
 * `window.Clerk`, which the contract page declares differently.
 */
const CLERK_JS = "@clerk/clerk-js";

async function loadedClerk() {
  const { Clerk } = (await import(/* @vite-ignore */ CLERK_JS)) as {
    Clerk: ClerkConstructor;
  };
  const clerk = new Clerk(standIn.publishableKey, {
    proxyUrl: `${standIn.url}/__clerk`,
  });
  await clerk.load({ telemetry: false });
  return clerk;
}

describe("clerk-js resources against the stand-in", () => {
  it("signs up with email, password and the code 424242, then holds the session", async () => {
    const clerk = await loadedClerk();
    const email = `clerkjs-${Date.now()}+clerk_test@example.com`;
    let signUp = await clerk.client!.signUp.create({
      emailAddress: email,
      password: "clerk-js-password",
    });
    expect(signUp.status).toBe("missing_requirements");
    expect(signUp.unverifiedFields).toEqual(["email_address"]);
    signUp = await signUp.prepareEmailAddressVerification({
      strategy: "email_code",
    });
    expect(signUp.verifications.emailAddress.nextAction).toBe("needs_attempt");
    await expect(
      signUp.attemptEmailAddressVerification({ code: "111111" }),
    ).rejects.toMatchObject({
      errors: [expect.objectContaining({ code: "form_code_incorrect" })],
    });
    signUp = await signUp.attemptEmailAddressVerification({ code: "424242" });
    expect(signUp.status).toBe("complete");
    await clerk.setActive({ session: signUp.createdSessionId });
    expect(clerk.user?.primaryEmailAddress?.emailAddress).toBe(email);
    expect(await clerk.session!.getToken()).toMatch(/^ey/);
  });

  for (const strategy of ["email_code", "phone_code"] as const) {
    it(`signs in with ${strategy} as @clerk/testing's helper does`, async () => {
      const email = `clerkjs-${strategy}-${Date.now()}+clerk_test@example.com`;
      const phone = strategy === "email_code" ? "+15555550181" : "+15555550182";
      const user = await bapi(standIn, "POST", "/users", {
        email_address: [email],
        phone_number: [phone],
        password: "clerk-js-password",
      });
      expect(user.status).toBe(200);
      const clerk = await loadedClerk();
      const signIn = clerk.client!.signIn;
      const { supportedFirstFactors } = await signIn.create({
        identifier: strategy === "email_code" ? email : phone,
      });
      const factor = supportedFirstFactors?.find(
        (f) => f.strategy === strategy,
      );
      if (factor?.strategy === "email_code")
        await signIn.prepareFirstFactor({
          strategy: "email_code",
          emailAddressId: factor.emailAddressId,
        });
      else if (factor?.strategy === "phone_code")
        await signIn.prepareFirstFactor({
          strategy: "phone_code",
          phoneNumberId: factor.phoneNumberId,
        });
      else throw new Error(`${strategy} is not offered`);
      const done = await signIn.attemptFirstFactor({
        strategy,
        code: "424242",
      });
      expect(done.status).toBe("complete");
      await clerk.setActive({ session: done.createdSessionId });
      expect(clerk.user?.id).toBe(user.body.id);
      expect(clerk.user?.primaryPhoneNumber?.phoneNumber).toBe(phone);
    });
  }

  it("leaves no request unhandled", async () => {
    const res = await fetch(`${standIn.url}/_admin/requests`, {
      headers: { "x-admin-key": ADMIN_KEY },
    });
    expect((await res.json()).unhandled).toEqual([]);
  });
});
