/** The enterprise registry page: a search of the registry, its size, and the latest imports. */
import { formatInstant } from "~/domain/calendar";
import type { Db } from "~/models/audit.server";
import {
  IMPORT_STATUS_BADGE,
  IMPORT_STATUS_LABEL,
  listRegistryImports,
  registrySize,
  searchEnterprises,
} from "~/models/registry.server";
import { MAX_REGISTRY_UPLOAD_BYTES } from "~/services/registry-import.server";
import { CITY_CODE } from "~/utils/city";
import { pageQuery } from "~/utils/params.server";

const short = (d: Date | null) => (d ? formatInstant(d).slice(0, 16).replace("T", " ") : null);

export async function registryPageView(db: Db, params: URLSearchParams) {
  const [search, size, imports] = await Promise.all([
    searchEnterprises(db, { q: params.get("q"), page: pageQuery(params) }),
    registrySize(db),
    listRegistryImports(db, 10),
  ]);
  return {
    size,
    search: {
      q: search.q,
      mode: search.mode,
      page: search.page,
      pageCount: search.pageCount,
      total: search.total,
      totalCapped: search.totalCapped,
      rows: search.rows.map((e) => ({
        id: e.id,
        creditCode: e.creditCode,
        codeCheck: e.codeCheck,
        name: e.name,
        legalRepresentative: e.legalRepresentative,
        // In the city: one of its counties (by name) or the city itself; anything else lies outside it.
        region: e.regionName ?? (e.regionCode === CITY_CODE ? "市本级" : e.regionCode),
        outsideCity: e.regionName === null && e.regionCode !== null && e.regionCode !== CITY_CODE,
        status: e.status,
        deregistration: e.deregistration,
        registeredOn: e.registeredOn,
      })),
    },
    imports: imports.map((i) => ({
      id: i.id,
      filename: i.filename,
      status: i.status,
      statusLabel: IMPORT_STATUS_LABEL[i.status],
      statusBadge: IMPORT_STATUS_BADGE[i.status],
      rowsRead: i.rowsRead,
      rowsInserted: i.rowsInserted,
      rowsUpdated: i.rowsUpdated,
      rowsRejected: i.rowsRejected,
      createdAt: short(i.createdAt)!,
      createdByName: i.createdByName,
    })),
    busyImportId: imports.find((i) => i.status === "queued" || i.status === "running")?.id ?? null,
    maxUploadMb: MAX_REGISTRY_UPLOAD_BYTES / 1024 / 1024,
  };
}

export type RegistryPageView = Awaited<ReturnType<typeof registryPageView>>;
