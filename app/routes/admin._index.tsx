import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireArea } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  return redirect("/admin/cycles");
}
