import { clerkSetup } from "@clerk/testing/playwright";
import { envFile } from "./support/stack";

/**
 * Playwright starts the web servers before global setup, so the kit has
 * written its env file by now. clerkSetup() reads the secret key and the
 * Backend API URL from it and fetches a testing token from the Clerk stand-in.
 */
export default async function globalSetup() {
  process.loadEnvFile(envFile);
  // The env is loaded above; clerkSetup's own dotenv would read .env.local.
  await clerkSetup({ dotenv: false });
}
