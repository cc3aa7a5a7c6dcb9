// @vitest-environment jsdom
/**
 * The real clerk-js of both SDK generations, headless, in jsdom, calling the
 * stand-in's FAPI through the proxy URL: clerk-js 6.40 (without @clerk/ui)
 * and clerk-js 5.128 (its headless build; the browser bundle adds the UI).
 * Password sign-in with tokens, organizations and sign-out; sign-up with an
 * email code; and the email_code / phone_code sign-in calls @clerk/testing's
 * clerk.signIn makes. The browser contract test covers the UI; this covers
 * the resources.
 */
import type { LoadedClerk } from "@clerk/shared/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_KEY,
  bapi,
  FapiClient,
  startTestStandIn,
  type StandIn,
} from "./support";

/** A 1×1 transparent PNG. */
const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

let standIn: StandIn;
let stopTimers: () => void;

beforeAll(async () => {
  stopTimers = ownTimers();
  standIn = await startTestStandIn();
});
afterAll(async () => {
  stopTimers();
  await standIn.close();
});

/**
 * clerk-js polls for a session token every 5 s from the moment it loads, and
 * neither generation offers a public way to stop it. Left running, a poll
 * fires after this file's jsdom is gone and fails on `window`. Every timer
 * started while this file runs is recorded here and cleared when it ends.
 */
function ownTimers(): () => void {
  const { setTimeout: realTimeout, setInterval: realInterval } = globalThis;
  const pending = new Set<ReturnType<typeof realTimeout>>();
  globalThis.setTimeout = ((...args: Parameters<typeof realTimeout>) => {
    const id = realTimeout(...args);
    pending.add(id);
    return id;
  }) as typeof realTimeout;
  globalThis.setInterval = ((...args: Parameters<typeof realInterval>) => {
    const id = realInterval(...args);
    pending.add(id);
    return id;
  }) as typeof realInterval;
  return () => {
    globalThis.setTimeout = realTimeout;
    globalThis.setInterval = realInterval;
    for (const id of pending) clearTimeout(id);
  };
}

type ClerkConstructor = new (
  publishableKey: string,
  options: { proxyUrl: string },
) => LoadedClerk & { load(options: { telemetry: false }): Promise<void> };

/**
 * Imported by names TypeScript does not follow: clerk-js's own types declare
 * `window.Clerk`, which the contract page declares differently.
 */
const GENERATIONS = [
  {
    label: "clerk-js 6 (Core 3)",
    module: "@clerk/clerk-js",
    version: "6.40.0",
  },
  {
    label: "clerk-js 5 (Core 2)",
    module: "@clerk/clerk-js-5/headless",
    version: "5.128.0",
  },
] as const;

async function loadedClerk(module: string) {
  const { Clerk } = (await import(/* @vite-ignore */ module)) as {
    Clerk: ClerkConstructor;
  };
  const clerk = new Clerk(standIn.publishableKey, {
    proxyUrl: `${standIn.url}/__clerk`,
  });
  await clerk.load({ telemetry: false });
  return clerk;
}

