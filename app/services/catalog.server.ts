/**
 * The cycle's catalog (企业问题目录) and on-site agenda (SPEC §4 steps 6–7): the office compiles the
 * city-level appeals of a cycle with stable numbers, edits summaries and the order, and sends the catalog
 * to the government office; the government office confirms the attending leader; the secretary-general
 * writes proposed opinions, picks and times the issues and submits the list; the leader returns it with
 * remarks or approves it, which sends the invitations. Every step is audited; an approved agenda that
 * changes is approved again, and only those the change concerns are invited again.
 */
import type { Kysely } from "kysely";
import { neighbourInGroup } from "~/domain/agenda";
import { formatDateZh } from "~/domain/calendar";
import { appendAudit, type Db } from "~/models/audit.server";
import { catalogOf } from "~/models/catalog.server";
import { transitionCycle } from "~/services/cycle-state.server";
import { enqueueNotification } from "~/services/notifications.server";
import { Refusal, refusableStep, type StepResult } from "~/services/refusal.server";
import type { Database } from "../../db/schema";

export type CatalogResult = StepResult;

async function lockCycle(trx: Db, cycleId: number) {
  const c = await trx.selectFrom("cycles").selectAll().where("id", "=", cycleId).forUpdate().executeTakeFirst();
  if (!c) throw new Refusal("没有找到该期次。");
  return c;
}

