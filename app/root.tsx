import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { mayEnter, ROLE_LABEL, type Role } from "~/domain/roles";
import { getOptionalUser } from "~/utils/auth.server";
import { useNonce } from "~/utils/nonce";
import styles from "~/styles/app.css";
import { z } from "zod";

// In the browser zod would try `new Function` to compile its parsers; the CSP allows no eval, so the
// browser refuses and reports a violation (zod then parses without compiling). The root module runs before
// any route's module, and so before any schema is made: none of them tries.
if (typeof document !== "undefined") z.config({ jitless: true });

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "解决企业诉求“直通车” · 潮州市" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  return {
    user: user && {
      displayName: user.displayName,
      role: user.role,
      roleLabel: ROLE_LABEL[user.role],
      organisationName: user.organisationName,
    },
  };
}

function Navigation({ role }: { role: Role | null }) {
  return (
    <nav aria-label="主导航" className="nav">
      <NavLink to="/" end>
        首页
      </NavLink>
      <NavLink to="/calendar">活动日历</NavLink>
      <NavLink to="/commitments">办理承诺</NavLink>
      <NavLink to="/disclosure">结果公开</NavLink>
      {role ? <NavLink to="/workspace">我的工作台</NavLink> : null}
      {role === "enterprise" ? (
        <>
          <NavLink to="/appeals" end>
            我的诉求
          </NavLink>
          <NavLink to="/appeals/new">提交诉求</NavLink>
          <NavLink to="/account/contact">企业信息</NavLink>
        </>
      ) : null}
      {role === "window_clerk" || role === "hotline_operator" ? (
        <>
          <NavLink to="/intake/new">登记诉求</NavLink>
          <NavLink to="/appeals" end>
            我登记的诉求
          </NavLink>
        </>
      ) : null}
      {role && mayEnter(role, "office") ? (
        <>
          <NavLink to="/admin/screening">诉求甄别</NavLink>
          <NavLink to="/admin/handling">办理协调</NavLink>
          <NavLink to="/admin/cycles">期次管理</NavLink>
          <NavLink to="/admin/calendar">工作日历</NavLink>
          <NavLink to="/admin/categories">诉求类别</NavLink>
          <NavLink to="/admin/registry">法人库</NavLink>
          <NavLink to="/admin/users">账号与机构</NavLink>
          <NavLink to="/admin/api-keys">接口密钥</NavLink>
          <NavLink to="/admin/outbox">消息发件箱</NavLink>
          <NavLink to="/admin/disclosure">公开审核</NavLink>
          <NavLink to="/admin/security">安全日志</NavLink>
        </>
      ) : null}
      {role === "registry_reviewer" ? <NavLink to="/review">法人库核实</NavLink> : null}
      {role === "department" || role === "county" ? <NavLink to="/handling">我的待办</NavLink> : null}
      {role === "department" ? <NavLink to="/tasks">交办任务</NavLink> : null}
      {role === "secretary_general" || role === "leader" ? <NavLink to="/agenda">现场议程</NavLink> : null}
      {role === "government_office" ? <NavLink to="/catalogs">问题目录</NavLink> : null}
      {role === "supervisor" ? <NavLink to="/supervision">督查督办</NavLink> : null}
      {role === "supervisor" || role === "government_office" || role === "leader" || role === "platform_admin" ? (
        <NavLink to="/figures">统计排名</NavLink>
      ) : null}
      {role ? <NavLink to="/account">我的账号</NavLink> : null}
    </nav>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  const nonce = useNonce();
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          跳到主要内容
        </a>
        <header className="site-header">
          <div className="site-header__inner">
            <Link to="/" className="brand">
              <span className="brand__mark" aria-hidden="true">
                直
              </span>
              <span>
                <strong>解决企业诉求“直通车”</strong>
                <small>潮州市政务服务数据管理局</small>
              </span>
            </Link>
            <div className="account">
              {user ? (
                <>
                  <Link to="/account" className="account__who" title="我的账号:密码、动态口令、登录设备">
                    {user.displayName}
                    <small>
                      {user.roleLabel} · {user.organisationName}
                    </small>
                  </Link>
                  <Form method="post" action="/logout">
                    <button type="submit" className="button button--quiet">
                      退出登录
                    </button>
                  </Form>
                </>
              ) : (
                <Link to="/login" className="button button--quiet">
                  登录
                </Link>
              )}
            </div>
          </div>
          <Navigation role={user?.role ?? null} />
        </header>
        <main id="main" className="main">
          {children}
        </main>
        <footer className="site-footer">潮州市解决企业诉求“直通车”平台 · 咨询电话 12345</footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}

const REFUSAL_TITLES: Record<number, string> = {
  400: "请求有误",
  408: "请求超时",
  413: "内容过大",
  429: "请求过于频繁",
};

/** 403, 404 and failures as pages a person can act on. */
export function ErrorPage() {
  const error = useRouteError();
  let title = "出错了";
  let message = "服务暂时出现问题,请稍后再试。如果问题持续,请联系平台管理员。";
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (error.status === 403) {
      title = "无权访问";
      message = typeof error.data === "string" && error.data ? error.data : "您的账号无权访问此页面。";
    } else if (error.status === 404) {
      title = "页面不存在";
      message = typeof error.data === "string" && error.data ? error.data : "您要找的页面不存在或已被移除。";
    } else if (error.status === 503) {
      title = "系统繁忙";
      message = typeof error.data === "string" && error.data ? error.data : message;
    } else if (error.status in REFUSAL_TITLES) {
      // 400 from a route; the others from the edge (server.ts), which says why in Chinese.
      title = REFUSAL_TITLES[error.status];
      message = typeof error.data === "string" && error.data ? error.data : message;
    }
  }
  return (
    <section className="error-page" role="alert">
      <p className="error-page__status">{status}</p>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">返回首页</Link> · <Link to="/workspace">我的工作台</Link>
      </p>
    </section>
  );
}
