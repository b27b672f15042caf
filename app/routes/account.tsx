import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/root";
import { requireUser } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "我的账号 · 直通车" }];

/** Everyone's own account: overview, password, second factor, signed-in devices; the enterprise's contact. */
export async function loader({ request }: LoaderFunctionArgs) {
  // A person who must change the password first still reaches /account/password through this layout.
  const user = await requireUser(request, { passwordChange: "allowed" });
  return { isEnterprise: user.role === "enterprise" };
}

export default function AccountLayout() {
  const { isEnterprise } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <nav aria-label="账号设置">
        <ul className="subnav">
          <li>
            <NavLink to="/account" end>
              账号概览
            </NavLink>
          </li>
          {isEnterprise ? (
            <li>
              <NavLink to="/account/contact">企业联系方式</NavLink>
            </li>
          ) : null}
          <li>
            <NavLink to="/account/password">修改密码</NavLink>
          </li>
          <li>
            <NavLink to="/account/two-factor">动态口令</NavLink>
          </li>
          <li>
            <NavLink to="/account/sessions">登录设备</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
