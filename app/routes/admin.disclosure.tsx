import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { cycleOptions, FilterSelect } from "~/components/filter-select";
import { FormMessage } from "~/components/field";
import { formatInstantZh } from "~/domain/calendar";
import { RATING_LABEL } from "~/domain/tasks";
import { disclosureCandidates } from "~/models/disclosure.server";
import { cyclesWithTasks } from "~/models/supervision.server";
import { ErrorPage } from "~/root";
import { setDisclosure } from "~/services/tasks.server";
import { requireArea } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { INT4_MAX, queryInt } from "~/utils/params";
import { parseQuery } from "~/utils/params.server";

export const meta: MetaFunction = () => [{ title: "办理结果公开 · 直通车" }];

const filterSchema = z.object({ cycle: queryInt() });

/** The office publishes finished tasks to the public disclosure page, or withdraws them. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  const db = getDb();
  const f = parseQuery(filterSchema, new URL(request.url).searchParams);
  const [rows, cycles] = await Promise.all([disclosureCandidates(db, { cycleId: f.cycle }), cyclesWithTasks(db)]);
  return {
    cycle: f.cycle ?? null,
    cycles,
    rows: rows.map((r) => ({
      ...r,
      ratingLabel: r.rating ? RATING_LABEL[r.rating] : "—",
      disclosed: r.disclosedAt ? formatInstantZh(r.disclosedAt) : null,
    })),
  };
}

const actionSchema = z.object({
  taskId: z.coerce.number().int().positive().max(INT4_MAX),
  intent: z.enum(["disclose", "withdraw"]),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireArea(request, "office");
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ ok: null, error: "表单已失效,请刷新页面" }, { status: 400 });
  const out = await setDisclosure(getDb(), {
    taskId: parsed.data.taskId,
    disclose: parsed.data.intent === "disclose",
    actorId: user.id,
    now: now(),
  });
  return out.ok
    ? Response.json({ ok: out.message, error: null })
    : Response.json({ ok: null, error: out.error }, { status: 409 });
}

export default function AdminDisclosure() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { ok: string | null; error: string | null } | undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>办理结果公开</h1>
      <p className="hint">
        已完结(企业已评价、逾期视为满意,或不满意后已作出最终处理意见)的事项,可公开其处理意见、办理承诺和办理结果。企业未同意公开名称的,公开页面隐去企业名称。
        <Link to="/disclosure">查看公开页面 →</Link>
      </p>
      <FormMessage ok={actionData?.ok} error={actionData?.error} />
      <Form method="get" className="inline-form" role="search" aria-label="筛选">
        <FilterSelect
          id="f-cycle"
          name="cycle"
          label="期次"
          all="全部期次"
          defaultValue={data.cycle}
          options={cycleOptions(data.cycles)}
        />
        <button type="submit" className="button button--secondary">
          查看
        </button>
      </Form>
      {data.rows.length === 0 ? (
        <div className="card" role="status">
          <p style={{ margin: 0 }}>没有已完结的事项。</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table table--cards" aria-label="已完结事项">
            <thead>
              <tr>
                <th scope="col">期次</th>
                <th scope="col">诉求</th>
                <th scope="col">牵头部门</th>
                <th scope="col">企业评价</th>
                <th scope="col">公开</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.id} data-testid="disclosure-row">
                  <td data-label="期次">第{r.cycleNumber}期</td>
                  <td data-label="诉求">
                    <Link to={`/admin/appeals/${r.trackingNumber}`}>{r.trackingNumber}</Link>
                    <div className="hint">
                      {r.title}
                      {r.publishName ? "" : "(企业名称不公开)"}
                    </div>
                  </td>
                  <td data-label="牵头部门">{r.departmentName}</td>
                  <td data-label="企业评价">{r.ratingLabel}</td>
                  <td data-label="公开">
                    <Form method="post">
                      <input type="hidden" name="taskId" value={r.id} />
                      {r.disclosed ? (
                        <>
                          <span className="badge badge--ok">已公开</span> <span className="hint">{r.disclosed}</span>{" "}
                          <button
                            type="submit"
                            name="intent"
                            value="withdraw"
                            className="button button--secondary"
                            disabled={busy}
                          >
                            撤回
                          </button>
                        </>
                      ) : (
                        <button type="submit" name="intent" value="disclose" className="button" disabled={busy}>
                          公开
                        </button>
                      )}
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
