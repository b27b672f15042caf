import type { CycleView } from "~/utils/cycle-view";
import { WINDOW_LABEL } from "~/utils/cycle-view";

export function WindowBadge({ state }: { state: CycleView["window"] }) {
  const cls = state === "open" ? "badge--ok" : state === "closed" ? "badge--grey" : "badge--warn";
  return <span className={`badge ${cls}`}>{WINDOW_LABEL[state]}</span>;
}

export function ProvisionalNote({ years }: { years: number[] }) {
  if (years.length === 0) return null;
  return (
    <div className="alert alert--warn" role="note">
      {years.join("、")}年的国家法定节假日安排尚未发布或未经平台确认,涉及该年的日期为<strong>暂定</strong>
      ,以正式安排为准。
    </div>
  );
}

export function CycleFacts({ c, showPeople = true }: { c: CycleView; showPeople?: boolean }) {
  return (
    <dl className="facts">
      <dt>现场活动日</dt>
      <dd>
        {c.onsite}
        {c.onsiteMoved ? (
          <span className="badge badge--warn" style={{ marginLeft: ".5rem" }}>
            已调整
          </span>
        ) : null}
        {c.provisional ? (
          <span className="badge badge--warn" style={{ marginLeft: ".5rem" }}>
            暂定
          </span>
        ) : null}
      </dd>
      <dt>企业预约</dt>
      <dd>
        {c.opens} 起 至 {c.closes} 止 <WindowBadge state={c.window} />
      </dd>
      <dt>问题目录报送截止</dt>
      <dd>{c.catalogDue}</dd>
      <dt>议程审定截止</dt>
      <dd>{c.agendaDue}</dd>
      <dt>承诺公布截止</dt>
      <dd>{c.commitmentsDue}</dd>
      {showPeople ? (
        <>
          <dt>出席市领导</dt>
          <dd>{c.leader ?? "待定"}</dd>
          <dt>轮值秘书长</dt>
          <dd>{c.secretaryGeneral ?? "待定"}</dd>
        </>
      ) : null}
    </dl>
  );
}
