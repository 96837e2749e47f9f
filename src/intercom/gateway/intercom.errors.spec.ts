import { classifyFailure } from '../inbox/failure-classification';
import {
  classifyIntercomAnswer,
  IntercomAlreadyExistsError,
  IntercomConflictError,
  IntercomNotFoundError,
  IntercomRefusedAttributeError,
  IntercomRequestError,
  IntercomTransientError,
  IntercomUnknownAttributeError,
  type FailedAnswer,
} from './intercom.errors';

const errors = (code: string, message: string) => ({
  type: 'error.list',
  request_id: 'req-1',
  errors: [{ code, message }],
});

/** Answers as Intercom gives them (API reference and field reports), and what each must become. */
const TABLE: Array<{
  answer: string;
  given: FailedAnswer;
  is: new (...args: never[]) => Error;
  inbox: 'transient' | 'permanent';
  check?: (error: Error) => void;
}> = [
  {
    answer: '404 on a lead that a merge removed',
    given: { status: 404, body: errors('not_found', 'User Not Found') },
    is: IntercomNotFoundError,
    inbox: 'transient',
  },
  {
    answer: '409 naming a live contact',
    given: {
      status: 409,
      body: errors('conflict', 'A contact matching those details already exists with id=6657abc'),
    },
    is: IntercomConflictError,
    inbox: 'permanent',
    check: (error) => {
      expect(error).toMatchObject({ existingId: '6657abc', archived: false });
    },
  },
  {
    answer: '409 naming an archived contact',
    given: {
      status: 409,
      body: errors(
        'conflict',
        'An archived contact matching those details already exists with id=6657def',
      ),
    },
    is: IntercomConflictError,
    inbox: 'permanent',
    check: (error) => {
      expect(error).toMatchObject({ existingId: '6657def', archived: true });
    },
  },
  {
    answer: '422 with an empty error code (refused merge)',
    given: { status: 422, body: errors('', 'Contact cannot be merged') },
    is: IntercomRequestError,
    inbox: 'permanent',
    check: (error) => {
      expect(error).toMatchObject({ status: 422, code: '', refusesObject: true });
    },
  },
  {
    answer: '400 parameter_invalid about something else',
    given: { status: 400, body: errors('parameter_invalid', 'from must be a lead') },
    is: IntercomRequestError,
    inbox: 'permanent',
    check: (error) => {
      expect(error).toMatchObject({ code: 'parameter_invalid', refusesObject: true });
      expect(error).not.toBeInstanceOf(IntercomUnknownAttributeError);
    },
  },
  {
    answer: '400 parameter_invalid for an attribute the workspace lacks',
    given: {
      status: 400,
      body: errors('parameter_invalid', "Custom attribute 'facility' does not exist"),
    },
    is: IntercomUnknownAttributeError,
    inbox: 'permanent',
    check: (error) => {
      expect(error).toMatchObject({ attribute: 'facility', status: 400 });
    },
  },
  {
    answer: '400 parameter_invalid for a value outside a list attribute’s options, naming it',
    given: {
      status: 400,
      body: errors(
        'parameter_invalid',
        "'Retired Member' is not a valid option for the list attribute 'member_type'",
      ),
    },
    is: IntercomRefusedAttributeError,
    inbox: 'permanent',
    check: (error) => {
      const refused = error as IntercomRefusedAttributeError;
      expect(refused.reason).toBe('not_a_list_option');
      expect(refused.attributeAmong(['member_number', 'member_type'])).toBe('member_type');
      expect(refused.attributeAmong(['member_number'])).toBeNull();
      // Intercom's message quotes the value: it never reaches the error's own message.
      expect(error.message).not.toContain('Retired');
      expect(error.message).toBe(
        'PUT contact: Intercom refused a custom attribute value (not a list option)',
      );
    },
  },
  {
    answer: '400 parameter_invalid for a list value, naming no attribute',
    given: { status: 400, body: errors('parameter_invalid', 'Value is not one of the options') },
    is: IntercomRefusedAttributeError,
    inbox: 'permanent',
    check: (error) => {
      expect((error as IntercomRefusedAttributeError).attributeAmong(['member_type'])).toBeNull();
    },
  },
  {
    answer: '400 parameter_invalid for a type mismatch, naming the attribute as a word',
    given: {
      status: 400,
      body: errors('parameter_invalid', 'custom_attributes.member_number must be an integer'),
    },
    is: IntercomRefusedAttributeError,
    inbox: 'permanent',
    check: (error) => {
      const refused = error as IntercomRefusedAttributeError;
      expect(refused.reason).toBe('type_mismatch');
      expect(refused.attributeAmong(['member_type', 'member_number'])).toBe('member_number');
    },
  },
  {
    answer: '400 for a data attribute that exists already',
    given: {
      status: 400,
      body: errors('parameter_invalid', "You already have 'facility' as a contact attribute"),
    },
    is: IntercomAlreadyExistsError,
    inbox: 'permanent',
  },
  {
    answer: '401 (token revoked): not about the object, never skipped as a refusal',
    given: { status: 401, body: errors('unauthorized', 'Access Token Invalid') },
    is: IntercomRequestError,
    inbox: 'permanent',
    check: (error) => {
      expect(error).toMatchObject({ status: 401, refusesObject: false });
    },
  },
  {
    answer: '400 with an auth code',
    given: { status: 400, body: errors('token_unauthorized', 'Not authorized') },
    is: IntercomRequestError,
    inbox: 'permanent',
    check: (error) => {
      expect(error).toMatchObject({ refusesObject: false });
    },
  },
  {
    answer: '429 without any rate headers or body',
    given: { status: 429 },
    is: IntercomTransientError,
    inbox: 'transient',
  },
  {
    answer: '429 rate_limit_exceeded',
    given: { status: 429, body: errors('rate_limit_exceeded', 'Rate Limit Exceeded') },
    is: IntercomTransientError,
    inbox: 'transient',
  },
  {
    answer: '500 server_error',
    given: { status: 500, body: errors('server_error', 'Server Error') },
    is: IntercomTransientError,
    inbox: 'transient',
  },
  {
    answer: '503 with a body that is not JSON',
    given: { status: 503, body: '<html>Service Unavailable</html>' },
    is: IntercomTransientError,
    inbox: 'transient',
  },
  {
    answer: 'a timeout',
    given: { timedOut: true },
    is: IntercomTransientError,
    inbox: 'transient',
    check: (error) => {
      expect(error.message).toBe('PUT contact: no answer within 10000 ms');
    },
  },
  {
    answer: 'no answer at all (network)',
    given: { message: 'fetch failed' },
    is: IntercomTransientError,
    inbox: 'transient',
    check: (error) => {
      expect(error.message).toBe('PUT contact: fetch failed');
    },
  },
];

describe('classifyIntercomAnswer', () => {
  it.each(TABLE)('$answer', ({ given, is, inbox, check }) => {
    const error = classifyIntercomAnswer('PUT contact', given, 10_000);
    expect(error).toBeInstanceOf(is);
    expect(classifyFailure(error)).toBe(inbox);
    check?.(error);
  });

  it('never puts a body into the message (it may hold personal data)', () => {
    const error = classifyIntercomAnswer(
      'POST contact',
      { status: 400, body: errors('parameter_invalid', 'email jane@example.com is invalid') },
      10_000,
    );
    expect(error.message).toBe('POST contact: HTTP 400 parameter_invalid');
  });

  it('reads attribute refusals on contact writes only', () => {
    const answer = { status: 400, body: errors('parameter_invalid', 'Options isn’t a list') };
    expect(classifyIntercomAnswer('PUT contact', answer, 10_000)).toBeInstanceOf(
      IntercomRefusedAttributeError,
    );
    const other = classifyIntercomAnswer('POST data_attributes', answer, 10_000);
    expect(other).toBeInstanceOf(IntercomRequestError);
    expect(other).not.toBeInstanceOf(IntercomRefusedAttributeError);
  });
});
