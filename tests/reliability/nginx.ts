/**
 * Debian's nginx in front of the app, for the reliability tests: the production configuration of
 * deploy/nginx/zhitongche.conf with only its ports, paths and certificate replaced (each replacement must
 * find its text, so the test cannot drift from the file), inside a main configuration of the test's own that
 * sets what Debian's /etc/nginx/nginx.conf sets around `include sites-enabled/*`. nginx runs as a child
 * process with everything (pid, logs, temporary files) in a directory of its own; /etc/nginx is only read
 * (mime.types).
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../../db/embedded";

export const NGINX = "/usr/sbin/nginx";
export const DEPLOY_CONFIG = path.join(PROJECT_ROOT, "deploy", "nginx", "zhitongche.conf");

export interface RenderOptions {
  /** The instances' ports, in place of the file's 3001 and 3002. */
  upstreams: [number, number];
  httpPort: number;
  httpsPort: number;
  certificate: string;
  key: string;
  logDir: string;
  acmeDir: string;
}

/** deploy/nginx/zhitongche.conf for this machine: its placeholders replaced, nothing else changed. */
export function renderDeployConfig(template: string, o: RenderOptions): string {
  const replacements: [string, string][] = [
    ["server 127.0.0.1:3001 ", `server 127.0.0.1:${o.upstreams[0]} `],
    ["server 127.0.0.1:3002 ", `server 127.0.0.1:${o.upstreams[1]} `],
    ["listen 80;", `listen 127.0.0.1:${o.httpPort};`],
    ["listen 443 ssl http2;", `listen 127.0.0.1:${o.httpsPort} ssl http2;`],
    ["/etc/ssl/zhitongche/fullchain.pem", o.certificate],
    ["/etc/ssl/zhitongche/privkey.pem", o.key],
    ["/var/log/nginx/", `${o.logDir}/`],
    ["/var/www/letsencrypt", o.acmeDir],
    ["/srv/zhitongche", PROJECT_ROOT],
  ];
  let text = template;
  for (const [from, to] of replacements) {
    if (!text.includes(from))
      throw new Error(`${DEPLOY_CONFIG} no longer contains "${from}": update renderDeployConfig with it`);
    text = text.split(from).join(to);
  }
  return text;
}

/** A self-signed certificate for 127.0.0.1 (openssl, as on any Debian with ca-certificates). */
function selfSignedCertificate(dir: string): { certificate: string; key: string } {
  const certificate = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key,
        "-out",
        certificate,
        "-days",
        "2",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "pipe" },
    );
  } catch (e) {
    throw new Error(`the test's TLS certificate needs the openssl command (apt-get install openssl): ${String(e)}`);
  }
  return { certificate, key };
}

export interface AccessLine {
  request: string;
  status: number;
  /** The instances tried, in order ("-" when nginx answered itself). */
  upstreams: string[];
  raw: string;
}

export interface Nginx {
  httpUrl: string;
  httpsUrl: string;
  /** The site's access log (log_format zhitongche), parsed. */
  accessLog(): AccessLine[];
  errorLog(): string;
  stop(): Promise<void>;
}

const ACCESS_LINE = /^\S+ \[[^\]]+\] "([^"]*)" (\d{3}) \d+ \S+ upstream=(.*?) upstream_status=/;

function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`nginx exited with ${child.exitCode}:\n${log()}`));
      const s = net.connect({ host: "127.0.0.1", port });
      s.once("connect", () => {
        s.destroy();
        resolve();
      });
      s.once("error", () => {
        s.destroy();
        if (Date.now() > deadline) reject(new Error(`nginx did not listen on ${port} within 15 s:\n${log()}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/** Start nginx with the rendered deploy configuration; resolves once it listens. */
export async function startNginx(o: {
  upstreams: [number, number];
  httpPort: number;
  httpsPort: number;
}): Promise<Nginx> {
  const prefix = mkdtempSync(path.join(os.tmpdir(), "zt-nginx-"));
  const logDir = path.join(prefix, "logs");
  const tmp = path.join(prefix, "tmp");
  for (const d of [logDir, tmp, path.join(prefix, "acme")]) mkdirSync(d, { recursive: true });
  const { certificate, key } = selfSignedCertificate(prefix);
  const site = path.join(prefix, "zhitongche.conf");
  writeFileSync(
    site,
    renderDeployConfig(readFileSync(DEPLOY_CONFIG, "utf8"), {
      ...o,
      certificate,
      key,
      logDir,
      acmeDir: path.join(prefix, "acme"),
    }),
  );
  const errorLog = path.join(logDir, "error.log");
  const main = path.join(prefix, "nginx.conf");
  // What Debian's /etc/nginx/nginx.conf sets around `include /etc/nginx/sites-enabled/*;`, with the pid,
  // logs and temporary files here. As root the workers run as root, to read the checkout wherever it is (in
  // production they run as www-data, which must be able to read public/).
  writeFileSync(
    main,
    [
      process.getuid?.() === 0 ? "user root;" : "",
      "worker_processes auto;",
      `pid ${path.join(prefix, "nginx.pid")};`,
      `error_log ${errorLog};`,
      "events { worker_connections 768; }",
      "http {",
      "  sendfile on;",
      "  tcp_nopush on;",
      "  types_hash_max_size 2048;",
      "  include /etc/nginx/mime.types;",
      "  default_type application/octet-stream;",
      "  ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;",
      "  ssl_prefer_server_ciphers on;",
      `  access_log ${path.join(logDir, "access.log")};`,
      "  gzip on;",
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${path.join(tmp, t)};`),
      `  include ${site};`,
      "}",
      "",
    ].join("\n"),
  );
  const out = path.join(logDir, "nginx.out");
  const fd = openSync(out, "a");
  const child = spawn(NGINX, ["-p", prefix, "-c", main, "-e", errorLog, "-g", "daemon off;"], {
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const read = (f: string) => (existsSync(f) ? readFileSync(f, "utf8") : "");
  const errorText = () => `${read(out)}${read(errorLog)}`;
  await waitForPort(o.httpsPort, child, errorText);
  await waitForPort(o.httpPort, child, errorText);
  return {
    httpUrl: `http://127.0.0.1:${o.httpPort}`,
    httpsUrl: `https://127.0.0.1:${o.httpsPort}`,
    accessLog() {
      return read(path.join(logDir, "zhitongche.access.log"))
        .split("\n")
        .filter(Boolean)
        .map((raw) => {
          const m = ACCESS_LINE.exec(raw);
          if (!m) throw new Error(`an access log line not in the zhitongche format: ${raw}`);
          return { request: m[1], status: Number(m[2]), upstreams: m[3].split(/, | : /), raw };
        });
    },
    errorLog: errorText,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
