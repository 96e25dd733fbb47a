import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * The synth-time security review: cdk-nag's AWS Solutions rules over every resource of the app.
 * A finding fails `cdk synth` (CDK's policy validation) unless the construct it concerns
 * acknowledges it, with the reason next to the code that made the choice.
 */
export function addSecurityChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
