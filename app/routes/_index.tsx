import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { WindowBadge } from "~/components/cycle-facts";
import { cycleTakingAppeals } from "~/services/schedule.server";
import { now } from "~/utils/clock.server";
import { cycleView } from "~/utils/cycle-view";
import { getDb } from "~/utils/db.server";

export async function loader(_: LoaderFunctionArgs) {
  const at = now();
  const next = await cycleTakingAppeals(getDb(), at);
  return { cycle: next && cycleView(next, at) };
}

export default function Index() {
  const { cycle } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="card">
        <h1>解决企业诉求“直通车”</h1>
        <p className="lead">
          市政府每月安排一名市领导出席“直通车”现场活动,面对面研究处理企业反映的困难诉求,由各县区和市直有关部门限期办理。
        </p>
        {cycle ? (
          <div>
            <h2>
              第{cycle.number}期 <WindowBadge state={cycle.window} />
            </h2>
            <p>
              现场活动日:<strong>{cycle.onsite}</strong>
              {cycle.provisional ? "(暂定)" : ""}
            </p>
            <p>
              企业预约:{cycle.opens} 起 至 {cycle.closes} 止
            </p>
            <p>
              <Link className="button" to={`/cycles/${cycle.number}`}>
                {cycle.window === "open" ? "查看预约公告" : "查看本期安排"}
              </Link>{" "}
              <Link className="button button--secondary" to="/calendar">
                活动日历
              </Link>
            </p>
          </div>
        ) : (
          <p className="muted">暂无已排定的期次。</p>
        )}
      </section>
      <section className="grid">
        <div className="card">
          <h2>网上预约</h2>
          <p>企业登录“直通车”平台,在预约开放期间在线提交诉求,提交后即可获得受理编号和回执。</p>
          <Link to="/login">登录平台</Link>
        </div>
        <div className="card">
          <h2>窗口登记</h2>
          <p>到市政务服务大厅“难办事”直通车窗口,由工作人员登记录入。</p>
        </div>
        <div className="card">
          <h2>12345 热线</h2>
          <p>拨打 12345 政务服务便民热线,由话务员登记录入。</p>
        </div>
        <div className="card">
          <h2>订阅日历</h2>
          <p>
            用日历软件订阅 <a href="/calendar.ics">iCalendar 日历</a>,或获取 <a href="/api/v1/cycles">期次数据接口</a>。
          </p>
        </div>
      </section>
    </>
  );
}
