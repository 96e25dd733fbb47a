import { HtmlValidate } from 'html-validate';

/**
 * html-validate with the presets for conformance, accessibility and whole documents: the
 * `recommended` preset adds only style preferences (an uppercase DOCTYPE), which the spec leaves free.
 */
const validator = new HtmlValidate({ extends: ['html-validate:standard', 'html-validate:a11y', 'html-validate:document'] });

/** Every problem html-validate finds in a whole page, one line each; empty when it passes. */
export async function htmlProblemsOf(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((result) => result.messages.map((message) => `${message.ruleId}: ${message.message} (line ${message.line})`));
}
