import { describe, expect, it } from "vitest";
import {
  computeFigures,
  FIGURE_LABEL,
  formatRate,
  formatScore,
  rankByScore,
  roundScore,
  SCORE_WEIGHTS,
  threeRateScore,
  type AppealFacts,
  type Figures,
  type Rating,
} from "./figures";

/** An appeal that went through every step on time, was resolved and rated satisfied. */
const done: AppealFacts = {
  acceptedOnTime: true,
  repliedOnTime: true,
  completed: true,
  resolved: true,
  rating: "satisfied",
};
/** Just assigned: no clock decided, nothing completed or rated. */
const fresh: AppealFacts = {
  acceptedOnTime: null,
  repliedOnTime: null,
  completed: false,
  resolved: null,
  rating: null,
};

const ratings = (...r: Array<Rating | null>) => r;

/**
 * The worked example, ten appeals:
 *   accepted on time 9 of 10 decided                       → 响应率 9/10 = 90 %
 *   replied on time 7 of 9 decided (one reply not yet due) → 按时答复率 7/9 = 77.78 %
 *   completed 8 of 10 received                             → 办结率 8/10 = 80 %
 *   resolved 6 of 8 completed                              → 解决率 6/8 = 75 %
 *   rated 6 (4 satisfied + 1 default + 1 dissatisfied)     → 满意率 5/6 = 83.33 %
 *   score = 0.9 × 30 + 0.8333… × 35 + 0.75 × 35 = 27 + 29.1667 + 26.25 = 82.4167 → shown 82.4
 */
function workedExample(): AppealFacts[] {
  const accepted = [true, true, true, true, true, true, true, true, true, false];
  const replied = [true, true, true, true, true, true, true, false, false, null];
  const completed = [true, true, true, true, true, true, true, true, false, false];
  const resolved = [true, true, true, true, true, true, false, false, null, null];
  const rating = ratings(
    "satisfied",
    "satisfied",
    "satisfied",
    "satisfied",
    "default_satisfied",
    "dissatisfied",
    null,
    null,
    null,
    null,
  );
  return accepted.map((_, i) => ({
    acceptedOnTime: accepted[i],
    repliedOnTime: replied[i],
    completed: completed[i],
    resolved: resolved[i],
    rating: rating[i],
  }));
}

describe("computeFigures: counts and rates", () => {
  it("works the example through", () => {
    const f = computeFigures(workedExample());
    expect(f).toMatchObject({
      received: 10,
      acceptDecided: 10,
      acceptedOnTime: 9,
      replyDecided: 9,
      repliedOnTime: 7,
      completed: 8,
      resolutionDecided: 8,
      resolved: 6,
      rated: 6,
      satisfied: 5,
      defaultSatisfied: 1,
      scoreProvisional: false,
    });
    expect(f.acceptedOnTimeRate).toBe(0.9);
    expect(f.repliedOnTimeRate).toBeCloseTo(7 / 9, 12);
    expect(f.completionRate).toBe(0.8);
    expect(f.resolutionRate).toBe(0.75);
    expect(f.satisfactionRate).toBeCloseTo(5 / 6, 12);
    expect(f.score).toBeCloseTo(82.416667, 5);
    expect(formatScore(f.score)).toBe("82.4");
    expect(formatRate(f.satisfactionRate)).toBe("83.3%");
    expect(formatRate(f.completionRate)).toBe("80.0%");
  });

  it("counts silence as satisfied in the satisfaction rate", () => {
    const f = computeFigures([
      { ...done, rating: "default_satisfied" },
      { ...done, rating: "default_satisfied" },
      { ...done, rating: "dissatisfied" },
      { ...done, rating: null },
    ]);
    // 2 satisfied by silence of 3 rated; the unrated one is not in the denominator.
    expect(f.rated).toBe(3);
    expect(f.satisfactionRate).toBeCloseTo(2 / 3, 12);
  });

  it("leaves undecided clocks out of their denominators but counts open appeals against completion", () => {
    const f = computeFigures([done, fresh, fresh, { ...fresh, acceptedOnTime: false }]);
    expect(f.received).toBe(4);
    // Two just-assigned appeals are not due: 1 on time of 2 decided.
    expect(f.acceptDecided).toBe(2);
    expect(f.acceptedOnTimeRate).toBe(0.5);
    expect(f.replyDecided).toBe(1);
    expect(f.repliedOnTimeRate).toBe(1);
    // Every received appeal counts for completion: 1 of 4.
    expect(f.completionRate).toBe(0.25);
  });

  it("does not count a resolved flag on an appeal that is not completed", () => {
    const f = computeFigures([done, { ...fresh, resolved: true }]);
    expect(f.resolved).toBe(1);
    expect(f.resolutionDecided).toBe(1);
  });
});

