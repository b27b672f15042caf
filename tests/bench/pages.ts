/**
 * `npx tsx tests/bench/pages.ts [--appeals 100000] [--iterations 30] [--database zt_bench_pages] [--reuse]
 * [--keep] [--plans FILE]`: the office's list pages on a year of appeals (issue 7 part 4, issue 15 item 4):
 * screening (/admin/screening), handling (a department's and a county's /handling, the office's
 * /admin/handling), supervision (/supervision), figures (/figures), a department's tasks (/tasks),
 * disclosure (the public /disclosure and the office's /admin/disclosure) and the registry
 * (/admin/registry), each in its usual variants.
 *
 * In a scratch database (on DATABASE_URL's server or an embedded one) the built app is started as a real
 * process (it migrates and seeds the demo city), then filled with set-based SQL: 20,000 registry entries,
 * the appeals spread over the year's cycles up to APP_NOW (a few per cent still in the screening queue, a
 * backlog of them late), their county or city routing with every clock, the tasks decided on site with
 * commitments, completions, ratings, urges and disclosures. Then ANALYZE: these servers run with
 * autovacuum off, so nothing else would give the planner statistics after a bulk load.
 *
 *   1. the SQL the pages run, captured by calling the loaders' model functions in-process on one
 *      connection with a logging Kysely, each select run again through EXPLAIN (ANALYZE, BUFFERS) in the
 *      same transaction settings (`set local`) it ran in: plan summary, execution time, buffers, and every
 *      sequential scan on a table of more than 10,000 rows, or read of a whole (not partial) index of one
 *      without an index condition past 1,000 rows. Any such scan fails the run (exit code 1);
 *   2. server time per request, measured by the client on loopback: each round requests every variant
 *      once (round-robin, so that load on the machine falls on all alike), after warm-up rounds; p50, p95,
 *      max, and the ratio of each to the sign-in page's in the same rounds (the same Remix document render
 *      without a query).
 *
 * `--reuse` keeps a database already filled with the same number of appeals (the app still migrates it);
 * `--plans FILE` writes every statement's plan as EXPLAIN prints it. BENCH_PORT sets the app's port.
 */
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Kysely, PostgresDialect, type CompiledQuery } from "kysely";
import pg from "pg";
import "../../db/connection";
import type { Database } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/demo-city";
import { listCategories } from "../../app/models/appeal.server";
import { loadWorkCalendar } from "../../app/models/calendar.server";
import { disclosureCandidates, publicDisclosures } from "../../app/models/disclosure.server";
import { cyclesWithAppeals, figuresFacts } from "../../app/models/figures.server";
import {
  inboxCounts,
  inboxOf,
  officeHandlingQueue,
  openClocksByOrganisation,
  openClocksOverview,
  type InboxView,
  type OverviewView,
} from "../../app/models/handling.server";
import { listRegistryImports, registrySize, searchEnterprises } from "../../app/models/registry.server";
import { activeOrganisationsOfKind, cyclesWithScreening, screeningQueue } from "../../app/models/screening.server";
import {
  cyclesWithTasks,
  departmentChoices,
  supervisionBoard,
  type BoardView,
} from "../../app/models/supervision.server";
import { taskCountsOf, tasksOfOrganisation } from "../../app/models/task.server";
import { parseScreeningFilter, SCREENING_PAGE_SIZE } from "../../app/schemas/screening";
import type { TaskState } from "../../app/domain/tasks";
import { appProcess, dropDatabase, freshDatabase, pgServer } from "../reliability/app";

const APP_NOW = "2026-11-20T10:00:00+08:00";
const PORT = Number(process.env.BENCH_PORT ?? 3600);
/** A whole scan (sequential, or of a whole index) of a table with more rows than this fails the run. */
const LARGE_TABLE_ROWS = 10_000;
/** An index read in its order without a condition but stopped by a LIMIT (the latest 20) reads no more than this. */
const LIMITED_READ = 1_000;

export interface PagesOptions {
  appeals?: number;
  enterprises?: number;
  iterations?: number;
  warmups?: number;
  database?: string;
  /** Keep a database already filled with this many appeals. */
  reuse?: boolean;
  keep?: boolean;
  log?: (m: string) => void;
}

export interface Timing {
  page: string;
  variant: string;
  path: string;
  p50: number;
  p95: number;
  max: number;
  /** p50 and p95 over the sign-in page's in the same rounds. */
  ratio50: number;
  ratio95: number;
}

/**
 * A sequential scan on a large table, or its disguise: a whole index of it read without an index condition
 * (what the planner does when told not to scan the table, to return rows in the index's order or to feed a
 * join), unless the index is partial (open clocks, unfinished tasks: the work in hand, not the history) or
 * a LIMIT stopped it after a page or two.
 */
export interface SeqScan {
  kind: "Seq Scan" | "whole-index scan";
  table: string;
  index?: string;
  rows: number;
  filter: string | null;
  kept: number;
  removed: number;
}

export interface PlanFinding {
  variant: string;
  query: string;
  executionMs: number;
  /** Shared buffers the statement touched: found in PostgreSQL's cache, and read from the OS. */
  hit: number;
  read: number;
  plan: string;
  /** The plan as EXPLAIN (ANALYZE, BUFFERS) prints it. */
  text: string;
  seqScans: SeqScan[];
}

