import type { ReactNode } from "react";

/** A labelled form field with its error, wired for screen readers. */
export function Field(props: {
  id: string;
  label: string;
  errors?: string[] | null;
  hint?: string;
  children: ReactNode;
}) {
  const errorId = `${props.id}-error`;
  const hintId = `${props.id}-hint`;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.hint ? (
        <span id={hintId} className="hint">
          {props.hint}
        </span>
      ) : null}
      {props.errors?.length ? (
        <span id={errorId} className="field-error" role="alert">
          {props.errors.join(";")}
        </span>
      ) : null}
    </div>
  );
}

export function FormMessage({ ok, error }: { ok?: string | null; error?: string | null }) {
  if (error)
    return (
      <div className="alert alert--error" role="alert">
        {error}
      </div>
    );
  if (ok)
    return (
      <div className="alert alert--ok" role="status">
        {ok}
      </div>
    );
  return null;
}
