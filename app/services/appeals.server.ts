/** Intake of appeals from every channel: one transaction from the form (or API body) to the stored receipt. */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import {
  OUTSIDE_CITY_REASON,
  registryCheck,
  screeningDueAt,
  statusAfterRegistryCheck,
  trackingNumber,
  type AppealChannel,
} from "~/domain/appeal";
import type { SniffedType } from "~/domain/attachment";
import { bookingWindowState } from "~/domain/cycle-schedule";
import { appendAppealEvent, cityRegionCodes, findBySubmissionKey, nextTrackingSequence } from "~/models/appeal.server";
import { loadWorkCalendar } from "~/models/calendar.server";
import { cycleTakingAppealsAt } from "~/models/cycle.server";
import { queueReceiptNotices } from "~/services/appeal-notices.server";
import type { AppealInput } from "~/schemas/appeal";
import { CITY_CODE } from "~/utils/city";
import type { Database } from "../../db/schema";

export interface IntakeAttachment {
  filename: string;
  type: SniffedType;
  bytes: Uint8Array;
}

export interface IntakeContext {
  channel: AppealChannel;
  /** Scoped by who sent it: `form:<userId>:<uuid>` or `api:<keyId>:<Idempotency-Key>`. */
  submissionKey: string;
  registeredBy: number | null;
  apiKeyId?: number | null;
  enterpriseOrganisationId: number | null;
  now: Date;
}

export type IntakeResult =
  | {
      ok: true;
      created: boolean;
      appealId: number;
      trackingNumber: string;
    }
  | { ok: false; error: string };

export async function submitAppeal(
  db: Kysely<Database>,
  input: AppealInput,
  attachments: IntakeAttachment[],
  ctx: IntakeContext,
): Promise<IntakeResult> {
  const existing = await findBySubmissionKey(db, ctx.submissionKey);
  if (existing) return { ok: true, created: false, appealId: existing.id, trackingNumber: existing.tracking_number };

  return db.transaction().execute(async (trx) => {
    const cycle = await cycleTakingAppealsAt(trx, ctx.now);
    if (!cycle) return { ok: false, error: "暂无可预约的期次,请联系平台管理员。" };
    const [cal, regions, entry] = await Promise.all([
      loadWorkCalendar(trx),
      cityRegionCodes(trx, CITY_CODE),
      trx
        .selectFrom("enterprises")
        .select(["id", "name", "region_code"])
        .where("credit_code", "=", input.creditCode)
        .executeTakeFirst(),
    ]);
    const category = await trx
      .selectFrom("appeal_categories")
      .select("id")
      .where("id", "=", input.categoryId)
      .where("active", "=", true)
      .executeTakeFirst();
    if (!category) return { ok: false, error: "所选诉求类别不存在或已停用,请重新选择。" };
    const check = registryCheck(input, entry, regions);
    // Registered for an enterprise by the window, the hotline or the API: its account sees it too.
    const enterpriseOrganisationId =
      ctx.enterpriseOrganisationId ??
      (entry && check !== "unknown_code"
        ? ((
            await trx
              .selectFrom("organisations")
              .select("id")
              .where("kind", "=", "enterprise")
              .where("enterprise_id", "=", entry.id)
              .executeTakeFirst()
          )?.id ?? null)
        : null);
    const status = statusAfterRegistryCheck(check);
    const number = trackingNumber(ctx.now, await nextTrackingSequence(trx));
    const row = await trx
      .insertInto("appeals")
      .values({
        tracking_number: number,
        submission_key: ctx.submissionKey,
        cycle_id: cycle.id,
        channel: ctx.channel,
        registered_by: ctx.registeredBy,
        api_key_id: ctx.apiKeyId ?? null,
        enterprise_organisation_id: enterpriseOrganisationId,
        enterprise_id: check === "unknown_code" ? null : (entry?.id ?? null),
        credit_code: input.creditCode,
        enterprise_name: input.enterpriseName,
        contact_name: input.contactName,
        contact_phone: input.contactPhone,
        contact_email: input.contactEmail ?? null,
        title: input.title,
        content: input.content,
        category_id: input.categoryId,
        publish_name: input.publishName,
        registry_check: check,
        status,
        rejection_reason: status === "rejected" ? OUTSIDE_CITY_REASON : null,
        received_at: ctx.now,
        screening_due_at: screeningDueAt(cal, ctx.now),
        updated_at: ctx.now,
      })
      // A second submission of the same form, racing the first: it becomes the first.
      .onConflict((oc) => oc.column("submission_key").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) {
      const first = await findBySubmissionKey(trx, ctx.submissionKey);
      return { ok: true, created: false, appealId: first!.id, trackingNumber: first!.tracking_number };
    }
    for (const a of attachments) {
      await trx
        .insertInto("appeal_attachments")
        .values({
          appeal_id: row.id,
          filename: a.filename,
          media_type: a.type.mediaType,
          size: a.bytes.byteLength,
          sha256: createHash("sha256").update(a.bytes).digest("hex"),
          content: Buffer.from(a.bytes),
          created_at: ctx.now,
        })
        .execute();
    }
    const nextCycle = bookingWindowState(cycle, ctx.now) === "not_yet_open";
    await appendAppealEvent(trx, {
      appealId: row.id,
      at: ctx.now,
      actorId: ctx.registeredBy,
      action: "received",
      from: null,
      to: status === "rejected" ? "screening" : status,
      publicNote: nextCycle
        ? `诉求已受理登记。本期预约已截止,您的诉求纳入第${cycle.number}期(现场活动日 ${cycle.onsiteDate})。`
        : `诉求已受理登记,纳入第${cycle.number}期。`,
    });
    if (status === "registry_review") {
      await appendAppealEvent(trx, {
        appealId: row.id,
        at: ctx.now,
        actorId: null,
        action: "registry_review_required",
        from: null,
        to: "registry_review",
        publicNote: "企业信息与法人库不一致,已转市市场监督管理局核实。",
      });
    }
    if (status === "rejected") {
      await appendAppealEvent(trx, {
        appealId: row.id,
        at: ctx.now,
        actorId: null,
        action: "rejected",
        from: "screening",
        to: "rejected",
        reason: OUTSIDE_CITY_REASON,
        publicNote: `不予受理:${OUTSIDE_CITY_REASON}`,
      });
    }
    await queueReceiptNotices(trx, row.id, ctx.now);
    return { ok: true, created: true, appealId: row.id, trackingNumber: number };
  });
}
