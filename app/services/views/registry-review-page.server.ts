/**
 * The registry reviewer's page of one appeal (/review/:trackingNumber): the enterprise as the appeal gives
 * it beside its registry entry, and the regions a new entry may be registered in.
 */
import {
  CHANNEL_LABEL,
  normalizeEnterpriseName,
  OUTSIDE_CITY_REASON,
  REGISTRY_CHECK_LABEL,
  STATUS_LABEL,
} from "~/domain/appeal";
import { formatInstantZh } from "~/domain/calendar";
import { appealContactPhone } from "~/domain/personal-data";
import { appealEvents } from "~/models/appeal.server";
import { appealForRegistryReview, enterpriseByCode } from "~/models/screening.server";
import type { SessionUser } from "~/models/user.server";
import { registryRegionChoices } from "~/services/registry-review.server";
import { appealHistoryItems } from "~/utils/appeal-history";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { APPEAL_NOT_FOUND } from "./office-appeal.server";

export async function registryReviewPage(user: SessionUser, trackingNumber: string) {
  const db = getDb();
  const a = await appealForRegistryReview(db, trackingNumber);
  invariantResponse(a, APPEAL_NOT_FOUND, 404);
  const [entry, regions, events] = await Promise.all([
    enterpriseByCode(db, a.creditCode),
    registryRegionChoices(db),
    appealEvents(db, a.id),
  ]);
  const region = entry?.regionCode ? regions.find((r) => r.code === entry.regionCode) : undefined;
  return {
    appeal: {
      trackingNumber: a.trackingNumber,
      open: a.status === "registry_review",
      statusLabel: STATUS_LABEL[a.status],
      reason: REGISTRY_CHECK_LABEL[a.registryCheck],
      channel: CHANNEL_LABEL[a.channel],
      received: formatInstantZh(a.receivedAt),
      creditCode: a.creditCode,
      enterpriseName: a.enterpriseName,
      contactName: a.contactName,
      // In full while the review is open (the reviewer may have to ask the enterprise who it is); masked once
      // decided. Only the reviewer reads this page, and for a reviewer only the review's state counts.
      contactPhone: appealContactPhone(
        user,
        {
          enterpriseOrganisationId: null,
          registeredBy: null,
          organisationIds: [],
          registryReview: a.status === "registry_review",
        },
        a.contactPhone,
      ),
      title: a.title,
      category: a.categoryName,
      rejectionReason: a.rejectionReason,
    },
    entry: entry
      ? {
          name: entry.name,
          region: region?.label ?? (entry.regionCode ? `本市以外(${entry.regionCode})` : "未登记"),
          inCity: Boolean(region),
          status: entry.status,
          address: entry.address,
          sameName: normalizeEnterpriseName(entry.name) === normalizeEnterpriseName(a.enterpriseName),
        }
      : null,
    regions,
    history: appealHistoryItems(events),
    outsideCityReason: OUTSIDE_CITY_REASON,
  };
}
