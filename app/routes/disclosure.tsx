import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { cycleOptions, FilterSelect, nameOptions } from "~/components/filter-select";
import { formatDateZh } from "~/domain/calendar";
import { maskPhonesInText } from "~/domain/personal-data";
import { RATING_LABEL } from "~/domain/tasks";
import { listCategories } from "~/models/appeal.server";
import { DISCLOSURE_PAGE_SIZE, publicDisclosures } from "~/models/disclosure.server";
import { cyclesWithTasks, departmentChoices } from "~/models/supervision.server";
import { Pagination } from "~/components/pagination";
import { ErrorPage } from "~/root";
import { getDb } from "~/utils/db.server";
import { queryInt, queryPage } from "~/utils/params";
import { parseQuery } from "~/utils/params.server";

export const meta: MetaFunction = () => [{ title: "办理结果公开 · 直通车" }];

const id = queryInt();
const filterSchema = z.object({
  cycle: id,
  org: id,
  category: id,
  q: z.string().trim().max(50).optional().catch(undefined),
  page: queryPage(10_000),
});

/** Public (SPEC §5): finished appeals the office has published, with decision, commitment and result. */
export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  const f = parseQuery(filterSchema, new URL(request.url).searchParams);
  const [{ rows, total }, cycles, departments, categories] = await Promise.all([
    publicDisclosures(db, { cycleId: f.cycle, organisationId: f.org, categoryId: f.category, q: f.q, page: f.page }),
    cyclesWithTasks(db),
    departmentChoices(db),
    listCategories(db, false),
  ]);
  return {
    filter: f,
    total,
    pages: Math.max(1, Math.ceil(total / DISCLOSURE_PAGE_SIZE)),
    cycles,
    departments,
    categories: categories.map((c) => ({ id: c.id, name: c.name })),
    rows: rows.map((r) => ({
      ...r,
      // A public page: a mobile number written into the text shows masked.
      title: maskPhonesInText(r.title),
      decision: maskPhonesInText(r.decision),
      responsibleLeader: maskPhonesInText(r.responsibleLeader),
      responsiblePerson: maskPhonesInText(r.responsiblePerson),
      measures: maskPhonesInText(r.measures),
      result: maskPhonesInText(r.result),
      finalDecision: maskPhonesInText(r.finalDecision),
      deadline: r.committedDeadline ? formatDateZh(r.committedDeadline) : null,
      ratingLabel: r.rating ? RATING_LABEL[r.rating] : null,
    })),
  };
}

export default function Disclosure() {
  const data = useLoaderData<typeof loader>();
  const f = data.filter;
  const pageHref = (page: number) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ cycle: f.cycle, org: f.org, category: f.category, q: f.q }))
      if (v) p.set(k, String(v));
    p.set("page", String(page));
    return `?${p}`;
  };
  return (
    <>
      <h1>办理结果公开</h1>
      <p className="hint">
        “直通车”现场活动交办事项办结后,经平台审核公开处理意见、办理承诺和办理结果,接受社会监督。企业要求不公开名称的,隐去企业名称。
      </p>
      <Form method="get" className="inline-form" role="search" aria-label="筛选">
        {[
          {
            id: "d-cycle",
            name: "cycle",
            label: "期次",
            all: "全部期次",
            defaultValue: f.cycle,
            options: cycleOptions(data.cycles),
          },
          {
            id: "d-org",
            name: "org",
            label: "牵头部门",
            all: "全部部门",
            defaultValue: f.org,
            options: nameOptions(data.departments),
          },
          {
            id: "d-category",
            name: "category",
            label: "诉求类别",
            all: "全部类别",
            defaultValue: f.category,
            options: nameOptions(data.categories),
          },
        ].map((s) => (
          <FilterSelect key={s.id} {...s} />
        ))}
        <div className="field">
          <label htmlFor="d-q">事项标题</label>
          <input id="d-q" name="q" type="search" defaultValue={f.q ?? ""} placeholder="输入关键词" maxLength={50} />
        </div>
        <button type="submit" className="button button--secondary">
          查询
        </button>
      </Form>
      <p className="hint" role="status">
        共 {data.total} 项
      </p>
      {data.rows.length === 0 ? (
        <div className="card">
          <p style={{ margin: 0 }}>没有符合条件的公开事项。</p>
        </div>
      ) : (
        data.rows.map((r) => (
          <article key={r.id} className="card" data-testid="disclosure" aria-labelledby={`d-${r.id}`}>
            <h2 id={`d-${r.id}`} style={{ marginTop: 0 }}>
              {r.title}
            </h2>
            <p className="hint">
              第{r.cycleNumber}期 · {r.categoryName} · {r.departmentName}牵头 ·{" "}
              {r.enterpriseName ?? "(企业要求不公开名称)"}
            </p>
            <dl className="facts">
              <dt>处理意见</dt>
              <dd className="reply-body">{r.decision}</dd>
              <dt>办理承诺</dt>
              <dd>
                {r.responsibleLeader ? `责任领导${r.responsibleLeader},责任人${r.responsiblePerson},` : ""}
                {r.deadline ? `${r.deadline}前完成。` : ""}
                {r.measures ? <div className="reply-body">{r.measures}</div> : null}
              </dd>
              <dt>办理结果</dt>
              <dd className="reply-body">{r.result ?? "—"}</dd>
              {r.finalDecision ? (
                <>
                  <dt>最终处理意见</dt>
                  <dd className="reply-body">{r.finalDecision}</dd>
                </>
              ) : null}
              <dt>企业评价</dt>
              <dd>{r.ratingLabel ?? "—"}</dd>
            </dl>
          </article>
        ))
      )}
      <Pagination page={f.page} pageCount={data.pages} href={pageHref} />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
