import { Form } from "@remix-run/react";
import { Field } from "./field";

export interface Offer {
  secret: string;
  signature: string;
  qrSvg: string;
  secretGroups: string;
}

/** Binding an authenticator app: the QR code, the secret to type by hand, and the first code. */
export function EnrolmentForm(props: { offer: Offer; error?: string | null; busy: boolean; redirectTo?: string }) {
  const { offer } = props;
  return (
    <Form method="post" className="stack" aria-describedby="enrol-steps">
      <ol id="enrol-steps" className="steps">
        <li>
          在手机上安装身份验证器应用(如“腾讯身份验证器”“Microsoft Authenticator”“Google
          身份验证器”),选择“扫描二维码”添加账号。
        </li>
        <li>扫描下方二维码;无法扫描时,在应用中选择“手动输入密钥”,输入下方密钥(基于时间)。</li>
        <li>输入应用中显示的 6 位动态口令,完成绑定。</li>
      </ol>
      <figure className="qr">
        {/* The SVG is made on the server by the qrcode library from our own otpauth URI: no user input. */}
        <div
          className="qr__code"
          role="img"
          aria-label="绑定身份验证器的二维码"
          dangerouslySetInnerHTML={{ __html: offer.qrSvg }}
        />
        <figcaption>
          密钥:<code data-testid="totp-secret">{offer.secretGroups}</code>
        </figcaption>
      </figure>
      <input type="hidden" name="intent" value="enrol" />
      <input type="hidden" name="secret" value={offer.secret} />
      <input type="hidden" name="signature" value={offer.signature} />
      {props.redirectTo !== undefined ? <input type="hidden" name="redirectTo" value={props.redirectTo} /> : null}
      <Field id="enrol-code" label="动态口令" errors={props.error ? [props.error] : null} hint="6 位数字,每 30 秒更新">
        <input
          id="enrol-code"
          name="code"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          aria-invalid={props.error ? true : undefined}
          aria-describedby={props.error ? "enrol-code-error" : "enrol-code-hint"}
        />
      </Field>
      <button type="submit" className="button" disabled={props.busy}>
        {props.busy ? "正在绑定…" : "绑定并启用"}
      </button>
    </Form>
  );
}

/** The recovery codes, shown once, with what they are for. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <section aria-labelledby="recovery-title" className="stack">
      <h2 id="recovery-title">恢复码</h2>
      <p className="alert alert--warn" role="note">
        请立即抄写或打印以下恢复码并妥善保管。手机丢失或无法使用验证器时,每个恢复码可代替动态口令登录一次。恢复码只显示这一次。
      </p>
      <ol className="recovery-codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
    </section>
  );
}
