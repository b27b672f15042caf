/**
 * Email through nodemailer (SMTP_URL), or, with no SMTP_URL, a capture transport: the message stays in the
 * outbox for the platform office to read and nothing leaves the machine. Delivery errors are results, not
 * exceptions, so the worker can record them and retry.
 */
import { createTransport } from "nodemailer";
import type { Env } from "./env.server";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string | null;
}

export type SendResult = { ok: true; messageId: string | null; captured: boolean } | { ok: false; error: string };

export interface MailTransport {
  kind: "smtp" | "capture";
  send(message: MailMessage): Promise<SendResult>;
  close(): void;
}

/**
 * Each step of an SMTP conversation is bounded well inside the worker's one-minute lock on a message, so a
 * stalled server cannot hold a message past its lock (after which another worker might send it again).
 */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

export function errorText(e: unknown): string {
  if (e instanceof Error) {
    const response = (e as Error & { response?: unknown }).response;
    return typeof response === "string" && !e.message.includes(response) ? `${e.message}: ${response}` : e.message;
  }
  return String(e);
}

export function createMailTransport(env: Pick<Env, "SMTP_URL" | "SMTP_FROM">): MailTransport {
  if (!env.SMTP_URL) return createCaptureMailTransport();
  const transporter = createTransport({ url: env.SMTP_URL, ...SMTP_TIMEOUTS }, { from: env.SMTP_FROM });
  return {
    kind: "smtp",
    async send(m) {
      try {
        const info = await transporter.sendMail({
          to: m.to,
          subject: m.subject,
          text: m.text,
          ...(m.html ? { html: m.html } : {}),
        });
        return { ok: true, messageId: info.messageId ?? null, captured: false };
      } catch (e) {
        return { ok: false, error: `邮件发送失败:${errorText(e)}` };
      }
    },
    close: () => transporter.close(),
  };
}

export function createCaptureMailTransport(): MailTransport {
  return {
    kind: "capture",
    send: async () => ({ ok: true, messageId: null, captured: true }),
    close: () => {},
  };
}

/** Send one email through the given transport; never throws for a delivery error. */
export async function sendEmail(transport: MailTransport, message: MailMessage): Promise<SendResult> {
  try {
    return await transport.send(message);
  } catch (e) {
    return { ok: false, error: `邮件发送失败:${errorText(e)}` };
  }
}
