import { Field } from "~/components/field";

/**
 * The lead department (a select, pre-filled from the category's suggestion) and any co-departments
 * (checkboxes, the lead left out) of a city-level routing: screening's "转市直部门办理" and the approval of
 * a county's escalation. Field names `leadId` and `coIds`.
 */
export function DepartmentChoice(props: {
  lead: { id: string; errors?: string[] };
  coErrors?: string[];
  departments: { id: number; name: string }[];
  leadId: string;
  onLeadChange: (leadId: string) => void;
  suggested: boolean;
}) {
  const { lead, coErrors, departments, leadId } = props;
  return (
    <>
      <Field
        id={lead.id}
        label="牵头部门"
        errors={lead.errors}
        hint={props.suggested ? "已按诉求类别预填建议牵头部门,可更改。" : "该类别未设置建议牵头部门。"}
      >
        <select
          id={lead.id}
          name="leadId"
          value={leadId}
          onChange={(e) => props.onLeadChange(e.target.value)}
          aria-invalid={lead.errors ? true : undefined}
        >
          <option value="">请选择</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </Field>
      <fieldset
        className="field"
        style={{ border: "1px solid var(--line)", borderRadius: 6, padding: "0.5rem 0.75rem" }}
      >
        <legend style={{ fontWeight: 600 }}>协办部门(可多选)</legend>
        <div
          style={{
            display: "grid",
            gridTemplateColumns: "repeat(auto-fill, minmax(11rem, 1fr))",
            gap: "0.25rem 1rem",
          }}
        >
          {departments
            .filter((d) => String(d.id) !== leadId)
            .map((d) => (
              <label key={d.id} style={{ fontWeight: "normal", display: "flex", gap: "0.4rem", alignItems: "center" }}>
                <input type="checkbox" name="coIds" value={d.id} style={{ width: "auto", minHeight: 0 }} />
                {d.name}
              </label>
            ))}
        </div>
        {coErrors?.length ? (
          <span className="field-error" role="alert">
            {coErrors.join(";")}
          </span>
        ) : null}
      </fieldset>
    </>
  );
}
