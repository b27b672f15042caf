import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { ErrorPage } from "~/root";
import { requireArea } from "~/utils/auth.server";

/** The platform office's area: every page under /admin is for platform_admin only. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  return null;
}

export default function AdminLayout() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
