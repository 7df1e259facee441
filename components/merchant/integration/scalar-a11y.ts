// What the bundled Scalar reference (@scalar/api-reference 1.46) gets wrong for WCAG 2.1 AA, put
// right around it: its colours through its own theme variables (./scalar-a11y.css, bundled: the
// CSP refuses the inline style Scalar's `customCss` would inject), and a few
// ARIA attributes on the elements it renders, re-applied whenever it re-renders. Each fix names
// the axe rule it answers; nothing here changes what the reference shows or does.

/** Roles on which aria-selected is an allowed state (WAI-ARIA 1.2). */
const SELECTABLE = new Set(['gridcell', 'option', 'row', 'tab', 'columnheader', 'rowheader', 'treeitem']);

function fix(root: HTMLElement) {
  // aria-allowed-attr: the sidebar's entries are plain buttons marked aria-selected; the
  // entry is the page's current one, which is aria-current.
  for (const el of root.querySelectorAll<HTMLElement>('[aria-selected]')) {
    if (SELECTABLE.has(el.getAttribute('role') ?? '')) continue;
    if (el.getAttribute('aria-selected') === 'true') el.setAttribute('aria-current', 'true');
    else el.removeAttribute('aria-current');
    el.removeAttribute('aria-selected');
  }
  // button-name: the sidebar's search opener (an icon and a placeholder hidden from assistive
  // technology, with role="search" on the button itself) and the code blocks' copy buttons.
  for (const b of root.querySelectorAll<HTMLButtonElement>('button[role="search"]')) {
    b.removeAttribute('role');
    if (!b.getAttribute('aria-label')) b.setAttribute('aria-label', 'Search the API reference');
  }
  for (const b of root.querySelectorAll<HTMLButtonElement>('button.group\\/copy-button')) {
    if (!b.getAttribute('aria-label')) b.setAttribute('aria-label', 'Copy the code');
  }
  // aria-required-children and button-name: the code samples' tab list holds a "more clients"
  // button besides its tabs; it picks the sample's language like the tabs do, so it is one of
  // them (selected when the chosen client is not a featured one), with its name kept at every width.
  for (const b of root.querySelectorAll<HTMLButtonElement>('[role="tablist"] button.client-libraries__select')) {
    if (b.getAttribute('role') !== 'tab') b.setAttribute('role', 'tab');
    if (!b.getAttribute('aria-label')) b.setAttribute('aria-label', 'Select from all clients');
    const selected = String(b.classList.contains('client-libraries__active'));
    if (b.getAttribute('aria-selected') !== selected) b.setAttribute('aria-selected', selected);
  }
  // scrollable-region-focusable: on a phone a tag's list of endpoints scrolls sideways; the
  // keyboard can scroll it once it can be focused.
  for (const ul of root.querySelectorAll<HTMLElement>('ul.endpoints')) {
    if (!ul.hasAttribute('tabindex')) ul.setAttribute('tabindex', '0');
  }
}

/** Applies the fixes now and after every change Scalar makes below `root`; returns the stop. */
export function patchScalarA11y(root: HTMLElement): () => void {
  let queued = false;
  const run = () => {
    queued = false;
    observer.disconnect();
    fix(root);
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-selected', 'class', 'role'] });
  };
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(run);
  });
  run();
  return () => observer.disconnect();
}
