import { getFormProps, getTextareaProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { ComponentProps, ReactNode } from "react";
import { Field } from "./field";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- conform's metadata is typed by each form's schema
type AnyField = FieldMetadata<any, any, string[]>;

/** A labelled textarea for one conform field, its errors and hint wired for screen readers. */
export function TextareaField({
  field,
  label,
  hint,
  ...textareaProps
}: { field: AnyField; label: string; hint?: string } & Omit<ComponentProps<"textarea">, "name" | "id" | "form">) {
  return (
    <Field id={field.id} label={label} errors={field.errors} hint={hint}>
      <textarea {...getTextareaProps(field)} {...textareaProps} />
    </Field>
  );
}

/** A labelled select ("请选择" first) of one conform field, over the given choices. */
export function SelectField({
  field,
  label,
  hint,
  choices,
  ...selectProps
}: {
  field: AnyField;
  label: string;
  hint?: string;
  choices: { id: number | string; name: string }[];
} & Omit<ComponentProps<"select">, "name" | "id" | "form" | "children">) {
  return (
    <Field id={field.id} label={label} errors={field.errors} hint={hint}>
      <select id={field.id} name={field.name} aria-invalid={field.errors ? true : undefined} {...selectProps}>
        <option value="">请选择</option>
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * A form's submit button in a row of its own (`bare`: just the button), held while the page submits; the
 * secondary one is outlined. `busyText` is what it says meanwhile, if anything else.
 */
export function SubmitButton({
  children,
  secondary,
  bare,
  busyText,
}: {
  children: ReactNode;
  secondary?: boolean;
  bare?: boolean;
  busyText?: string;
}) {
  const busy = useNavigation().state === "submitting";
  const button = (
    <button type="submit" className={`button${secondary ? " button--secondary" : ""}`} disabled={busy}>
      {busy && busyText ? busyText : children}
    </button>
  );
  return bare ? button : <div>{button}</div>;
}

/**
 * A posted conform form under its own heading (`titleId` names the form for screen readers): the heading, a
 * hint if any, the intent the route tells the form by, then the fields.
 */
export function HeadedForm({
  form,
  intent,
  title,
  titleId,
  level: Heading = "h3",
  hint,
  children,
  ...rest
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  form: FormMetadata<any, string[]>;
  intent: string;
  title: ReactNode;
  titleId: string;
  level?: "h2" | "h3" | "h4";
  hint?: ReactNode;
  children: ReactNode;
} & Omit<ComponentProps<typeof Form>, "method" | "id" | "onSubmit" | "noValidate" | "className" | "children">) {
  return (
    <Form method="post" className="stack" {...getFormProps(form)} aria-labelledby={titleId} {...rest}>
      <Heading id={titleId} style={{ margin: 0 }}>
        {title}
      </Heading>
      {hint}
      <input type="hidden" name="intent" value={intent} />
      {children}
    </Form>
  );
}
