/**
 * patches/@remix-run+router: the server's copy of the router (its CommonJS build) ranks a route tree once and
 * compiles each pattern once, instead of at every match (RESULTS §1). It must be applied (npm's postinstall
 * runs patch-package) and must match exactly as the unpatched router does.
 */
import { createRequire } from "node:module";
import * as browserRouter from "@remix-run/router";
import { describe, expect, it } from "vitest";

const serverRouter = createRequire(import.meta.url)("@remix-run/router") as typeof browserRouter;

type Route = { id: string; path?: string; index?: boolean; children?: Route[] };
const tree = (): Route[] => [
  {
    id: "root",
    path: "",
    children: [
      { id: "index", index: true },
      {
        id: "appeals",
        path: "appeals",
        children: [
          { id: "appeal", path: ":trackingNumber" },
          { id: "new", path: "new" },
        ],
      },
      { id: "catalog", path: "documents/:number/catalog.pdf" },
      { id: "admin", path: "admin/*" },
    ],
  },
];
const PATHS = [
  "/",
  "/appeals/new",
  "/appeals/ZTC-2026-000001",
  "/documents/12/catalog.pdf",
  "/admin/x/y",
  "/APPEALS/NEW",
  "/nothing",
];

type Routes = Parameters<typeof browserRouter.matchRoutes>[0];
const match = (router: typeof browserRouter, routes: Route[], path: string) =>
  router.matchRoutes(routes as unknown as Routes, path);

const ids = (m: ReturnType<typeof browserRouter.matchRoutes>) =>
  m?.map((x) => ({ id: x.route.id, params: x.params, pathname: x.pathname })) ?? null;

describe("the server's route matching", () => {
  it("answers every path exactly as the unpatched router", () => {
    const routes = tree();
    for (const p of PATHS) expect(ids(match(serverRouter, routes, p))).toEqual(ids(match(browserRouter, tree(), p)));
  });

  it("ranks a tree once: a route added to the same tree afterwards is not seen (the patch is applied)", () => {
    const routes = tree();
    expect(match(serverRouter, routes, "/late")).toBeNull();
    routes[0].children!.push({ id: "late", path: "late" });
    expect(match(serverRouter, routes, "/late")).toBeNull();
    // A new tree is ranked anew.
    expect(match(serverRouter, structuredClone(routes), "/late")?.at(-1)?.route.id).toBe("late");
  });
});
