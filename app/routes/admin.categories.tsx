import { getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { NameOptions } from "~/components/filter-select";
import { AuditList } from "~/components/audit-list";
import { Field, FormMessage } from "~/components/field";
import { InputField, IntentForm } from "~/components/intent-form";
import { formatInstantZh } from "~/domain/calendar";
import { auditActionLabel } from "~/domain/labels";
import { listCategories } from "~/models/appeal.server";
import { auditHistoryByPrefix } from "~/models/audit.server";
import { activeOrganisationsOfKind } from "~/models/screening.server";
import { categoryActionSchema, categoryAddSchema } from "~/schemas/screening";
import { addCategory, renameCategory, setCategoryActive, setCategoryDepartment } from "~/services/screening.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "诉求类别与建议牵头部门 · 直通车" }];

type Snapshot = { name?: string; suggestedDepartment?: string | null; active?: boolean } | null;

function summary(action: string, from: Snapshot, to: Snapshot): string {
  const label = auditActionLabel("appeal_category", action);
  if (action === "renamed") return `${label}:“${from?.name}” → “${to?.name}”`;
  const name = `“${to?.name ?? from?.name ?? ""}”`;
  if (action === "created")
    return `${label}${name}${to?.suggestedDepartment ? `,建议牵头部门:${to.suggestedDepartment}` : ""}`;
  if (action === "routed")
    return `${label}${name}:${from?.suggestedDepartment ?? "未设置"} → ${to?.suggestedDepartment ?? "未设置"}`;
  return `${label}${name}`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["platform_admin"]);
  const db = getDb();
  const [categories, departments, history] = await Promise.all([
    listCategories(db, false),
    activeOrganisationsOfKind(db, "department"),
    auditHistoryByPrefix(db, "appeal_category", "", 100),
  ]);
  return {
    categories: categories.map((c) => ({
      id: c.id,
      name: c.name,
      active: c.active,
      departmentId: c.suggestedDepartmentId ? String(c.suggestedDepartmentId) : "",
      departmentName: c.suggestedDepartmentName,
    })),
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    history: history.map((h) => ({
      id: h.id,
      action: h.action,
      at: formatInstantZh(h.at),
      actorName: h.actorName,
      summary: summary(h.action, h.from_value as Snapshot, h.to_value as Snapshot),
      reason: h.reason,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["platform_admin"]);
  const submission = parseWithZod(await request.formData(), { schema: categoryActionSchema });
  if (submission.status !== "success") return Response.json({ reply: submission.reply(), ok: null }, { status: 400 });
  const v = submission.value;
  const db = getDb();
  const base = { actorId: user.id, now: now() };
  const result =
    v.intent === "add"
      ? await addCategory(db, { name: v.name, departmentId: v.departmentId, ...base })
      : v.intent === "rename"
        ? await renameCategory(db, { id: v.id, name: v.name, ...base })
        : v.intent === "route"
          ? await setCategoryDepartment(db, { id: v.id, departmentId: v.departmentId, ...base })
          : await setCategoryActive(db, { id: v.id, active: v.intent === "activate", ...base });
  if (!result.ok) {
    const reply =
      result.field && v.intent === "add"
        ? submission.reply({ fieldErrors: { [result.field]: [result.error] } })
        : submission.reply({ formErrors: [result.error] });
    return Response.json({ reply, ok: null }, { status: 400 });
  }
  return Response.json({ reply: submission.reply({ resetForm: v.intent === "add" }), ok: result.message });
}

type Reply = { initialValue?: { intent?: string }; error?: Record<string, string[] | null> };

export default function Categories() {
  const { categories, departments, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { reply?: Reply; ok: string | null } | undefined;
  const busy = useNavigation().state === "submitting";
  const reply = actionData?.reply;
  const [form, fields] = useForm({
    id: "add-category",
    lastResult: reply?.initialValue?.intent === "add" ? (reply as never) : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: categoryAddSchema }),
    shouldRevalidate: "onBlur",
  });
  const otherError =
    reply && reply.initialValue?.intent !== "add"
      ? Object.values(reply.error ?? {})
          .flat()
          .filter(Boolean)
          .join(";") || null
      : null;
  return (
    <>
      <p>
        <Link to="/admin/screening">← 诉求甄别</Link>
      </p>
      <h1>诉求类别与建议牵头部门</h1>
      <p className="muted">
        企业提交诉求时从启用的类别中选择;甄别转市直部门办理时,按类别预填建议牵头部门(可逐件更改)。停用的类别不再供选择,已提交的诉求保留原类别。
      </p>
      <FormMessage ok={actionData?.ok} error={otherError} />

      <section className="card" aria-labelledby="categories-heading">
        <h2 id="categories-heading" style={{ marginTop: 0 }}>
          类别与路由表
        </h2>
        <div className="table-wrap">
          <table className="table" style={{ minWidth: "44rem" }}>
            <thead>
              <tr>
                <th scope="col">类别名称</th>
                <th scope="col">建议牵头部门</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {categories.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="rename" />
                      <input type="hidden" name="id" value={c.id} />
                      <div className="field" style={{ minWidth: "9rem" }}>
                        <input
                          name="name"
                          defaultValue={c.name}
                          aria-label={`“${c.name}”的名称`}
                          required
                          minLength={2}
                          maxLength={30}
                        />
                      </div>
                      <button type="submit" className="button button--secondary" disabled={busy}>
                        更名
                      </button>
                    </Form>
                  </td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="route" />
                      <input type="hidden" name="id" value={c.id} />
                      <div className="field" style={{ minWidth: "12rem" }}>
                        <select
                          name="departmentId"
                          defaultValue={c.departmentId}
                          aria-label={`“${c.name}”的建议牵头部门`}
                        >
                          <option value="">不预设(甄别时指定)</option>
                          <NameOptions rows={departments} />
                        </select>
                      </div>
                      <button type="submit" className="button button--secondary" disabled={busy}>
                        保存
                      </button>
                    </Form>
                  </td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="id" value={c.id} />
                      <span className={`badge ${c.active ? "badge--ok" : "badge--grey"}`}>
                        {c.active ? "启用" : "已停用"}
                      </span>
                      <button
                        type="submit"
                        name="intent"
                        value={c.active ? "deactivate" : "activate"}
                        className="button button--secondary"
                        disabled={busy}
                        aria-label={`${c.active ? "停用" : "恢复"}“${c.name}”`}
                      >
                        {c.active ? "停用" : "恢复"}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="add-category-heading">
        <h2 id="add-category-heading" style={{ marginTop: 0 }}>
          添加类别
        </h2>
        <IntentForm form={form} intent="add">
          <InputField field={fields.name} label="类别名称" />
          <Field id={fields.departmentId.id} label="建议牵头部门" errors={fields.departmentId.errors}>
            <select {...getSelectProps(fields.departmentId)}>
              <option value="">不预设(甄别时指定)</option>
              <NameOptions rows={departments} />
            </select>
          </Field>
          <button type="submit" className="button" disabled={busy}>
            添加类别
          </button>
        </IntentForm>
      </section>

      <section className="card" aria-labelledby="category-history-heading">
        <h2 id="category-history-heading" style={{ marginTop: 0 }}>
          变更记录
        </h2>
        <AuditList items={history} />
      </section>
    </>
  );
}