describe("zero denominators", () => {
  it("nothing received: every rate and the score are null, shown as —", () => {
    const f = computeFigures([]);
    expect(f.received).toBe(0);
    for (const key of [
      "acceptedOnTimeRate",
      "repliedOnTimeRate",
      "completionRate",
      "resolutionRate",
      "satisfactionRate",
      "score",
    ] as const) {
      expect(f[key]).toBeNull();
    }
    expect(f.scoreProvisional).toBe(false);
    expect(formatRate(f.completionRate)).toBe("—");
    expect(formatScore(f.score)).toBe("—");
  });

  it("received but nothing decided: rates null (never NaN), score 0 and provisional", () => {
    const f = computeFigures([fresh, fresh]);
    expect(f.completionRate).toBe(0);
    expect(f.acceptedOnTimeRate).toBeNull();
    expect(f.resolutionRate).toBeNull();
    expect(f.satisfactionRate).toBeNull();
    expect(f.score).toBe(0);
    expect(f.scoreProvisional).toBe(true);
    for (const value of Object.values(f)) expect(Number.isNaN(value)).toBe(false);
  });

  it("a missing rate counts 0, so completing nothing does not outscore completing with one unsolved", () => {
    // Accepts everything on time and completes nothing: 1 × 30 + 0 + 0 = 30.
    const idle = computeFigures([
      { ...fresh, acceptedOnTime: true },
      { ...fresh, acceptedOnTime: true },
    ]);
    // Completes both, one judged unsolved and rated dissatisfied: 1 × 30 + 0.5 × 35 + 0.5 × 35 = 65.
    const working = computeFigures([done, { ...done, resolved: false, rating: "dissatisfied" }]);
    expect(idle.score).toBe(30);
    expect(idle.scoreProvisional).toBe(true);
    expect(working.score).toBe(65);
    expect(working.scoreProvisional).toBe(false);
    expect(working.score! > idle.score!).toBe(true);
  });

  it("completed but not yet rated: satisfaction counts 0 until the rating arrives", () => {
    // 1 × 30 + 0 × 35 (no rating yet) + 1 × 35 = 65, provisional; rated satisfied, 100.
    expect(computeFigures([{ ...done, rating: null }])).toMatchObject({ score: 65, scoreProvisional: true });
    expect(computeFigures([done])).toMatchObject({ score: 100, scoreProvisional: false });
  });
});

describe("threeRateScore: the weights", () => {
  it("weighs response 30, satisfaction 35, resolution 35, out of 100", () => {
    expect(SCORE_WEIGHTS).toEqual({ response: 30, satisfaction: 35, resolution: 35 });
    expect(threeRateScore(1, { responseRate: 1, satisfactionRate: 1, resolutionRate: 1 })).toBe(100);
  });

  it("would fail if the response weight were swapped with another", () => {
    // 1 × 30 + 0.5 × 35 + 0 × 35 = 30 + 17.5 = 47.5; with response and satisfaction swapped it would be
    // 1 × 35 + 0.5 × 30 = 50, with response and resolution swapped 1 × 35 + 0.5 × 35 = 52.5.
    expect(threeRateScore(4, { responseRate: 1, satisfactionRate: 0.5, resolutionRate: 0 })).toBe(47.5);
    // Each rate alone: 30, 35, 35.
    expect(threeRateScore(1, { responseRate: 1, satisfactionRate: 0, resolutionRate: 0 })).toBe(30);
    expect(threeRateScore(1, { responseRate: 0, satisfactionRate: 1, resolutionRate: 0 })).toBe(35);
    expect(threeRateScore(1, { responseRate: 0, satisfactionRate: 0, resolutionRate: 1 })).toBe(35);
  });

  it("uses the on-time acceptance rate as the response rate, not the on-time reply rate", () => {
    // Accepted on time 1 of 2, replied on time 2 of 2: 0.5 × 30 + 1 × 35 + 1 × 35 = 85.
    const f = computeFigures([done, { ...done, acceptedOnTime: false }]);
    expect(f.repliedOnTimeRate).toBe(1);
    expect(f.score).toBe(85);
  });
});

