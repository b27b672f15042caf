import type { deregistration } from "~/domain/registry-search";

const LABEL = { cancelled: "已注销", revoked: "已吊销" } as const;

/** The red flag beside a firm the registry lists as deregistered (注销) or revoked (吊销); nothing otherwise. */
export function DeregistrationBadge({ kind }: { kind: ReturnType<typeof deregistration> }) {
  if (!kind) return null;
  return (
    <>
      {" "}
      <span className="badge badge--red" data-testid="deregistered">
        {LABEL[kind]}
      </span>
    </>
  );
}
