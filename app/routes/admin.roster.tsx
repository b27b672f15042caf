import { getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormMessage } from "~/components/field";
import { InputField, IntentForm } from "~/components/intent-form";
import { listRoster } from "~/models/cycle.server";
import { rosterActionSchema, rosterAddSchema } from "~/schemas/roster";
import { addRosterMember, moveRosterMember, setRosterMemberActive } from "~/services/roster.server";
import { requireArea } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "轮值名单 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  const roster = await listRoster(getDb());
  return {
    leaders: roster.filter((r) => r.kind === "leader"),
    secretaries: roster.filter((r) => r.kind === "secretary_general"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireArea(request, "office");
  const submission = parseWithZod(await request.formData(), { schema: rosterActionSchema });
  if (submission.status !== "success") return Response.json({ reply: submission.reply(), ok: null }, { status: 400 });
  const v = submission.value;
  const base = { actorId: user.id, now: now() };
  const result =
    v.intent === "add"
      ? await addRosterMember(getDb(), { kind: v.kind, name: v.name, title: v.title, ...base })
      : v.intent === "up" || v.intent === "down"
        ? await moveRosterMember(getDb(), { id: v.id, direction: v.intent, ...base })
        : await setRosterMemberActive(getDb(), { id: v.id, active: v.intent === "activate", ...base });
  if (!result.ok) {
    const reply = result.field
      ? submission.reply({ fieldErrors: { [result.field]: [result.error] } })
      : submission.reply({ formErrors: [result.error] });
    return Response.json({ reply, ok: null }, { status: 400 });
  }
  return Response.json({
    reply: submission.reply({ resetForm: v.intent === "add" }),
    ok: "名单已更新。此后生成的期次按新顺序轮换预填;已生成的期次不变,可逐期调整。",
  });
}

type Member = Awaited<ReturnType<typeof loader>>["leaders"][number];

function RosterTable({ title, members }: { title: string; members: Member[] }) {
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card">
      <h2 style={{ marginTop: 0 }}>{title}</h2>
      {members.length === 0 ? (
        <p className="muted">名单为空。</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">顺序</th>
                <th scope="col">姓名</th>
                <th scope="col">职务</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m, i) => (
                <tr key={m.id}>
                  <td>{i + 1}</td>
                  <td>{m.name}</td>
                  <td>{m.title}</td>
                  <td>
                    <span className={`badge ${m.active ? "badge--ok" : "badge--grey"}`}>
                      {m.active ? "轮值中" : "已停用"}
                    </span>
                  </td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="id" value={m.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="up"
                        className="button button--secondary"
                        disabled={busy || i === 0}
                        aria-label={`${m.name}上移`}
                      >
                        上移
                      </button>
                      <button
                        type="submit"
                        name="intent"
                        value="down"
                        className="button button--secondary"
                        disabled={busy || i === members.length - 1}
                        aria-label={`${m.name}下移`}
                      >
                        下移
                      </button>
                      <button
                        type="submit"
                        name="intent"
                        value={m.active ? "deactivate" : "activate"}
                        className="button button--secondary"
                        disabled={busy}
                      >
                        {m.active ? "停用" : "恢复轮值"}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export default function Roster() {
  const { leaders, secretaries } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const reply = actionData?.reply as
    { initialValue?: { intent?: string }; error?: Record<string, string[]> } | undefined;
  const [form, fields] = useForm({
    id: "add",
    // A successful add resets the form, and its reply then carries no values to tell which form it was.
    lastResult:
      (actionData as { intent?: string } | undefined)?.intent === "add" || reply?.initialValue?.intent === "add"
        ? actionData?.reply
        : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: rosterAddSchema }),
    shouldRevalidate: "onInput",
  });
  const otherError = reply && reply.initialValue?.intent !== "add" ? reply.error?.[""]?.join(";") : null;
  return (
    <>
      <p>
        <Link to="/admin/cycles">← 期次管理</Link>
      </p>
      <h1>出席市领导与轮值秘书长名单</h1>
      <p className="muted">
        生成期次时按名单顺序依次轮换预填出席市领导和轮值秘书长(第1期对应名单第1位),停用的人员不参与轮换。
      </p>
      <FormMessage ok={actionData?.ok} error={otherError} />
      <RosterTable title="出席市领导" members={leaders} />
      <RosterTable title="轮值秘书长/副秘书长" members={secretaries} />
      <section className="card" aria-labelledby="roster-add-heading">
        <h2 id="roster-add-heading" style={{ marginTop: 0 }}>
          添加人员
        </h2>
        <IntentForm form={form} intent="add">
          <Field id={fields.kind.id} label="类别" errors={fields.kind.errors}>
            <select {...getSelectProps(fields.kind)}>
              <option value="">请选择</option>
              <option value="leader">出席市领导</option>
              <option value="secretary_general">轮值秘书长/副秘书长</option>
            </select>
          </Field>
          <InputField field={fields.name} label="姓名" />
          <InputField field={fields.title} label="职务" placeholder="例如:副市长" />
          <button type="submit" className="button" disabled={busy}>
            添加到名单末位
          </button>
        </IntentForm>
      </section>
    </>
  );
}
