/**
 * The interactive docs page of `GET /docs`: one self-contained HTML file (no CDN, nothing loaded
 * from the internet) that reads `/openapi.json`, lists every operation with its parameters, and
 * lets the user fill them in, set an API key and send the request, showing status, headers and
 * body.
 */
export const DOCS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>K2 API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1000px;padding:1em;color:#222}
h1{font-size:1.4em}details{border:1px solid #ccc;border-radius:4px;margin:.4em 0;padding:.3em .6em}
summary{cursor:pointer}.m{display:inline-block;width:4em;font-weight:bold;text-transform:uppercase}
.get{color:#06c}.post{color:#080}label{display:block;margin:.2em 0}label span{display:inline-block;width:11em}
input,textarea{font:inherit;width:28em;max-width:100%}textarea{height:8em}
pre{background:#f6f6f6;padding:.5em;overflow:auto;max-height:30em}small{color:#666}
</style>
</head>
<body>
<h1>K2 market data API</h1>
<p>Operations from <a href="/openapi.json">/openapi.json</a>.
<label><span>X-API-Key</span><input id="key" placeholder="k2-dev-key"></label></p>
<div id="ops">Loading...</div>
<script>
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]))
async function main() {
  const doc = await (await fetch('/openapi.json')).json()
  const ops = document.getElementById('ops')
  ops.textContent = ''
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const el = document.createElement('details')
      const params = (op.parameters || []).map((p) =>
        '<label><span>' + esc(p.name) + (p.required ? ' *' : '') + ' <small>' + p.in + '</small></span>' +
        '<input data-in="' + p.in + '" data-name="' + esc(p.name) + '" title="' + esc(p.description || '') + '"></label>').join('')
      const body = op.requestBody ? '<label><span>JSON body</span><textarea data-body>{}</textarea></label>' : ''
      el.innerHTML = '<summary><span class="m ' + method + '">' + method + '</span> <code>' + esc(path) +
        '</code> ' + esc(op.summary || '') + '</summary>' + (op.description ? '<p>' + esc(op.description) + '</p>' : '') +
        params + body + '<button>Send</button><pre hidden></pre>'
      el.querySelector('button').onclick = async () => {
        let url = path
        const query = new URLSearchParams()
        for (const input of el.querySelectorAll('input[data-name]')) {
          if (input.value === '') continue
          if (input.dataset.in === 'path') url = url.replace('{' + input.dataset.name + '}', encodeURIComponent(input.value))
          else query.set(input.dataset.name, input.value)
        }
        if ([...query].length) url += '?' + query
        const headers = {}
        const key = document.getElementById('key').value
        if (key) headers['X-API-Key'] = key
        const init = { method: method.toUpperCase(), headers }
        const ta = el.querySelector('textarea[data-body]')
        if (ta) { init.body = ta.value; headers['Content-Type'] = 'application/json' }
        const out = el.querySelector('pre')
        out.hidden = false
        try {
          const res = await fetch(url, init)
          const type = res.headers.get('content-type') || ''
          const text = type.includes('parquet') ? '(' + (await res.arrayBuffer()).byteLength + ' bytes of Parquet)' : await res.text()
          let shown = text
          try { shown = JSON.stringify(JSON.parse(text), null, 2) } catch {}
          out.textContent = res.status + ' ' + res.statusText + '\\n' +
            [...res.headers].map(([k, v]) => k + ': ' + v).join('\\n') + '\\n\\n' + shown
        } catch (e) { out.textContent = String(e) }
      }
      ops.appendChild(el)
    }
  }
}
main().catch((e) => { document.getElementById('ops').textContent = 'Failed to load /openapi.json: ' + e })
</script>
</body>
</html>
`
