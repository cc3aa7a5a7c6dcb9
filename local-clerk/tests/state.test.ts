import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { passwordMatches } from "../passwords";
import { PRESET_PASSWORD } from "../presets";
import { StandInState } from "../state";

describe("state", () => {
  it("starts with the preset accounts and organizations", () => {
    const state = new StandInState(null, Date.now);
    const teacher = state.users.get("user_teacher")!;
    expect(teacher.email).toBe("teacher@example.com");
    expect(passwordMatches(PRESET_PASSWORD, teacher.passwordHash)).toBe(true);
    expect(passwordMatches("wrong", teacher.passwordHash)).toBe(false);
    expect(
      state
        .membershipsOf("user_teacher")
        .map((m) => [m.organizationId, m.role]),
    ).toEqual([
      ["org_classroom", "org:admin"],
      ["org_staff", "org:member"],
    ]);
    expect(state.membership("user_student", "org_staff")).toBeUndefined();
  });

  it("drops the oldest signed-out clients once 5000 exist, keeping signed-in ones", () => {
    let t = 1_000_000;
    const state = new StandInState(null, () => (t += 1));
    const first = state.createDevBrowser();
    state.createSession(first.client, "user_teacher", null);
    const idle = state.createDevBrowser();
    for (let i = 0; i < 5000; i++) state.createDevBrowser();
    expect(state.clients.size).toBeLessThanOrEqual(5000);
    expect(state.clientForDevBrowser(first.devBrowser)).toBe(first.client);
    expect(state.clientForDevBrowser(idle.devBrowser)).toBeUndefined();
    expect(state.devBrowsers.size).toBe(state.clients.size);
  });

  it("keeps client.updated_at moving forward even if the clock goes back", () => {
    let t = 5_000_000;
    const state = new StandInState(null, () => t);
    const { client } = state.createDevBrowser();
    state.touchClient(client);
    const before = client.updatedAt;
    t -= 60_000;
    state.touchClient(client);
    expect(client.updatedAt).toBeGreaterThan(before);
  });

  it("redeems a sign-in ticket once, and never after it expires", () => {
    let t = 10_000_000;
    const state = new StandInState(null, () => t);
    const once = state.createTicket("user_teacher", 60);
    expect(state.redeemTicket(once.token)?.userId).toBe("user_teacher");
    expect(state.redeemTicket(once.token)).toBeUndefined();
    const late = state.createTicket("user_teacher", 60);
    t += 61_000;
    expect(state.redeemTicket(late.token)).toBeUndefined();
    expect(state.redeemTicket("tkt_unknown")).toBeUndefined();
  });

  it("logs a failed save instead of crashing, and keeps serving from memory", async () => {
    const lines: string[] = [];
    // The data folder's parent is a plain file, so every save fails.
    const dir = mkdtempSync(path.join(tmpdir(), "local-clerk-"));
    const blocker = path.join(dir, "not-a-folder");
    writeFileSync(blocker, "");
    const file = path.join(blocker, "state.json");
    const state = new StandInState(file, Date.now, (line) => lines.push(line));
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.join("\n")).toContain(`could not save ${file}`);
    expect(state.userByEmail("TEACHER@example.com")?.id).toBe("user_teacher");
    rmSync(dir, { recursive: true, force: true });
  });
});
