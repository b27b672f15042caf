import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { NameOptions } from "~/components/filter-select";
import { Field, FormMessage } from "~/components/field";
import { InputField } from "~/components/intent-form";
import { formatInstant } from "~/domain/calendar";
import { ORGANISATION_KIND_LABEL } from "~/domain/roles";
import { apiKeyOrganisationChoices, listApiKeys } from "~/models/api-key.server";
import { apiKeyActionSchema, apiKeyCreateSchema } from "~/schemas/api-keys";
import { createApiKey, revokeApiKey } from "~/services/api-keys.server";
import { requireArea } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { intQuery } from "~/utils/params.server";

export const meta: MetaFunction = () => [{ title: "接口密钥 · 直通车" }];

/** 2026-11-20 10:00, Beijing time. */
const short = (d: Date | null) => (d ? formatInstant(d).slice(0, 16).replace("T", " ") : null);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  const db = getDb();
  const [keys, organisations] = await Promise.all([listApiKeys(db), apiKeyOrganisationChoices(db)]);
  const revokeId = intQuery(new URL(request.url).searchParams, "revoke");
  const toRevoke = keys.find((k) => k.id === revokeId && !k.revokedAt);
  return {
    keys: keys.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      organisationName: k.organisationName,
      createdByName: k.createdByName,
      createdAt: short(k.createdAt)!,
      lastUsedAt: short(k.lastUsedAt),
      revokedAt: short(k.revokedAt),
    })),
    organisations: organisations.map((o) => ({ id: o.id, name: o.name, kind: ORGANISATION_KIND_LABEL[o.kind] })),
    defaultOrganisationId: organisations.find((o) => o.kind === "hotline_center")?.id ?? null,
    toRevoke: toRevoke ? { id: toRevoke.id, name: toRevoke.name, prefix: toRevoke.prefix } : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireArea(request, "office");
  const submission = parseWithZod(await request.formData(), { schema: apiKeyActionSchema });
  if (submission.status !== "success") {
    return Response.json({ reply: submission.reply(), ok: null, created: null }, { status: 400 });
  }
  const v = submission.value;
  const base = { actorId: user.id, now: now() };
  if (v.intent === "create") {
    const result = await createApiKey(getDb(), { name: v.name, organisationId: v.organisationId, ...base });
    if (!result.ok) {
      const reply = result.field
        ? submission.reply({ fieldErrors: { [result.field]: [result.error] } })
        : submission.reply({ formErrors: [result.error] });
      return Response.json({ reply, ok: null, created: null }, { status: 400 });
    }
    // The only time the key is ever sent: never cached, never stored in clear.
    return Response.json(
      {
        reply: submission.reply({ resetForm: true }),
        ok: null,
        created: { name: v.name, prefix: result.prefix, key: result.key },
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  }
  const result = await revokeApiKey(getDb(), { id: v.id, ...base });
  if (!result.ok) {
    return Response.json(
      { reply: submission.reply({ formErrors: [result.error] }), ok: null, created: null },
      {
        status: 400,
      },
    );
  }
  return Response.json({
    reply: submission.reply(),
    ok: `密钥“${result.name}”(${result.prefix})已撤销,使用它的请求将被拒绝。`,
    created: null,
  });
}

function NewKey({ created }: { created: { name: string; prefix: string; key: string } }) {
  const [copied, setCopied] = useState(false);
  return (
    <section className="card" aria-labelledby="new-key-heading" style={{ borderColor: "#d97706" }}>
      <h2 id="new-key-heading" style={{ marginTop: 0 }}>
        新密钥“{created.name}”已生成
      </h2>
      <div className="alert alert--warn" role="status">
        请立即复制并妥善交给对接系统的管理员。密钥只显示这一次,平台不保存明文,离开此页后无法再次查看;遗失请撤销后重新生成。
      </div>
      <div className="field">
        <label htmlFor="new-api-key">API 密钥</label>
        <input
          id="new-api-key"
          type="text"
          readOnly
          value={created.key}
          onFocus={(e) => e.currentTarget.select()}
          spellCheck={false}
          autoComplete="off"
          style={{ fontFamily: "ui-monospace, monospace" }}
        />
      </div>
      <p className="inline-form">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void navigator.clipboard?.writeText(created.key).then(() => setCopied(true))}
        >
          复制密钥
        </button>
        {copied ? <span role="status">已复制</span> : null}
      </p>
      <p className="muted" style={{ marginBottom: 0 }}>
        调用方式:请求头 <code>Authorization: Bearer &lt;API 密钥&gt;</code>,详见{" "}
        <a href="/api/v1/openapi.json">接口说明</a>。
      </p>
    </section>
  );
}

