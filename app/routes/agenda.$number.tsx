import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AgendaDay } from "~/components/calendar/agenda-day";
import { EntryForm, MissingPanel, SubmitAgendaForm, type AgendaActionData } from "~/components/agenda-forms";
import {
  AgendaHeader,
  AgendaHistory,
  IssueGroups,
  IssueHeading,
  IssueReadOnly,
  IssueTexts,
  PickedTable,
  daySlots,
} from "~/components/agenda-parts";
import { FormMessage } from "~/components/field";
import { catalogOf } from "~/models/catalog.server";
import { ErrorPage } from "~/root";
import { agendaActionSchema } from "~/schemas/agenda";
import { saveAgendaEntry, submitAgenda } from "~/services/agenda.server";
import { agendaCycleFor, agendaWorkspaceView } from "~/services/views/agenda-page.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { invalidResponse, stepResponse } from "~/utils/step-response.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `第${data.cycle.number}期现场议程 · 直通车` : "现场议程 · 直通车" },
];

const NOT_FOUND = "没有找到该期次的议程,或您不是该期次的轮值秘书长、出席市领导。";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["secretary_general", "leader"]);
  const db = getDb();
  const cycle = await agendaCycleFor(db, params.number, user.id, ["secretary_general", "leader"], NOT_FOUND);
  return agendaWorkspaceView(db, cycle, user.id, now());
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["secretary_general"]);
  const db = getDb();
  const cycle = await agendaCycleFor(db, params.number, user.id, ["secretary_general"], NOT_FOUND);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: agendaActionSchema });
  // Which issue's form answered, so its message shows beside it rather than at the top.
  const itemId = formData.get("intent") === "entry" ? Number(formData.get("itemId")) || null : null;
  if (submission.status !== "success") return invalidResponse(submission, { itemId });
  const v = submission.value;
  const at = now();
  if (v.intent === "submit") {
    const out = await submitAgenda(db, { cycleId: cycle.id, place: v.place, userId: user.id, now: at });
    return stepResponse(submission, out, { itemId });
  }
  // Only an issue of this cycle's catalog, whatever the form says.
  const items = await catalogOf(db, cycle.id);
  invariantResponse(
    items.some((i) => i.id === v.itemId),
    NOT_FOUND,
    404,
  );
  const out = await saveAgendaEntry(db, {
    itemId: v.itemId,
    proposedOpinion: v.proposedOpinion,
    consultedIds: v.consultedIds,
    selected: v.selected,
    slotStart: v.slotStart,
    slotEnd: v.slotEnd,
    attendeeIds: v.attendeeIds,
    userId: user.id,
    now: at,
  });
  return stepResponse(submission, out, { itemId });
}

export default function AgendaWorkspace() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as AgendaActionData | undefined;
  const { cycle } = data;
  const topMessage = actionData && actionData.itemId === null;
  return (
    <>
      <p>
        <Link to="/agenda">← 现场议程</Link>
      </p>
      <h1>第{cycle.number}期现场议程</h1>
      {/* The submission's refusal shows beside its form; only its success is said up here. */}
      {topMessage ? <FormMessage ok={actionData.ok} /> : null}
      <AgendaHeader cycle={cycle}>
        {data.isLeader && cycle.status === "submitted" ? (
          <p>
            <Link to={`/agenda/${cycle.number}/review`} className="button">
              审定议程
            </Link>
          </p>
        ) : null}
      </AgendaHeader>

      {data.isSecretary && cycle.status === "submitted" ? (
        <p className="alert alert--warn" role="note">
          议程已报送市领导审定,审定前不能修改。
        </p>
      ) : null}
      {data.isSecretary && cycle.status === "approved" ? (
        <p className="alert alert--ok" role="note">
          议程已经市领导审定,有关企业和单位已收到通知。如需调整,修改后须重新报送审定,平台只通知受变更影响的企业和单位。
        </p>
      ) : null}
      {data.isSecretary && cycle.status === "returned" && data.history[0]?.action === "returned" ? (
        <div className="alert alert--error" role="note">
          市领导退回修改:{data.history[0].remarks}
        </div>
      ) : null}

      {data.editable && cycle.status !== "approved" ? <MissingPanel problems={data.problems} /> : null}

      <section className="card" aria-labelledby="picked-title">
        <h2 id="picked-title" style={{ marginTop: 0 }}>
          现场活动议程(按时间)
        </h2>
        <PickedTable picked={data.picked} />
        <AgendaDay date={cycle.onsiteDate} slots={daySlots(data.picked)} />
      </section>

      <section className="card" aria-labelledby="issues-title">
        <h2 id="issues-title" style={{ marginTop: 0 }}>
          问题目录({data.issues.length}项)
        </h2>
        {data.issues.length === 0 ? (
          <p className="muted">本期目录尚未汇总,平台汇总市级诉求后即可编制议程。</p>
        ) : (
          <IssueGroups
            issues={data.issues}
            render={(issue) =>
              data.editable ? (
                <article
                  key={issue.id}
                  className="agenda-issue"
                  aria-labelledby={`issue-${issue.id}`}
                  data-testid="agenda-issue"
                >
                  <IssueHeading issue={issue} />
                  <IssueTexts issue={issue} />
                  <EntryForm
                    issue={issue}
                    departments={data.departments}
                    counties={data.counties}
                    actionData={actionData}
                  />
                </article>
              ) : (
                <IssueReadOnly key={issue.id} issue={issue} />
              )
            }
          />
        )}
      </section>

      {data.editable && cycle.status !== "approved" ? (
        <section className="card">
          <SubmitAgendaForm place={cycle.place} problems={data.problems} actionData={actionData} />
        </section>
      ) : null}
      {data.editable && cycle.status === "approved" ? (
        <section className="card">
          <p className="muted" style={{ margin: 0 }}>
            修改任一问题后,议程回到编制中,可在此重新报送。
          </p>
        </section>
      ) : null}

      <AgendaHistory history={data.history} />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
