import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";

/** Seconds left, counted down in the browser from what the server said when the page was loaded. */
function useCountdown(from: number): number {
  const [left, setLeft] = useState(from);
  useEffect(() => {
    if (from <= 0) return;
    const started = Date.now();
    const timer = setInterval(() => {
      const next = Math.max(0, from - Math.floor((Date.now() - started) / 1000));
      setLeft(next);
      if (next === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [from]);
  return left;
}

function Countdown({ waitSeconds, busy }: { waitSeconds: number; busy: boolean }) {
  const wait = useCountdown(waitSeconds);
  return (
    <button type="submit" className="button button--secondary" disabled={wait > 0 || busy}>
      {wait > 0 ? `${wait} 秒后可重新获取` : busy ? "正在发送…" : "重新获取验证码"}
    </button>
  );
}

/**
 * "重新获取验证码": a form of its own posting `intent=resend`, disabled until the server's wait has passed (the
 * server refuses an early one all the same). `codeId` names the code the wait belongs to: a new code starts a
 * new countdown.
 */
export function ResendCodeButton({
  codeId,
  waitSeconds,
  busy,
}: {
  codeId: string;
  waitSeconds: number;
  busy: boolean;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="resend" />
      <Countdown key={codeId} waitSeconds={waitSeconds} busy={busy} />
    </Form>
  );
}