describe.each(GENERATIONS)(
  "$label resources against the stand-in",
  (generation) => {
    it("signs in with a password, mints tokens, switches organization and signs out", async () => {
      const clerk = await loadedClerk(generation.module);
      expect(clerk.version).toBe(generation.version);
      const signIn = await clerk.client!.signIn.create({
        identifier: "teacher@example.com",
        password: "classroom-dev-password",
      });
      expect(signIn.status).toBe("complete");
      await clerk.setActive({ session: signIn.createdSessionId });
      expect(clerk.user?.id).toBe("user_teacher");
      const token = await clerk.session!.getToken({ skipCache: true });
      expect(token).toMatch(/^ey/);
      expect(await clerk.session!.getToken({ template: "convex" })).toMatch(
        /^ey/,
      );
      await clerk.setActive({ organization: "org_classroom" });
      expect(clerk.organization?.id).toBe("org_classroom");
      const orgToken = await clerk.session!.getToken({ skipCache: true });
      expect(JSON.parse(atob(orgToken!.split(".")[1]))).toMatchObject({
        o: { id: "org_classroom", rol: "admin" },
      });
      await clerk.signOut();
      expect(clerk.user).toBeFalsy();
    });

    it("signs up with email, password and the code 424242, then holds the session", async () => {
      const clerk = await loadedClerk(generation.module);
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
      expect(signUp.verifications.emailAddress.nextAction).toBe(
        "needs_attempt",
      );
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

    it("manages the account as <UserProfile/> does: names, an email address, the password, sessions, the image", async () => {
      const email = `clerkjs-me-${generation.version}-${Date.now()}+clerk_test@example.com`;
      const second = email.replace("clerkjs-me-", "clerkjs-me2-");
      const password = "clerk-js-password";
      const created = await bapi(standIn, "POST", "/users", {
        email_address: [email],
        password,
      });
      expect(created.status).toBe(200);
      const clerk = await loadedClerk(generation.module);
      const signIn = await clerk.client!.signIn.create({
        identifier: email,
        password,
      });
      await clerk.setActive({ session: signIn.createdSessionId });

      await clerk.user!.update({ firstName: "Grace", lastName: "Hopper" });
      expect(clerk.user!.fullName).toBe("Grace Hopper");

      const added = await clerk.user!.createEmailAddress({ email: second });
      await added.prepareVerification({ strategy: "email_code" });
      await expect(
        added.attemptVerification({ code: "111111" }),
      ).rejects.toMatchObject({
        errors: [expect.objectContaining({ code: "form_code_incorrect" })],
      });
      const verified = await added.attemptVerification({ code: "424242" });
      expect(verified.verification.status).toBe("verified");
      await clerk.user!.update({ primaryEmailAddressId: verified.id });
      expect(clerk.user!.primaryEmailAddress?.emailAddress).toBe(second);
      await clerk
        .user!.emailAddresses.find((e) => e.emailAddress === email)!
        .destroy();
      await clerk.user!.reload();
      expect(clerk.user!.emailAddresses.map((e) => e.emailAddress)).toEqual([
        second,
      ]);

      // A second device, then the list <UserProfile/> shows, and a revoke.
      const laptop = await new FapiClient(standIn).start();
      const laptopSession = await laptop.signIn(second, password);
      const sessions = await clerk.user!.getSessions();
      expect(sessions.map((s) => s.id).sort()).toEqual(
        [clerk.session!.id, laptopSession].sort(),
      );
      const other = sessions.find((s) => s.id === laptopSession)!;
      expect(other.latestActivity.ipAddress).toBe("127.0.0.1");
      expect((await other.revoke()).status).toBe("revoked");
      expect((await laptop.token(laptopSession)).status).toBe(401);

      await expect(
        clerk.user!.updatePassword({
          currentPassword: "not-the-password",
          newPassword: "a-newer-password",
        }),
      ).rejects.toMatchObject({
        errors: [expect.objectContaining({ code: "form_password_incorrect" })],
      });
      await clerk.user!.updatePassword({
        currentPassword: password,
        newPassword: "a-newer-password",
        signOutOfOtherSessions: true,
      });
      await expect(
        new FapiClient(standIn)
          .start()
          .then((c) => c.signIn(second, "a-newer-password")),
      ).resolves.toMatch(/^sess_/);

      // A string file goes as application/octet-stream.
      const image = await clerk.user!.setProfileImage({
        file: `data:image/png;base64,${PNG_BASE64}`,
      });
      expect(image.publicUrl).toMatch(/\/images\/img_/);
      expect(clerk.user!.hasImage).toBe(true);
      expect(clerk.user!.imageUrl).toBe(image.publicUrl);
      await clerk.user!.setProfileImage({ file: null });
      expect(clerk.user!.hasImage).toBe(false);

      await expect(
        clerk.user!.createPhoneNumber({ phoneNumber: "+15555550199" }),
      ).rejects.toMatchObject({
        errors: [expect.objectContaining({ code: "feature_not_enabled" })],
      });
      expect(await clerk.session!.getToken({ skipCache: true })).toMatch(/^ey/);
    });

    for (const strategy of ["email_code", "phone_code"] as const) {
      it(`signs in with ${strategy} as @clerk/testing's helper does`, async () => {
        const email = `clerkjs-${strategy}-${generation.version}-${Date.now()}+clerk_test@example.com`;
        // One number per strategy and generation: phone numbers are unique.
        const phone = `+1555555018${(strategy === "email_code" ? 1 : 2) + (generation.version.startsWith("5") ? 2 : 0)}`;
        const user = await bapi(standIn, "POST", "/users", {
          email_address: [email],
          phone_number: [phone],
          password: "clerk-js-password",
        });
        expect(user.status).toBe(200);
        const clerk = await loadedClerk(generation.module);
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
  },
);

describe("both generations", () => {
  it("leave no request unhandled", async () => {
    const res = await fetch(`${standIn.url}/_admin/requests`, {
      headers: { "x-admin-key": ADMIN_KEY },
    });
    expect((await res.json()).unhandled).toEqual([]);
  });
});
