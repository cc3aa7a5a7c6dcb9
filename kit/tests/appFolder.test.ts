import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkAppFolder } from "../appFolder";
import { DataFolder } from "../dataFolder";

const root = mkdtempSync(path.join(os.tmpdir(), "kit-folders-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function app(name: string, files: string[]) {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const file of files) {
    const full = path.join(dir, file);
    if (file.endsWith("/")) mkdirSync(full, { recursive: true });
    else {
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, "export default { providers: [] };\n");
    }
  }
  return dir;
}

describe("the app folder", () => {
  it("accepts a folder with convex/, an auth.config and _generated/", () => {
    const dir = app("good", ["convex/auth.config.js", "convex/_generated/"]);
    expect(checkAppFolder(dir)).toEqual({
      appDir: dir,
      convexDir: path.join(dir, "convex"),
      authConfigFile: path.join(dir, "convex", "auth.config.js"),
    });
  });

  it("names what is missing in one sentence", () => {
    const missing = path.join(root, "nowhere");
    expect(() => checkAppFolder(missing)).toThrow(
      `The app folder ${missing} does not exist.`,
    );
    const file = path.join(root, "file.txt");
    writeFileSync(file, "");
    expect(() => checkAppFolder(file)).toThrow(
      `The app folder ${file} is a file, not a folder.`,
    );
    const bare = app("bare", []);
    expect(() => checkAppFolder(bare)).toThrow(
      `The app folder ${bare} has no convex/ folder, so there are no Convex functions to serve.`,
    );
    const noAuth = app("no-auth", ["convex/_generated/"]);
    expect(() => checkAppFolder(noAuth)).toThrow(
      `${noAuth}/convex has no auth.config.ts or auth.config.js, so Convex would accept no Clerk token; add one as Clerk's Convex guide shows.`,
    );
    const noGenerated = app("no-generated", ["convex/auth.config.ts"]);
    expect(() => checkAppFolder(noGenerated)).toThrow(
      `${noGenerated}/convex/_generated is missing; run \`npx convex codegen\` in the app once (Convex apps usually commit that folder).`,
    );
  });
});

describe("the data folder", () => {
  it("is made only when something is kept in it", () => {
    const dir = path.join(root, "unused-data");
    new DataFolder(dir);
    expect(() => statSync(dir)).toThrow();
  });

  it("keeps the admin keys (mode 600) and ignores itself in git", () => {
    const dir = path.join(root, "data");
    const first = new DataFolder(dir).adminKeys();
    expect(new DataFolder(dir).adminKeys()).toEqual(first);
    expect(first.clerk).not.toBe(first.convex);
    const file = path.join(dir, "admin-keys.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, ".gitignore"), "utf8")).toBe("*\n");
    expect(new DataFolder(dir).convexFile).toBe(
      path.join(dir, "convex", "data.json"),
    );
    expect(new DataFolder(dir).clerkDir).toBe(path.join(dir, "clerk"));
  });

  it("refuses an admin-keys file it did not write", () => {
    const dir = path.join(root, "bad-data");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "admin-keys.json"), '{"clerk":"x"}');
    expect(() => new DataFolder(dir).adminKeys()).toThrow(
      `${path.join(dir, "admin-keys.json")} does not hold the two admin keys the kit wrote; delete it to make new ones.`,
    );
  });
});
