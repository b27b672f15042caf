/**
 * One choice of a list page's filter form: a labelled select whose first option, "全部…", means no filter.
 * The same markup served the screening queue, the supervision board, the outbox and the public lists.
 */
export function FilterSelect(props: {
  id: string;
  name: string;
  label: string;
  /** The first option's text, e.g. 全部期次. */
  all: string;
  defaultValue: string | number | null | undefined;
  options: readonly { value: string | number; label: string }[];
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.defaultValue ?? ""}>
        <option value="">{props.all}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Cycles as choices, by id: 第12期(2026-12). */
export function cycleOptions(cycles: readonly { id: number; number: number; month: string }[]) {
  return cycles.map((c) => ({ value: c.id, label: `第${c.number}期(${c.month})` }));
}

/** Rows with an id and a name (departments, categories) as choices. */
export function nameOptions(rows: readonly { id: number; name: string }[]) {
  return rows.map((r) => ({ value: r.id, label: r.name }));
}

/** Rows with an id and a name (departments, counties, categories) as the options of a select. */
export function NameOptions({ rows }: { rows: readonly { id: number; name: string }[] }) {
  return (
    <>
      {rows.map((r) => (
        <option key={r.id} value={r.id}>
          {r.name}
        </option>
      ))}
    </>
  );
}
