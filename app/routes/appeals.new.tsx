import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { AppealFields } from "~/components/appeal-fields";
import { WindowBadge } from "~/components/cycle-facts";
import { listCategories } from "~/models/appeal.server";
import { appealFormSchema } from "~/schemas/appeal";
import { submitAppeal } from "~/services/appeals.server";
import { enterpriseOfOrganisation } from "~/services/enterprise-account.server";
import { cycleTakingAppeals } from "~/services/schedule.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { cycleView } from "~/utils/cycle-view";
import { getDb } from "~/utils/db.server";
import { parseAppealForm } from "~/utils/uploads.server";

export const meta: MetaFunction = () => [{ title: "提交诉求 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["enterprise"]);
  const db = getDb();
  const at = now();
  const [categories, enterprise, cycle] = await Promise.all([
    listCategories(db),
    enterpriseOfOrganisation(db, user.organisationId),
    cycleTakingAppeals(db, at),
  ]);
  return {
    categories: categories.map((c) => ({ id: c.id, name: c.name })),
    enterprise,
    cycle: cycle && cycleView(cycle, at),
    // A key per showing of the form: a double submit or a retry of this form makes one appeal.
    submissionKey: randomUUID(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["enterprise"]);
  const db = getDb();
  const parsed = await parseAppealForm(request);
  const formData = parsed.formData ?? new FormData();
  const enterprise = await enterpriseOfOrganisation(db, user.organisationId);
  // An enterprise books for itself: its code and name come from its account, whatever the form says.
  if (enterprise) {
    formData.set("creditCode", enterprise.creditCode);
    formData.set("enterpriseName", enterprise.name);
  }
  const submission = parseWithZod(formData, { schema: appealFormSchema });
  if ("error" in parsed) {
    return Response.json(
      { reply: submission.reply({ fieldErrors: { attachments: [parsed.error] } }) },
      { status: 400 },
    );
  }
  if (submission.status !== "success") return Response.json({ reply: submission.reply() }, { status: 400 });
  const { submissionKey, ...input } = submission.value;
  const result = await submitAppeal(db, input, parsed.attachments, {
    channel: "online",
    submissionKey: `form:${user.id}:${submissionKey}`,
    registeredBy: user.id,
    enterpriseOrganisationId: user.organisationId,
    now: now(),
  });
  if (!result.ok) return Response.json({ reply: submission.reply({ formErrors: [result.error] }) }, { status: 400 });
  return redirect(`/appeals/${result.trackingNumber}${result.created ? "?new=1" : ""}`);
}

export default function NewAppeal() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    lastResult: actionData?.reply,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: appealFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: {
      creditCode: data.enterprise?.creditCode ?? "",
      enterpriseName: data.enterprise?.name ?? "",
      contactName: data.enterprise?.contactName ?? "",
      contactPhone: data.enterprise?.contactPhone ?? "",
    },
  });
  const attachmentsError = (actionData?.reply as { error?: Record<string, string[]> } | undefined)?.error
    ?.attachments?.[0];
  return (
    <div className="card" style={{ maxWidth: "46rem" }}>
      <h1>提交诉求</h1>
      {data.cycle ? (
        <p className={data.cycle.window === "open" ? "alert alert--ok" : "alert alert--warn"} role="status">
          {data.cycle.window === "open" ? (
            <>
              第{data.cycle.number}期预约中 <WindowBadge state="open" />
              ,截止 {data.cycle.closes};现场活动日 {data.cycle.onsite}。
            </>
          ) : (
            <>
              本期预约已截止。现在提交的诉求将纳入第{data.cycle.number}期,现场活动日 {data.cycle.onsite}。
            </>
          )}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="submissionKey" value={data.submissionKey} />
        {form.errors?.length ? (
          <div className="alert alert--error" role="alert">
            {form.errors.join(";")}
          </div>
        ) : null}
        <AppealFields
          fields={fields}
          categories={data.categories}
          enterpriseLocked={Boolean(data.enterprise)}
          attachmentsError={attachmentsError}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "正在提交…" : "提交诉求"}
        </button>
      </Form>
    </div>
  );
}
