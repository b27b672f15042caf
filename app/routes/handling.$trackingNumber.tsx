import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppealHistoryCard } from "~/components/appeal-history";
import { AssignmentCard, HandlingFiles } from "~/components/assignment-card";
import { FormMessage } from "~/components/field";
import { handlingOf } from "~/models/handling.server";
import { appealIdsByTrackingNumber } from "~/models/screening.server";
import { ErrorPage } from "~/root";
import { assignmentStepSchema } from "~/schemas/assignment-steps";
import { takeAssignmentStep } from "~/services/assignment-steps.server";
import type { ReplyAttachment } from "~/services/handling.server";
import { handlingAppealPage } from "~/services/views/handling-appeal.server";
import { APPEAL_NOT_FOUND } from "~/services/views/office-appeal.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { stepReply } from "~/utils/step-response.server";
import { parseAppealForm } from "~/utils/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `办理诉求 ${data.appeal.trackingNumber} · 直通车` : "办理诉求 · 直通车" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["department", "county"]);
  return handlingAppealPage(user, String(params.trackingNumber ?? ""));
}

type ActionData = { reply: SubmissionResult<string[]>; ok: string | null; error: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["department", "county"]);
  const db = getDb();
  const a = await appealIdsByTrackingNumber(db, String(params.trackingNumber ?? ""));
  invariantResponse(a, APPEAL_NOT_FOUND, 404);

  // Every form of this page goes through the one bounded reader, with attachments (multipart) or without.
  const parsed = await parseAppealForm(request);
  const attachments: ReplyAttachment[] = "error" in parsed ? [] : parsed.attachments;
  const submission = parseWithZod(parsed.formData ?? new FormData(), { schema: assignmentStepSchema });
  const fail = (reply: SubmissionResult<string[]>, error: string) =>
    Response.json({ reply, ok: null, error } satisfies ActionData, { status: 400 });
  if ("error" in parsed)
    return fail(submission.reply({ fieldErrors: { attachments: [parsed.error] } }), `附件有误:${parsed.error}`);
  if (submission.status !== "success") return fail(submission.reply(), "提交的内容有误,请按提示修改。");

  // The assignment must be one of this appeal's, and the organisation's own (the service checks that too).
  const v = submission.value;
  const handling = await handlingOf(db, a.id);
  invariantResponse(
    handling.assignments.some((s) => s.id === v.assignmentId && s.organisationId === user.organisationId),
    APPEAL_NOT_FOUND,
    404,
  );
  const actor = { id: user.id, organisationId: user.organisationId };
  const { status, ...data } = stepReply(
    submission,
    await takeAssignmentStep(db, v, { actor, attachments, now: now() }),
  );
  return Response.json(data satisfies ActionData, { status });
}

export default function HandlingAppeal() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { appeal: a } = page;
  // The lead sees the co-departments' opinions beside its own form; everything else is listed here.
  const listed = page.replies.filter((r) => !(r.kind === "opinion" && page.mine.some((s) => s.opinionForm === "lead")));
  return (
    <>
      <p>
        <Link to="/handling">← 我的待办</Link>
      </p>
      <h1>
        诉求 {a.trackingNumber} <span className="badge badge--ok">{a.statusLabel}</span>
      </h1>
      <FormMessage ok={actionData?.ok} error={actionData?.error} />

      <section className="card" aria-labelledby="content-heading">
        <h2 id="content-heading" style={{ marginTop: 0 }}>
          {a.title}
        </h2>
        <dl className="facts">
          <dt>企业</dt>
          <dd>
            {a.enterpriseName}({a.creditCode})
          </dd>
          <dt>联系人</dt>
          <dd>
            {a.contactName} {a.contactPhone}
          </dd>
          <dt>诉求类别</dt>
          <dd>{a.category}</dd>
          <dt>所属期次</dt>
          <dd>
            第{a.cycleNumber}期,现场活动日 {a.onsite}
          </dd>
          <dt>受理时间</dt>
          <dd>{a.received}</dd>
          {page.others.length ? (
            <>
              <dt>其他承办单位</dt>
              <dd>{page.others.map((o) => `${o.name}(${o.role})`).join("、")}</dd>
            </>
          ) : null}
        </dl>
        <h3>诉求内容</h3>
        <p style={{ whiteSpace: "pre-wrap" }}>{a.content}</p>
        <h3>附件</h3>
        {page.attachments.length ? (
          <HandlingFiles files={page.attachments} trackingNumber={a.trackingNumber} />
        ) : (
          <p className="muted">无附件。</p>
        )}
      </section>

      {page.mine.map((s) => (
        <AssignmentCard key={s.id} s={s} page={page} />
      ))}

      {listed.length ? (
        <section className="card" aria-labelledby="replies-heading">
          <h2 id="replies-heading" style={{ marginTop: 0 }}>
            答复与意见
          </h2>
          <ul className="stack-list">
            {listed.map((r) => (
              <li key={r.id} data-testid="reply">
                <div>
                  <strong>{r.label}</strong> · {r.organisation}{" "}
                  <span className="hint">
                    {r.at}
                    {r.author ? ` · ${r.author}` : ""}
                  </span>
                </div>
                <div style={{ whiteSpace: "pre-wrap" }}>{r.body}</div>
                {r.attachments.length ? (
                  <HandlingFiles files={r.attachments} trackingNumber={a.trackingNumber} />
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <AppealHistoryCard items={page.history} headingId="history" />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
