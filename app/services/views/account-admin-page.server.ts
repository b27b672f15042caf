/** What the platform office's organisation and user pages show, built in one place each. */
import { formatInstantZh } from "~/domain/calendar";
import { ORGANISATION_KIND_LABEL, ROLE_LABEL } from "~/domain/roles";
import { describeUserAgent } from "~/domain/user-agent";
import type { Db } from "~/models/audit.server";
import { getOrganisation } from "~/models/organisation.server";
import { sessionsOfUser } from "~/models/session.server";
import { accountOverview, getUserForAdmin, usersOfOrganisation } from "~/models/user.server";
import { accountHistory, organisationChoices } from "~/services/accounts.server";
import { invariantResponse } from "~/utils/http.server";

/** Whether the page was reached right after creating the record (…?created=1). */
const justCreated = (url: string) => new URL(url).searchParams.get("created") === "1";

/** One user's page: the account, whether it is the office user's own, its sessions and second factor, its history. */
export async function userPageView(db: Db, id: number, admin: { id: number }, url: string) {
  const user = await getUserForAdmin(db, id);
  invariantResponse(user, "账号不存在", 404);
  const [groups, history, sessions, account] = await Promise.all([
    organisationChoices(db, { keepId: user.organisationId }),
    accountHistory(db, "user", id),
    sessionsOfUser(db, id),
    accountOverview(db, id),
  ]);
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      roleLabel: ROLE_LABEL[user.role],
      organisationId: user.organisationId,
      organisationName: user.organisationName,
      organisationKindLabel: ORGANISATION_KIND_LABEL[user.organisationKind],
      organisationActive: user.organisationActive,
      phone: user.phone,
      email: user.email,
      active: user.active,
      createdAt: formatInstantZh(user.createdAt),
    },
    isSelf: admin.id === user.id,
    created: justCreated(url),
    security: {
      sessions: sessions.map((x) => ({
        id: x.id,
        device: describeUserAgent(x.userAgent),
        ip: x.ip,
        lastSeenAt: formatInstantZh(x.lastSeenAt),
      })),
      secondFactorSince: account.totpEnabledAt ? formatInstantZh(account.totpEnabledAt) : null,
      passwordChangedAt: formatInstantZh(account.passwordChangedAt),
    },
    groups,
    history,
  };
}

/** One organisation's page: its details, whether it is the office user's own, its accounts, its history. */
export async function organisationPageView(db: Db, id: number, admin: { organisationId: number }, url: string) {
  const org = await getOrganisation(db, id);
  invariantResponse(org, "机构不存在", 404);
  const [users, history] = await Promise.all([usersOfOrganisation(db, id), accountHistory(db, "organisation", id)]);
  return {
    organisation: {
      id: org.id,
      kindLabel: ORGANISATION_KIND_LABEL[org.kind],
      name: org.name,
      shortName: org.shortName,
      regionCode: org.regionCode,
      contactName: org.contactName,
      contactPhone: org.contactPhone,
      contactEmail: org.contactEmail,
      active: org.active,
      createdAt: formatInstantZh(org.createdAt),
      creditCode: org.creditCode,
      registryName: org.registryName,
    },
    isOwn: admin.organisationId === org.id,
    created: justCreated(url),
    users: users.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      roleLabel: ROLE_LABEL[u.role],
      active: u.active,
    })),
    history,
  };
}
