/**
 * The subscribe page's only script, served as `assets/subscribe.js` because the site's CSP allows
 * scripts from the site itself and nothing inline. It shows the copy buttons (hidden in the HTML,
 * so a browser without script or without the Clipboard API never shows a button that does
 * nothing) and copies the field each one names. The address field works without it: it is
 * read-only text a person can select and copy. Texts come from the button's `data-` attributes,
 * so one script serves every language.
 */
export const SUBSCRIBE_SCRIPT = `'use strict';
for (const button of document.querySelectorAll('button[data-copy]')) {
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.status);
  if (field && status && navigator.clipboard) {
    button.hidden = false;
    button.addEventListener('click', () => {
      navigator.clipboard.writeText(field.value).then(
        () => { status.textContent = button.dataset.copied; },
        () => { field.select(); status.textContent = button.dataset.copyFailed; },
      );
    });
  }
}
`;