describe("rounding for display", () => {
  it("rounds half up on the decimal value, not on the double", () => {
    // 3/8 × 30 + 1/3 × 35 + 1/6 × 35 = 11.25 + 11.6667 + 5.8333 = 28.75 exactly on paper,
    // 28.749999999999996 as a double: shown 28.8.
    const score = threeRateScore(1, { responseRate: 3 / 8, satisfactionRate: 1 / 3, resolutionRate: 1 / 6 });
    expect(score).toBeLessThan(28.75);
    expect(roundScore(score!)).toBe(28.8);
    expect(formatScore(score)).toBe("28.8");
    expect(formatScore(100)).toBe("100.0");
    expect(formatRate(1)).toBe("100.0%");
    expect(formatRate(0)).toBe("0.0%");
  });
});

describe("rankByScore", () => {
  const org = (name: string, score: number | null, received = 1) => ({
    name,
    figures: { received, score } satisfies Pick<Figures, "received" | "score">,
  });
  const ranks = (rows: ReturnType<typeof rankByScore<ReturnType<typeof org>>>) => rows.map((r) => [r.name, r.rank]);

  it("ranks highest first; ties share a rank and the next rank skips (1, 2, 2, 4)", () => {
    const out = rankByScore([org("丙", 70), org("甲", 90), org("乙", 80), org("丁", 80), org("戊", 60)]);
    expect(ranks(out)).toEqual([
      ["甲", 1],
      ["乙", 2],
      ["丁", 2],
      ["丙", 4],
      ["戊", 5],
    ]);
  });

  it("puts organisations that received nothing last, unranked, in the order given", () => {
    const out = rankByScore([org("甲", null, 0), org("乙", 10), org("丙", null, 0), org("丁", 0)]);
    expect(ranks(out)).toEqual([
      ["乙", 1],
      ["丁", 2],
      ["甲", null],
      ["丙", null],
    ]);
  });

  it("ranks on the unrounded score: 82.44 and 82.41 both show 82.4 but rank 1 and 2", () => {
    const out = rankByScore([org("甲", 82.41), org("乙", 82.44)]);
    expect(out.map((r) => formatScore(r.figures.score))).toEqual(["82.4", "82.4"]);
    expect(ranks(out)).toEqual([
      ["乙", 1],
      ["甲", 2],
    ]);
  });

  it("treats the same score reached through a different sum as a tie", () => {
    // 3/8 × 30 + 2/3 × 35 + 1/3 × 35 and 3/8 × 30 + 1/3 × 35 + 2/3 × 35 are both 46.25 on paper;
    // as doubles the first is 46.24999999999999.
    const a = threeRateScore(1, { responseRate: 3 / 8, satisfactionRate: 2 / 3, resolutionRate: 1 / 3 });
    const b = threeRateScore(1, { responseRate: 3 / 8, satisfactionRate: 1 / 3, resolutionRate: 2 / 3 });
    expect(a).not.toBe(b);
    const out = rankByScore([org("甲", a), org("乙", b), org("丙", 46.2)]);
    expect(ranks(out)).toEqual([
      ["甲", 1],
      ["乙", 1],
      ["丙", 3],
    ]);
  });

  it("ranks figures computed from appeals", () => {
    const out = rankByScore([
      { name: "市住建局", figures: computeFigures(workedExample()) },
      { name: "市税务局", figures: computeFigures([done, done]) },
      { name: "市交通局", figures: computeFigures([]) },
    ]);
    expect(out.map((r) => [r.name, r.rank])).toEqual([
      ["市税务局", 1],
      ["市住建局", 2],
      ["市交通局", null],
    ]);
  });
});

describe("labels", () => {
  it("names each figure in Chinese", () => {
    expect(FIGURE_LABEL).toMatchObject({
      received: "受理数",
      acceptedOnTimeRate: "按时签收率",
      repliedOnTimeRate: "按时答复率",
      completionRate: "办结率",
      resolutionRate: "解决率",
      satisfactionRate: "满意率",
      score: "三率得分",
    });
  });
});
