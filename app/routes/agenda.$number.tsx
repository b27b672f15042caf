import { Checks } from "~/components/checks";
import { AgendaDay, type AgendaDaySlot } from "~/components/calendar/agenda-day";
import { DocumentLinks } from "~/components/document-links";
import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { Field, FormMessage } from "~/components/field";
import { agendaProblems, minutesOf, type AgendaStatus } from "~/domain/agenda";
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { AGENDA_REVIEW_ACTION_LABEL, AGENDA_STATUS_LABEL } from "~/domain/labels";
import type { Db } from "~/models/audit.server";
import { agendaCycle, agendaReviews, catalogOf, catalogTexts } from "~/models/catalog.server";
import { activeOrganisationsOfKind } from "~/models/screening.server";
import { ErrorPage } from "~/root";
import { agendaActionSchema, agendaEntrySchema, submitAgendaSchema } from "~/schemas/agenda";
import { saveAgendaEntry, submitAgenda, type AgendaResult } from "~/services/agenda.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { intParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `第${data.cycle.number}期现场议程 · 直通车` : "现场议程 · 直通车" },
];

export const AGENDA_STATUS_BADGE: Record<AgendaStatus, string> = {
  draft: "badge--grey",
  submitted: "badge--warn",
  returned: "badge--red",
  approved: "badge--ok",
};

const NOT_FOUND = "没有找到该期次的议程,或您不是该期次的轮值秘书长、出席市领导。";

// ——— Reading (shared with the leader's review page) ———

type AgendaCycle = NonNullable<Awaited<ReturnType<typeof agendaCycle>>>;

/** Everything both pages show: the header, the issues with their texts, the list for the day, the history. */
export async function agendaView(db: Db, cycle: AgendaCycle, at: Date) {
  const items = await catalogOf(db, cycle.id);
  const [texts, departments, counties, reviews] = await Promise.all([
    catalogTexts(
      db,
      items.map((i) => i.appealId),
    ),
    activeOrganisationsOfKind(db, "department"),
    activeOrganisationsOfKind(db, "county"),
    agendaReviews(db, cycle.id),
  ]);
  // Named in the city's order (departments, then counties), whatever order they were ticked in.
  const orgs = [...departments, ...counties];
  const names = (ids: readonly number[]) => orgs.filter((o) => ids.includes(o.id)).map((o) => o.name);
  const issues = items.map((i) => {
    const t = texts.get(i.appealId);
    const saved = i.attendeeIds.length > 0;
    return {
      id: i.id,
      number: i.number,
      trackingNumber: i.trackingNumber,
      enterpriseName: i.enterpriseName,
      title: i.title,
      summary: i.summary,
      group: `${i.leadName ?? "尚未确定牵头部门"} · ${i.categoryName}`,
      leadName: i.leadName,
      regionName: i.regionName,
      reply: t?.reply ?? null,
      countyOpinion: t?.countyOpinion ?? null,
      proposedOpinion: i.proposedOpinion ?? "",
      consultedIds: i.consultedIds,
      consulted: names(i.consultedIds),
      selected: i.selected,
      slotStart: i.slotStart,
      slotEnd: i.slotEnd,
      // Before anything is saved the lead department and the appeal's county are the obvious attendees.
      attendeeIds: saved ? i.attendeeIds : [i.leadId, i.countyId].filter((x): x is number => x !== null),
      attendees: names(i.attendeeIds),
    };
  });
  const picked = issues
    .filter((i) => i.selected)
    .sort(
      (a, b) =>
        (minutesOf(a.slotStart) ?? Number.MAX_SAFE_INTEGER) - (minutesOf(b.slotStart) ?? Number.MAX_SAFE_INTEGER) ||
        a.number - b.number,
    );
  return {
    cycle: {
      number: cycle.number,
      onsite: formatDateZh(cycle.onsiteDate),
      onsiteDate: cycle.onsiteDate,
      due: formatInstantZh(cycle.dueAt),
      late: cycle.status !== "approved" && at > cycle.dueAt,
      status: cycle.status,
      statusLabel: AGENDA_STATUS_LABEL[cycle.status],
      version: cycle.version,
      place: cycle.place ?? "",
      secretaryGeneral: cycle.sgName ? `${cycle.sgName}(${cycle.sgTitle})` : null,
      leader: cycle.leaderName ? `${cycle.leaderName}(${cycle.leaderTitle})` : null,
    },
    problems: agendaProblems(items),
    issues,
    picked: picked.map((i) => ({
      id: i.id,
      number: i.number,
      enterpriseName: i.enterpriseName,
      title: i.title,
      leadName: i.leadName,
      slot: i.slotStart && i.slotEnd ? `${i.slotStart}—${i.slotEnd}` : null,
      slotStart: i.slotStart,
      slotEnd: i.slotEnd,
      attendees: i.attendees,
    })),
    history: reviews.map((r) => ({
      id: r.id,
      version: r.version,
      action: r.action,
      label: AGENDA_REVIEW_ACTION_LABEL[r.action],
      remarks: r.remarks,
      at: formatInstantZh(r.at),
      actor: r.actorName ?? "系统",
    })),
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    counties: counties.map((c) => ({ id: c.id, name: c.name })),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["secretary_general", "leader"]);
  const db = getDb();
  const cycle = await agendaCycle(db, intParam(params.number, { message: NOT_FOUND }));
  invariantResponse(cycle && (cycle.sgUserId === user.id || cycle.leaderUserId === user.id), NOT_FOUND, 404);
  const isSecretary = cycle.sgUserId === user.id;
  return {
    ...(await agendaView(db, cycle, now())),
    isSecretary,
    isLeader: cycle.leaderUserId === user.id,
    editable: isSecretary && cycle.status !== "submitted",
  };
}

