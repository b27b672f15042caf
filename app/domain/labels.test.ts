import { describe, expect, it } from "vitest";
import { APPEAL_EVENT_ACTIONS, AUDIT_ACTIONS, type AuditEntity } from "./audit";
import {
  AGENDA_REVIEW_ACTION_LABEL,
  AGENDA_STATUS_LABEL,
  appealEventLabel,
  appealStatusLabel,
  ASSIGNMENT_ROLE_LABEL,
  assignmentStateLabel,
  AUDIT_ACTION_LABEL,
  auditActionLabel,
  CALENDAR_DAY_KIND_LABEL,
  CHANNEL_LABEL,
  CLOCK_FINISH_LABEL,
  CLOCK_LABEL,
  CLOCK_STATE_LABEL,
  DOCUMENT_LABEL,
  IMPORT_STATUS_LABEL,
  NOTIFICATION_CHANNEL_LABEL,
  NOTIFICATION_STATUS_LABEL,
  NOTIFICATION_TEMPLATE_LABEL,
  notificationTemplateLabel,
  OPINIONS_STATUS_LABEL,
  ORGANISATION_KIND_LABEL,
  RATING_LABEL,
  REGISTRY_CHECK_LABEL,
  REPLY_KIND_LABEL,
  ROLE_LABEL,
  STATUS_LABEL,
  TASK_STATE_LABEL,
  TRACKED_LABEL,
  UNKNOWN_ACTION_LABEL,
  URGE_LABEL,
  URGE_RECIPIENT_LABEL,
  URGING_LEVEL_LABEL,
  type AssignmentRole,
} from "./labels";
import { ORGANISATION_KINDS, ROLES } from "./roles";
import { SECURITY_EVENT_KINDS, securityEventLabel } from "./security-events";
import type { AppealStatus, AssignmentState } from "./appeal";

/** A label a person can read: some Chinese, no Latin letters or underscores (so no key, whole or in part). */
function expectLabel(key: string, label: string | undefined) {
  expect(label, key).toBeTypeOf("string");
  expect(label!.trim(), key).not.toBe("");
  expect(label, key).toMatch(/\p{Script=Han}/u);
  expect(label, key).not.toMatch(/[A-Za-z_]/);
  expect(label, key).not.toBe(key);
}

function expectAll(map: Record<string, string>) {
  const entries = Object.entries(map);
  expect(entries.length).toBeGreaterThan(0);
  for (const [key, label] of entries) expectLabel(key, label);
}

