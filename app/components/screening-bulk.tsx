import { Link } from "@remix-run/react";
import { useState } from "react";
import { NameOptions } from "~/components/filter-select";
import { Field } from "~/components/field";
import type { DueState } from "~/domain/appeal";
import { BULK_LIMIT, OTHER_REASON, REJECTION_CHOICES } from "~/schemas/screening";
import type { ScreeningQueueView } from "~/services/views/screening-queue.server";

type Row = ScreeningQueueView["rows"][number];
type Organisations = { id: number; name: string }[];
type Errors = Record<string, string[] | null | undefined> | undefined;

const DUE_BADGE: Record<DueState, { className: string; label: string } | null> = {
  ok: null,
  due_soon: { className: "badge badge--warn", label: "即将到期" },
  late: { className: "badge badge--red", label: "已逾期" },
};

/** One page of the queue, each appeal with its checkbox, the head's box choosing the whole page. */
export function QueueTable({
  rows,
  selected,
  onSelect,
}: {
  rows: Row[];
  selected: Set<number>;
  onSelect: (next: Set<number>) => void;
}) {
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggle = (id: number) => {
    const n = new Set(selected);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    onSelect(n);
  };
  return (
    <div className="table-wrap">
      <table className="table" style={{ minWidth: "40rem" }}>
        <caption className="muted" style={{ textAlign: "left" }}>
          待甄别诉求
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="全选本页"
                checked={allSelected}
                onChange={() => onSelect(allSelected ? new Set() : new Set(rows.map((r) => r.id)))}
              />
            </th>
            <th scope="col">受理编号</th>
            <th scope="col">诉求</th>
            <th scope="col">类别</th>
            <th scope="col">甄别期限</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const badge = DUE_BADGE[r.dueState];
            return (
              <tr key={r.id}>
                <td>
                  <input
                    type="checkbox"
                    name="ids"
                    value={r.id}
                    aria-label={`选择 ${r.trackingNumber}`}
                    checked={selected.has(r.id)}
                    onChange={() => toggle(r.id)}
                  />
                </td>
                <td>
                  <Link to={`/admin/appeals/${r.trackingNumber}`}>{r.trackingNumber}</Link>
                  <div className="hint" title={r.receivedFull}>
                    {r.received} 受理 · {r.channel}
                  </div>
                  <div className="hint">第{r.cycleNumber}期</div>
                </td>
                <td>
                  <div>{r.title}</div>
                  <div className="hint">{r.enterpriseName}</div>
                </td>
                <td>{r.category}</td>
                <td>
                  <span title={r.dueFull}>{r.due}</span>
                  {badge ? (
                    <div>
                      <span className={badge.className}>{badge.label}</span>
                    </div>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * What to do with the ticked appeals: reject (with a reason), send to a county, or send to city departments.
 * The page remounts it (by `key`) after each run, so the choice starts afresh.
 */
export function BulkActions({
  count,
  errors,
  busy,
  counties,
  departments,
}: {
  count: number;
  errors: Errors;
  busy: boolean;
  counties: Organisations;
  departments: Organisations;
}) {
  const [intent, setIntent] = useState("");
  const [reasonChoice, setReasonChoice] = useState("");
  const [leadId, setLeadId] = useState("");
  return (
    <fieldset className="card" style={{ marginTop: "1rem" }}>
      <legend>
        <strong>批量处理已勾选的 {count} 件</strong>
      </legend>
      <div className="stack" style={{ display: "grid", gap: "0.9rem", maxWidth: "36rem" }}>
        <Field id="bulk-intent" label="处理方式" errors={errors?.intent}>
          <select id="bulk-intent" name="intent" value={intent} onChange={(e) => setIntent(e.target.value)}>
            <option value="">请选择</option>
            <option value="reject">不予受理</option>
            <option value="county">转县区办理</option>
            <option value="city">转市直部门办理</option>
          </select>
        </Field>
        {intent === "reject" ? (
          <>
            <Field id="bulk-reason" label="不予受理原因" errors={errors?.reasonChoice}>
              <select
                id="bulk-reason"
                name="reasonChoice"
                value={reasonChoice}
                onChange={(e) => setReasonChoice(e.target.value)}
              >
                <option value="">请选择</option>
                {REJECTION_CHOICES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </Field>
            {reasonChoice === OTHER_REASON ? (
              <Field id="bulk-reason-text" label="写明原因" errors={errors?.reasonText}>
                <textarea id="bulk-reason-text" name="reasonText" rows={3} maxLength={500} />
              </Field>
            ) : null}
          </>
        ) : null}
        {intent === "county" ? (
          <Field
            id="bulk-county"
            label="承办县区"
            errors={errors?.countyId}
            hint="按企业登记地时,登记在市本级的企业须逐件指定县区,将被跳过。"
          >
            <select id="bulk-county" name="countyId" defaultValue="">
              <option value="">按企业在法人库的登记地</option>
              <NameOptions rows={counties} />
            </select>
          </Field>
        ) : null}
        {intent === "city" ? (
          <>
            <Field
              id="bulk-lead"
              label="牵头部门"
              errors={errors?.leadId}
              hint="按类别建议时,未设置建议牵头部门的类别将被跳过。"
            >
              <select id="bulk-lead" name="leadId" value={leadId} onChange={(e) => setLeadId(e.target.value)}>
                <option value="">按诉求类别的建议牵头部门</option>
                <NameOptions rows={departments} />
              </select>
            </Field>
            <CoDepartments departments={departments} leadId={leadId} errors={errors?.coIds} idPrefix="bulk" />
          </>
        ) : null}
        <div>
          <button type="submit" className="button" disabled={busy || count === 0 || !intent}>
            {busy ? "正在处理…" : `处理已勾选的 ${count} 件`}
          </button>
          <span className="hint" style={{ marginLeft: "0.5rem" }}>
            每件单独处理;已被他人甄别的将跳过并列出。一次最多 {BULK_LIMIT} 件。
          </span>
        </div>
      </div>
    </fieldset>
  );
}

/** Co-departments (协办部门): any of the departments but the lead. */
function CoDepartments(props: {
  departments: { id: number; name: string }[];
  leadId: string;
  errors?: string[] | null;
  idPrefix: string;
  defaultChecked?: number[];
}) {
  const errorId = `${props.idPrefix}-co-error`;
  return (
    <fieldset
      className="field"
      style={{ border: "1px solid var(--line)", borderRadius: 6, padding: "0.5rem 0.75rem" }}
      aria-describedby={props.errors?.length ? errorId : undefined}
    >
      <legend style={{ fontWeight: 600 }}>协办部门(可多选)</legend>
      <div
        style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(12rem, 1fr))", gap: "0.25rem 1rem" }}
      >
        {props.departments
          .filter((d) => String(d.id) !== props.leadId)
          .map((d) => (
            <label key={d.id} style={{ fontWeight: "normal", display: "flex", gap: "0.4rem", alignItems: "center" }}>
              <input
                type="checkbox"
                name="coIds"
                value={d.id}
                defaultChecked={props.defaultChecked?.includes(d.id)}
                style={{ width: "auto", minHeight: 0 }}
              />
              {d.name}
            </label>
          ))}
      </div>
      {props.errors?.length ? (
        <span id={errorId} className="field-error" role="alert">
          {props.errors.join(";")}
        </span>
      ) : null}
    </fieldset>
  );
}
