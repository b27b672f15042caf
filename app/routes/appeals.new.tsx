import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { AppealForm } from "~/components/appeal-fields";
import { WindowBadge } from "~/components/cycle-facts";
import { listCategories } from "~/models/appeal.server";
import { enterpriseOfOrganisation } from "~/services/enterprise-account.server";
import { cycleTakingAppeals } from "~/services/schedule.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { cycleView } from "~/utils/cycle-view";
import { getDb } from "~/utils/db.server";
import { postAppealForm } from "~/utils/appeal-form.server";
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
  const parsed = await parseAppealForm(request);
  const formData = parsed.formData ?? new FormData();
  const enterprise = await enterpriseOfOrganisation(getDb(), user.organisationId);
  // An enterprise books for itself: its code and name come from its account, whatever the form says.
  if (enterprise) {
    formData.set("creditCode", enterprise.creditCode);
    formData.set("enterpriseName", enterprise.name);
  }
  return postAppealForm(parsed, formData, user, { channel: "online", enterpriseOrganisationId: user.organisationId });
}

export default function NewAppeal() {
  const data = useLoaderData<typeof loader>();
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
      <AppealForm
        defaultValue={{
          creditCode: data.enterprise?.creditCode ?? "",
          enterpriseName: data.enterprise?.name ?? "",
          contactName: data.enterprise?.contactName ?? "",
          contactPhone: data.enterprise?.contactPhone ?? "",
        }}
        categories={data.categories}
        enterpriseLocked={Boolean(data.enterprise)}
        submissionKey={data.submissionKey}
        submitLabel="提交诉求"
      />
    </div>
  );
}
