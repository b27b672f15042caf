/** The office's record of a cycle's onsite day: the issues and their decisions, the tasks, the off-agenda answers. */
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { auditActionLabel } from "~/domain/labels";
import { OPINIONS_STATUS_LABEL, TASK_STATE_LABEL } from "~/domain/tasks";
import { auditHistory, type Db } from "~/models/audit.server";
import type { AgendaCycle } from "~/services/views/agenda-page.server";
import { cycleTasks, offAgendaAnswers, onsiteRecordOf } from "~/models/onsite.server";
import { auditItems } from "~/utils/audit-view";

const OPINIONS_ACTIONS: readonly string[] = ["opinions.submitted", "opinions.returned", "opinions.approved"];

export async function onsiteRecordView(db: Db, cycle: AgendaCycle, at: Date) {
  const [{ issues, departments }, history, tasks] = await Promise.all([
    onsiteRecordOf(db, cycle.id),
    auditHistory(db, "cycle", cycle.id),
    cycleTasks(db, cycle.id),
  ]);
  const offAgenda = await offAgendaAnswers(db, { cycleId: cycle.id });
  const opinionsHistory = history.filter((r) => OPINIONS_ACTIONS.includes(r.action));
  return {
    cycle: {
      number: cycle.number,
      onsite: formatDateZh(cycle.onsiteDate),
      onsiteDate: cycle.onsiteDate,
      agendaApproved: cycle.status === "approved",
      status: cycle.opinionsStatus,
      statusLabel: OPINIONS_STATUS_LABEL[cycle.opinionsStatus],
      leader: cycle.leaderName ? `${cycle.leaderName}(${cycle.leaderTitle})` : null,
      commitmentsDue: formatInstantZh(cycle.commitmentsDueAt),
    },
    issues,
    departments,
    tasks: tasks.map((t) => ({ ...t, stateLabel: TASK_STATE_LABEL[t.state] })),
    offAgenda: offAgenda.map((x) => ({
      itemId: x.itemId,
      number: x.number,
      trackingNumber: x.trackingNumber,
      title: x.title,
      organisationName: x.organisationName,
      due: formatInstantZh(x.dueAt),
      late: x.answeredAt ? x.onTime === false : at > x.dueAt,
      body: x.body,
      sent: x.sentAt ? formatInstantZh(x.sentAt) : null,
    })),
    history: auditItems(opinionsHistory, (r) => auditActionLabel("cycle", r.action)),
    // While the office corrects returned opinions, the leader's remarks stay in view.
    returnedRemarks:
      cycle.opinionsStatus === "draft" && opinionsHistory[0]?.action === "opinions.returned"
        ? opinionsHistory[0].reason
        : null,
  };
}

export type OnsiteRecordView = Awaited<ReturnType<typeof onsiteRecordView>>;