export default function ApiKeys() {
  const { keys, organisations, defaultOrganisationId, toRevoke } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const reply = actionData?.reply as
    { initialValue?: { intent?: string }; error?: Record<string, string[]> } | undefined;
  const [form, fields] = useForm({
    id: "create-key",
    // A created key's reply resets the form (its initialValue is null, so the intent is not in it).
    lastResult: actionData?.created || reply?.initialValue?.intent === "create" ? actionData?.reply : undefined,
    defaultValue: { name: "12345热线系统", organisationId: defaultOrganisationId ? String(defaultOrganisationId) : "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: apiKeyCreateSchema }),
    shouldRevalidate: "onInput",
  });
  const otherError = reply && reply.initialValue?.intent !== "create" ? reply.error?.[""]?.join(";") : null;
  const byKind = new Map<string, typeof organisations>();
  for (const o of organisations) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o]);

  return (
    <>
      <h1>接口密钥</h1>
      <p className="muted">
        12345 热线系统等外部系统通过 <code>POST /api/v1/appeals</code> 推送企业诉求时使用的密钥。
        <a href="/api/v1/openapi.json">接口说明(OpenAPI)</a>
      </p>
      <FormMessage ok={actionData?.ok} error={otherError} />
      {actionData?.created ? <NewKey created={actionData.created} /> : null}

      {toRevoke ? (
        <section className="card" aria-labelledby="revoke-heading">
          <h2 id="revoke-heading" style={{ marginTop: 0 }}>
            确认撤销密钥“{toRevoke.name}”({toRevoke.prefix})?
          </h2>
          <p>撤销立即生效:使用该密钥的系统将无法再提交诉求或查询状态。撤销后不能恢复,如需继续对接,请生成新密钥。</p>
          <Form method="post" action="/admin/api-keys" className="inline-form">
            <input type="hidden" name="intent" value="revoke" />
            <input type="hidden" name="id" value={toRevoke.id} />
            <button type="submit" className="button" disabled={busy}>
              确认撤销
            </button>
            <Link to="/admin/api-keys" className="button button--secondary">
              取消
            </Link>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="keys-heading">
        <h2 id="keys-heading" style={{ marginTop: 0 }}>
          已签发的密钥
        </h2>
        {keys.length === 0 ? (
          <p className="muted">尚未签发密钥。</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">名称</th>
                  <th scope="col">前缀</th>
                  <th scope="col">使用单位</th>
                  <th scope="col">签发</th>
                  <th scope="col">最近使用</th>
                  <th scope="col">状态</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {keys.map((k) => (
                  <tr key={k.id}>
                    <td>{k.name}</td>
                    <td>
                      <code>ztk_{k.prefix}_…</code>
                    </td>
                    <td>{k.organisationName}</td>
                    <td>
                      {k.createdAt}
                      {k.createdByName ? <div className="muted">{k.createdByName}</div> : null}
                    </td>
                    <td>{k.lastUsedAt ?? <span className="muted">从未使用</span>}</td>
                    <td>
                      {k.revokedAt ? (
                        <>
                          <span className="badge badge--grey">已撤销</span>
                          <div className="muted">{k.revokedAt}</div>
                        </>
                      ) : (
                        <span className="badge badge--ok">有效</span>
                      )}
                    </td>
                    <td>
                      {k.revokedAt ? null : (
                        <Link
                          to={`/admin/api-keys?revoke=${k.id}`}
                          className="button button--secondary"
                          aria-label={`撤销密钥“${k.name}”(${k.prefix})`}
                        >
                          撤销
                        </Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="create-key-heading">
        <h2 id="create-key-heading" style={{ marginTop: 0 }}>
          生成新密钥
        </h2>
        <Form method="post" action="/admin/api-keys" className="stack" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="create" />
          {form.errors?.length ? (
            <div className="alert alert--error" role="alert">
              {form.errors.join(";")}
            </div>
          ) : null}
          <InputField
            field={fields.name}
            label="密钥名称"
            hint="说明用途,例如“12345热线系统(生产)”"
            autoComplete="off"
          />
          <Field id={fields.organisationId.id} label="使用单位" errors={fields.organisationId.errors}>
            <select {...getSelectProps(fields.organisationId)}>
              <option value="">请选择</option>
              {[...byKind].map(([kind, options]) => (
                <optgroup key={kind} label={kind}>
                  <NameOptions rows={options} />
                </optgroup>
              ))}
            </select>
          </Field>
          <button type="submit" className="button" disabled={busy}>
            生成密钥
          </button>
        </Form>
      </section>
    </>
  );
}