/** The first lines of an appeal, as the summary the office starts from. */
function defaultSummary(title: string, content: string): string {
  const text = content.replace(/\s+/g, " ").trim();
  return `${title}。${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
}

/**
 * Add the cycle's city-level appeals not yet in its catalog, numbered after the last one in catalog order;
 * safe to run again (an appeal is in at most one catalog).
 */
export function compileCatalog(
  db: Kysely<Database>,
  input: { cycleId: number; actorId: number; now: Date },
): Promise<CatalogResult> {
  return refusableStep(db, async (trx) => {
    const cycle = await lockCycle(trx, input.cycleId);
    if (cycle.agenda_status === "approved") throw new Refusal("议程已经市领导审定,目录不再增补。");
    const fresh = await trx
      .selectFrom("appeals as a")
      .leftJoin("catalog_items as ci", "ci.appeal_id", "a.id")
      .innerJoin("appeal_categories as cat", "cat.id", "a.category_id")
      .leftJoin("appeal_assignments as s", (j) =>
        j.onRef("s.appeal_id", "=", "a.id").on("s.role", "=", "lead").on("s.ended_at", "is", null),
      )
      .select(["a.id", "a.title", "a.content"])
      .where("a.cycle_id", "=", input.cycleId)
      .where("a.level", "=", "city")
      .where("a.status", "in", ["city", "replied"])
      .where("ci.id", "is", null)
      .orderBy("s.organisation_id")
      .orderBy("cat.position")
      .orderBy("a.received_at")
      .execute();
    if (fresh.length === 0) return "没有新的市级诉求需要纳入目录。";
    const last = await trx
      .selectFrom("catalog_items")
      .select((eb) => eb.fn.max("number").as("n"))
      .where("cycle_id", "=", input.cycleId)
      .executeTakeFirst();
    let number = Number(last?.n ?? 0);
    for (const a of fresh) {
      number += 1;
      await trx
        .insertInto("catalog_items")
        .values({
          cycle_id: input.cycleId,
          appeal_id: a.id,
          number,
          summary: defaultSummary(a.title, a.content),
          position: number,
          added_at: input.now,
          added_by: input.actorId,
        })
        .execute();
    }
    await appendAudit(trx, {
      entity: "cycle",
      entityId: input.cycleId,
      action: "catalog.compiled",
      actorId: input.actorId,
      at: input.now,
      to: { added: fresh.length, lastNumber: number },
    });
    return `已纳入 ${fresh.length} 件市级诉求,目录共 ${number} 项。`;
  });
}

export function updateSummary(
  db: Kysely<Database>,
  input: { itemId: number; summary: string; actorId: number; now: Date },
): Promise<CatalogResult> {
  return refusableStep(db, async (trx) => {
    const summary = input.summary.trim();
    if (!summary) throw new Refusal("请填写问题摘要", "summary");
    if (summary.length > 2000) throw new Refusal("问题摘要不超过2000字", "summary");
    const item = await trx
      .selectFrom("catalog_items")
      .select(["id", "cycle_id", "number", "summary"])
      .where("id", "=", input.itemId)
      .forUpdate()
      .executeTakeFirst();
    if (!item) throw new Refusal("没有找到该目录条目。");
    if (item.summary === summary) return "没有需要保存的修改。";
    await trx.updateTable("catalog_items").set({ summary }).where("id", "=", item.id).execute();
    await appendAudit(trx, {
      entity: "catalog_item",
      entityId: item.id,
      action: "catalog.summary_edited",
      actorId: input.actorId,
      at: input.now,
      from: { summary: item.summary },
      to: { summary },
    });
    return `已保存第${item.number}号问题的摘要。`;
  });
}

/** Move an item one place up or down within its group (lead department and category). */
export function moveItem(
  db: Kysely<Database>,
  input: { itemId: number; direction: "up" | "down"; actorId: number; now: Date },
): Promise<CatalogResult> {
  return refusableStep(db, async (trx) => {
    const item = await trx
      .selectFrom("catalog_items")
      .select(["cycle_id"])
      .where("id", "=", input.itemId)
      .executeTakeFirst();
    if (!item) throw new Refusal("没有找到该目录条目。");
    await lockCycle(trx, item.cycle_id);
    const items = await catalogOf(trx, item.cycle_id);
    const me = items.find((x) => x.id === input.itemId)!;
    const other = neighbourInGroup(items, input.itemId, input.direction);
    if (!other) return "已在本组的" + (input.direction === "up" ? "最前" : "最后") + "。";
    // Swap; equal positions (from a fresh compile) are told apart by the number, as the order shows them.
    const [p1, p2] =
      me.position === other.position
        ? [other.position, me.position + (input.direction === "up" ? 1 : -1)]
        : [other.position, me.position];
    await trx.updateTable("catalog_items").set({ position: p1 }).where("id", "=", me.id).execute();
    await trx.updateTable("catalog_items").set({ position: p2 }).where("id", "=", other.id).execute();
    await appendAudit(trx, {
      entity: "catalog_item",
      entityId: me.id,
      action: "catalog.moved",
      actorId: input.actorId,
      at: input.now,
      to: { direction: input.direction, swappedWith: other.number },
    });
    return `第${me.number}号已${input.direction === "up" ? "上移" : "下移"}。`;
  });
}

/** Send the catalog to the government office; lateness against the catalog's due time is kept. */
export function sendCatalog(
  db: Kysely<Database>,
  input: { cycleId: number; actorId: number; now: Date },
): Promise<CatalogResult> {
  return refusableStep(db, async (trx) => {
    const cycle = await lockCycle(trx, input.cycleId);
    if (cycle.catalog_sent_at) throw new Refusal("目录已报送市政府办公室。");
    const items = await catalogOf(trx, input.cycleId);
    if (items.length === 0) throw new Refusal("目录为空,请先汇总本期市级诉求。");
    const late = input.now > cycle.catalog_due_at;
    await transitionCycle(trx, {
      cycleId: cycle.id,
      life: "catalog",
      action: "catalog.sent",
      actorId: input.actorId,
      at: input.now,
      audit: { items: items.length, late },
      owed: async () => {
        const office = await trx
          .selectFrom("organisations")
          .select(["contact_phone", "contact_email", "name"])
          .where("kind", "=", "government_office")
          .where("active", "=", true)
          .execute();
        for (const o of office) {
          const text = `【直通车】第${cycle.number}期企业问题目录(${items.length}项)已报送,现场活动日${formatDateZh(cycle.onsite_date)},请登录平台查阅并确认出席市领导。`;
          if (o.contact_phone)
            await enqueueNotification(trx, {
              dedupeKey: `cycle:${cycle.id}:catalog-sent:sms:${o.contact_phone}`,
              channel: "sms",
              recipient: o.contact_phone,
              template: "catalog-sent",
              text,
              now: input.now,
            });
        }
        return {};
      },
    });
    return late ? `目录已报送(晚于报送期限)。` : "目录已报送市政府办公室。";
  });
}

/** The government office confirms the attending leader (or names another from the roster). */
export function confirmLeader(
  db: Kysely<Database>,
  input: { cycleId: number; leaderId: number; actorId: number; now: Date },
): Promise<CatalogResult> {
  return refusableStep(db, async (trx) => {
    const cycle = await lockCycle(trx, input.cycleId);
    const leader = await trx
      .selectFrom("roster_members")
      .select(["id", "name", "kind", "active"])
      .where("id", "=", input.leaderId)
      .executeTakeFirst();
    if (!leader || leader.kind !== "leader" || !leader.active) throw new Refusal("请选择名单中的市领导", "leaderId");
    await trx
      .updateTable("cycles")
      .set({
        leader_id: leader.id,
        leader_confirmed_at: input.now,
        leader_confirmed_by: input.actorId,
        updated_at: input.now,
      })
      .where("id", "=", cycle.id)
      .execute();
    await appendAudit(trx, {
      entity: "cycle",
      entityId: cycle.id,
      action: "leader.confirmed",
      actorId: input.actorId,
      at: input.now,
      from: { leaderId: cycle.leader_id },
      to: { leaderId: leader.id, name: leader.name },
    });
    return `已确认出席市领导:${leader.name}。`;
  });
}
