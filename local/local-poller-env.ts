/**
 * The poller's settings offline. The SSRF guard is off, explicitly, because the sample feeds (and
 * whatever a developer subscribes to) are on 127.0.0.1; it is on by default everywhere else.
 */
export const LOCAL_POLLER_ENV = {
  POLL_ALLOW_PRIVATE_ADDRESSES: 'true',
  POLL_INTERVAL_SECONDS: '30',
  POLL_ERROR_BACKOFF_SECONDS: '30',
  POLL_MAX_INTERVAL_SECONDS: '600',
  FETCH_TIMEOUT_MS: '10000',
  POLL_LEASE_SECONDS: '60',
  POLL_USER_AGENT: 'Feedline/0.1 (feed poller, local run)',
  /** A hub that did not verify, or refused, is asked again after a minute rather than an hour. */
  WEBSUB_RETRY_SECONDS: '60',
};
