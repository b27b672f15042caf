import { formatDateZh } from "~/domain/calendar";

/** The leader's decision on an issue as recorded: what is to be done, by whom, by when. */
export function DecisionFacts({
  decision,
}: {
  decision: { text: string; leadName: string; coNames: string[]; dueDate: string } | null;
}) {
  if (!decision) return <p className="muted">尚未记录处理意见。</p>;
  return (
    <dl className="facts">
      <dt>处理意见</dt>
      <dd className="reply-body">{decision.text}</dd>
      <dt>牵头部门</dt>
      <dd>{decision.leadName}</dd>
      <dt>协办部门</dt>
      <dd>{decision.coNames.length ? decision.coNames.join("、") : "—"}</dd>
      <dt>办理时限</dt>
      <dd>{formatDateZh(decision.dueDate)}</dd>
    </dl>
  );
}
