/**
 * A member card rendered as HTML close to how Intercom's Inbox shows a Canvas Kit app in the
 * conversation details (a 340 px column, 13 px system font, grey field labels, values cut
 * with an ellipsis and shown whole on hover, full-width secondary buttons, red failed
 * inputs). For people to look at in the sandbox; Intercom renders the real one.
 */
type Component = Record<string, unknown>;

export interface CardPage {
  /** Heading above the card: which conversation and contact. */
  title: string;
  components: unknown[];
  /** Where the card's buttons post (the preview's submit route), with the hidden fields to send. */
  action: string;
  hidden: Record<string, string>;
  /** The status of the answer when it was not a card. */
  error?: string;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Canvas Kit text: bold (`**…**`) and links (`[text](https://…)`) only, everything else escaped. */
function markdown(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2" target="_blank">$1</a>');
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');

function component(c: Component): string {
  switch (c.type) {
    case 'text':
      return `<p class="text ${escapeHtml(str(c.style) || 'paragraph')}">${markdown(str(c.text))}</p>`;
    case 'data-table': {
      const rows = (c.items as Array<{ field: string; value: string }>).map(
        (item) =>
          `<div class="row"><span class="field">${escapeHtml(item.field)}</span>` +
          `<span class="value" title="${escapeHtml(item.value)}">${escapeHtml(item.value)}</span></div>`,
      );
      return `<div class="table">${rows.join('')}</div>`;
    }
    case 'input': {
      const state = str(c.save_state) || 'unsaved';
      return (
        `<label class="input ${escapeHtml(state)}"><span>${escapeHtml(str(c.label))}</span>` +
        `<input name="input_${escapeHtml(str(c.id))}" value="${escapeHtml(str(c.value))}" ` +
        `placeholder="${escapeHtml(str(c.placeholder))}"></label>`
      );
    }
    case 'button':
      return (
        `<button type="submit" name="component_id" value="${escapeHtml(str(c.id))}" ` +
        `class="button ${escapeHtml(str(c.style) || 'primary')}">${escapeHtml(str(c.label))}</button>`
      );
    case 'spacer':
      return '<div class="spacer"></div>';
    case 'divider':
      return '<hr class="divider">';
    default:
      return '';
  }
}

const STYLE = `
body { margin: 0; background: #f5f5f5; font: 13px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a; }
main { width: 340px; margin: 24px; }
h1 { font-size: 12px; font-weight: 600; color: #737373; margin: 0 0 8px; text-transform: uppercase; letter-spacing: .03em; }
.card { background: #fff; border: 1px solid #e5e5e5; border-radius: 8px; padding: 16px; }
.card > *:last-child { margin-bottom: 0; }
.text { margin: 0 0 10px; }
.text.header { font-size: 15px; font-weight: 600; }
.text.muted { color: #737373; }
.text.error { color: #d1242f; }
.table { margin: 0 0 10px; }
.row { display: flex; gap: 8px; padding: 3px 0; }
.field { flex: 0 0 42%; color: #737373; }
.value { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.input { display: block; margin: 0 0 10px; }
.input span { display: block; color: #737373; margin-bottom: 4px; }
.input input { box-sizing: border-box; width: 100%; padding: 7px 9px; border: 1px solid #d4d4d4; border-radius: 6px; font: inherit; }
.input.failed input { border-color: #d1242f; background: #fff5f5; }
.button { display: block; width: 100%; padding: 7px 12px; border-radius: 6px; font: inherit; font-weight: 600; cursor: pointer; margin: 0 0 8px; }
.button.primary { background: #0057ff; color: #fff; border: 1px solid #0057ff; }
.button.secondary { background: #fff; color: #1a1a1a; border: 1px solid #d4d4d4; }
.button.link { background: none; border: none; color: #0057ff; text-align: left; padding: 4px 0; width: auto; }
.spacer { height: 10px; }
.divider { border: 0; border-top: 1px solid #e5e5e5; margin: 10px 0; }
.refused { color: #d1242f; }
`;

/** The whole preview page for one card. */
export function renderCardPage(page: CardPage): string {
  const hidden = Object.entries(page.hidden)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('');
  const body = page.error
    ? `<p class="refused">${escapeHtml(page.error)}</p>`
    : (page.components as Component[]).map(component).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Member card preview</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(page.title)}</h1>
<form method="post" action="${escapeHtml(page.action)}" class="card" data-testid="card">${hidden}
${body}
</form></main></body></html>`;
}
