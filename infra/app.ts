import { App } from 'aws-cdk-lib';
import { DeploymentConfigError, readDeploymentConfig } from './deployment-config.ts';
import { FeedlineStack } from './feedline-stack.ts';

const app = new App();
try {
  new FeedlineStack(app, 'Feedline', {
    description: 'Feedline publish path: posts table, stream publisher, feed bucket',
    deployment: readDeploymentConfig(app.node),
  });
} catch (error) {
  // A settings mistake deserves its message, not a stack trace through the CDK.
  if (!(error instanceof DeploymentConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
