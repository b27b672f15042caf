import type { ComponentProps, ReactNode } from "react";

/** A published commitment: who answers for it, by when, how; `deadlineBadge` follows the deadline. */
export function CommitmentFacts({
  commitment: c,
  deadlineBadge,
  ...list
}: {
  commitment: {
    leader: string | null;
    person: string | null;
    deadline: string | null;
    measures: string | null;
    at: string;
  };
  deadlineBadge?: ReactNode;
} & ComponentProps<"dl">) {
  return (
    <dl className="facts" {...list}>
      <dt>责任领导</dt>
      <dd>{c.leader}</dd>
      <dt>责任人</dt>
      <dd>{c.person}</dd>
      <dt>完成时限</dt>
      <dd>
        {c.deadline}
        {deadlineBadge ? <> {deadlineBadge}</> : null}
      </dd>
      <dt>工作措施</dt>
      <dd className="task-text">{c.measures}</dd>
      <dt>公布时间</dt>
      <dd>{c.at}</dd>
    </dl>
  );
}

/** A task's progress updates, oldest first (with who wrote each, where given). */
export function ProgressTimeline({
  items,
  ...list
}: { items: { id: number; body: string; at: string; author?: string }[] } & ComponentProps<"ol">) {
  return (
    <ol className="timeline" aria-label="办理进展" {...list}>
      {items.map((p) => (
        <li key={p.id}>
          <div className="task-text">{p.body}</div>
          <div className="hint">
            {p.at}
            {p.author ? ` · ${p.author}` : ""}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** A limit's state beside it: late (by how much) or due soon. */
export function DueBadge({ state, lateBy }: { state: string | null; lateBy?: string | null }) {
  if (state === "late") return <span className="badge badge--red">已逾期 {lateBy}</span>;
  if (state === "due_soon") return <span className="badge badge--warn">即将到期</span>;
  return null;
}

/** The enterprise's rating: satisfied in green, dissatisfied in red. */
export function RatingBadge({ rating }: { rating: { label: string; dissatisfied: boolean } }) {
  return <span className={`badge ${rating.dissatisfied ? "badge--red" : "badge--ok"}`}>{rating.label}</span>;
}

/** A task's state as a badge colour: amber while it waits for the commitment, red when the enterprise is not satisfied. */
export const TASK_STATE_BADGE: Record<string, string> = {
  open: "badge--warn",
  committed: "badge--ok",
  completed: "badge--grey",
  reopened: "badge--red",
  closed: "badge--grey",
};
