import type { ReactNode } from "react";
import type { AgendaDaySlot } from "~/components/calendar/agenda-day";
import { DocumentLinks } from "~/components/document-links";
import type { AgendaStatus } from "~/domain/agenda";
import type { AgendaIssue, AgendaView } from "~/services/views/agenda-page.server";

type View = AgendaView;

export const AGENDA_STATUS_BADGE: Record<AgendaStatus, string> = {
  draft: "badge--grey",
  submitted: "badge--warn",
  returned: "badge--red",
  approved: "badge--ok",
};

export function AgendaHeader({ cycle, children }: { cycle: View["cycle"]; children?: ReactNode }) {
  return (
    <section className="card" aria-labelledby="agenda-facts">
      <h2 id="agenda-facts" style={{ marginTop: 0 }}>
        议程概况{" "}
        <span className={`badge ${AGENDA_STATUS_BADGE[cycle.status]}`} data-testid="agenda-status">
          {cycle.statusLabel}
        </span>
        {cycle.version > 0 ? <span className="hint"> 第{cycle.version}版</span> : null}
      </h2>
      <dl className="facts">
        <dt>现场活动日</dt>
        <dd>{cycle.onsite}</dd>
        <dt>报送审定期限</dt>
        <dd>
          {cycle.due} {cycle.late ? <span className="badge badge--red">已逾期</span> : null}
        </dd>
        <dt>活动地点</dt>
        <dd>{cycle.place || <span className="muted">尚未确定</span>}</dd>
        <dt>轮值秘书长</dt>
        <dd>{cycle.secretaryGeneral ?? <span className="muted">尚未指定</span>}</dd>
        <dt>出席市领导</dt>
        <dd>{cycle.leader ?? <span className="muted">尚未指定</span>}</dd>
      </dl>
      <DocumentLinks cycleNumber={cycle.number} />
      {children}
    </section>
  );
}

/** The picked issues that have a time, for the day's time grid. */
export function daySlots(picked: View["picked"]): AgendaDaySlot[] {
  return picked.flatMap((p) =>
    p.slotStart && p.slotEnd
      ? [{ number: p.number, title: p.title, enterpriseName: p.enterpriseName, start: p.slotStart, end: p.slotEnd }]
      : [],
  );
}

/** The issues picked for the day, in time order: what the leader approves. */
export function PickedTable({ picked }: { picked: View["picked"] }) {
  if (picked.length === 0) return <p className="muted">尚未选定现场活动议题。</p>;
  return (
    <div className="table-wrap">
      <table className="table table--cards" aria-label="现场活动议程">
        <thead>
          <tr>
            <th scope="col">时段</th>
            <th scope="col">编号</th>
            <th scope="col">企业与问题</th>
            <th scope="col">牵头部门</th>
            <th scope="col">参加单位</th>
          </tr>
        </thead>
        <tbody>
          {picked.map((p) => (
            <tr key={p.id} data-testid="picked">
              <td data-label="时段" className="agenda-slot">
                {p.slot ?? <span className="badge badge--warn">未安排时段</span>}
              </td>
              <td data-label="编号">第{p.number}号</td>
              <td data-label="问题">
                {p.title}
                <div className="hint">{p.enterpriseName}</div>
              </td>
              <td data-label="牵头部门">{p.leadName ?? "—"}</td>
              <td data-label="参加单位">
                {p.attendees.length ? p.attendees.join("、") : <span className="badge badge--warn">未确定</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AgendaHistory({ history }: { history: View["history"] }) {
  return (
    <section className="card" aria-labelledby="agenda-history">
      <h2 id="agenda-history" style={{ marginTop: 0 }}>
        报送与审定记录
      </h2>
      {history.length === 0 ? (
        <p className="muted">尚未报送。</p>
      ) : (
        <ol className="timeline" aria-label="报送与审定记录">
          {history.map((h) => (
            <li key={h.id} data-testid="agenda-review">
              <div>
                <strong>{h.label}</strong> <span className="hint">第{h.version}版</span>
              </div>
              <div className="hint">
                {h.at} · {h.actor}
              </div>
              {h.remarks ? <div>退回意见:{h.remarks}</div> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The catalog's texts for one issue: its summary, and the department's reply and county opinion folded. */
export function IssueTexts({ issue }: { issue: AgendaIssue }) {
  return (
    <>
      <p className="agenda-issue__summary">{issue.summary}</p>
      {issue.reply || issue.countyOpinion ? (
        <details className="agenda-issue__texts">
          <summary>
            {[issue.reply ? "部门答复意见" : null, issue.countyOpinion ? "县区意见" : null].filter(Boolean).join("与")}
          </summary>
          {issue.reply ? (
            <>
              <h4>{issue.leadName ?? "牵头部门"}答复意见</h4>
              <p className="reply-body">{issue.reply}</p>
            </>
          ) : null}
          {issue.countyOpinion ? (
            <>
              <h4>县区意见</h4>
              <p className="reply-body">{issue.countyOpinion}</p>
            </>
          ) : null}
        </details>
      ) : (
        <p className="hint">牵头部门尚未答复办理意见。</p>
      )}
    </>
  );
}

export function IssueHeading({ issue }: { issue: AgendaIssue }) {
  return (
    <h3 id={`issue-${issue.id}`} className="agenda-issue__title">
      <span className="agenda-issue__number">第{issue.number}号</span> {issue.title}
      {issue.selected ? <span className="badge badge--ok">现场议题</span> : null}
      <span className="hint agenda-issue__enterprise">
        {issue.enterpriseName} · {issue.trackingNumber}
        {issue.regionName ? ` · ${issue.regionName}` : ""}
      </span>
    </h3>
  );
}

/** An issue as the leader (or the secretary-general, while it is locked) reads it. */
export function IssueReadOnly({ issue }: { issue: AgendaIssue }) {
  return (
    <article className="agenda-issue" aria-labelledby={`issue-${issue.id}`} data-testid="agenda-issue">
      <IssueHeading issue={issue} />
      <IssueTexts issue={issue} />
      <dl className="facts">
        <dt>拟办意见</dt>
        <dd className="reply-body">{issue.proposedOpinion || <span className="badge badge--warn">尚无</span>}</dd>
        <dt>已征求意见</dt>
        <dd>{issue.consulted.length ? issue.consulted.join("、") : <span className="muted">—</span>}</dd>
        {issue.selected ? (
          <>
            <dt>现场时段</dt>
            <dd>{issue.slotStart && issue.slotEnd ? `${issue.slotStart}—${issue.slotEnd}` : "未安排"}</dd>
            <dt>参加单位</dt>
            <dd>{issue.attendees.join("、") || "未确定"}</dd>
          </>
        ) : null}
      </dl>
    </article>
  );
}

/** The issues under their catalog group headings (lead department · category), in catalog order. */
export function IssueGroups({ issues, render }: { issues: AgendaIssue[]; render: (i: AgendaIssue) => ReactNode }) {
  const groups: { name: string; issues: AgendaIssue[] }[] = [];
  for (const i of issues) {
    const last = groups[groups.length - 1];
    if (last && last.name === i.group) last.issues.push(i);
    else groups.push({ name: i.group, issues: [i] });
  }
  return (
    <>
      {groups.map((g) => (
        <section key={g.name} className="agenda-group" aria-label={g.name}>
          <h3 className="agenda-group__title">{g.name}</h3>
          {g.issues.map((i) => render(i))}
        </section>
      ))}
    </>
  );
}
