import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { FilterSelect, nameOptions } from "~/components/filter-select";
import { Pagination } from "~/components/pagination";
import { BulkActions, QueueTable } from "~/components/screening-bulk";
import { bulkScreeningSchema, decisionOf } from "~/schemas/screening";
import { screenAppeals } from "~/services/screening.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { screeningQueueView } from "~/services/views/screening-queue.server";

export const meta: MetaFunction = () => [{ title: "诉求甄别 · 直通车" }];

const DUE_OPTIONS = [
  { value: "due_soon", label: "即将到期" },
  { value: "late", label: "已逾期" },
  { value: "ok", label: "未到期" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["platform_admin"]);
  return screeningQueueView(getDb(), new URL(request.url).searchParams, now());
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["platform_admin"]);
  const submission = parseWithZod(await request.formData(), { schema: bulkScreeningSchema });
  if (submission.status !== "success")
    return Response.json({ reply: submission.reply(), results: null }, { status: 400 });
  const outcomes = await screenAppeals(getDb(), submission.value.ids, decisionOf(submission.value), {
    actorId: user.id,
    now: now(),
  });
  return Response.json({
    reply: submission.reply({ resetForm: true }),
    results: outcomes.map((o) => ({
      appealId: o.appealId,
      ok: o.ok,
      text: o.ok ? o.message : `${o.trackingNumber ?? `诉求#${o.appealId}`}:${o.error}`,
    })),
  });
}

type ActionData = {
  reply?: { error?: Record<string, string[] | null> };
  results: { appealId: number; ok: boolean; text: string }[] | null;
};

export default function ScreeningQueue() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const { filter, counts, rows } = data;
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [round, setRound] = useState(0);
  const [form] = useForm({
    id: "bulk",
    lastResult: actionData?.reply as never,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: bulkScreeningSchema }),
  });
  const errors = actionData?.reply?.error ?? form.allErrors;

  // After a run, what was screened has left the queue: start afresh (adjusting state to a new action result).
  const [seenResult, setSeenResult] = useState(actionData);
  if (actionData !== seenResult) {
    setSeenResult(actionData);
    if (actionData?.results) {
      setSelected(new Set());
      setRound((n) => n + 1);
    }
  }
  // Only appeals shown on this page can be acted on.
  const chosen = rows.filter((r) => selected.has(r.id));

  const filtered = Boolean(filter.cycle || filter.category || filter.due || filter.q);
  const href = (over: Partial<typeof filter> & { page?: number }) => {
    const sp = new URLSearchParams();
    const next = { ...filter, ...over };
    for (const k of ["cycle", "category", "due", "q"] as const) if (next[k]) sp.set(k, next[k]);
    if (over.page && over.page > 1) sp.set("page", String(over.page));
    const s = sp.toString();
    return s ? `/admin/screening?${s}` : "/admin/screening";
  };
  const okCount = actionData?.results?.filter((r) => r.ok).length ?? 0;
  const skipped = actionData?.results?.filter((r) => !r.ok) ?? [];

  return (
    <>
      <h1>诉求甄别</h1>
      <p className="muted">
        平台应在受理后3个工作日内完成甄别:不予受理(写明原因)、转县区办理,或转市直部门办理(一个牵头部门,可加协办部门)。
        <Link to="/admin/categories">诉求类别与建议牵头部门</Link>
      </p>

      <section className="card" aria-label="待甄别统计">
        {filtered ? (
          <p className="hint" style={{ marginTop: 0 }}>
            以下为符合期次、类别和关键词条件的诉求:
          </p>
        ) : null}
        <p className="inline-form" style={{ margin: 0, gap: "1.25rem" }}>
          <Link to={href({ due: "", page: 1 })} data-testid="count-total">
            待甄别 <strong>{counts.total}</strong> 件
          </Link>
          <Link to={href({ due: "due_soon", page: 1 })} data-testid="count-due-soon">
            <span className="badge badge--warn">即将到期</span> <strong>{counts.dueSoon}</strong> 件
          </Link>
          <Link to={href({ due: "late", page: 1 })} data-testid="count-late">
            <span className="badge badge--red">已逾期</span> <strong>{counts.late}</strong> 件
          </Link>
        </p>
      </section>

      <section className="card" aria-labelledby="screening-filter-title">
        <h2 id="screening-filter-title" style={{ marginTop: 0 }}>
          查找
        </h2>
        <Form method="get" action="/admin/screening" className="inline-form" role="search">
          <FilterSelect
            id="f-cycle"
            name="cycle"
            label="期次"
            all="全部期次"
            defaultValue={filter.cycle}
            options={data.cycles.map((c) => ({ value: c.number, label: `第${c.number}期(${c.month})` }))}
          />
          <FilterSelect
            id="f-category"
            name="category"
            label="诉求类别"
            all="全部类别"
            defaultValue={filter.category}
            options={nameOptions(data.categories)}
          />
          <FilterSelect
            id="f-due"
            name="due"
            label="甄别期限"
            all="全部"
            defaultValue={filter.due}
            options={DUE_OPTIONS}
          />
          <div className="field">
            <label htmlFor="f-q">关键词</label>
            <input id="f-q" name="q" type="search" defaultValue={filter.q} placeholder="受理编号、企业或标题" />
          </div>
          <button type="submit" className="button">
            查找
          </button>
          {filtered ? <Link to="/admin/screening">清除条件</Link> : null}
        </Form>
      </section>

      {actionData?.results ? (
        <div
          className={`alert ${skipped.length ? "alert--warn" : "alert--ok"}`}
          role="status"
          data-testid="bulk-results"
        >
          <p style={{ marginTop: 0 }}>
            批量处理完成:{okCount} 件已处理{skipped.length ? `,${skipped.length} 件未处理` : ""}。
          </p>
          <ul style={{ marginBottom: 0 }}>
            {actionData.results.map((r) => (
              <li key={r.appealId}>{r.ok ? r.text : `未处理 ${r.text}`}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {rows.length === 0 ? (
        <div className="card" role="status">
          <p>{filtered ? "没有符合条件的待甄别诉求。" : "目前没有待甄别的诉求。"}</p>
        </div>
      ) : (
        <Form method="post" {...getFormProps(form)}>
          {errors?.ids ? (
            <div className="alert alert--error" role="alert">
              {errors.ids.join(";")}
            </div>
          ) : null}
          <p className="muted" role="status">
            共 {data.matching} 件,按甄别期限排序
            {data.pageCount > 1 ? `,第 ${data.page} / ${data.pageCount} 页` : ""}
          </p>
          <QueueTable rows={rows} selected={selected} onSelect={setSelected} />

          <BulkActions
            key={round}
            count={chosen.length}
            errors={errors}
            busy={busy}
            counties={data.counties}
            departments={data.departments}
          />
        </Form>
      )}

      <Pagination page={data.page} pageCount={data.pageCount} href={(page) => href({ page })} />
    </>
  );
}
