import type { IncomingMessage } from 'node:http';
import type { AddressPolicy } from '../fetch/address-policy.ts';
import { destroyAgents, guardedAgents, type GuardedAgents, type HostResolver } from '../fetch/guarded-connector.ts';
import { discardBody, sendRequest } from '../fetch/send-request.ts';
import type { SubscriptionError } from '../../store/subscription.ts';

/** One subscription request to a hub (WebSub section 5.1). */
export interface HubRequest {
  hubUrl: string;
  mode: 'subscribe' | 'unsubscribe';
  topicUrl: string;
  callbackUrl: string;
  secret?: string;
  leaseSeconds?: number;
}

/** The hub as the subscriber sees it; `HubClient` in production and tests. */
export interface HubRequester {
  send(hubRequest: HubRequest): Promise<void>;
}

/** A hub that refused or could not be reached; recorded on the subscription's push state. */
export class HubRequestError extends Error {
  override readonly name = 'HubRequestError';
  constructor(
    readonly hubUrl: string,
    message: string,
    readonly status?: number,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }

  toRecord(at: string): SubscriptionError {
    return { kind: 'websub-hub', message: this.message, ...(this.status === undefined ? {} : { status: this.status }), at };
  }
}

export interface HubClientOptions {
  userAgent: string;
  timeoutMs: number;
  /** The poller's SSRF policy: a hub URL comes from a partner's document, like a feed URL. */
  policy: AddressPolicy;
  resolver?: HostResolver;
}

/** Hubs answer a subscription request with 202 Accepted; of a refusal's body, this much is read for the log. */
const MAX_ERROR_TEXT = 300;

/**
 * Sends subscription requests to hubs: a form-encoded POST through the same guarded connector
 * as the fetcher (SSRF policy after DNS resolution), bounded in time. Any 2xx is accepted
 * (WebSub asks for 202; some hubs answer 204); anything else throws `HubRequestError`.
 */
export class HubClient implements HubRequester {
  private readonly agents: GuardedAgents;

  constructor(private readonly options: HubClientOptions) {
    this.agents = guardedAgents({ policy: options.policy, resolver: options.resolver });
  }

  async send(hubRequest: HubRequest): Promise<void> {
    const form = new URLSearchParams({ 'hub.mode': hubRequest.mode, 'hub.topic': hubRequest.topicUrl, 'hub.callback': hubRequest.callbackUrl });
    if (hubRequest.secret !== undefined) form.set('hub.secret', hubRequest.secret);
    if (hubRequest.leaseSeconds !== undefined) form.set('hub.lease_seconds', String(hubRequest.leaseSeconds));
    let response: IncomingMessage;
    try {
      response = await sendRequest(
        new URL(hubRequest.hubUrl),
        {
          method: 'POST',
          signal: AbortSignal.timeout(this.options.timeoutMs),
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': this.options.userAgent },
          body: form.toString(),
        },
        this.agents,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new HubRequestError(hubRequest.hubUrl, `${hubRequest.mode} request to ${hubRequest.hubUrl} failed: ${reason}`, undefined, error);
    }
    const status = response.statusCode ?? 0;
    if (status >= 200 && status <= 299) {
      await discardBody(response, MAX_ERROR_TEXT);
      return;
    }
    const text = (await errorText(response)).trim();
    const detail = text === '' ? '' : `: ${text}`;
    throw new HubRequestError(hubRequest.hubUrl, `hub ${hubRequest.hubUrl} answered ${hubRequest.mode} with ${status}${detail}`, status);
  }

  async close(): Promise<void> {
    destroyAgents(this.agents);
  }
}

/** The start of a refusal's body, for the operator; the rest is never read. */
async function errorText(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= MAX_ERROR_TEXT) break;
    }
  } catch {
    // A body cut off mid-way still leaves the status to report.
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_TEXT);
}