export interface PagesResults {
  appeals: number;
  tableRows: Record<string, number>;
  /** Seconds to fill the database; null when an existing one was reused. */
  fillSeconds: number | null;
  timings: Timing[];
  plans: PlanFinding[];
  /** Sequential scans on large tables: empty when the run passes. */
  failures: string[];
}

type Page =
  | "baseline"
  | "screening"
  | "handling"
  | "office handling"
  | "supervision"
  | "figures"
  | "tasks"
  | "disclosure"
  | "office disclosure"
  | "registry";

interface Variant {
  page: Page;
  name: string;
  path: string;
  as: "office" | "supervisor" | "dept" | "county" | null;
  /** The loader's queries, by the same model functions with the same arguments. */
  queries?: (db: Kysely<Database>) => Promise<unknown>;
}

// --- Filling the database ---------------------------------------------------------------------------

/** Every statement runs on one connection, after setseed: the same data on every run. */
function fillStatements(n: number, enterprises: number): string[] {
  const now = `'${APP_NOW}'::timestamptz`;
  const local = (t: string) => `(${t} at time zone 'Asia/Shanghai')`;
  /** End of the local day `days` after t's local day (the house's "24:00"). */
  const endOfDayAfter = (t: string, days: string) =>
    `((${local(t)}::date + ${days} + 1)::timestamp at time zone 'Asia/Shanghai' - interval '1 millisecond')`;
  return [
    `select setseed(0.2026)`,
    // The registry: GB 32100-shaped codes (check characters not computed), names of Chaozhou's trades.
    `insert into enterprises (credit_code, name, legal_representative, region_code, address, status, registered_on)
     select '91' || r.region || lpad(g::text, 9, '0') || 'X',
            '潮州市' || (array['华盛','金海','恒达','永兴','顺发','宏图','嘉美','信和','联鸿','瑞丰'])[1 + g % 10]
              || (array['陶瓷','卫浴','不锈钢制品','食品','茶业','婚纱礼服','印刷包装','电子','五金','新材料'])[1 + (g / 10) % 10]
              || (array['有限公司','实业有限公司','股份有限公司'])[1 + (g / 100) % 3] || g,
            (array['陈','林','黄','李','吴','蔡'])[1 + g % 6] || '伟',
            r.region, '潮州市枫春路' || (g % 300 + 1) || '号', '存续', date '2000-01-01' + (g % 9000)
       from generate_series(1, ${enterprises}) g
       cross join lateral (select (array['445102','445103','445122','445171','445172'])[1 + (g * 7) % 5] as region) r`,
    // One row per appeal: when it came, its cycle, its path and the instants of its steps.
    `create temp table plan as
     with base as (
       select g,
              start.at + (${now} - interval '1 minute' - start.at) * ((g - 0.5) / ${n}) as received_at,
              random() as u, random() as u2, random() as u3, random() as u4, random() as u5
         from generate_series(1, ${n}) g
        cross join (select min(booking_opens_at) as at from cycles) start
     )
     select b.*,
            (select c.id from cycles c where c.booking_closes_at > b.received_at order by c.booking_closes_at limit 1) as cycle_id,
            1 + (g::bigint * 7919) % ${enterprises} as enterprise_seq,
            case
              when b.received_at > ${now} - interval '5 days' then case when b.u < 0.03 then 'registry_review' else 'screening' end
              when b.u < 0.02 then 'screening'
              when b.u < 0.025 then 'registry_review'
              when b.u < 0.125 then 'rejected'
              when b.u < 0.6 then case
                when b.received_at > ${now} - interval '15 days' or b.u2 < 0.03 then 'county'
                when b.u2 < 0.05 then 'escalation_review'
                else 'county_resolved' end
              else case when b.received_at > ${now} - interval '20 days' or b.u2 < 0.04 then 'city' else 'replied' end
            end as status
       from base b`,
    `alter table plan add column screened_at timestamptz, add column accepted_at timestamptz,
       add column replied_at timestamptz, add column co_at timestamptz, add column id integer,
       add column enterprise_id integer, add column category_id integer, add column county_id integer,
       add column lead_id integer, add column co_id integer`,
    `update plan set id = g + (select coalesce(max(id), 0) from appeals),
       screened_at = case when status in ('screening', 'registry_review') then null
                          else least(received_at + interval '1 hour' + interval '60 hours' * u3, ${now} - interval '2 minutes') end`,
    `update plan p set enterprise_id = e.id, county_id = o.id
       from (select id, region_code, row_number() over (order by id) as seq from enterprises where credit_code like '91%X') e,
            organisations o
      where e.seq = p.enterprise_seq and o.kind = 'county' and o.region_code = e.region_code`,
    `update plan p set category_id = c.id, lead_id = coalesce(c.suggested_department_id, d.id)
       from (select id, suggested_department_id, row_number() over (order by id) - 1 as k,
                    count(*) over () as n from appeal_categories) c,
            (select id, row_number() over (order by id) - 1 as k, count(*) over () as n
               from organisations where kind = 'department') d
      where c.k = p.g % c.n and d.k = (p.g / 7) % d.n`,
    `update plan p set co_id = d.id
       from (select id, row_number() over (order by id) - 1 as k, count(*) over () as n
               from organisations where kind = 'department') d
      where p.status in ('city', 'replied') and p.u5 < 0.4 and d.k = (p.g / 3) % d.n and d.id <> p.lead_id`,
    // City path: accepted within a day and a half (a few late), replied within about two weeks.
    `update plan set
       accepted_at = case when screened_at + interval '36 hours' * u4 < ${now} then screened_at + interval '36 hours' * u4 end,
       co_at = case when status = 'replied' or u5 < 0.2 then least(screened_at + interval '12 days' * u5 + interval '2 hours', ${now} - interval '1 minute') end
     where status in ('city', 'replied')`,
    `update plan set replied_at = case when status = 'replied'
                                        then least(accepted_at + interval '16 days' * u2 + interval '1 hour', ${now} - interval '1 minute') end
      where status in ('city', 'replied')`,
    `update plan set replied_at = least(screened_at + interval '16 days' * u4 + interval '1 hour', ${now} - interval '1 minute')
      where status in ('county_resolved', 'escalation_review')`,
    `insert into appeals (id, tracking_number, submission_key, cycle_id, channel, registered_by, enterprise_id,
                          credit_code, enterprise_name, contact_name, contact_phone, contact_email, title, content,
                          category_id, registry_check, status, level, county_id, rejection_reason, received_at,
                          screening_due_at, screened_at, updated_at, escalation_requested_at, replied_at)
     select p.id, 'ZT' || to_char(${local("p.received_at")}, 'YYYYMMDD') || lpad(p.g::text, 6, '0'),
            'bench:' || p.g, p.cycle_id,
            (array['online','online','window','hotline','api'])[1 + p.g % 5], null, e.id,
            e.credit_code, e.name, '陈先生', '1380768' || lpad((p.g % 10000)::text, 4, '0'), null,
            '关于' || (array['厂区道路','用电增容','环评审批','用工招聘','融资贷款','出口退税','消防验收'])[1 + p.g % 7]
              || '的协调请求(' || p.g || ')',
            '企业反映厂区周边道路建设滞后,影响原材料运输和产品外运,每月增加物流成本约十二万元。',
            p.category_id, case when p.status = 'registry_review' then 'name_mismatch' else 'match' end, p.status,
            case when p.status like 'county%' or p.status = 'escalation_review' then 'county'
                 when p.status in ('city', 'replied') then 'city' end,
            case when p.status like 'county%' or p.status = 'escalation_review' then p.county_id end,
            case when p.status = 'rejected' then '非企业诉求' end,
            p.received_at, ${endOfDayAfter("p.received_at", "3")}, p.screened_at,
            coalesce(p.replied_at, p.screened_at, p.received_at),
            case when p.status = 'escalation_review' then p.replied_at end,
            case when p.status in ('replied', 'county_resolved') then p.replied_at end
       from plan p join enterprises e on e.id = p.enterprise_id`,
    `select setval(pg_get_serial_sequence('appeals', 'id'), (select max(id) from appeals))`,
    // Routing: the county, or the lead department and a co-department.
    `insert into appeal_assignments (appeal_id, organisation_id, role, assigned_at, assigned_by, state, accepted_at)
     select id, county_id, 'county', screened_at, null::integer,
            case when status = 'county' then 'accepted' else 'done' end, screened_at
       from plan where status in ('county', 'county_resolved', 'escalation_review')
     union all
     select id, lead_id, 'lead', screened_at, null,
            case when replied_at is not null then 'done' when accepted_at is not null then 'accepted' else 'assigned' end,
            accepted_at
       from plan where status in ('city', 'replied')
     union all
     select id, co_id, 'co', screened_at, null,
            case when co_at is not null then 'done' when accepted_at is not null then 'accepted' else 'assigned' end,
            accepted_at
       from plan where co_id is not null`,
    // Every clock, due one working day (accept) or about two weeks (reply, opinion) after it started; the
    // sweep's reminders and late notices already sent, as on a platform that has been running.
    `create temp table clock_src as
     select s.id as assignment_id, s.appeal_id, s.organisation_id, k.kind, k.started_at, k.due_at, k.finished_at
       from appeal_assignments s join plan p on p.id = s.appeal_id
      cross join lateral (values
        ('accept', s.assigned_at, s.assigned_at + interval '24 hours', p.accepted_at, s.role <> 'county'),
        ('reply', p.accepted_at, ${endOfDayAfter("p.accepted_at", "13")}, p.replied_at, s.role = 'lead' and p.accepted_at is not null),
        ('opinion', p.accepted_at, ${endOfDayAfter("p.accepted_at", "13")}, p.co_at, s.role = 'co' and p.accepted_at is not null),
        ('county_reply', s.assigned_at, ${endOfDayAfter("s.assigned_at", "13")}, p.replied_at, s.role = 'county')
      ) as k(kind, started_at, due_at, finished_at, applies)
      where k.applies`,
    `insert into appeal_clocks (appeal_id, assignment_id, organisation_id, kind, started_at, due_at, original_due_at,
                                remind_at, finished_at, finish, on_time, late_ms, reminded_at, late_noticed_at)
     select appeal_id, assignment_id, organisation_id, kind, started_at, due_at, due_at,
            due_at - case when kind = 'accept' then interval '4 hours' else interval '2 days' end,
            finished_at, case when finished_at is not null then 'done' end,
            case when finished_at is not null then finished_at <= due_at end,
            case when finished_at > due_at then (extract(epoch from finished_at - due_at) * 1000)::bigint
                 when finished_at is not null then 0 end,
            case when due_at - interval '2 days' < coalesce(finished_at, ${now}) then due_at - interval '2 days' end,
            case when due_at < coalesce(finished_at, ${now}) then due_at end
       from clock_src`,
    // Tasks: three city appeals in ten of each cycle whose on-site day has passed were decided on site.
    `create temp table task_src as
     select p.id as appeal_id, p.cycle_id, p.lead_id, p.co_id, p.u3, p.u4, p.u5, c.onsite_date, c.commitments_due_at,
            (c.onsite_date + 3)::timestamp at time zone 'Asia/Shanghai' + interval '10 hours' as created_at,
            c.onsite_date + 30 + (p.g % 90) as committed_deadline
       from plan p join cycles c on c.id = p.cycle_id
      where p.status in ('city', 'replied') and p.u3 < 0.3 and c.onsite_date < ${local(now)}::date`,
    `insert into tasks (appeal_id, cycle_id, organisation_id, co_ids, decision, due_date, state, created_at,
                        commitment_due_at, responsible_leader, responsible_person, committed_deadline, measures,
                        committed_at, commitment_on_time, commitment_late_ms, completed_at, completion_result,
                        rating_due_at, rating, rated_at, final_decision, final_at)
     select t.appeal_id, t.cycle_id, t.lead_id, case when t.co_id is null then '{}' else array[t.co_id] end,
            '由牵头部门会同有关部门限期办结,并向企业反馈。', t.committed_deadline, x.state, t.created_at,
            t.commitments_due_at,
            case when x.committed then '分管副局长' end, case when x.committed then '科长 陈伟' end,
            case when x.committed then t.committed_deadline end,
            case when x.committed then '明确专人跟进,限期解决。' end,
            case when x.committed then x.committed_at end,
            case when x.committed then x.committed_at <= t.commitments_due_at end,
            case when x.committed then greatest(0, extract(epoch from x.committed_at - t.commitments_due_at) * 1000)::bigint end,
            x.completed_at, case when x.completed_at is not null then '已协调解决。' end,
            x.completed_at + interval '5 days', x.rating,
            case when x.rating is not null then least(x.completed_at + interval '5 days', ${now} - interval '1 minute') end,
            case when x.rating = 'dissatisfied' and x.state = 'closed' then '维持原处理意见。' end,
            case when x.rating = 'dissatisfied' and x.state = 'closed' then x.completed_at + interval '12 days' end
       from task_src t
      cross join lateral (
        select y.*, y.state <> 'open' as committed from (
          select t.created_at + interval '80 hours' * t.u4 as committed_at,
                 c.completed_at,
                 case when c.completed_at is null then null
                      when c.completed_at + interval '5 days' > ${now} then null
                      when t.u5 < 0.06 then 'dissatisfied'
                      when t.u5 < 0.5 then 'default_satisfied' else 'satisfied' end as rating,
                 case when t.created_at > ${now} - interval '10 days' and t.u3 < 0.03 then 'open'
                      when c.completed_at is null then 'committed'
                      when c.completed_at + interval '5 days' > ${now} then 'completed'
                      when t.u5 < 0.02 then 'reopened'
                      else 'closed' end as state
            from (select case when t.committed_deadline < ${local(now)}::date and t.u4 >= 0.08
                              then least((t.committed_deadline - (t.u5 * 20)::int)::timestamp at time zone 'Asia/Shanghai' + interval '15 hours', ${now} - interval '1 hour')
                         end as completed_at) c
        ) y
      ) x`,
    // Urges: yellow and red on the late unfinished tasks, and the history of urges on the finished ones.
    `insert into task_urges (task_id, level, due_at, note, urged_by, urged_at)
     select t.id, l.level, d.due_at, null, null, d.due_at + l.after
       from tasks t
      cross join lateral (select case when t.state = 'open' then t.commitment_due_at
                                      else ${endOfDayAfter("(t.committed_deadline::timestamp at time zone 'Asia/Shanghai')", "0")} end as due_at) d
      cross join lateral (values ('reminder', interval '-2 days'), ('yellow', interval '1 day'), ('red', interval '6 days')) as l(level, after)
      where d.due_at + l.after < ${now}
        and (t.state in ('open', 'committed', 'reopened') or (t.id % 5 = 0 and l.level = 'reminder'))
     on conflict do nothing`,
    // Disclosure: the office has published three in four of the finished tasks a few days after they closed.
    `update tasks set disclosed_at = least(coalesce(final_at, rated_at, completed_at) + interval '3 days', ${now} - interval '1 minute')
      where state = 'closed' and id % 4 <> 0`,
    `analyze`,
  ];
}

