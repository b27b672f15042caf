import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { AppealForm } from "~/components/appeal-fields";
import { DeregistrationBadge } from "~/components/deregistration-badge";
import { listCategories } from "~/models/appeal.server";
import { findEnterpriseByCode } from "~/models/registry.server";
import { registryCandidates } from "~/services/enterprise-account.server";
import { cycleTakingAppeals } from "~/services/schedule.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { cycleView } from "~/utils/cycle-view";
import { getDb } from "~/utils/db.server";
import { postAppealForm } from "~/utils/appeal-form.server";
import { parseAppealForm } from "~/utils/uploads.server";

export const meta: MetaFunction = () => [{ title: "登记诉求 · 直通车" }];

const ROLES = ["window_clerk", "hotline_operator"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const url = new URL(request.url);
  const q = url.searchParams.get("q") ?? "";
  const pick = url.searchParams.get("pick");
  const db = getDb();
  const at = now();
  const [categories, candidates, picked, cycle] = await Promise.all([
    listCategories(db),
    registryCandidates(db, q),
    pick ? findEnterpriseByCode(db, pick) : Promise.resolve(null),
    cycleTakingAppeals(db, at),
  ]);
  return {
    channelLabel: user.role === "window_clerk" ? "“难办事”窗口登记" : "12345 热线登记",
    categories: categories.map((c) => ({ id: c.id, name: c.name })),
    q,
    candidates,
    picked: picked && { creditCode: picked.creditCode, name: picked.name },
    cycle: cycle && cycleView(cycle, at),
    submissionKey: randomUUID(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const parsed = await parseAppealForm(request);
  return postAppealForm(parsed, parsed.formData ?? new FormData(), user, {
    channel: user.role === "window_clerk" ? "window" : "hotline",
    enterpriseOrganisationId: null,
  });
}

export default function RegisterAppeal() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>登记企业诉求 · {data.channelLabel}</h1>
      {data.cycle ? (
        <p className="muted">
          现在登记的诉求纳入第{data.cycle.number}期(现场活动日 {data.cycle.onsite}
          {data.cycle.window === "open" ? `,预约截止 ${data.cycle.closes}` : ",本期预约已截止,顺延至该期"})。
        </p>
      ) : null}
      <section className="card" aria-labelledby="lookup-heading">
        <h2 id="lookup-heading" style={{ marginTop: 0 }}>
          1. 在法人库中查找企业
        </h2>
        <Form method="get" className="inline-form" role="search">
          <div className="field" style={{ flex: 1 }}>
            <label htmlFor="lookup-q">统一社会信用代码或企业名称</label>
            <input id="lookup-q" name="q" defaultValue={data.q} placeholder="例如:91445102… 或 华盛陶瓷" />
          </div>
          <button type="submit" className="button button--secondary">
            查找
          </button>
        </Form>
        {data.q && data.candidates.length === 0 ? (
          <p className="alert alert--warn">
            法人库中没有找到“{data.q}”。可直接在下方填写企业信息,提交后将转市场监管部门核实。
          </p>
        ) : null}
        {data.candidates.length ? (
          <ul className="timeline" aria-label="查找结果">
            {data.candidates.map((c) => (
              <li key={c.creditCode}>
                <strong>{c.name}</strong>
                <DeregistrationBadge kind={c.deregistration} /> {c.creditCode} · 法定代表人{" "}
                {c.legalRepresentative ?? "—"} · {c.status}{" "}
                <Link to={`?q=${encodeURIComponent(data.q)}&pick=${c.creditCode}`} aria-label={`选用 ${c.name}`}>
                  选用
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
        {data.picked ? (
          <p className="alert alert--ok" role="status">
            已选用:{data.picked.name}({data.picked.creditCode})
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="form-heading">
        <h2 id="form-heading" style={{ marginTop: 0 }}>
          2. 登记诉求
        </h2>
        <AppealForm
          // A new pick from the registry starts the form afresh with that enterprise filled in.
          id={`intake-${data.picked?.creditCode ?? "manual"}`}
          defaultValue={{ creditCode: data.picked?.creditCode ?? "", enterpriseName: data.picked?.name ?? "" }}
          categories={data.categories}
          enterpriseLocked={false}
          submissionKey={data.submissionKey}
          submitLabel="提交登记"
        />
      </section>
    </>
  );
}
