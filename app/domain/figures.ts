/**
 * The figures of SPEC §5, pure: per department or county and per period (a cycle or a month), what it
 * received, how it kept its clocks, and the three-rate score (三率得分) it is ranked on.
 *
 * The caller chooses the rows (the appeals assigned to one organisation in one period) and freezes each
 * appeal's facts from stored data; this module only counts. Every rate states its denominator, and a rate
 * whose denominator is 0 is `null` (shown as "—"), never NaN or a made-up 0 % or 100 %.
 */

export type Rating = "satisfied" | "dissatisfied" | "default_satisfied";

/** One appeal assigned to the organisation in the period (each row counts once as received, 受理). */
export interface AppealFacts {
  /** Accepted or disputed on time; null while neither done nor yet due (left out of the denominator). */
  acceptedOnTime: boolean | null;
  /** Replied on time; null while the reply is neither given nor yet due. */
  repliedOnTime: boolean | null;
  /** 办结: the department reported completion, or the county replied and closed it. */
  completed: boolean;
  /** 解决: completed and not finally judged unsolved; null while not completed. */
  resolved: boolean | null;
  /** The enterprise's rating; silence after 5 natural days is default_satisfied; null while not rated. */
  rating: Rating | null;
}

export interface Figures {
  /** 受理数: every appeal assigned in the period. */
  received: number;
  /** Appeals whose accept clock is decided: accepted or disputed, or past its limit without either. */
  acceptDecided: number;
  acceptedOnTime: number;
  /** 按时签收率 = acceptedOnTime / acceptDecided. Also the response rate (响应率) of the score. */
  acceptedOnTimeRate: number | null;
  /** Appeals whose reply clock is decided: replied, or past its limit without a reply. */
  replyDecided: number;
  repliedOnTime: number;
  /** 按时答复率 = repliedOnTime / replyDecided. */
  repliedOnTimeRate: number | null;
  completed: number;
  /** 办结率 = completed / received: open appeals count against it, because they were received. */
  completionRate: number | null;
  /** Completed appeals whose outcome is known (by the facts' contract, every completed one). */
  resolutionDecided: number;
  resolved: number;
  /** 解决率 = resolved / resolutionDecided. */
  resolutionRate: number | null;
  /** Rated appeals, silence included once its 5 days have passed. */
  rated: number;
  /** Satisfied, said or by silence (满意 + 默认满意). */
  satisfied: number;
  defaultSatisfied: number;
  /** 满意率 = satisfied / rated. */
  satisfactionRate: number | null;
  /** 三率得分, unrounded (rank on this; round only to show it). Null when nothing was received. */
  score: number | null;
  /**
   * True when the score counted a rate with no denominator as 0 (see threeRateScore): the score can still
   * rise as the period's appeals run their course, and the page marks it provisional (暂计).
   */
  scoreProvisional: boolean;
}

/**
 * The weights of the three-rate score (SPEC §5): response 30, satisfaction 35, resolution 35, out of 100.
 * Baotou's practice (seeds/004) scores the same three rates with the same weights.
 */
export const SCORE_WEIGHTS = { response: 30, satisfaction: 35, resolution: 35 } as const;

export type FigureKey =
  | "received"
  | "acceptedOnTime"
  | "acceptedOnTimeRate"
  | "repliedOnTime"
  | "repliedOnTimeRate"
  | "completed"
  | "completionRate"
  | "resolved"
  | "resolutionRate"
  | "satisfied"
  | "satisfactionRate"
  | "responseRate"
  | "score"
  | "rank";

export const FIGURE_LABEL: Record<FigureKey, string> = {
  received: "受理数",
  acceptedOnTime: "按时签收数",
  acceptedOnTimeRate: "按时签收率",
  repliedOnTime: "按时答复数",
  repliedOnTimeRate: "按时答复率",
  completed: "办结数",
  completionRate: "办结率",
  resolved: "解决数",
  resolutionRate: "解决率",
  satisfied: "满意数",
  satisfactionRate: "满意率",
  responseRate: "响应率",
  score: "三率得分",
  rank: "排名",
};

/** A share, or null when there is nothing to share out: 0/0 is "—", not 0 % and not NaN. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export interface ScoreRates {
  /** 响应率: the on-time acceptance rate. */
  responseRate: number | null;
  satisfactionRate: number | null;
  resolutionRate: number | null;
}

/**
 * 三率得分 = response rate × 30 + satisfaction rate × 35 + resolution rate × 35, unrounded.
 *
 * A rate with no denominator, for an organisation that received something, counts 0: the score pays for
 * results shown. Crediting it in full, or leaving it out and scaling the others up to 100, would let a
 * department score higher by completing nothing (no resolution or satisfaction rate to be judged on) than a
 * department that completed its appeals and had one judged unsolved — the opposite of what the supervisor
 * ranks for. The cost to a prompt department is short-lived: an acceptance rate appears within one working
 * day of assignment, a satisfaction rate 5 natural days after completion at the latest (silence counts as
 * satisfied); meanwhile the rate shows "—" and the score is marked provisional, so the reader sees why.
 *
 * An organisation that received nothing has nothing to judge: its score is null (not 0, not 100) and it
 * is left out of the ranking.
 */
