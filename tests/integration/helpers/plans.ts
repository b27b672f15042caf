import type { CompiledQuery } from "kysely";
import pg from "pg";

export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Total Time"?: number;
  "Actual Rows"?: number;
  Plans?: PlanNode[];
}

export interface ExplainedStatement {
  sql: string;
  plan: PlanNode;
  executionMs: number | null;
}

/**
 * The plans of statements captured from a Kysely logger, replayed in order on one connection: the others
 * (begin, set local …, commit) are run as they were, so that each select is planned under the settings it
 * ran with. With `analyze`, the selects run again and the plans carry their times.
 */
export async function explainCaptured(
  url: string,
  captured: readonly CompiledQuery[],
  opts: { analyze?: boolean } = {},
): Promise<ExplainedStatement[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const out: ExplainedStatement[] = [];
  try {
    for (const query of captured) {
      const parameters = query.parameters as unknown[];
      if (!/^\s*(\(\s*)?select\b/i.test(query.sql)) {
        await client.query(query.sql, parameters);
        continue;
      }
      const r = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode; "Execution Time"?: number }] }>(
        `explain (${opts.analyze ? "analyze, " : ""}format json) ${query.sql}`,
        parameters,
      );
      const [{ Plan, "Execution Time": executionMs }] = r.rows[0]["QUERY PLAN"];
      out.push({ sql: query.sql, plan: Plan, executionMs: executionMs ?? null });
    }
  } finally {
    await client.end();
  }
  return out;
}

/**
 * How a plan reads a table: the names of the indexes it goes through, and the node type of every other read
 * ("Seq Scan"; a Bitmap Heap Scan, which names only the table, shows up beside its Bitmap Index Scan's index).
 */
export function tableAccess(plan: PlanNode, table: string, out: string[] = []): string[] {
  if (plan["Index Name"]?.startsWith(`${table}_`)) out.push(plan["Index Name"]);
  else if (plan["Relation Name"] === table) out.push(plan["Node Type"]);
  for (const child of plan.Plans ?? []) tableAccess(child, table, out);
  return out;
}
