import * as z from 'zod';

const HTTPS_ORIGIN = 'must be an https origin such as https://media.example.org (scheme and host, optionally a port; no path, query or wildcard)';
const LOCAL_ORIGIN = 'must be an https origin such as https://media.example.org, or an http one on the loopback address (http://127.0.0.1:9000); no path, query or wildcard';

/** Scheme, host and optional port, an optional slash, and nothing else (no path, query, credentials or wildcard). */
const ORIGIN_TEXT = /^[a-z][a-z0-9+.-]*:\/\/[^/?#*@\s]+\/?$/i;

function originOf(text: string): URL | undefined {
  return ORIGIN_TEXT.test(text) && URL.canParse(text) ? new URL(text) : undefined;
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/**
 * A comma-separated string (`-c mediaOrigins=https://a,https://b`, an environment variable) or a
 * list (cdk.json) of origins, each kept as its serialised origin (`https://media.example.org`),
 * which is what a CSP host-source needs to match any path there. Wildcards are refused: the policy
 * should name the hosts that serve the publisher's audio and video, nothing broader.
 */
function originList(allowLoopbackHttp: boolean) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '') : value),
    z.array(
      z.string().transform((text, context) => {
        const url = originOf(text);
        const allowed = url !== undefined && (url.protocol === 'https:' || (allowLoopbackHttp && url.protocol === 'http:' && isLoopbackHost(url.hostname)));
        if (allowed) return url.origin;
        context.addIssue({ code: 'custom', message: `${JSON.stringify(text)} ${allowLoopbackHttp ? LOCAL_ORIGIN : HTTPS_ORIGIN}` });
        return z.NEVER;
      }),
    ),
  );
}

/** The deployment's `mediaOrigins`: https only, as CloudFront serves the pages over https. */
export const MediaOriginListSchema = originList(false);

/** `npm start`'s `FEEDLINE_MEDIA_ORIGINS`: https, or http on the loopback address for media served on this machine. */
export const LocalMediaOriginListSchema = originList(true);
