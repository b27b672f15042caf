import { describe, expect, it } from "vitest";
import { routeMatcher } from "./request-log.server";

// The shape of build.routes that matters here: ids, parents, paths, index flags.
const routes = {
  root: { id: "root", path: "", parentId: undefined },
  "routes/_index": { id: "routes/_index", index: true, parentId: "root" },
  "routes/admin": { id: "routes/admin", path: "admin", parentId: "root" },
  "routes/admin.appeals.$trackingNumber": {
    id: "routes/admin.appeals.$trackingNumber",
    path: "appeals/:trackingNumber",
    parentId: "routes/admin",
  },
  "routes/documents.$number.catalog[.]pdf": {
    id: "routes/documents.$number.catalog[.]pdf",
    path: "documents/:number/catalog.pdf",
    parentId: "root",
  },
} as unknown as Parameters<typeof routeMatcher>[0]["routes"];

describe("the request log's route", () => {
  const routeOf = routeMatcher({ routes });

  it("is the deepest route that answers the path", () => {
    expect(routeOf("/admin/appeals/ZTC-2026-000123")).toBe("routes/admin.appeals.$trackingNumber");
    expect(routeOf("/documents/12/catalog.pdf")).toBe("routes/documents.$number.catalog[.]pdf");
    expect(routeOf("/")).toBe("routes/_index");
  });

  it("is the page's route for the app's own data requests", () => {
    expect(routeOf("/admin/appeals/ZTC-2026-000123.data")).toBe("routes/admin.appeals.$trackingNumber");
    expect(routeOf("/_root.data")).toBe("routes/_index");
  });

  it("is null where no route answers (the 404's line says so)", () => {
    expect(routeOf("/nothing/here")).toBeNull();
  });
});
