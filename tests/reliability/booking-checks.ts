/** The assertions a burst ends with, for the tests that kill things in the middle of one (faults, nginx). */
import { expect } from "vitest";
import { audit, type Audit, type BookingResult } from "./booking-load";

/** Every booking acknowledged, each acknowledged appeal present once, no appeal beyond the forms posted. */
export async function expectAllBookedOnce(databaseUrl: string, results: BookingResult[]): Promise<Audit> {
  const unacknowledged = results.filter((r) => !r.trackingNumber);
  expect(
    unacknowledged.map((r) => r.failures.join(", ")),
    "bookings never acknowledged",
  ).toEqual([]);
  const a = await audit(databaseUrl, results);
  expect(a.lost, "acknowledged appeals missing").toEqual([]);
  expect(a.duplicates, "appeals beyond one per form").toBe(0);
  expect(a.doubleMismatches, "double submits answered with two numbers").toBe(0);
  expect(a.appealsInDatabase).toBe(results.length);
  return a;
}
