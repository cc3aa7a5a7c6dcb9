/**
 * The real <UserProfile/> ("Manage account" behind <UserButton/>) of
 * clerk-js 5 and of clerk-js 6 + @clerk/ui, rendered in jsdom on a stand-in
 * page: the account page with the user's names and addresses, a name change
 * and a new email address (code 424242) through its forms, and the security
 * page's active-devices list, with no request the stand-in leaves unhandled.
 */
import { describe, expect, it } from "vitest";
import { button, openPage, type, waitFor } from "./jsdomPage";
import { admin, bapi, PASSWORD, startTestStandIn } from "./support";

describe.each([6, 5] as const)("<UserProfile/> of clerk-js %i", (major) => {
  it("shows the account, saves a new name, adds an address and lists the active devices", async () => {
    const standIn = await startTestStandIn({ clerkJsMajor: major });
    // The hosted sign-in page serves as a page that loads clerk-js.
    const page = await openPage(
      `${standIn.publicOrigin}/sign-in?redirect_url=${encodeURIComponent("http://localhost:3000/")}`,
    );
    try {
      const w = page.window;
      await waitFor(() => w.Clerk?.loaded, "clerk-js to load");
      const signIn = await w.Clerk.client.signIn.create({
        identifier: "student@example.com",
        password: PASSWORD,
      });
      await w.Clerk.setActive({ session: signIn.createdSessionId });
      // Without the page's <SignIn/>, which heads off once signed in.
      w.Clerk.unmountSignIn(page.document.getElementById("clerk-hosted"));
      w.history.replaceState(null, "", "/profile");
      const root = page.document.createElement("div");
      page.document.body.appendChild(root);
      w.Clerk.mountUserProfile(root);

      await waitFor(
        () => root.textContent?.includes("Email addresses"),
        "the account page",
      );
      expect(root.textContent).toContain("Sam Student");
      expect(root.textContent).toContain("student@example.com");
      expect(button(page, "Add email address")).toBeTruthy();

      button(page, "Update profile")!.click();
      const firstName = await waitFor(
        () => root.querySelector<HTMLInputElement>("input[name=firstName]"),
        "the profile form",
      );
      type(page, firstName, "Samira");
      button(page, "Save")!.click();
      await waitFor(
        () => root.textContent?.includes("Samira Student"),
        "the saved name",
      );
      const user = await bapi(standIn, "GET", "/users/user_student");
      expect(user.body.first_name).toBe("Samira");

      // An address added through the form, verified with the test code.
      const added = `ui-${major}-${Date.now()}+clerk_test@example.com`;
      button(page, "Add email address")!.click();
      const emailField = await waitFor(
        () => root.querySelector<HTMLInputElement>("input[name=emailAddress]"),
        "the email form",
      );
      type(page, emailField, added);
      button(page, "Add")!.click();
      const code = await waitFor(
        () =>
          root.querySelector<HTMLInputElement>(
            "input[autocomplete=one-time-code]",
          ),
        "the code field",
      );
      type(page, code, "424242");
      await waitFor(
        () =>
          root.textContent?.includes(added) &&
          !root.querySelector("input[autocomplete=one-time-code]"),
        "the verified address in the list",
      );
      const withAddress = await bapi(standIn, "GET", "/users/user_student");
      expect(
        withAddress.body.email_addresses.map(
          (e: { email_address: string; verification: { status: string } }) =>
            `${e.email_address} ${e.verification.status}`,
        ),
      ).toContain(`${added} verified`);

      button(page, "Security")!.click();
      await waitFor(
        () => root.textContent?.includes("Active devices"),
        "the security page",
      );
      await waitFor(
        () => root.textContent?.includes("This device"),
        "the current device",
      );
      expect(root.textContent).toContain("127.0.0.1");
      expect(root.textContent).toContain("Update password");

      const requests = await admin(standIn, "GET", "/requests");
      expect(requests.body.unhandled).toEqual([]);
    } finally {
      page.close();
      await standIn.close();
    }
  }, 60_000);
});
