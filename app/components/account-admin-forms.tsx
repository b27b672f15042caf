import {
  getSelectProps,
  useForm,
  type FieldMetadata,
  type FormMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Link, useActionData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { Field, FormMessage } from "~/components/field";
import { InputField, IntentForm } from "~/components/intent-form";
import { isRole, ORGANISATION_KIND_LABEL, ROLE_LABEL, ROLE_ORGANISATION_KIND, ROLES } from "~/domain/roles";
import { setUserActiveSchema } from "~/schemas/accounts";
import type { OrganisationChoiceGroup } from "~/services/accounts.server";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;
type Fields<K extends string> = Record<K, AnyField>;

/** What the organisation and user pages' actions answer: which form, its conform result, a message when done. */
type IntentAnswer<Intent extends string> = { intent: Intent; result: SubmissionResult<string[]>; message?: string };

/** The page's last answer, taken apart per form: whether a form is posting, its result, its message. */
export function useIntentAnswer<Intent extends string>() {
  const answer = useActionData<IntentAnswer<Intent>>();
  const navigation = useNavigation();
  return {
    answered: answer !== undefined,
    busy: (intent: Intent) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent,
    resultFor: (intent: Intent) => (answer?.intent === intent ? answer.result : undefined),
    messageFor: (intent: Intent) => (answer?.intent === intent ? answer.message : undefined),
  };
}

/** 启用 / 已停用, as a badge. */
export function ActiveBadge({ active }: { active: boolean }) {
  return active ? <span className="badge badge--ok">启用</span> : <span className="badge badge--grey">已停用</span>;
}

/** A submit button that says what it is doing while its form posts. */
export function BusyButton({
  busy,
  busyLabel,
  secondary,
  children,
}: {
  busy: boolean;
  busyLabel?: string;
  secondary?: boolean;
  children: ReactNode;
}) {
  return (
    <p>
      <button type="submit" className={secondary ? "button button--secondary" : "button"} disabled={busy}>
        {busy && busyLabel ? busyLabel : children}
      </button>
    </p>
  );
}

/** An organisation's details as the office edits them (the new and the edit page). */
export function OrganisationDetailFields({
  fields,
}: {
  fields: Fields<"name" | "shortName" | "regionCode" | "contactName" | "contactPhone" | "contactEmail">;
}) {
  return (
    <>
      <InputField field={fields.name} label="机构名称" autoComplete="off" />
      <InputField field={fields.shortName} label="简称(选填)" autoComplete="off" />
      <InputField
        field={fields.regionCode}
        label="行政区划代码(选填)"
        hint="6 位数字,如湘桥区 445102"
        inputMode="numeric"
        maxLength={6}
        autoComplete="off"
      />
      <InputField field={fields.contactName} label="联系人(选填)" autoComplete="off" />
      <InputField field={fields.contactPhone} type="tel" label="联系电话(选填)" inputMode="tel" autoComplete="off" />
      <InputField field={fields.contactEmail} type="email" label="联系邮箱(选填)" autoComplete="off" />
    </>
  );
}

/** The organisations as choices, under their kind; a switched-off one says so. */
export function OrganisationOptions({ groups }: { groups: OrganisationChoiceGroup[] }) {
  return (
    <>
      {groups.map((g) => (
        <optgroup key={g.kind} label={g.label}>
          {g.options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.active ? o.name : `${o.name}(已停用)`}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

/**
 * A user's details as the office edits them (the new and the edit page): name, role, the organisation (only
 * those of the kind the role needs once a role is chosen) and contact.
 */
export function UserDetailFields({
  fields,
  groups,
  roleHint,
}: {
  fields: Fields<"displayName" | "role" | "organisationId" | "phone" | "email">;
  groups: OrganisationChoiceGroup[];
  roleHint?: string;
}) {
  const role = typeof fields.role.value === "string" && isRole(fields.role.value) ? fields.role.value : undefined;
  const fitKind = role ? ROLE_ORGANISATION_KIND[role] : undefined;
  const shownGroups = fitKind ? groups.filter((g) => g.kind === fitKind) : groups;
  return (
    <>
      <InputField field={fields.displayName} label="姓名" autoComplete="off" />
      <Field id={fields.role.id} label="角色" errors={fields.role.errors} hint={roleHint}>
        <select {...getSelectProps(fields.role)}>
          <option value="">请选择角色</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id={fields.organisationId.id}
        label="所属机构"
        errors={fields.organisationId.errors}
        hint={fitKind ? `该角色只能选“${ORGANISATION_KIND_LABEL[fitKind]}”类机构` : "先选择角色,可选的机构会随之限定"}
      >
        <select {...getSelectProps(fields.organisationId, { ariaDescribedBy: `${fields.organisationId.id}-hint` })}>
          <option value="">请选择所属机构</option>
          <OrganisationOptions groups={shownGroups} />
        </select>
      </Field>
      <InputField field={fields.phone} type="tel" label="电话(选填)" autoComplete="off" inputMode="tel" />
      <InputField field={fields.email} type="email" label="电子邮箱(选填)" autoComplete="off" />
    </>
  );
}

/**
 * The card that switches an account or an organisation off (or on again) with a reason. `refusal`, when
 * given, is said instead of the form (one cannot switch oneself off).
 */
export function SetActiveSection({
  id,
  titleId,
  noun,
  active,
  answer,
  refusal,
  explanation,
}: {
  id: string;
  titleId: string;
  noun: string;
  active: boolean;
  answer: ReturnType<typeof useIntentAnswer<"set-active">>;
  refusal: string | null;
  explanation: string;
}) {
  const [form, fields] = useForm({
    id,
    lastResult: answer.resultFor("set-active"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: setUserActiveSchema }),
  });
  const title = active ? `停用${noun}` : `启用${noun}`;
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId} style={{ marginTop: 0 }}>
        {title}
      </h2>
      <FormMessage ok={answer.messageFor("set-active")} />
      {refusal ? (
        <p className="muted">{refusal}</p>
      ) : (
        <IntentForm form={form} intent="set-active">
          <input type="hidden" name="active" value={active ? "false" : "true"} />
          <p className="muted">{explanation}</p>
          <InputField field={fields.reason} label="原因(选填)" autoComplete="off" />
          <BusyButton busy={answer.busy("set-active")} secondary={active}>
            {title}
          </BusyButton>
        </IntentForm>
      )}
    </section>
  );
}

/**
 * The page that creates an organisation or an account: a card with the way back to the list, the form, and
 * its create and cancel buttons. `list` is the list page; `noun` names what is created (机构, 账号).
 */
export function CreatePage({
  form,
  list,
  listName,
  noun,
  children,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  form: FormMetadata<any, string[]>;
  list: string;
  listName: string;
  noun: string;
  children: ReactNode;
}) {
  const submitting = useNavigation().state === "submitting";
  return (
    <div className="card" style={{ maxWidth: "40rem" }}>
      <p>
        <Link to={list}>← 返回{listName}</Link>
      </p>
      <h1>新建{noun}</h1>
      <IntentForm form={form}>
        {children}
        <p className="inline-form">
          <button type="submit" className="button" disabled={submitting}>
            {submitting ? "正在创建…" : `创建${noun}`}
          </button>
          <Link to={list}>取消</Link>
        </p>
      </IntentForm>
    </div>
  );
}

/** The conform form of a create page, checked as the person types (the server's answer is its last result). */
export function useCreateForm<Input extends Record<string, unknown>, Output>(
  id: string,
  schema: z.ZodType<Output, Input>,
) {
  const lastResult = useActionData<SubmissionResult<string[]>>();
  return useForm<Input, Output>({
    id,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
}
