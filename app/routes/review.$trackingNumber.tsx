import { getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { HeadedForm, SubmitButton, TextareaField } from "~/components/choice-fields";
import { AppealHistoryCard } from "~/components/appeal-history";
import { Field, FormMessage } from "~/components/field";
import { appealForRegistryReview } from "~/models/screening.server";
import { ErrorPage } from "~/root";
import { registryCreateSchema, registryDecisionSchema, registryRejectSchema } from "~/schemas/screening";
import {
  confirmWithNewRegistryEntry,
  confirmWithRegistryEntry,
  rejectAtRegistryReview,
} from "~/services/registry-review.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { APPEAL_NOT_FOUND } from "~/services/views/office-appeal.server";
import { registryReviewPage } from "~/services/views/registry-review-page.server";
import { stepReply } from "~/utils/step-response.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `核实 ${data.appeal.trackingNumber} · 直通车` : "企业信息核实 · 直通车" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["registry_reviewer"]);
  return registryReviewPage(user, String(params.trackingNumber ?? ""));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["registry_reviewer"]);
  const db = getDb();
  const trackingNumber = String(params.trackingNumber ?? "");
  const a = await appealForRegistryReview(db, trackingNumber);
  invariantResponse(a, APPEAL_NOT_FOUND, 404);
  const submission = parseWithZod(await request.formData(), { schema: registryDecisionSchema });
  if (submission.status !== "success") return Response.json({ reply: submission.reply() }, { status: 400 });
  const v = submission.value;
  const ctx = { appealId: a.id, actorId: user.id, now: now() };
  const out =
    v.intent === "link"
      ? await confirmWithRegistryEntry(db, { ...ctx, correctName: v.correctName })
      : v.intent === "create"
        ? await confirmWithNewRegistryEntry(db, { ...ctx, regionCode: v.regionCode })
        : await rejectAtRegistryReview(db, { ...ctx, reason: v.reason });
  if (!out.ok) {
    const { reply, status } = stepReply(submission, out);
    return Response.json({ reply }, { status });
  }
  return redirect(`/review?done=${encodeURIComponent(trackingNumber)}`);
}

type Reply = { initialValue?: { intent?: string }; error?: Record<string, string[] | null> };

export default function RegistryReview() {
  const { appeal: a, entry, regions, history, outsideCityReason } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { reply?: Reply } | undefined;
  const reply = actionData?.reply;
  const intent = reply?.initialValue?.intent;
  const formError = reply?.error?.[""]?.join(";") ?? null;
  const [createForm, createFields] = useForm({
    id: "create",
    lastResult: intent === "create" ? (reply as never) : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: registryCreateSchema }),
  });
  const [rejectForm, rejectFields] = useForm({
    id: "reject",
    lastResult: intent === "reject" ? (reply as never) : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: registryRejectSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <p>
        <Link to="/review">← 待核实诉求</Link>
      </p>
      <h1>核实企业信息:{a.trackingNumber}</h1>
      <FormMessage error={formError} />
      {!a.open ? (
        <div className="alert alert--ok" role="status">
          该诉求已核实处理,当前状态:{a.statusLabel}
          {a.rejectionReason ? `(${a.rejectionReason})` : ""}。
        </div>
      ) : null}

      <div className="grid" style={{ alignItems: "start" }}>
        <section className="card" aria-labelledby="claimed-heading">
          <h2 id="claimed-heading" style={{ marginTop: 0 }}>
            诉求填报的企业
          </h2>
          <dl className="facts">
            <dt>企业名称</dt>
            <dd data-testid="claimed-name">{a.enterpriseName}</dd>
            <dt>统一社会信用代码</dt>
            <dd>{a.creditCode}</dd>
            <dt>待核实原因</dt>
            <dd>
              <span className="badge badge--warn">{a.reason}</span>
            </dd>
            <dt>联系人</dt>
            <dd>
              {a.contactName} {a.contactPhone}
            </dd>
            <dt>受理</dt>
            <dd>
              {a.received}({a.channel})
            </dd>
            <dt>诉求</dt>
            <dd>
              {a.title}({a.category})
            </dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="registry-heading">
          <h2 id="registry-heading" style={{ marginTop: 0 }}>
            法人库登记
          </h2>
          {entry ? (
            <dl className="facts">
              <dt>企业名称</dt>
              <dd>
                {entry.name} {entry.sameName ? null : <span className="badge badge--warn">与填报名称不一致</span>}
              </dd>
              <dt>登记地</dt>
              <dd>
                {entry.region} {entry.inCity ? null : <span className="badge badge--red">不在本市</span>}
              </dd>
              <dt>登记状态</dt>
              <dd>{entry.status}</dd>
              {entry.address ? (
                <>
                  <dt>住所</dt>
                  <dd>{entry.address}</dd>
                </>
              ) : null}
            </dl>
          ) : (
            <p className="muted">法人库中没有统一社会信用代码为 {a.creditCode} 的企业。</p>
          )}
        </section>
      </div>

      {a.open ? (
        <section className="card" aria-labelledby="decide-heading">
          <h2 id="decide-heading" style={{ marginTop: 0 }}>
            核实结论
          </h2>
          <div className="grid" style={{ alignItems: "start" }}>
            {entry ? (
              <Form method="post" className="stack" aria-labelledby="link-heading">
                <h3 id="link-heading" style={{ margin: 0 }}>
                  确认企业身份,关联法人库登记
                </h3>
                <input type="hidden" name="intent" value="link" />
                {!entry.sameName ? (
                  <label style={{ display: "flex", gap: "0.5rem", alignItems: "flex-start" }}>
                    <input type="checkbox" name="correctName" value="on" style={{ marginTop: "0.3rem" }} />
                    <span>将法人库中的企业名称更正为“{a.enterpriseName}”(法人库名称已过时时勾选)</span>
                  </label>
                ) : null}
                {entry.inCity ? (
                  <p className="hint">确认后诉求转入平台甄别。</p>
                ) : (
                  <p className="alert alert--warn">
                    该企业在法人库中的登记地不在本市,确认后将不予受理:{outsideCityReason}
                  </p>
                )}
                <SubmitButton bare>确认并关联</SubmitButton>
              </Form>
            ) : (
              <HeadedForm
                form={createForm}
                intent="create"
                title="确认企业身份,新增法人库登记"
                titleId="create-heading"
                hint={
                  <p className="hint" style={{ margin: 0 }}>
                    以“{a.enterpriseName}”({a.creditCode})新增法人库登记,并转入平台甄别。
                  </p>
                }
              >
                <Field id={createFields.regionCode.id} label="企业登记地" errors={createFields.regionCode.errors}>
                  <select {...getSelectProps(createFields.regionCode)}>
                    <option value="">请选择</option>
                    {regions.map((r) => (
                      <option key={r.code} value={r.code}>
                        {r.label}
                      </option>
                    ))}
                  </select>
                </Field>
                <SubmitButton bare>确认并新增登记</SubmitButton>
              </HeadedForm>
            )}
            <HeadedForm form={rejectForm} intent="reject" title="不予受理" titleId="reject-heading">
              <TextareaField
                field={rejectFields.reason}
                label="不予受理原因"
                hint="将告知企业,请用平实的语言写明。"
                rows={3}
              />
              <SubmitButton bare secondary>
                不予受理
              </SubmitButton>
            </HeadedForm>
          </div>
        </section>
      ) : null}

      <AppealHistoryCard items={history} />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
