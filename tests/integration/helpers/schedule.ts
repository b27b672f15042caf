/** Cycle 10 of 2026 as the schedule API and CLI give it: its dates (the people differ by where it is read). */
export const CYCLE_10_OF_2026 = {
  number: 10,
  month: "2026-10",
  onsiteDate: "2026-10-14",
  bookingOpensAt: "2026-09-11T00:00:00+08:00",
  bookingClosesAt: "2026-10-08T00:00:00+08:00",
  catalogDueAt: "2026-10-08T23:59:59+08:00",
  agendaDueAt: "2026-10-13T23:59:59+08:00",
  commitmentsDueAt: "2026-10-19T23:59:59+08:00",
};