type ActionData = {
  reply: SubmissionResult<string[]>;
  ok: string | null;
  error: string | null;
  itemId: number | null;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["secretary_general"]);
  const db = getDb();
  const cycle = await agendaCycle(db, intParam(params.number, { message: NOT_FOUND }));
  invariantResponse(cycle && cycle.sgUserId === user.id, NOT_FOUND, 404);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: agendaActionSchema });
  // Which issue's form answered, so its message shows beside it rather than at the top.
  const itemId = formData.get("intent") === "entry" ? Number(formData.get("itemId")) || null : null;
  if (submission.status !== "success")
    return Response.json(
      { reply: submission.reply(), ok: null, error: "填写的内容有误,请按提示修改。", itemId } satisfies ActionData,
      { status: 400 },
    );
  const v = submission.value;
  const at = now();
  let out: AgendaResult;
  if (v.intent === "entry") {
    // Only an issue of this cycle's catalog, whatever the form says.
    const items = await catalogOf(db, cycle.id);
    invariantResponse(
      items.some((i) => i.id === v.itemId),
      NOT_FOUND,
      404,
    );
    out = await saveAgendaEntry(db, {
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
  } else {
    out = await submitAgenda(db, { cycleId: cycle.id, place: v.place, userId: user.id, now: at });
  }
  if (!out.ok) {
    const reply = out.field
      ? submission.reply({ fieldErrors: { [out.field]: [out.error] } })
      : submission.reply({ formErrors: [out.error] });
    return Response.json({ reply, ok: null, error: out.error, itemId } satisfies ActionData, {
      status: out.field ? 400 : 409,
    });
  }
  return Response.json({ reply: submission.reply(), ok: out.message, error: null, itemId } satisfies ActionData);
}

// ——— Shared pieces of the two pages ———

type View = Awaited<ReturnType<typeof agendaView>>;
export type AgendaIssue = View["issues"][number];

export function AgendaHeader({ cycle, children }: { cycle: View["cycle"]; children?: ReactNode }) {
  return (
    <section className="card" aria-labelledby="agenda-facts">
      <h2 id="agenda-facts" style={{ marginTop: 0 }}>
        议程概况{" "}
        <span className={`badge ${AGENDA_STATUS_BADGE[cycle.status]}`} data-testid="agenda-status">
          {cycle.statusLabel}
        </span>
        {cycle.version > 0 ? <span className="hint"> 第{cycle.version}版</span> : null}
      </h2>
      <dl className="facts">
        <dt>现场活动日</dt>
        <dd>{cycle.onsite}</dd>
        <dt>报送审定期限</dt>
        <dd>
          {cycle.due} {cycle.late ? <span className="badge badge--red">已逾期</span> : null}
        </dd>
        <dt>活动地点</dt>
        <dd>{cycle.place || <span className="muted">尚未确定</span>}</dd>
        <dt>轮值秘书长</dt>
        <dd>{cycle.secretaryGeneral ?? <span className="muted">尚未指定</span>}</dd>
        <dt>出席市领导</dt>
        <dd>{cycle.leader ?? <span className="muted">尚未指定</span>}</dd>
      </dl>
      <DocumentLinks cycleNumber={cycle.number} />
      {children}
    </section>
  );
}

/** The picked issues that have a time, for the day's time grid. */
export function daySlots(picked: View["picked"]): AgendaDaySlot[] {
  return picked.flatMap((p) =>
    p.slotStart && p.slotEnd
      ? [{ number: p.number, title: p.title, enterpriseName: p.enterpriseName, start: p.slotStart, end: p.slotEnd }]
      : [],
  );
}

/** The issues picked for the day, in time order: what the leader approves. */
export function PickedTable({ picked }: { picked: View["picked"] }) {
  if (picked.length === 0) return <p className="muted">尚未选定现场活动议题。</p>;
  return (
    <div className="table-wrap">
      <table className="table table--cards" aria-label="现场活动议程">
        <thead>
          <tr>
            <th scope="col">时段</th>
            <th scope="col">编号</th>
            <th scope="col">企业与问题</th>
            <th scope="col">牵头部门</th>
            <th scope="col">参加单位</th>
          </tr>
        </thead>
        <tbody>
          {picked.map((p) => (
            <tr key={p.id} data-testid="picked">
              <td data-label="时段" className="agenda-slot">
                {p.slot ?? <span className="badge badge--warn">未安排时段</span>}
              </td>
              <td data-label="编号">第{p.number}号</td>
              <td data-label="问题">
                {p.title}
                <div className="hint">{p.enterpriseName}</div>
              </td>
              <td data-label="牵头部门">{p.leadName ?? "—"}</td>
              <td data-label="参加单位">
                {p.attendees.length ? p.attendees.join("、") : <span className="badge badge--warn">未确定</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AgendaHistory({ history }: { history: View["history"] }) {
  return (
    <section className="card" aria-labelledby="agenda-history">
      <h2 id="agenda-history" style={{ marginTop: 0 }}>
        报送与审定记录
      </h2>
      {history.length === 0 ? (
        <p className="muted">尚未报送。</p>
      ) : (
        <ol className="timeline" aria-label="报送与审定记录">
          {history.map((h) => (
            <li key={h.id} data-testid="agenda-review">
              <div>
                <strong>{h.label}</strong> <span className="hint">第{h.version}版</span>
              </div>
              <div className="hint">
                {h.at} · {h.actor}
              </div>
              {h.remarks ? <div>退回意见:{h.remarks}</div> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The catalog's texts for one issue: its summary, and the department's reply and county opinion folded. */
export function IssueTexts({ issue }: { issue: AgendaIssue }) {
  return (
    <>
      <p className="agenda-issue__summary">{issue.summary}</p>
      {issue.reply || issue.countyOpinion ? (
        <details className="agenda-issue__texts">
          <summary>
            {[issue.reply ? "部门答复意见" : null, issue.countyOpinion ? "县区意见" : null].filter(Boolean).join("与")}
          </summary>
          {issue.reply ? (
            <>
              <h4>{issue.leadName ?? "牵头部门"}答复意见</h4>
              <p className="reply-body">{issue.reply}</p>
            </>
          ) : null}
          {issue.countyOpinion ? (
            <>
              <h4>县区意见</h4>
              <p className="reply-body">{issue.countyOpinion}</p>
            </>
          ) : null}
        </details>
      ) : (
        <p className="hint">牵头部门尚未答复办理意见。</p>
      )}
    </>
  );
}

function IssueHeading({ issue }: { issue: AgendaIssue }) {
  return (
    <h3 id={`issue-${issue.id}`} className="agenda-issue__title">
      <span className="agenda-issue__number">第{issue.number}号</span> {issue.title}
      {issue.selected ? <span className="badge badge--ok">现场议题</span> : null}
      <span className="hint agenda-issue__enterprise">
        {issue.enterpriseName} · {issue.trackingNumber}
        {issue.regionName ? ` · ${issue.regionName}` : ""}
      </span>
    </h3>
  );
}

/** An issue as the leader (or the secretary-general, while it is locked) reads it. */
export function IssueReadOnly({ issue }: { issue: AgendaIssue }) {
  return (
    <article className="agenda-issue" aria-labelledby={`issue-${issue.id}`} data-testid="agenda-issue">
      <IssueHeading issue={issue} />
      <IssueTexts issue={issue} />
      <dl className="facts">
        <dt>拟办意见</dt>
        <dd className="reply-body">{issue.proposedOpinion || <span className="badge badge--warn">尚无</span>}</dd>
        <dt>已征求意见</dt>
        <dd>{issue.consulted.length ? issue.consulted.join("、") : <span className="muted">—</span>}</dd>
        {issue.selected ? (
          <>
            <dt>现场时段</dt>
            <dd>{issue.slotStart && issue.slotEnd ? `${issue.slotStart}—${issue.slotEnd}` : "未安排"}</dd>
            <dt>参加单位</dt>
            <dd>{issue.attendees.join("、") || "未确定"}</dd>
          </>
        ) : null}
      </dl>
    </article>
  );
}

/** The issues under their catalog group headings (lead department · category), in catalog order. */
export function IssueGroups({ issues, render }: { issues: AgendaIssue[]; render: (i: AgendaIssue) => ReactNode }) {
  const groups: { name: string; issues: AgendaIssue[] }[] = [];
  for (const i of issues) {
    const last = groups[groups.length - 1];
    if (last && last.name === i.group) last.issues.push(i);
    else groups.push({ name: i.group, issues: [i] });
  }
  return (
    <>
      {groups.map((g) => (
        <section key={g.name} className="agenda-group" aria-label={g.name}>
          <h3 className="agenda-group__title">{g.name}</h3>
          {g.issues.map((i) => render(i))}
        </section>
      ))}
    </>
  );
}

// ——— The secretary-general's page ———

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function Submit({ children, secondary, label }: { children: ReactNode; secondary?: boolean; label?: string }) {
  const busy = useNavigation().state === "submitting";
  return (
    <button
      type="submit"
      className={`button${secondary ? " button--secondary" : ""}`}
      disabled={busy}
      aria-label={label}
    >
      {children}
    </button>
  );
}

function EntryForm({ issue, data }: { issue: AgendaIssue; data: LoaderData }) {
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const mine = actionData?.itemId === issue.id;
  const [form, fields] = useForm({
    id: `entry-${issue.id}`,
    lastResult: mine ? actionData?.reply : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: agendaEntrySchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const [selected, setSelected] = useState(issue.selected);
  return (
    <Form method="post" className="agenda-entry" {...getFormProps(form)} aria-label={`第${issue.number}号问题的议程`}>
      <input type="hidden" name="intent" value="entry" />
      <input type="hidden" name="itemId" value={issue.id} />
      {mine && form.errors?.length ? (
        <div className="alert alert--error" role="alert" style={{ margin: 0 }}>
          {form.errors.join(";")}
        </div>
      ) : null}
      <Field
        id={fields.proposedOpinion.id}
        label="拟办意见"
        errors={fields.proposedOpinion.errors}
        hint="与有关部门协调后,提出本问题的处理建议,供市领导审定。"
      >
        <textarea
          {...getTextareaProps(fields.proposedOpinion)}
          defaultValue={issue.proposedOpinion}
          rows={3}
          maxLength={2000}
        />
      </Field>
      <Checks
        legend="已征求意见的部门"
        name="consultedIds"
        idPrefix={`${form.id}-consulted`}
        groups={[{ options: data.departments }]}
        checked={issue.consultedIds}
        errors={fields.consultedIds.errors}
      />
      <label className="agenda-entry__pick">
        <input
          type="checkbox"
          name="selected"
          defaultChecked={issue.selected}
          onChange={(e) => setSelected(e.currentTarget.checked)}
        />
        列入现场议题
      </label>
      {selected ? (
        <div className="agenda-entry__onsite">
          <div className="agenda-entry__times">
            <Field id={fields.slotStart.id} label="开始时间" errors={fields.slotStart.errors}>
              <input
                {...getInputProps(fields.slotStart, { type: "time" })}
                defaultValue={issue.slotStart ?? ""}
                step={300}
              />
            </Field>
            <Field id={fields.slotEnd.id} label="结束时间" errors={fields.slotEnd.errors}>
              <input
                {...getInputProps(fields.slotEnd, { type: "time" })}
                defaultValue={issue.slotEnd ?? ""}
                step={300}
              />
            </Field>
          </div>
          <Checks
            legend="参加单位"
            name="attendeeIds"
            idPrefix={`${form.id}-attendees`}
            groups={[
              { label: "市直部门", options: data.departments },
              { label: "县、区政府(管委会)", options: data.counties },
            ]}
            checked={issue.attendeeIds}
            errors={fields.attendeeIds.errors}
          />
        </div>
      ) : null}
      <div className="agenda-entry__actions">
        <Submit secondary label={`保存第${issue.number}号`}>
          保存
        </Submit>
        {mine && actionData?.ok ? (
          <span className="agenda-entry__saved" role="status">
            {actionData.ok}
          </span>
        ) : null}
      </div>
    </Form>
  );
}

function SubmitForm({ data }: { data: LoaderData }) {
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const mine = actionData?.reply?.initialValue?.intent === "submit";
  const [form, fields] = useForm({
    id: "submit-agenda",
    lastResult: mine ? actionData?.reply : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: submitAgendaSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" className="stack" {...getFormProps(form)} aria-labelledby="submit-title">
      <h2 id="submit-title" style={{ margin: 0 }}>
        报送市领导审定
      </h2>
      <input type="hidden" name="intent" value="submit" />
      {mine && form.errors?.length ? (
        <div className="alert alert--error" role="alert" style={{ margin: 0 }}>
          {form.errors.join(";")}
        </div>
      ) : null}
      <Field id={fields.place.id} label="现场活动地点" errors={fields.place.errors}>
        <input {...getInputProps(fields.place, { type: "text" })} defaultValue={data.cycle.place} maxLength={200} />
      </Field>
      <p className="hint" style={{ margin: 0 }}>
        {data.problems.length ? (
          <>
            还有 <a href="#missing">{data.problems.length} 项尚缺事项</a>,补齐后才能报送。
          </>
        ) : (
          "各项已齐备,报送后等待市领导审定;审定前不能修改。"
        )}
      </p>
      <div>
        <Submit>报送市领导审定</Submit>
      </div>
    </Form>
  );
}

function MissingPanel({ problems }: { problems: string[] }) {
  return (
    <section
      id="missing"
      className={`agenda-missing${problems.length ? "" : " agenda-missing--ready"}`}
      aria-labelledby="missing-title"
    >
      <h2 id="missing-title">
        尚缺事项 <span className="count-pill">{problems.length}</span>
      </h2>
      {problems.length ? (
        <ul aria-label="尚缺事项">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : (
        <p role="status">可以报送:各项已齐备。</p>
      )}
    </section>
  );
}

export default function AgendaWorkspace() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
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
                  <EntryForm issue={issue} data={data} />
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
          <SubmitForm data={data} />
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
