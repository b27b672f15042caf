import { describe, expect, it } from "vitest";
import { STATUS_LABEL, type AppealStatus } from "./appeal";
import { APPEAL_TRANSITIONS, INTAKE_STATUSES, isFinalStatus } from "./appeal-transitions";
import { APPEAL_TRANSITION_ACTIONS } from "./audit";
import { actionsFrom, checkTransition, fromStateOf } from "./transitions";

const label = (s: AppealStatus) => STATUS_LABEL[s];

describe("the appeal's transition table", () => {
  it("has a row for every transition action, each starting from one status", () => {
    for (const action of APPEAL_TRANSITION_ACTIONS) expect(() => fromStateOf(APPEAL_TRANSITIONS, action)).not.toThrow();
    expect(new Set(APPEAL_TRANSITIONS.map((t) => t.action))).toEqual(new Set(APPEAL_TRANSITION_ACTIONS));
  });

  it("reaches every status from the statuses intake creates", () => {
    const reached = new Set<AppealStatus>(INTAKE_STATUSES);
    for (let grew = true; grew;) {
      grew = false;
      for (const t of APPEAL_TRANSITIONS)
        if (reached.has(t.from) && !reached.has(t.to)) grew = Boolean(reached.add(t.to));
    }
    expect([...reached].sort()).toEqual((Object.keys(STATUS_LABEL) as AppealStatus[]).sort());
  });

  it("ends in rejected, county_resolved and replied", () => {
    const final = (Object.keys(STATUS_LABEL) as AppealStatus[]).filter(isFinalStatus).sort();
    expect(final).toEqual(["county_resolved", "rejected", "replied"]);
  });
});

describe("checkTransition", () => {
  it("allows a listed role from the row's status, to the chosen outcome", () => {
    const c = checkTransition(
      APPEAL_TRANSITIONS,
      "registry_review",
      "registry_confirmed",
      "registry_reviewer",
      label,
      "rejected",
    );
    expect(c.ok && c.transition.to).toBe("rejected");
  });

  it("refuses, in Chinese, another role, another status and an outcome the action does not have", () => {
    const role = checkTransition(APPEAL_TRANSITIONS, "screening", "routed_to_city", "department", label);
    expect(role).toMatchObject({ ok: false, reason: "not_allowed" });
    const state = checkTransition(APPEAL_TRANSITIONS, "city", "routed_to_city", "platform_admin", label);
    expect(state).toMatchObject({ ok: false, reason: "wrong_state" });
    expect(!state.ok && state.message).toContain("已转市直部门办理");
    const to = checkTransition(APPEAL_TRANSITIONS, "screening", "routed_to_city", "platform_admin", label, "county");
    expect(to).toMatchObject({ ok: false, reason: "no_such_action" });
    for (const c of [role, state, to]) expect(!c.ok && c.message).toMatch(/本次操作未执行。$/);
  });

  it("offers each role its actions from a status", () => {
    expect(actionsFrom(APPEAL_TRANSITIONS, "screening", "platform_admin").sort()).toEqual(
      ["routed_to_city", "routed_to_county", "screening_rejected"].sort(),
    );
    expect(actionsFrom(APPEAL_TRANSITIONS, "screening", "department")).toEqual([]);
    expect(actionsFrom(APPEAL_TRANSITIONS, "county", "county").sort()).toEqual([
      "county_replied",
      "escalation_requested",
    ]);
  });
});
