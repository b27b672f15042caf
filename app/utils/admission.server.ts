/**
 * Admission control for the request handler. At the booking window's opening more people may arrive than
 * the server can serve at once; without a limit every request is started, all of them slow down together,
 * and once they pass the browsers' (or the proxy's) patience the server spends itself on answers nobody
 * waits for. So at most `concurrency` requests run at a time; the others wait in line, first come first
 * served, and one that has waited `maxWaitMs` (or finds `maxQueue` ahead of it) is answered at once with
 * 503 and Retry-After instead. A waiter whose client has gone away is dropped without being run.
 */
export interface AdmissionOptions {
  concurrency: number;
  maxQueue: number;
  maxWaitMs: number;
}

export type Release = () => void;

interface Waiter {
  admit(release: Release): void;
  refuse(): void;
  gone: () => boolean;
}

export class AdmissionGate {
  private running = 0;
  private readonly line: Waiter[] = [];
  /** Requests refused since start, for the log. */
  refused = 0;

  constructor(private readonly opts: AdmissionOptions) {
    if (opts.concurrency < 1) throw new Error("concurrency must be at least 1");
  }

  get active(): number {
    return this.running;
  }

  get waiting(): number {
    return this.line.length;
  }

  /**
   * Resolves with a release function once the request may run (call it exactly once when it is done), or
   * with null when it is refused: the line is full, it waited too long, or `gone()` says its client left.
   */
  admit(gone: () => boolean = () => false): Promise<Release | null> {
    if (this.running < this.opts.concurrency && this.line.length === 0) return Promise.resolve(this.start());
    if (this.line.length >= this.opts.maxQueue) {
      this.refused++;
      return Promise.resolve(null);
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        admit: (release) => {
          clearTimeout(timer);
          resolve(release);
        },
        refuse: () => {
          clearTimeout(timer);
          resolve(null);
        },
        gone,
      };
      const timer = setTimeout(() => {
        const i = this.line.indexOf(waiter);
        if (i >= 0) this.line.splice(i, 1);
        this.refused++;
        resolve(null);
      }, this.opts.maxWaitMs);
      this.line.push(waiter);
    });
  }

  private start(): Release {
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.next();
    };
  }

  private next(): void {
    while (this.running < this.opts.concurrency && this.line.length) {
      const waiter = this.line.shift()!;
      if (waiter.gone()) {
        waiter.refuse();
        continue;
      }
      waiter.admit(this.start());
    }
  }
}

/** The answer to a refused request: a page in Chinese that says what to do, and when to try again. */
export const BUSY_RETRY_AFTER_SECONDS = 5;
export const BUSY_MESSAGE = "当前访问人数较多,请稍候几秒后重试。您的诉求如尚未显示受理编号,则尚未提交,请再次点击提交。";

/** What a person filling in a form should do on the busy page. */
export const BUSY_ADVICE = "填写表单时遇到此页面:请用浏览器的“返回”回到表单,稍候再点击提交。";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page the edge answers with itself (busy, refused): a title, some paragraphs, the way home. */
export function plainPage(title: string, paragraphs: string[]): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · 直通车</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.7;color:#1f2933}h1{font-size:1.5rem}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("")}<p><a href="/">返回首页</a></p></main></body></html>`;
}
