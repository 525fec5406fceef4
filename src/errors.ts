/**
 * Domain errors. Services throw these; one HTTP error handler (and, for the
 * back-office, one AdminJS notice helper) turns them into answers. The message
 * is written for a desk clerk or a patient, never for a developer.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailed extends DomainError {
  constructor(message: string, details?: unknown) {
    super(400, 'VALIDATION_FAILED', message, details);
  }
}

export class NotFound extends DomainError {
  constructor(what: string) {
    super(404, 'NOT_FOUND', `${what} was not found`);
  }
}

export class Conflict extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(409, code, message, details);
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'You are not allowed to do this') {
    super(403, 'FORBIDDEN', message);
  }
}

export class Unauthenticated extends DomainError {
  constructor(message = 'Please sign in to continue') {
    super(401, 'UNAUTHENTICATED', message);
  }
}

/**
 * A part we depend on (PostgreSQL, Redis, a gateway) is not answering: the
 * request was not the client's fault and may be tried again shortly.
 */
export class ServiceUnavailable extends DomainError {
  constructor(
    message = 'The service is briefly unavailable: please try again in a few seconds',
    readonly retryAfterSeconds = 5,
  ) {
    super(503, 'SERVICE_UNAVAILABLE', message);
  }
}
