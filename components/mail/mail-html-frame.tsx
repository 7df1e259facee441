// A mail's HTML part shown as the recipient's client would: in a sandboxed frame (no
// scripts, no same-origin access, no forms), so nothing in a message can act on the panel.
export function MailHtmlFrame({ html, title }: { html: string; title: string }) {
  return <iframe title={title} sandbox="" srcDoc={html} className="h-[28rem] w-full rounded-md border border-slate-200 bg-white" />;
}
