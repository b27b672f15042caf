import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CycleFacts, ProvisionalNote } from "~/components/cycle-facts";
import { bookingAnnouncement } from "~/domain/announcement";
import { scheduledCycle } from "~/services/schedule.server";
import { now } from "~/utils/clock.server";
import { cycleView } from "~/utils/cycle-view";
import { getDb } from "~/utils/db.server";
import { ErrorPage } from "~/root";
import { CITY } from "~/utils/city";
import { intParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `第${data.cycle.number}期 · 直通车` : "期次 · 直通车" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const c = await scheduledCycle(getDb(), intParam(params.number, { message: "没有这一期。" }));
  invariantResponse(c, "没有这一期。", 404);
  const at = now();
  const view = cycleView(c, at);
  // The announcement is public from the moment the window opens.
  const announcement = view.window === "not_yet_open" ? null : bookingAnnouncement(c, CITY);
  return { cycle: view, announcement };
}

export default function CyclePage() {
  const { cycle, announcement } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/calendar">← 活动日历</Link>
      </p>
      <h1>
        “直通车”第{cycle.number}期({cycle.month.replace("-", "年")}月)
      </h1>
      <ProvisionalNote years={cycle.provisionalYears} />
      <section className="card">
        <CycleFacts c={cycle} />
      </section>
      {announcement ? (
        <article className="announcement" aria-labelledby="announcement-title">
          <h2 id="announcement-title">{announcement.title}</h2>
          {announcement.paragraphs.map((p) => (
            <p key={p}>{p}</p>
          ))}
          <p style={{ textAlign: "right" }}>{announcement.signature}</p>
        </article>
      ) : (
        <p className="alert alert--warn">本期预约公告将于预约开放时({cycle.opens})发布。</p>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
