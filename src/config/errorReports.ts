/**
 * Unexpected errors (our 500s) reported to Sentry when SENTRY_DSN is set
 * (@sentry/node), never with patient data: no request (no URL query, headers,
 * cookies or body), no user, no breadcrumbs, no local variables — only the
 * error's type, its stack and its message with anything that could be a
 * person's detail or a secret blanked (numbers of four digits or more,
 * e-mails, URLs with their credentials, quoted values), tagged with the request id, method and route pattern. SDK
 * integrations that watch HTTP or the console are off.
 */
import type * as Sentry from '@sentry/node';

export interface ErrorReporter {
  report(error: unknown, context: { requestId?: string; method?: string; route?: string }): void;
  close(): Promise<void>;
}

/** What an error message may say outside the hospital: no phone, UHID digits, e-mail or quoted value. */
export function redactForReport(text: string): string {
  return text
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '[url]')
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]')
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '[value]')
    .replace(/\+?\d[\d\s-]{3,}\d/g, '[number]');
}

function scrub(event: Sentry.ErrorEvent): Sentry.ErrorEvent {
  delete event.request;
  delete event.user;
  delete event.breadcrumbs;
  delete event.extra;
  delete event.contexts;
  for (const exception of event.exception?.values ?? []) {
    if (exception.value) exception.value = redactForReport(exception.value);
    for (const frame of exception.stacktrace?.frames ?? []) {
      delete frame.vars;
      delete frame.pre_context;
      delete frame.context_line;
      delete frame.post_context;
    }
  }
  if (event.message) event.message = redactForReport(event.message);
  return event;
}

export async function createErrorReporter(env: { SENTRY_DSN?: string | undefined; NODE_ENV: string }): Promise<ErrorReporter | undefined> {
  if (!env.SENTRY_DSN) return undefined;
  // Loaded only when used: the SDK costs ~0.25 s of every start otherwise.
  const Sentry = await import('@sentry/node');
  const client = Sentry.init({
    dsn: env.SENTRY_DSN,
    environment: env.NODE_ENV,
    defaultIntegrations: false,
    integrations: [],
    sendDefaultPii: false,
    tracesSampleRate: 0,
    beforeSend: scrub,
    beforeBreadcrumb: () => null,
  });
  return {
    report(error, context) {
      Sentry.withScope((scope) => {
        scope.setTags({
          ...(context.requestId ? { requestId: context.requestId } : {}),
          ...(context.method ? { method: context.method } : {}),
          ...(context.route ? { route: context.route } : {}),
        });
        Sentry.captureException(error);
      });
    },
    close: async () => {
      await client?.close(5000);
    },
  };
}
