import { App } from 'aws-cdk-lib';
import { DeploymentConfigError, readDeploymentConfig, type DeploymentConfig } from './deployment-config.ts';
import { FeedlineStack } from './feedline-stack.ts';
import { feedPollerPart } from './feed-poller-part.ts';
import { newsletterPart } from './newsletter-part.ts';
import { addSecurityChecks } from './security-checks.ts';

/** Production keeps the plain name; other stages get their own stack beside it. */
function stackName(deployment: DeploymentConfig): string {
  return deployment.stage === 'production' ? 'Feedline' : `Feedline-${deployment.stage}`;
}

const app = new App();
try {
  const deployment = readDeploymentConfig(app.node);
  new FeedlineStack(app, stackName(deployment), {
    description: 'Feedline: posts table, stream publisher, feed poller, feed bucket behind CloudFront, alarms and dashboard',
    deployment,
    parts: [feedPollerPart, newsletterPart],
  });
  addSecurityChecks(app);
} catch (error) {
  // A settings mistake deserves its message, not a stack trace through the CDK.
  if (!(error instanceof DeploymentConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
