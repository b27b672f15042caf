/** A group of checkboxes (departments, counties) with a legend and its error, for conform forms posting ids. */
export function Checks(props: {
  legend: string;
  name: string;
  idPrefix: string;
  groups: { label?: string; options: { id: number; name: string }[] }[];
  checked: readonly number[];
  errors?: string[];
}) {
  const errorId = `${props.idPrefix}-error`;
  return (
    <fieldset className="checks" aria-describedby={props.errors?.length ? errorId : undefined}>
      <legend>{props.legend}</legend>
      {props.groups.map((g) => (
        <div key={g.label ?? "all"} className="checks__group">
          {g.label ? <div className="hint">{g.label}</div> : null}
          <div className="checks__grid">
            {g.options.map((o) => (
              <label key={o.id}>
                <input type="checkbox" name={props.name} value={o.id} defaultChecked={props.checked.includes(o.id)} />
                {o.name}
              </label>
            ))}
          </div>
        </div>
      ))}
      {props.errors?.length ? (
        <span id={errorId} className="field-error" role="alert">
          {props.errors.join(";")}
        </span>
      ) : null}
    </fieldset>
  );
}
