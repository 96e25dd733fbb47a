import { escapeHtml } from '../../site/html-escape.ts';
import { textDirectionOf } from '../../site/text-direction.ts';

/** A small page the newsletter endpoint answers with: a heading, a few lines, maybe one form. */
export interface NewsletterPage {
  language: string;
  heading: string;
  lines: string[];
  form?: PageForm;
}

export interface PageForm {
  action: string;
  /** Hidden fields, e.g. the newsletter's name. */
  hidden: Record<string, string>;
  /** The address field's label, when the form asks for one (the subscribe form); otherwise only a button. */
  addressLabel?: string;
  button: string;
}

/**
 * No script and no external resource: the pages work with JavaScript off and leak nothing to
 * third parties. The honeypot field is hidden from people and left empty; bots fill it.
 */
export function renderNewsletterPage(page: NewsletterPage): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(page.language)}" dir="${textDirectionOf(page.language)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(page.heading)}</title>`,
    '<style>body{font:17px/1.55 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1d1d1b}',
    'input[type=email]{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}button{font:inherit;padding:.45rem 1.2rem;margin-top:.8rem}',
    '.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}</style></head>',
    '<body><main>',
    `<h1>${escapeHtml(page.heading)}</h1>`,
    ...page.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    page.form ? formHtml(page.form) : '',
    '</main></body></html>',
    '',
  ].join('\n');
}

function formHtml(form: PageForm): string {
  const hidden = Object.entries(form.hidden).map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`);
  const address = form.addressLabel !== undefined
    ? [
        `<label for="email">${escapeHtml(form.addressLabel)}</label>`,
        '<input type="email" id="email" name="email" required autocomplete="email" maxlength="254">',
        '<div class="trap" aria-hidden="true"><label for="website">Website</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>',
      ]
    : [];
  return [`<form method="post" action="${escapeHtml(form.action)}">`, ...hidden, ...address, `<button type="submit">${escapeHtml(form.button)}</button>`, '</form>'].join('\n');
}