describe("the label of every action", () => {
  it("every appeal-history action has its own label", () => {
    for (const action of APPEAL_EVENT_ACTIONS) expectLabel(action, appealEventLabel(action));
    const labels = APPEAL_EVENT_ACTIONS.map((a) => appealEventLabel(a));
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("every general-audit action of every entity has a label, distinct within its entity", () => {
    for (const entity of Object.keys(AUDIT_ACTIONS) as AuditEntity[]) {
      const actions: readonly string[] = AUDIT_ACTIONS[entity];
      for (const action of actions) expectLabel(`${entity}.${action}`, auditActionLabel(entity, action));
      // Nothing labelled that cannot be recorded.
      expect(Object.keys(AUDIT_ACTION_LABEL[entity]).sort(), entity).toEqual([...actions].sort());
      const labels = actions.map((a) => auditActionLabel(entity, a));
      expect(new Set(labels).size, entity).toBe(labels.length);
    }
  });

  it("the agenda's review steps", () => expectAll(AGENDA_REVIEW_ACTION_LABEL));
});

describe("the label of every state, role, channel, reason and document", () => {
  it("appeal statuses, channels and registry checks", () => {
    expectAll(STATUS_LABEL);
    expectAll(CHANNEL_LABEL);
    expectAll(REGISTRY_CHECK_LABEL);
  });

  it("roles and organisation kinds, every one the platform knows", () => {
    for (const role of ROLES) expectLabel(role, ROLE_LABEL[role]);
    for (const kind of ORGANISATION_KINDS) expectLabel(kind, ORGANISATION_KIND_LABEL[kind]);
    expect(Object.keys(ROLE_LABEL).sort()).toEqual([...ROLES].sort());
    expect(Object.keys(ORGANISATION_KIND_LABEL).sort()).toEqual([...ORGANISATION_KINDS].sort());
  });

  it("assignment roles, and every assignment state for every role and appeal status", () => {
    expectAll(ASSIGNMENT_ROLE_LABEL);
    const states: AssignmentState[] = ["assigned", "accepted", "disputed", "done", "ended"];
    for (const role of Object.keys(ASSIGNMENT_ROLE_LABEL) as AssignmentRole[])
      for (const state of states)
        for (const status of Object.keys(STATUS_LABEL) as AppealStatus[])
          expectLabel(state, assignmentStateLabel(role, state, status));
  });

  it("the assignment states read the same wherever shown", () => {
    expect(assignmentStateLabel("lead", "assigned", "city")).toBe("待接收");
    expect(assignmentStateLabel("lead", "accepted", "city")).toBe("已接收,待答复办理意见");
    expect(assignmentStateLabel("co", "accepted", "city")).toBe("已接收,待提出协办意见");
    expect(assignmentStateLabel("lead", "done", "replied")).toBe("已答复办理意见");
    expect(assignmentStateLabel("co", "disputed", "city")).toBe("已提出异议,待平台重新交办");
    expect(assignmentStateLabel("county", "assigned", "escalation_review")).toBe("已申请提级,待平台审核");
    expect(assignmentStateLabel("county", "assigned", "county")).toBe("待办结答复或申请提级");
  });

  it("replies and clocks", () => {
    expectAll(REPLY_KIND_LABEL);
    expectAll(CLOCK_LABEL);
    expectAll(CLOCK_STATE_LABEL);
    expectAll(CLOCK_FINISH_LABEL);
  });

  it("tasks, ratings, opinions, agendas and urging", () => {
    expectAll(TASK_STATE_LABEL);
    expectAll(RATING_LABEL);
    expectAll(OPINIONS_STATUS_LABEL);
    expectAll(AGENDA_STATUS_LABEL);
    expectAll(TRACKED_LABEL);
    expectAll(URGE_LABEL);
    expectAll(URGING_LEVEL_LABEL);
    expectAll(URGE_RECIPIENT_LABEL);
  });

  it("security events", () => {
    for (const kind of SECURITY_EVENT_KINDS) expectLabel(kind, securityEventLabel(kind));
  });

  it("documents, notifications, imports and calendar days", () => {
    expectAll(DOCUMENT_LABEL);
    expectAll(NOTIFICATION_STATUS_LABEL);
    expectAll(NOTIFICATION_CHANNEL_LABEL);
    expectAll(NOTIFICATION_TEMPLATE_LABEL);
    expectAll(IMPORT_STATUS_LABEL);
    expectAll(CALENDAR_DAY_KIND_LABEL);
  });
});

describe("a key the catalogue does not know (an old row)", () => {
  it("reads as the neutral fallback, never the key", () => {
    expectLabel("fallback", UNKNOWN_ACTION_LABEL);
    expect(appealEventLabel("leader.handed_over")).toBe(UNKNOWN_ACTION_LABEL);
    expect(appealEventLabel("toString")).toBe(UNKNOWN_ACTION_LABEL);
    expect(auditActionLabel("cycle", "catalog.archived")).toBe(UNKNOWN_ACTION_LABEL);
    expect(auditActionLabel("user", "constructor")).toBe(UNKNOWN_ACTION_LABEL);
    expect(appealStatusLabel("archived")).toBe("其他状态");
    expect(appealStatusLabel(null)).toBeNull();
    expect(notificationTemplateLabel("weekly-digest")).toBe("其他通知");
    expect(securityEventLabel("sign_in_by_card")).toBe("其他安全事件");
  });
});
