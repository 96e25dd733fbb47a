import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { cloudFrontFunctionSource } from '../../shared/edge/cloudfront-host-routing-function.ts';
import type { PublicationHostnames } from '../../shared/edge/publication-hostnames.ts';

export interface PublicationHostRoutingProps {
  hostnames: PublicationHostnames;
}

/**
 * The viewer-request CloudFront Function that serves each publication host name from its
 * `pubs/<id>/` prefix. Its code is generated from the host map (shared/edge), so adding a host
 * name is a context change and a deploy, never an edit here.
 */
export class PublicationHostRouting extends Construct {
  readonly function: cloudfront.Function;

  constructor(scope: Construct, id: string, props: PublicationHostRoutingProps) {
    super(scope, id);
    this.function = new cloudfront.Function(this, 'Function', {
      comment: 'Feedline: serves each publication host name from its pubs/<id>/ prefix',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(cloudFrontFunctionSource(props.hostnames)),
    });
  }
}
