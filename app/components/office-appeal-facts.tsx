import type { ReactNode } from "react";
import type { OfficeAppealPage } from "~/services/views/office-appeal.server";
import { AttachmentList } from "./appeal-files";

function DueBadge({ state }: { state: string | null }) {
  if (state === "late") return <span className="badge badge--red">已逾期</span>;
  if (state === "due_soon") return <span className="badge badge--warn">即将到期</span>;
  return null;
}

/** A term and its description, left out where there is nothing to describe. */
function Fact({ term, children }: { term: string; children: ReactNode }) {
  return children ? (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  ) : null;
}

/** The office's view of an appeal as received: its intake, its enterprise (with the registry entry), its content. */
export function OfficeAppealFacts({
  page,
  pending,
}: {
  page: Pick<OfficeAppealPage, "appeal" | "registry" | "attachments">;
  /** Whether something waits for the office's decision: a link goes there. */
  pending: boolean;
}) {
  const { appeal: a, registry, attachments } = page;
  return (
    <>
      <section className="card" aria-labelledby="facts-heading">
        <h2 id="facts-heading" style={{ marginTop: 0 }}>
          受理情况
        </h2>
        <dl className="facts">
          <dt>受理编号</dt>
          <dd data-testid="tracking-number">{a.trackingNumber}</dd>
          <dt>当前状态</dt>
          <dd data-testid="appeal-status">{a.statusLabel}</dd>
          <dt>所属期次</dt>
          <dd>
            第{a.cycleNumber}期,现场活动日 {a.onsite}
          </dd>
          <dt>受理时间</dt>
          <dd>
            {a.received}({a.channel}
            {a.registeredBy ? `,${a.registeredBy}登记` : ""})
          </dd>
          <dt>甄别期限</dt>
          <dd>
            {a.screeningDue} <DueBadge state={a.dueState} />
          </dd>
          <Fact term="甄别时间">{a.screened}</Fact>
          <Fact term="承办县区">{a.countyName}</Fact>
          <Fact term="不予受理原因">{a.rejectionReason}</Fact>
        </dl>
        {pending ? (
          <p className="alert alert--warn" style={{ margin: "0.75rem 0 0" }}>
            本诉求有待平台处理的事项:<a href="#decide">前往处理</a>
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="enterprise-heading">
        <h2 id="enterprise-heading" style={{ marginTop: 0 }}>
          企业
        </h2>
        <dl className="facts">
          <dt>企业名称</dt>
          <dd>{a.enterpriseName}</dd>
          <dt>统一社会信用代码</dt>
          <dd>{a.creditCode}</dd>
          <dt>法人库核验</dt>
          <dd>{a.registryCheck}</dd>
          {registry ? (
            <>
              <dt>法人库登记名称</dt>
              <dd>{registry.name}</dd>
              <dt>法人库登记地</dt>
              <dd>{registry.region}</dd>
              <dt>登记状态</dt>
              <dd>{registry.status}</dd>
              <Fact term="住所">{registry.address}</Fact>
            </>
          ) : null}
          <dt>联系人</dt>
          <dd>{a.contactName}</dd>
          <dt>联系电话</dt>
          <dd>{a.contactPhone}</dd>
          <Fact term="电子邮箱">{a.contactEmail}</Fact>
          <dt>公开答复</dt>
          <dd>{a.publishName ? "同意显示企业名称" : "隐去企业名称"}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="content-heading">
        <h2 id="content-heading" style={{ marginTop: 0 }}>
          {a.title}
        </h2>
        <p className="hint">诉求类别:{a.category}</p>
        <p style={{ whiteSpace: "pre-wrap" }}>{a.content}</p>
        <h3>附件</h3>
        {attachments.length ? (
          <AttachmentList
            className="files"
            files={attachments}
            base={`/admin/appeals/${a.trackingNumber}/attachments`}
          />
        ) : (
          <p className="muted">无附件。</p>
        )}
      </section>
    </>
  );
}