async function fill(url: string, n: number, enterprises: number, log: (m: string) => void): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const t0 = performance.now();
  try {
    for (const statement of fillStatements(n, enterprises)) {
      const t = performance.now();
      const r = await client.query(statement);
      const what = statement.trim().split(/\s+/).slice(0, 3).join(" ");
      log(`  ${what} … ${r.rowCount ?? 0} rows, ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  } finally {
    await client.end();
  }
  return (performance.now() - t0) / 1000;
}

// --- Requests -------------------------------------------------------------------------------------

async function signIn(base: string, username: string): Promise<string> {
  const r = await fetch(`${base}/login`, {
    method: "POST",
    body: new URLSearchParams({ username, password: DEMO_PASSWORD, redirectTo: "/" }),
    redirect: "manual",
  });
  const cookie = r.headers.get("set-cookie");
  if (r.status !== 302 || !cookie) throw new Error(`sign-in as ${username} failed: ${r.status}`);
  return cookie.split(";")[0];
}

async function timeRequest(base: string, path: string, cookie: string | undefined): Promise<number> {
  const t0 = performance.now();
  const r = await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  await r.arrayBuffer();
  const ms = performance.now() - t0;
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
  return ms;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

async function measure(
  base: string,
  variants: Variant[],
  cookies: Record<string, string>,
  opts: { iterations: number; warmups: number },
): Promise<Timing[]> {
  const samples = variants.map(() => [] as number[]);
  for (let round = 0; round < opts.warmups + opts.iterations; round++) {
    for (const [i, v] of variants.entries()) {
      const ms = await timeRequest(base, v.path, v.as ? cookies[v.as] : undefined);
      if (round >= opts.warmups) samples[i].push(ms);
    }
  }
  const stats = samples.map((s) => {
    const sorted = [...s].sort((a, b) => a - b);
    return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1)! };
  });
  // The sign-in page: the first baseline.
  const baseline = stats[variants.findIndex((v) => v.page === "baseline")];
  return variants.map((v, i) => ({
    page: v.page,
    variant: v.name,
    path: v.path,
    ...stats[i],
    ratio50: stats[i].p50 / baseline.p50,
    ratio95: stats[i].p95 / baseline.p95,
  }));
}

// --- Plans ----------------------------------------------------------------------------------------

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  Filter?: string;
  "Rows Removed by Filter"?: number;
  "Index Cond"?: string;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
}

/** "Limit ← Sort ← Hash Join(Seq Scan appeals ×100000, Index Scan tasks_state_idx on tasks ×1200)". */
function summarise(node: PlanNode): string {
  const rel = node["Relation Name"]
    ? ` ${node["Index Name"] ? `${node["Index Name"]} on ` : ""}${node["Relation Name"]} ×${node["Actual Rows"]}`
    : "";
  const children = (node.Plans ?? []).map(summarise);
  const own = `${node["Node Type"]}${rel}`;
  if (children.length === 0) return own;
  if (children.length === 1 && !rel) return `${own} ← ${children[0]}`;
  return `${own}(${children.join(", ")})`;
}

function seqScans(node: PlanNode, big: BigTables, out: SeqScan[] = []) {
  const table = node["Relation Name"];
  const rows = table ? (big.rows.get(table) ?? 0) : 0;
  const index = node["Index Name"];
  const read = ((node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0)) * (node["Actual Loops"] ?? 1);
  const wholeIndex =
    (node["Node Type"] === "Index Scan" || node["Node Type"] === "Index Only Scan") &&
    !node["Index Cond"] &&
    index !== undefined &&
    !big.partialIndexes.has(index) &&
    read > LIMITED_READ;
  if (table && rows > LARGE_TABLE_ROWS && (node["Node Type"] === "Seq Scan" || wholeIndex))
    out.push({
      kind: wholeIndex ? "whole-index scan" : "Seq Scan",
      table,
      index: wholeIndex ? index : undefined,
      rows,
      kept: node["Actual Rows"] ?? 0,
      removed: node["Rows Removed by Filter"] ?? 0,
      filter: node.Filter ? node.Filter.replace(/\{[^}]{60,}\}/g, "{…}").slice(0, 100) : null,
    });
  for (const child of node.Plans ?? []) seqScans(child, big, out);
  return out;
}

interface BigTables {
  rows: Map<string, number>;
  partialIndexes: Set<string>;
}

async function partialIndexes(url: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ name: string }>(
      `select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid
        where c.relnamespace = 'public'::regnamespace and i.indpred is not null`,
    );
    return new Set(r.rows.map((x) => x.name));
  } finally {
    await client.end();
  }
}

async function tableRows(url: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ relname: string; n: number }>(
      `select relname, reltuples::bigint as n from pg_class
        where relkind = 'r' and relnamespace = 'public'::regnamespace and reltuples > 0`,
    );
    return new Map(r.rows.map((x) => [x.relname, Number(x.n)]));
  } finally {
    await client.end();
  }
}

/**
 * Run each variant's loader queries in-process on one connection and capture the SQL in the order it ran,
 * transactions and their `set local` included; then EXPLAIN (ANALYZE, BUFFERS) every select in the same
 * transaction state on another connection (rolled back: nothing is written).
 */
async function checkPlans(url: string, variants: Variant[]): Promise<PlanFinding[]> {
  const captured: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
    log: (e) => {
      if (e.level === "query") captured.push(e.query);
    },
  });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const big = { rows: await tableRows(url), partialIndexes: await partialIndexes(url) };
  const findings: PlanFinding[] = [];
  try {
    for (const v of variants) {
      if (!v.queries) continue;
      captured.length = 0;
      await v.queries(db);
      const seen = new Set<string>();
      let inTransaction = false;
      for (const q of captured) {
        const text = q.sql.trim();
        if (/^(begin|start transaction)/i.test(text)) {
          await client.query("begin");
          inTransaction = true;
          continue;
        }
        if (/^(commit|rollback)/i.test(text)) {
          await client.query("rollback");
          inTransaction = false;
          continue;
        }
        if (/^set\s/i.test(text)) {
          if (inTransaction) await client.query(text, q.parameters as unknown[]);
          continue;
        }
        const key = `${q.sql}\n${JSON.stringify(q.parameters)}`;
        if (seen.has(key) || !/^(select|with)\s/i.test(text)) continue;
        seen.add(key);
        const explain = async (format: string) =>
          (await client.query(`explain (analyze, buffers${format}) ${q.sql}`, q.parameters as unknown[])).rows;
        const [json] = await explain(", format json");
        const [{ Plan, "Execution Time": executionMs }] = json["QUERY PLAN"] as [
          { Plan: PlanNode; "Execution Time": number },
        ];
        const printed = (await explain("")).map((r) => r["QUERY PLAN"] as string).join("\n");
        findings.push({
          variant: `${v.page}: ${v.name}`,
          query: q.sql.replace(/\s+/g, " ").slice(0, 110),
          executionMs,
          hit: Plan["Shared Hit Blocks"] ?? 0,
          read: Plan["Shared Read Blocks"] ?? 0,
          plan: summarise(Plan),
          text: `${q.sql}\n-- parameters: ${JSON.stringify(q.parameters)}\n${printed}`,
          seqScans: seqScans(Plan, big),
        });
      }
      if (inTransaction) await client.query("rollback");
    }
  } finally {
    await client.end();
    await db.destroy();
  }
  return findings;
}

// --- The pages and their variants ----------------------------------------------------------------

async function referenceIds(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async (text: string, values: unknown[] = []) =>
      (await client.query<{ v: number | string }>(text, values)).rows[0]?.v;
    const today = APP_NOW.slice(0, 10);
    const organisationOf = async (username: string) =>
      Number(await one(`select organisation_id as v from users where username = $1`, [username]));
    return {
      // The cycle just finished (on-site day passed, commitments running) and the latest with appeals.
      lastOnsiteCycleId: Number(
        await one(`select id as v from cycles where onsite_date < $1 order by number desc limit 1`, [today]),
      ),
      latestCycleNumber: Number(
        await one(
          `select max(c.number) as v from cycles c where exists (select 1 from appeals a where a.cycle_id = c.id)`,
        ),
      ),
      midCycleId: Number(
        await one(`select id as v from cycles where onsite_date < $1 order by number desc offset 3 limit 1`, [today]),
      ),
      departmentId: Number(
        await one(
          `select organisation_id as v from tasks where state in ('open','committed','reopened') group by 1 order by count(*) desc limit 1`,
        ),
      ),
      categoryId: Number(await one(`select id as v from appeal_categories order by position limit 1`)),
      // A fragment of an enterprise's name as the office types it: 3 characters, present in the queue.
      fragment: String(
        await one(
          `select substr(enterprise_name, 4, 3) as v from appeals where status = 'screening' order by id limit 1`,
        ),
      ),
      deptId: await organisationOf("dept"),
      countyId: await organisationOf("county"),
    };
  } finally {
    await client.end();
  }
}

function variants(ref: Awaited<ReturnType<typeof referenceIds>>): Variant[] {
  const at = new Date(APP_NOW);
  const screening = (name: string, query: string): Variant => ({
    page: "screening",
    name,
    path: `/admin/screening${query}`,
    as: "office",
    async queries(db) {
      const f = parseScreeningFilter(new URLSearchParams(query));
      await Promise.all([
        screeningQueue(
          db,
          { cycleNumber: f.cycle, categoryId: f.category, due: f.due, q: f.q },
          at,
          f.page,
          SCREENING_PAGE_SIZE,
        ),
        cyclesWithScreening(db),
        listCategories(db, false),
        activeOrganisationsOfKind(db, "county"),
        activeOrganisationsOfKind(db, "department"),
      ]);
    },
  });
  const handling = (
    name: string,
    who: "dept" | "county",
    query: string,
    f: { view: InboxView; q?: string; page?: number },
  ): Variant => ({
    page: "handling",
    name,
    path: `/handling${query}`,
    as: who,
    async queries(db) {
      const organisationId = who === "dept" ? ref.deptId : ref.countyId;
      await Promise.all([
        inboxOf(db, { organisationId, view: f.view, q: f.q, page: f.page ?? 1, now: at }),
        inboxCounts(db, organisationId, at),
      ]);
    },
  });
  const officeHandling = (name: string, query: string, f: { view: OverviewView; page: number }): Variant => ({
    page: "office handling",
    name,
    path: `/admin/handling${query}`,
    as: "office",
    async queries(db) {
      await Promise.all([officeHandlingQueue(db), openClocksOverview(db, at, f)]);
    },
  });
  const supervision = (
    name: string,
    query: string,
    filter: { view: BoardView; cycleId?: number; organisationId?: number },
  ): Variant => ({
    page: "supervision",
    name,
    path: `/supervision${query}`,
    as: "supervisor",
    async queries(db) {
      await Promise.all([cyclesWithTasks(db), departmentChoices(db)]);
      await supervisionBoard(db, filter, at, await loadWorkCalendar(db));
      await Promise.all([openClocksByOrganisation(db, at), openClocksOverview(db, at, { view: "late", page: 1 })]);
    },
  });
  const figures = (name: string, query: string, period: { cycle?: number; month?: string }): Variant => ({
    page: "figures",
    name,
    path: `/figures${query}`,
    as: "office",
    async queries(db) {
      // The loader's own choice of cycles (routes/figures.tsx), then the facts.
      const cycles = await cyclesWithAppeals(db);
      const cycleId = period.month ? undefined : (period.cycle ?? cycles[0]?.id);
      await figuresFacts(db, { cycleId, month: period.month }, at);
    },
  });
  const tasks = (name: string, query: string, f: { state?: TaskState; q?: string }): Variant => ({
    page: "tasks",
    name,
    path: `/tasks${query}`,
    as: "dept",
    async queries(db) {
      await Promise.all([
        tasksOfOrganisation(db, { organisationId: ref.deptId, state: f.state, q: f.q, page: 1 }),
        taskCountsOf(db, ref.deptId),
      ]);
    },
  });
  const disclosure = (
    name: string,
    query: string,
    f: { cycleId?: number; organisationId?: number; q?: string; page?: number },
  ): Variant => ({
    page: "disclosure",
    name,
    path: `/disclosure${query}`,
    as: null,
    async queries(db) {
      await Promise.all([
        publicDisclosures(db, { ...f, page: f.page ?? 1 }),
        cyclesWithTasks(db),
        departmentChoices(db),
        listCategories(db, false),
      ]);
    },
  });
  const officeDisclosure = (name: string, query: string, cycleId?: number): Variant => ({
    page: "office disclosure",
    name,
    path: `/admin/disclosure${query}`,
    as: "office",
    async queries(db) {
      await Promise.all([disclosureCandidates(db, { cycleId }), cyclesWithTasks(db)]);
    },
  });
  const registry = (name: string, q: string): Variant => ({
    page: "registry",
    name,
    path: `/admin/registry${q ? `?q=${encodeURIComponent(q)}` : ""}`,
    as: "office",
    async queries(db) {
      await Promise.all([searchEnterprises(db, { q, page: 1 }), registrySize(db), listRegistryImports(db, 10)]);
    },
  });
  const q = encodeURIComponent(ref.fragment);
  return [
    { page: "baseline", name: "/login (no query)", path: "/login", as: null },
    { page: "baseline", name: "API cycles of 2026", path: "/api/v1/cycles?year=2026", as: null },
    screening("first page", ""),
    screening("page 50", "?page=50"),
    screening("search name", `?q=${q}`),
    screening("late only", "?due=late"),
    screening("cycle + category", `?cycle=${ref.latestCycleNumber}&category=${ref.categoryId}`),
    handling("department, to do", "dept", "", { view: "todo" }),
    handling("department, late", "dept", "?view=late", { view: "late" }),
    handling("department, done, page 5", "dept", "?view=done&page=5", { view: "done", page: 5 }),
    handling("department, search", "dept", `?view=all&q=${q}`, { view: "all", q: ref.fragment }),
    handling("county, to do", "county", "", { view: "todo" }),
    officeHandling("late (default)", "", { view: "late", page: 1 }),
    officeHandling("open, page 10", "?view=open&page=10", { view: "open", page: 10 }),
    supervision("late (default)", "", { view: "late" }),
    supervision("all unfinished", "?view=all", { view: "all" }),
    supervision("one department", `?view=all&org=${ref.departmentId}`, {
      view: "all",
      organisationId: ref.departmentId,
    }),
    supervision("one cycle", `?view=all&cycle=${ref.lastOnsiteCycleId}`, {
      view: "all",
      cycleId: ref.lastOnsiteCycleId,
    }),
    figures("latest cycle", "", {}),
    figures("a finished cycle", `?cycle=${ref.midCycleId}`, { cycle: ref.midCycleId }),
    figures("a month", "?month=2026-10", { month: "2026-10" }),
    tasks("department, all", "", {}),
    tasks("department, closed", "?view=closed", { state: "closed" }),
    tasks("department, search", `?q=${q}`, { q: ref.fragment }),
    disclosure("first page", "", {}),
    disclosure("one cycle", `?cycle=${ref.midCycleId}`, { cycleId: ref.midCycleId }),
    disclosure("one department, page 3", `?org=${ref.deptId}&page=3`, { organisationId: ref.deptId, page: 3 }),
    disclosure("search title", `?q=${encodeURIComponent("用电增容")}`, { q: "用电增容" }),
    officeDisclosure("all cycles", ""),
    officeDisclosure("one cycle", `?cycle=${ref.midCycleId}`, ref.midCycleId),
    registry("latest entries", ""),
    registry("name, two words", "恒达 陶瓷"),
    registry("code prefix", "9144510"),
  ];
}

// --- The run --------------------------------------------------------------------------------------

async function appealCount(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return null;
  }
  try {
    const r = await client.query<{ n: string }>(
      `select case when to_regclass('appeals') is null then null else (select count(*) from appeals where submission_key like 'bench:%') end as n`,
    );
    return r.rows[0].n === null ? null : Number(r.rows[0].n);
  } finally {
    await client.end();
  }
}

export async function benchPages(opts: PagesOptions = {}): Promise<PagesResults> {
  const n = opts.appeals ?? 100_000;
  const database = opts.database ?? "zt_bench_pages";
  const log = opts.log ?? ((m: string) => console.error(m));
  const server = await pgServer({ name: "pg-bench-pages", port: 54336 });
  const reused = opts.reuse === true && (await appealCount(server.url(database))) === n;
  const url = reused ? server.url(database) : await freshDatabase(server, database);
  const app = appProcess({
    port: PORT,
    databaseUrl: url,
    // The deadline sweep would work through the year's data while we measure: not what is measured here.
    env: { APP_NOW, WORKER_MODE: "separate" },
  });
  try {
    log(`starting the app (migrate${reused ? "" : ", seed the demo city"}) …`);
    await app.start();
    let fillSeconds: number | null = null;
    if (reused) log(`reusing ${database} with its ${n} appeals`);
    else {
      log(`filling ${n} appeals …`);
      fillSeconds = await fill(url, n, opts.enterprises ?? 20_000, log);
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // After the migrations a reused database may have new indexes: statistics for them too.
    await client.query("analyze");
    await client.end();
    const rows = await tableRows(url);
    const cookies = {
      office: await signIn(app.url, "office"),
      supervisor: await signIn(app.url, "supervisor"),
      dept: await signIn(app.url, "dept"),
      county: await signIn(app.url, "county"),
    };
    const list = variants(await referenceIds(url));
    log("plans …");
    const plans = await checkPlans(url, list);
    log(`${opts.iterations ?? 30} rounds of ${list.length} requests …`);
    const timings = await measure(app.url, list, cookies, {
      iterations: opts.iterations ?? 30,
      warmups: opts.warmups ?? 3,
    });
    const failures = plans.flatMap((p) =>
      p.seqScans.map(
        (s) =>
          `${p.variant}: ${s.kind}${s.index ? ` (${s.index})` : ""} on ${s.table} (${s.rows} rows, keeps ${s.kept}${s.filter ? ` by ${s.filter}` : ""}) in ${p.query}`,
      ),
    );
    return { appeals: n, tableRows: Object.fromEntries(rows), fillSeconds, timings, plans, failures };
  } finally {
    await app.stop();
    if (!opts.keep) await dropDatabase(server, database);
    await server.stop();
  }
}

export function report(r: PagesResults): string {
  const ms = (x: number) => x.toFixed(x < 10 ? 1 : 0);
  const out: string[] = [];
  const big = Object.entries(r.tableRows)
    .filter(([, n]) => n > LARGE_TABLE_ROWS)
    .sort((a, b) => b[1] - a[1])
    .map(([t, n]) => `${t} ${n.toLocaleString("en")}`);
  out.push(
    `${r.appeals.toLocaleString("en")} appeals, ${r.fillSeconds === null ? "reused" : `filled in ${r.fillSeconds.toFixed(0)} s`}; large tables: ${big.join(", ")}`,
    "",
    "| page | variant | p50 ms | p95 ms | max ms | p50 / sign-in | p95 / sign-in |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const t of r.timings)
    out.push(
      `| ${t.page} | ${t.variant} | ${ms(t.p50)} | ${ms(t.p95)} | ${ms(t.max)} | ${t.ratio50.toFixed(1)}× | ${t.ratio95.toFixed(1)}× |`,
    );
  const pages = new Map<string, number>();
  for (const t of r.timings) if (t.page !== "baseline") pages.set(t.page, Math.max(pages.get(t.page) ?? 0, t.ratio95));
  out.push(
    "",
    `Worst p95 / sign-in p95 per page: ${[...pages].map(([p, x]) => `${p} ${x.toFixed(1)}×`).join(", ")}`,
    "",
    "| variant | query | exec ms | buffers hit/read | plan | whole scans of large tables |",
    "| --- | --- | ---: | ---: | --- | --- |",
  );
  for (const p of r.plans)
    out.push(
      `| ${p.variant} | \`${p.query}\` | ${ms(p.executionMs)} | ${p.hit}/${p.read} | ${p.plan} | ${p.seqScans.map((s) => `**${s.kind} ${s.table}** (reads ${s.kept + s.removed}, keeps ${s.kept})`).join(", ") || "—"} |`,
    );
  return out.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const number = (name: string) => (arg(name) === undefined ? undefined : Number(arg(name)));
  const results = await benchPages({
    appeals: number("appeals"),
    iterations: number("iterations"),
    warmups: number("warmups"),
    database: arg("database"),
    reuse: process.argv.includes("--reuse"),
    keep: process.argv.includes("--keep"),
  });
  console.log(report(results));
  const plansFile = arg("plans");
  if (plansFile)
    writeFileSync(plansFile, results.plans.map((p) => `## ${p.variant}\n\n${p.text}\n`).join("\n"), "utf8");
  if (results.failures.length) {
    console.error(
      `\nFAIL: whole scans (sequential, or of a whole index) of tables over ${LARGE_TABLE_ROWS} rows:\n  ${results.failures.join("\n  ")}`,
    );
    process.exitCode = 1;
  }
}
