import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CycleFacts, ProvisionalNote } from "~/components/cycle-facts";
import { ROLE_LABEL, mayEnter, type Role } from "~/domain/roles";
import { inboxCounts } from "~/models/handling.server";
import { cycleTakingAppeals } from "~/services/schedule.server";
import { requireArea } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { cycleView, type CycleView } from "~/utils/cycle-view";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "我的工作台 · 直通车" }];

/** The dates of the current cycle that matter to each role, in the order they fall. */
const ROLE_DATES: Record<Role, { label: string; pick: (c: CycleView) => string }[]> = {
  enterprise: [
    { label: "预约截止", pick: (c) => c.closes },
    { label: "现场活动日", pick: (c) => c.onsite },
  ],
  window_clerk: [{ label: "预约截止(此后登记的诉求顺延至下一期)", pick: (c) => c.closes }],
  hotline_operator: [{ label: "预约截止(此后登记的诉求顺延至下一期)", pick: (c) => c.closes }],
  platform_admin: [
    { label: "预约截止", pick: (c) => c.closes },
    { label: "问题目录报送市政府办公室", pick: (c) => c.catalogDue },
    { label: "议程审定", pick: (c) => c.agendaDue },
    { label: "现场活动日", pick: (c) => c.onsite },
    { label: "承诺公布", pick: (c) => c.commitmentsDue },
  ],
  registry_reviewer: [{ label: "预约截止", pick: (c) => c.closes }],
  county: [
    { label: "预约截止", pick: (c) => c.closes },
    { label: "现场活动日", pick: (c) => c.onsite },
  ],
  department: [
    { label: "现场活动日", pick: (c) => c.onsite },
    { label: "承诺及未上会事项回复截止", pick: (c) => c.commitmentsDue },
  ],
  secretary_general: [
    { label: "收到问题目录", pick: (c) => c.catalogDue },
    { label: "议程报市领导审定截止", pick: (c) => c.agendaDue },
    { label: "现场活动日", pick: (c) => c.onsite },
  ],
  government_office: [
    { label: "问题目录报送截止", pick: (c) => c.catalogDue },
    { label: "现场活动日", pick: (c) => c.onsite },
  ],
  leader: [
    { label: "议程审定截止", pick: (c) => c.agendaDue },
    { label: "现场活动日", pick: (c) => c.onsite },
  ],
  supervisor: [
    { label: "现场活动日", pick: (c) => c.onsite },
    { label: "承诺公布截止", pick: (c) => c.commitmentsDue },
  ],
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireArea(request, "workspace");
  const at = now();
  const c = await cycleTakingAppeals(getDb(), at);
  const view = c && cycleView(c, at);
  return {
    who: {
      name: user.displayName,
      role: user.role,
      roleLabel: ROLE_LABEL[user.role],
      organisation: user.organisationName,
    },
    cycle: view,
    dates: view ? ROLE_DATES[user.role].map((d) => ({ label: d.label, value: d.pick(view) })) : [],
    isOffice: mayEnter(user.role, "office"),
    // A department's or county's appeals waiting on it, for its 我的待办 card.
    handling:
      user.role === "department" || user.role === "county" ? await inboxCounts(getDb(), user.organisationId, at) : null,
  };
}

/** What waits on a department or county: open steps, due soon, late; and the way to its inbox. */
function HandlingCard() {
  const { handling } = useLoaderData<typeof loader>();
  if (!handling) return null;
  return (
    <section className="card" aria-labelledby="handling-card-title" data-testid="handling-card">
      <h2 id="handling-card-title" style={{ marginTop: 0 }}>
        我的待办
      </h2>
      <p className="inline-form" style={{ gap: "1.25rem", margin: "0 0 0.75rem" }}>
        <Link to="/handling">
          待办 <strong>{handling.open}</strong> 件
        </Link>
        <Link to="/handling?view=due_soon">
          <span className="badge badge--warn">即将到期</span> <strong>{handling.dueSoon}</strong> 件
        </Link>
        <Link to="/handling?view=late">
          <span className="badge badge--red">已逾期</span> <strong>{handling.late}</strong> 件
        </Link>
      </p>
      <p className="muted" style={{ margin: 0 }}>
        交办给本单位的诉求:接收或提出异议、答复办理意见、协办意见、县区答复或申请提级。
        <Link to="/handling">进入我的待办</Link>
      </p>
    </section>
  );
}

export default function Workspace() {
  const { who, cycle, dates, isOffice } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>我的工作台</h1>
      <HandlingCard />
      <section className="card">
        <p>
          <strong>{who.name}</strong>,您好。
        </p>
        <dl className="facts">
          <dt>身份</dt>
          <dd data-testid="role-label">{who.roleLabel}</dd>
          <dt>所在单位</dt>
          <dd>{who.organisation}</dd>
        </dl>
      </section>
      {cycle ? (
        <section className="card">
          <h2>
            当前期次:第{cycle.number}期(现场活动日 {cycle.onsite})
          </h2>
          <ProvisionalNote years={cycle.provisionalYears} />
          <h3>与您相关的时间节点</h3>
          <ul className="timeline">
            {dates.map((d) => (
              <li key={d.label}>
                <strong>{d.label}</strong>:{d.value}
              </li>
            ))}
          </ul>
          <details>
            <summary>本期完整日程</summary>
            <CycleFacts c={cycle} />
          </details>
          <p>
            <Link to={`/cycles/${cycle.number}`}>查看本期安排与预约公告</Link> · <Link to="/calendar">活动日历</Link>
          </p>
        </section>
      ) : (
        <p className="card muted">暂无已排定的期次。</p>
      )}
      {isOffice ? (
        <section className="card">
          <h2>平台管理</h2>
          <ul>
            <li>
              <Link to="/admin/screening">诉求甄别</Link>:3 个工作日内甄别诉求,不予受理或转县区、市直部门办理
            </li>
            <li>
              <Link to="/admin/handling">办理协调</Link>:部门异议重新交办、延期申请和县区提级申请的审核,各单位办理时限
            </li>
            <li>
              <Link to="/admin/cycles">期次管理</Link>:生成年度期次、调整现场活动日、指定出席市领导和轮值秘书长
            </li>
            <li>
              <Link to="/admin/calendar">工作日历</Link>:查看与维护法定节假日、调休上班日,确认年度安排
            </li>
            <li>
              <Link to="/admin/categories">诉求类别</Link>:维护诉求类别及其建议牵头部门
            </li>
            <li>
              <Link to="/admin/registry">法人库</Link>:按统一社会信用代码或名称查询企业,导入 CSV、XLSX 更新法人库
            </li>
            <li>
              <Link to="/admin/users">账号与机构</Link>:管理各单位账号与联系人
            </li>
            <li>
              <Link to="/admin/outbox">消息发件箱</Link>:查看短信、邮件的发送情况
            </li>
            <li>
              <Link to="/admin/security">安全日志</Link>:查看登录、退出、密码与动态口令变更等安全事件
            </li>
          </ul>
        </section>
      ) : null}
      {who.role === "registry_reviewer" ? (
        <section className="card">
          <h2>法人库核实</h2>
          <p>
            <Link to="/review">待核实的诉求</Link>
            :企业信息与法人库不一致的诉求,核实后关联或新增法人库登记,或说明理由不予受理。
          </p>
        </section>
      ) : null}
    </>
  );
}
