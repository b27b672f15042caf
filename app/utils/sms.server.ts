/**
 * SMS through a small HTTP gateway (SMS_GATEWAY_URL: POST JSON {to, text} with a bearer token), or, with no
 * gateway configured, a capture gateway that keeps the message in the outbox only. Failures are results.
 */
import type { Env } from "./env.server";
import { errorText, type SendResult } from "./mailer.server";

export interface SmsGateway {
  kind: "http" | "capture";
  send(to: string, text: string): Promise<SendResult>;
}

export function createHttpSmsGateway(opts: { url: string; token?: string; timeoutMs?: number }): SmsGateway {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return {
    kind: "http",
    async send(to, text) {
      let response: Response;
      try {
        response = await fetch(opts.url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json; charset=utf-8",
            Accept: "application/json",
            ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
          },
          body: JSON.stringify({ to, text }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
        return {
          ok: false,
          error: timedOut ? `短信网关 ${timeoutMs / 1000} 秒内无响应` : `无法连接短信网关:${errorText(e)}`,
        };
      }
      const body = await response.text().catch(() => "");
      if (!response.ok) {
        return { ok: false, error: `短信网关返回 HTTP ${response.status}${body ? `:${body.slice(0, 300)}` : ""}` };
      }
      return { ok: true, messageId: messageIdOf(body), captured: false };
    },
  };
}

/** A gateway's answer may name the message ({"id": …} or {"messageId": …}); anything else is fine too. */
function messageIdOf(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object") {
      const { id, messageId } = parsed as { id?: unknown; messageId?: unknown };
      const value = messageId ?? id;
      if (typeof value === "string" || typeof value === "number") return String(value);
    }
  } catch {
    // not JSON: the 2xx status is the answer
  }
  return null;
}

export function createCaptureSmsGateway(): SmsGateway {
  return { kind: "capture", send: async () => ({ ok: true, messageId: null, captured: true }) };
}

export function createSmsGateway(env: Pick<Env, "SMS_GATEWAY_URL" | "SMS_GATEWAY_TOKEN">): SmsGateway {
  return env.SMS_GATEWAY_URL
    ? createHttpSmsGateway({ url: env.SMS_GATEWAY_URL, token: env.SMS_GATEWAY_TOKEN })
    : createCaptureSmsGateway();
}
