// axe-core's serious and critical violations of a page (WCAG 2.x A and AA), as readable lines.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

// A sandboxed frame (the e-mail log shows a mail's HTML in `<iframe sandbox="">`) runs no
// script, so axe cannot be run inside it and waits on it until the test times out; the frame
// itself (its title) is still checked, its content is the mail, not a page of the panel.
export async function seriousViolations(page: Page, configure: (axe: AxeBuilder) => AxeBuilder = (a) => a) {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude('iframe[sandbox]');
  const { violations } = await configure(builder).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}  ${n.failureSummary?.split('\n')[1] ?? ''}`).join('\n')}`);
}
