/** The page a bad portal link gets: self-contained, so it renders even without the app. */
export function portalLinkErrorHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Link invalid or expired · Rateline</title>
<style>
:root{color-scheme:light dark}
body{font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:#f8fafc;color:#0f172a}
main{max-width:28rem;padding:2rem;text-align:center}
h1{font-size:1.25rem;margin:0 0 .5rem}
p{color:#475569;line-height:1.5;margin:0}
@media (prefers-color-scheme:dark){body{background:#0b1120;color:#e2e8f0}p{color:#94a3b8}}
</style></head>
<body><main><h1>This link is invalid or has expired</h1>
<p>Ask for a new link to your usage and billing portal from the product you opened it in.</p></main></body></html>`;
}
