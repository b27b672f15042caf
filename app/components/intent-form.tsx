import { Form } from "@remix-run/react";
import { getFormProps, getInputProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import type { ComponentProps, ReactNode } from "react";
import { Field } from "./field";

/**
 * A posted form wired to conform: the intent it carries (routes with several forms tell them apart by it)
 * and the form-level errors above its fields, announced to screen readers.
 */
export function IntentForm({
  form,
  intent,
  className = "stack",
  children,
  ...rest
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  form: FormMetadata<any, string[]>;
  intent?: string;
  className?: string;
  children: ReactNode;
} & Omit<ComponentProps<typeof Form>, "method" | "id" | "onSubmit" | "noValidate" | "className" | "children">) {
  return (
    <Form method="post" className={className} {...getFormProps(form)} {...rest}>
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <FormErrors form={form} />
      {children}
    </Form>
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function FormErrors({ form }: { form: FormMetadata<any, string[]> }) {
  return form.errors?.length ? (
    <div className="alert alert--error" role="alert" id={form.errorId}>
      {form.errors.join(";")}
    </div>
  ) : null;
}

type InputType = "text" | "tel" | "email" | "password" | "date" | "number" | "url" | "search" | "datetime-local";

/** A labelled single-line input for one conform field, its errors and hint wired for screen readers. */
export function InputField({
  field,
  label,
  type = "text",
  hint,
  ...inputProps
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  field: FieldMetadata<any, any, string[]>;
  label: string;
  type?: InputType;
  hint?: string;
} & Omit<ComponentProps<"input">, "type" | "name" | "id" | "form">) {
  return (
    <Field id={field.id} label={label} errors={field.errors} hint={hint}>
      <input
        {...getInputProps(field, { type, ariaDescribedBy: hint ? `${field.id}-hint` : undefined })}
        {...inputProps}
      />
    </Field>
  );
}
