import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { EntryHeading, EntryTexts } from "~/components/catalog-parts";
import { Field } from "~/components/field";
import { summarySchema } from "~/schemas/catalog";
import type { CatalogEntry } from "~/services/views/catalog-page.server";
import type { StepData } from "~/utils/step-response.server";

/** The office catalog page's answer: which item's form posted, so its message shows beside it. */
export type CatalogActionData = StepData & { itemId: number | null };

export function useCatalogAction() {
  return useActionData() as CatalogActionData | undefined;
}

export function busyWith(navigation: ReturnType<typeof useNavigation>, intent: string, itemId?: number) {
  const f = navigation.state === "submitting" ? navigation.formData : undefined;
  return Boolean(f && f.get("intent") === intent && (itemId === undefined || Number(f.get("itemId")) === itemId));
}

function MoveButtons({ entry }: { entry: CatalogEntry }) {
  const busy = busyWith(useNavigation(), "move", entry.id);
  if (entry.firstInGroup && entry.lastInGroup) return null;
  return (
    <Form method="post" preventScrollReset className="catalog-item__move" aria-label={`调整第${entry.number}号的顺序`}>
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="itemId" value={entry.id} />
      {(
        [
          ["up", "上移", entry.firstInGroup],
          ["down", "下移", entry.lastInGroup],
        ] as const
      ).map(([direction, label, atEnd]) => (
        <button
          key={direction}
          type="submit"
          name="direction"
          value={direction}
          className="button button--secondary"
          disabled={atEnd || busy}
          aria-label={`第${entry.number}号${label}`}
        >
          {label}
        </button>
      ))}
    </Form>
  );
}

function SummaryForm({ entry }: { entry: CatalogEntry }) {
  const actionData = useCatalogAction();
  const mine = actionData?.itemId === entry.id && actionData.reply.initialValue?.intent === "summary";
  const busy = busyWith(useNavigation(), "summary", entry.id);
  const [form, fields] = useForm({
    id: `summary-${entry.id}`,
    lastResult: mine ? actionData?.reply : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: summarySchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    defaultValue: { summary: entry.summary },
  });
  return (
    <Form method="post" preventScrollReset className="catalog-item__summary-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="summary" />
      <input type="hidden" name="itemId" value={entry.id} />
      {form.errors?.length ? (
        <div className="alert alert--error" role="alert" style={{ margin: 0 }}>
          {form.errors.join(";")}
        </div>
      ) : null}
      <Field id={fields.summary.id} label={`第${entry.number}号问题摘要`} errors={fields.summary.errors}>
        <textarea {...getTextareaProps(fields.summary)} rows={3} maxLength={2000} />
      </Field>
      <div className="catalog-item__actions">
        <button type="submit" className="button button--secondary" disabled={busy}>
          {busy ? "正在保存…" : "保存摘要"}
        </button>
      </div>
    </Form>
  );
}

function ItemMessage({ entry }: { entry: CatalogEntry }) {
  const actionData = useCatalogAction();
  if (actionData?.itemId !== entry.id) return null;
  const intent = actionData.reply.initialValue?.intent;
  // A summary's own refusals show at its field; a move's, and every confirmation, here.
  if (actionData.ok)
    return (
      <p className="catalog-item__message" role="status">
        {actionData.ok}
      </p>
    );
  if (intent === "move" && actionData.error)
    return (
      <p className="catalog-item__message field-error" role="alert">
        {actionData.error}
      </p>
    );
  return null;
}

/** One entry of the office's catalog: its heading, the move buttons, its message, the summary form, the texts. */
export function EditableItem({ entry }: { entry: CatalogEntry }) {
  return (
    <article className="catalog-item" aria-labelledby={`item-${entry.id}`} data-testid="catalog-item">
      <div className="catalog-item__head">
        <div>
          <EntryHeading entry={entry} appealHref={`/admin/appeals/${entry.trackingNumber}`} />
        </div>
        <MoveButtons entry={entry} />
      </div>
      <ItemMessage entry={entry} />
      <SummaryForm entry={entry} />
      <EntryTexts entry={entry} />
    </article>
  );
}

/** Sending the catalog, behind a confirmation that says what it does. */
export function SendConfirm({ count, late }: { count: number; late: boolean }) {
  const busy = busyWith(useNavigation(), "send");
  return (
    <details className="catalog-send">
      <summary className="button">报送市政府办公室</summary>
      <div className="catalog-send__confirm" role="group" aria-label="确认报送">
        <p>
          将本期目录(共 {count} 项)报送市政府办公室,并以短信通知其查阅目录、确认出席市领导。
          {late ? "已超过报送期限,报送记录将注明逾期。" : ""}请确认摘要和顺序已核对无误。
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="send" />
          <button type="submit" className="button" disabled={busy}>
            {busy ? "正在报送…" : "确认报送"}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={(e) => e.currentTarget.closest("details")?.removeAttribute("open")}
          >
            取消
          </button>
        </Form>
      </div>
    </details>
  );
}
