import type { ClockState } from "~/domain/clocks";
import type { OfficeAppealPage } from "~/services/views/office-appeal.server";
import { AttachmentList } from "./appeal-files";

/** Short label–value pairs on one wrapping line; a pair without a value is left out. */
export function Facts({ items }: { items: [string, string | null][] }) {
  return (
    <dl className="handling-list__facts">
      {items
        .filter((item): item is [string, string] => Boolean(item[1]))
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

const CLOCK_BADGE: Record<ClockState | "stopped", string> = {
  ok: "badge--grey",
  due_soon: "badge--warn",
  late: "badge--red",
  done_on_time: "badge--ok",
  done_late: "badge--red",
  stopped: "badge--grey",
};

const ASSIGNMENT_BADGE: Record<string, string> = {
  assigned: "badge--grey",
  accepted: "badge--ok",
  disputed: "badge--warn",
  done: "badge--ok",
  ended: "badge--grey",
};

const EXTENSION_BADGE = {
  pending: { className: "badge--warn", label: "待审核" },
  moot: { className: "badge--grey", label: "所涉环节已结束,无需审核" },
  granted: { className: "badge--ok", label: "已同意" },
  refused: { className: "badge--red", label: "不同意" },
} as const;

type Page = Pick<OfficeAppealPage, "appeal" | "assignments" | "clocks" | "replies" | "extensions">;

/** 办理情况 on the office's page: every assignment (ended ones too), clock, reply or opinion, and extension request. */
export function OfficeHandlingFacts({ page }: { page: Page }) {
  const { appeal: a, assignments, clocks, replies, extensions } = page;
  return (
    <section className="card" id="handling" aria-labelledby="handling-heading">
      <h2 id="handling-heading" style={{ marginTop: 0 }}>
        办理情况
      </h2>

      <h3>承办单位</h3>
      <ul className="handling-list" aria-label="承办单位">
        {assignments.map((x) => (
          <li key={x.id} data-testid={`assignment-${x.id}`}>
            <div className="handling-list__head">
              <strong>{x.organisation}</strong>
              <span className="hint">{x.roleLabel}</span>
              <span className={`badge ${ASSIGNMENT_BADGE[x.state]}`}>{x.stateLabel}</span>
            </div>
            <Facts
              items={[
                ["交办", `${x.assigned}${x.by ? `(${x.by})` : ""}`],
                ["接收", x.accepted],
                ["提出异议", x.disputed],
                ["结束", x.ended],
              ]}
            />
            {x.disputeReason ? <div className="hint">异议理由:{x.disputeReason}</div> : null}
            {x.disputeReason && x.proposed ? <div className="hint">建议承办单位:{x.proposed}</div> : null}
            {x.endedReason ? <div className="hint">结束原因:{x.endedReason}</div> : null}
          </li>
        ))}
      </ul>

      <h3>办理时限</h3>
      {clocks.length ? (
        <ul className="handling-list" aria-label="办理时限">
          {clocks.map((c) => (
            <li key={c.id} data-testid={`clock-${c.id}`}>
              <div className="handling-list__head">
                <strong>{c.organisation}</strong>
                <span>{c.step}</span>
                <span className={`badge ${CLOCK_BADGE[c.state]}`}>{c.stateLabel}</span>
                {c.outcome ? <span className="hint">{c.outcome}</span> : null}
              </div>
              <Facts
                items={[
                  ["开始", c.started],
                  ["期限", c.due],
                  ["原期限", c.originalDue],
                  [c.finish ?? "结束", c.finished],
                ]}
              />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">尚无计时环节。</p>
      )}

      <h3>答复与意见</h3>
      {replies.length ? (
        <ul className="handling-list" aria-label="答复与意见">
          {replies.map((r) => (
            <li key={r.id}>
              <div className="handling-list__head">
                <strong>{r.label}</strong>
                <span>{r.organisation}</span>
                <span className="hint">
                  {r.at}
                  {r.author ? ` · ${r.author}` : ""}
                </span>
              </div>
              <p className="reply-body">{r.body}</p>
              {r.attachments.length ? (
                <AttachmentList
                  files={r.attachments}
                  base={`/admin/appeals/${a.trackingNumber}/attachments`}
                  aria-label="附件"
                  style={{ margin: 0 }}
                />
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">尚无答复或意见。</p>
      )}

      {extensions.length ? (
        <>
          <h3>延期申请</h3>
          <ul className="handling-list" aria-label="延期申请">
            {extensions.map((x) => {
              const badge = EXTENSION_BADGE[x.decision ?? (x.open ? "pending" : "moot")];
              return (
                <li key={x.id}>
                  <div className="handling-list__head">
                    <strong>{x.organisation}</strong>
                    <span>{x.step}</span>
                    <span className={`badge ${badge.className}`}>{badge.label}</span>
                  </div>
                  <Facts
                    items={[
                      ["申请时间", x.requested],
                      ["申请延至", x.requestedDateLabel ?? "未写明"],
                      ["审核时间", x.decided],
                      ["新的期限", x.newDue],
                    ]}
                  />
                  <div className="hint">理由:{x.reason}</div>
                  {x.decisionNote ? <div className="hint">审核意见:{x.decisionNote}</div> : null}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}
