import type { ClockState } from "~/domain/clocks";
import type { HandlingAppealPage, OwnAssignment } from "~/services/views/handling-appeal.server";
import { AttachmentList } from "./appeal-files";
import { AcceptForm, CountyForms, DisputeForm, ExtensionBlock, OpinionForm } from "./assignment-forms";

const CLOCK_BADGE: Record<ClockState, string> = {
  ok: "badge--grey",
  due_soon: "badge--warn",
  late: "badge--red",
  done_on_time: "badge--ok",
  done_late: "badge--red",
};

/** Files of a reply on the handling page. */
export function HandlingFiles({ files, trackingNumber }: { files: OwnFile[]; trackingNumber: string }) {
  return <AttachmentList className="files" files={files} base={`/handling/${trackingNumber}/attachments`} />;
}
type OwnFile = HandlingAppealPage["attachments"][number];

/** One of the organisation's own assignments: its facts, clocks, extension requests, and the steps it may take. */
export function AssignmentCard({ s, page }: { s: OwnAssignment; page: HandlingAppealPage }) {
  const open = s.clocks.find((c) => c.state === "ok" || c.state === "due_soon" || c.state === "late");
  const badge =
    s.state === "disputed" || open?.state === "due_soon"
      ? "badge--warn"
      : open?.state === "late"
        ? "badge--red"
        : open
          ? "badge--ok"
          : "badge--grey";
  return (
    <section className="card" aria-labelledby={`assignment-${s.id}`} data-testid="assignment">
      <h2 id={`assignment-${s.id}`} style={{ marginTop: 0 }}>
        本单位职责:{s.roleLabel} <span className={`badge ${badge}`}>{s.stateLabel}</span>
      </h2>
      <dl className="facts">
        <dt>交办时间</dt>
        <dd>{s.assigned}</dd>
        {s.accepted ? (
          <>
            <dt>接收时间</dt>
            <dd>{s.accepted}</dd>
          </>
        ) : null}
        {s.disputed ? (
          <>
            <dt>提出异议</dt>
            <dd>
              {s.disputed}
              <div>
                理由:{s.disputeReason}
                {s.proposed ? `(建议由${s.proposed}承办)` : ""}
              </div>
            </dd>
          </>
        ) : null}
        {s.ended ? (
          <>
            <dt>结束</dt>
            <dd>
              {s.ended}
              {s.endedReason ? `:${s.endedReason}` : ""}
            </dd>
          </>
        ) : null}
      </dl>

      <h3>办理时限</h3>
      <div className="table-wrap">
        <table className="table table--cards" aria-label="办理时限">
          <thead>
            <tr>
              <th scope="col">环节</th>
              <th scope="col">开始</th>
              <th scope="col">期限</th>
              <th scope="col">完成</th>
              <th scope="col">情况</th>
            </tr>
          </thead>
          <tbody>
            {s.clocks.map((c) => (
              <tr key={c.id} data-testid="clock">
                <td data-label="环节">{c.step}</td>
                <td data-label="开始">{c.started}</td>
                <td data-label="期限">
                  {c.due}
                  {c.originalDue ? <div className="hint">原期限 {c.originalDue}</div> : null}
                </td>
                <td data-label="完成">{c.finished ?? <span className="muted">—</span>}</td>
                <td data-label="情况">
                  <span className={`badge ${c.state ? CLOCK_BADGE[c.state] : "badge--grey"}`}>{c.stateLabel}</span>
                  {c.outcome && c.outcome !== c.stateLabel ? <div className="hint">{c.outcome}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {s.extensions.length ? (
        <>
          <h3>延期申请</h3>
          <ul className="stack-list">
            {s.extensions.map((x) => (
              <li key={x.id}>
                <div>
                  “{x.step}” · {x.requested} 申请
                  {x.requestedDateLabel ? `延至 ${x.requestedDateLabel}` : ""}{" "}
                  {x.decision === "granted" ? (
                    <span className="badge badge--ok">已同意</span>
                  ) : x.decision === "refused" ? (
                    <span className="badge badge--red">未同意</span>
                  ) : (
                    <span className="badge badge--warn">待平台审核</span>
                  )}
                </div>
                <div className="hint">理由:{x.reason}</div>
                {x.decision ? (
                  <div className="hint">
                    {x.decided} 平台{x.decision === "granted" ? `同意,新期限 ${x.newDue}` : "不同意"}
                    {x.decisionNote ? `:${x.decisionNote}` : ""}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {s.mayAccept ? (
        <div className="grid" style={{ alignItems: "start", marginTop: "1rem" }}>
          <AcceptForm s={s} />
          <DisputeForm s={s} owners={page.owners} />
        </div>
      ) : null}
      {s.opinionForm ? (
        <div style={{ marginTop: "1rem" }}>
          {s.opinionForm === "lead" ? <CoOpinions page={page} /> : null}
          <OpinionForm s={s} submissionKey={page.submissionKey} />
        </div>
      ) : null}
      {s.countyMayAct ? (
        <div style={{ marginTop: "1rem" }}>
          <CountyForms s={s} submissionKey={page.submissionKey} />
        </div>
      ) : null}
      {s.extension ? (
        <div style={{ marginTop: "1rem", paddingTop: "0.75rem", borderTop: "1px solid var(--line)" }}>
          <ExtensionBlock s={s} />
        </div>
      ) : null}
      {s.state === "disputed" ? <p className="muted">异议已提交,平台将重新研究交办;在此期间无需办理。</p> : null}
      {s.role === "county" && s.state === "assigned" && page.appeal.status === "escalation_review" ? (
        <p className="muted">提级申请已提交,平台审核后将告知结果;退回的,须继续办理。</p>
      ) : null}
    </section>
  );
}

/** What the lead reads before replying: the co-departments' opinions, and who has not given one yet. */
function CoOpinions({ page }: { page: HandlingAppealPage }) {
  if (page.coCount === 0) return null;
  const opinions = page.replies.filter((r) => r.kind === "opinion");
  return (
    <div className="co-opinions" aria-labelledby="co-opinions-title" role="region">
      <h3 id="co-opinions-title" style={{ marginTop: 0 }}>
        协办意见({opinions.length} / {page.coCount})
      </h3>
      {opinions.length ? (
        <ul className="stack-list">
          {opinions.map((r) => (
            <li key={r.id}>
              <div>
                <strong>{r.organisation}</strong> <span className="hint">{r.at}</span>
              </div>
              <div style={{ whiteSpace: "pre-wrap" }}>{r.body}</div>
              {r.attachments.length ? (
                <HandlingFiles files={r.attachments} trackingNumber={page.appeal.trackingNumber} />
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {page.coPending.length ? (
        <p className="alert alert--warn" role="note" data-testid="co-pending" style={{ marginBottom: 0 }}>
          尚未提出协办意见:{page.coPending.map((c) => `${c.name}(${c.state})`).join("、")}
        </p>
      ) : (
        <p className="hint" style={{ marginBottom: 0 }}>
          协办部门均已提出意见。
        </p>
      )}
    </div>
  );
}
