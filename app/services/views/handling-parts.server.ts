/**
 * The pieces of an appeal's handling as the office's and the handling organisation's pages show them: files,
 * replies, assignments and extension requests in words, built once for both pages.
 */
import type { AppealStatus } from "~/domain/appeal";
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { CLOCK_LABEL } from "~/domain/clocks";
import { formatFileSize } from "~/domain/file-size";
import { ASSIGNMENT_ROLE_LABEL, assignmentStateLabel, REPLY_KIND_LABEL } from "~/domain/labels";
import type { handlingOf } from "~/models/handling.server";

type Handling = Awaited<ReturnType<typeof handlingOf>>;

/** An instant in words, or null where it has not happened. */
export const when = (d: Date | null) => (d ? formatInstantZh(d) : null);

/** A file as a list shows it: its name and its size in words. */
export const fileView = (f: { id: number; filename: string; size: number }) => ({
  id: f.id,
  filename: f.filename,
  size: formatFileSize(f.size),
});

/** A reply or opinion, with its files. */
export const replyView = (r: Handling["replies"][number]) => ({
  id: r.id,
  kind: r.kind,
  label: REPLY_KIND_LABEL[r.kind],
  organisation: r.organisationName,
  author: r.authorName,
  at: formatInstantZh(r.createdAt),
  body: r.body,
  attachments: r.attachments.map(fileView),
});

/** An assignment's facts: who, in what part, in what state, and when each of its steps happened. */
export const assignmentView = (x: Handling["assignments"][number], appealStatus: AppealStatus) => ({
  id: x.id,
  organisation: x.organisationName,
  role: x.role,
  roleLabel: ASSIGNMENT_ROLE_LABEL[x.role],
  state: x.state,
  stateLabel: assignmentStateLabel(x.role, x.state, appealStatus),
  assigned: formatInstantZh(x.assignedAt),
  accepted: when(x.acceptedAt),
  disputed: when(x.disputedAt),
  disputeReason: x.disputeReason,
  proposed: x.proposedOwnerName ?? x.proposedOwnerText,
  ended: when(x.endedAt),
  endedReason: x.endedReason,
});

/** An extension request and the office's decision on it. */
export const extensionView = (x: Handling["extensions"][number]) => ({
  id: x.id,
  organisation: x.organisationName,
  step: CLOCK_LABEL[x.clockKind],
  reason: x.reason,
  requestedDate: x.requestedDueDate,
  requestedDateLabel: x.requestedDueDate ? formatDateZh(x.requestedDueDate) : null,
  requested: formatInstantZh(x.requestedAt),
  decision: x.decision,
  decisionNote: x.decisionNote,
  newDue: when(x.newDueAt),
  decided: when(x.decidedAt),
});

/** A clock's times: when it started, its limit, and the limit before an extension moved it. */
export const clockTimes = (c: Handling["clocks"][number]) => ({
  id: c.id,
  step: CLOCK_LABEL[c.kind],
  started: formatInstantZh(c.startedAt),
  due: formatInstantZh(c.dueAt),
  originalDue: c.originalDueAt.getTime() !== c.dueAt.getTime() ? formatInstantZh(c.originalDueAt) : null,
});
