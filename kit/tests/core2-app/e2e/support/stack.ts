import path from "node:path";

/** Fixed ports, so the app's env and the stand-ins agree across runs. */
export const ports = {
  app: 3600,
  convex: 3610,
  clerk: 3620,
  control: 3690,
} as const;

export const appUrl = `http://localhost:${ports.app}`;
export const hostedSignInUrl = `http://localhost:${ports.clerk}/sign-in`;

/** The env file the kit writes and `next dev` reads. */
export const envFileName = ".env.development.local";
export const envFile = path.join(__dirname, "..", "..", envFileName);

/** A variable the kit wrote, which global setup loaded into the env. */
export function kitEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: did global setup load ${envFile}?`);
  return value;
}