export function threeRateScore(received: number, rates: ScoreRates): number | null {
  if (received === 0) return null;
  return (
    (rates.responseRate ?? 0) * SCORE_WEIGHTS.response +
    (rates.satisfactionRate ?? 0) * SCORE_WEIGHTS.satisfaction +
    (rates.resolutionRate ?? 0) * SCORE_WEIGHTS.resolution
  );
}

/** Counts one organisation's appeals for one period into its figures. */
export function computeFigures(facts: readonly AppealFacts[]): Figures {
  let acceptDecided = 0;
  let acceptedOnTime = 0;
  let replyDecided = 0;
  let repliedOnTime = 0;
  let completed = 0;
  let resolutionDecided = 0;
  let resolved = 0;
  let rated = 0;
  let satisfied = 0;
  let defaultSatisfied = 0;
  for (const f of facts) {
    if (f.acceptedOnTime !== null) {
      acceptDecided += 1;
      if (f.acceptedOnTime) acceptedOnTime += 1;
    }
    if (f.repliedOnTime !== null) {
      replyDecided += 1;
      if (f.repliedOnTime) repliedOnTime += 1;
    }
    if (f.completed) {
      completed += 1;
      // Only a completed appeal can be resolved; a stray flag on an open one is not counted.
      if (f.resolved !== null) {
        resolutionDecided += 1;
        if (f.resolved) resolved += 1;
      }
    }
    if (f.rating !== null) {
      rated += 1;
      if (f.rating !== "dissatisfied") satisfied += 1;
      if (f.rating === "default_satisfied") defaultSatisfied += 1;
    }
  }
  const received = facts.length;
  const acceptedOnTimeRate = rate(acceptedOnTime, acceptDecided);
  const resolutionRate = rate(resolved, resolutionDecided);
  const satisfactionRate = rate(satisfied, rated);
  const score = threeRateScore(received, { responseRate: acceptedOnTimeRate, satisfactionRate, resolutionRate });
  return {
    received,
    acceptDecided,
    acceptedOnTime,
    acceptedOnTimeRate,
    replyDecided,
    repliedOnTime,
    repliedOnTimeRate: rate(repliedOnTime, replyDecided),
    completed,
    completionRate: rate(completed, received),
    resolutionDecided,
    resolved,
    resolutionRate,
    rated,
    satisfied,
    defaultSatisfied,
    satisfactionRate,
    score,
    scoreProvisional:
      score !== null && (acceptedOnTimeRate === null || satisfactionRate === null || resolutionRate === null),
  };
}

/**
 * Scores closer than this are equal: the same rates reached through different sums can differ in the last
 * bits of a double, and a rank must not turn on that. Real differences are far larger (one appeal in a
 * thousand moves a rate by 0.1 % and the score by ≥ 0.03).
 */
const SCORE_TIE_EPSILON = 1e-9;

/**
 * Ranks organisations on the unrounded score, highest first, with competition ranking (1, 2, 2, 4): two
 * scores that show the same after rounding but differ still rank apart. Tied organisations keep the order
 * they were given in (sort them by the city's list first). Organisations that received nothing come last,
 * unranked (rank null), in the order given.
 */
export function rankByScore<T extends { figures: Pick<Figures, "received" | "score"> }>(
  rows: readonly T[],
): Array<T & { rank: number | null }> {
  const scored = rows.filter((r) => r.figures.received > 0 && r.figures.score !== null);
  const unranked = rows.filter((r) => !(r.figures.received > 0 && r.figures.score !== null));
  const sorted = [...scored].sort((a, b) => {
    const d = (b.figures.score ?? 0) - (a.figures.score ?? 0);
    return Math.abs(d) <= SCORE_TIE_EPSILON ? 0 : d;
  });
  const ranked: Array<T & { rank: number | null }> = [];
  sorted.forEach((row, i) => {
    const prev = ranked[i - 1];
    const tied = prev && Math.abs((prev.figures.score ?? 0) - (row.figures.score ?? 0)) <= SCORE_TIE_EPSILON;
    ranked.push({ ...row, rank: tied ? prev.rank : i + 1 });
  });
  return [...ranked, ...unranked.map((row) => ({ ...row, rank: null }))];
}

/**
 * Half up on the decimal value: a score that is exactly 82.45 on paper may be 82.4499… as a double, and
 * must still show 82.5 as anyone checking by hand would write it.
 */
const ROUNDING_NUDGE = 1e-9;

/** The score as shown: one decimal place. */
export function roundScore(score: number): number {
  return Math.round(score * 10 + ROUNDING_NUDGE) / 10;
}

/** "82.4", or "—" when there is no score. */
export function formatScore(score: number | null): string {
  return score === null ? "—" : roundScore(score).toFixed(1);
}

/** "83.3%", or "—" when the rate has no denominator. */
export function formatRate(value: number | null): string {
  return value === null ? "—" : `${(Math.round(value * 1000 + ROUNDING_NUDGE) / 10).toFixed(1)}%`;
}
