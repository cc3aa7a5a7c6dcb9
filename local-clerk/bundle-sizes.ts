/**
 * Prints how many bytes of clerk-js and @clerk/ui a page loads from the
 * stand-in: after Clerk.load, after mounting <SignIn/>, and after signing in
 * and opening <UserButton/>. Run: `npx tsx local-clerk/bundle-sizes.ts`.
 * Sizes are uncompressed file sizes (the stand-in serves without gzip).
 */
import { chromium } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { startClerkStandIn } from "./server";
import { CHROMIUM, servePage } from "./contractPage";

async function main() {
  const standIn = await startClerkStandIn({
    port: 0,
    dataDir: null,
    adminKey: randomBytes(12).toString("hex"),
  });
  const page = await servePage(standIn);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox"],
  });
  try {
    const tab = await browser.newPage();
    const files = new Map<string, number>();
    tab.on("response", async (response) => {
      const url = new URL(response.url());
      if (!url.pathname.startsWith("/npm/")) return;
      files.set(url.pathname, (await response.body()).length);
    });
    const report = (stage: string) => {
      const rows = [...files].sort((a, b) => b[1] - a[1]);
      const total = rows.reduce((sum, [, bytes]) => sum + bytes, 0);
      console.log(`\n${stage}: ${rows.length} files, ${total} bytes`);
      for (const [file, bytes] of rows)
        console.log(`  ${String(bytes).padStart(8)}  ${file.split("/").pop()}`);
    };

    await tab.goto(page.origin);
    await tab.evaluate(() => window.ready);
    await tab.waitForLoadState("networkidle");
    report("after Clerk.load (signed out)");

    await tab.evaluate(() =>
      window.Clerk.mountSignIn(document.getElementById("sign-in")),
    );
    await tab.locator("input[name=identifier]").waitFor();
    await tab.waitForLoadState("networkidle");
    report("after mounting <SignIn/>");

    await tab.locator("input[name=identifier]").fill("teacher@example.com");
    await tab.locator(".cl-formButtonPrimary").click();
    await tab.locator("input[name=password]").fill("classroom-dev-password");
    await tab.locator(".cl-formButtonPrimary").click();
    await tab.waitForFunction(() => window.Clerk.isSignedIn === true);
    await tab.evaluate(() =>
      window.Clerk.mountUserButton(document.getElementById("user-button")),
    );
    await tab.locator(".cl-userButtonTrigger").click();
    await tab.locator(".cl-userButtonPopoverCard").waitFor();
    await tab.waitForLoadState("networkidle");
    report("after signing in and opening <UserButton/>");
  } finally {
    await browser.close();
    await page.close();
    await standIn.close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
